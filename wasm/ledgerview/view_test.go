package ledgerview

import (
	"strconv"
	"testing"
	"time"

	"mailkey"
	"mailkey/wasm/i18n"
	"mailkey/wasm/kb"
	"mailkey/wasm/ledger"
)

var today = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

func setup(t testing.TB) (*kb.KB, *i18n.Catalog) {
	t.Helper()
	k, err := kb.Load()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := i18n.Load(mailkey.Locales)
	if err != nil {
		t.Fatal(err)
	}
	return k, cat
}

func entry(id, provider, label, created, revoked string, deleted int64) ledger.Entry {
	return ledger.Entry{ID: id, Provider: provider, Account: "a@example.com", Label: label, UsedBy: "Thunderbird",
		Kind: ledger.KindAppPassword, Created: created, Revoked: revoked, Source: ledger.FromManual, Updated: 1, Deleted: deleted}
}

func TestRowsAndFilters(t *testing.T) {
	k, cat := setup(t)
	rows := Rows([]ledger.Entry{
		entry("a1", "google", "Old phone", "2025-01-01", "", 0),
		entry("b2", "qq", "QQ 邮箱 POP 收取", "2026-11-20", "", 0),
		entry("c3", "yahoo", "Laptop", "2026-03-01", "2026-06-01", 0),
		entry("d4", "google", "Deleted one", "2026-11-23", "", 5),
	}, k, cat, "en", today)
	if len(rows) != 3 || rows[0].Entry.ID != "b2" || rows[1].Entry.ID != "c3" || rows[2].Entry.ID != "a1" {
		t.Fatalf("newest first, tombstones out: %+v", rows)
	}
	if rows[0].ProviderName != "QQ Mail" || rows[0].ManageURL == "" || rows[0].Age != 4 {
		t.Errorf("row: %+v", rows[0])
	}
	for _, tc := range []struct {
		f               Filter
		active, revoked int
	}{
		{Filter{}, 2, 1},
		{Filter{State: Active}, 2, 0},
		{Filter{State: Revoked}, 0, 1},
		{Filter{Provider: "google"}, 1, 0},
		{Filter{Query: "gmail"}, 1, 0},              // by provider name
		{Filter{Query: "收取"}, 1, 0},                 // Chinese label
		{Filter{Query: "THUNDERBIRD laptop"}, 0, 1}, // every word, any case
		{Filter{Query: "2026-06"}, 0, 1},            // a date
		{Filter{Query: "nothing"}, 0, 0},
	} {
		v := Apply(rows, tc.f)
		if len(v.Active) != tc.active || len(v.Revoked) != tc.revoked || v.Total != 3 {
			t.Errorf("%+v: %d active, %d revoked", tc.f, len(v.Active), len(v.Revoked))
		}
	}
}

func BenchmarkFilter10k(b *testing.B) {
	k, cat := setup(b)
	var es []ledger.Entry
	for i := 0; i < 10000; i++ {
		es = append(es, entry(strconv.Itoa(i), []string{"google", "qq", "yahoo"}[i%3], "Label "+strconv.Itoa(i), "2026-01-01", "", 0))
	}
	rows := Rows(es, k, cat, "en", today)
	b.ResetTimer()
	for b.Loop() {
		Apply(rows, Filter{Query: "label 99"})
	}
}
