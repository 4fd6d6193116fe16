package brain

import (
	"strings"
	"testing"

	"mailkey/wasm/jsonv"
	"mailkey/wasm/ledger"
	"mailkey/wasm/review"
)

func TestReviewBadgeAndNotification(t *testing.T) {
	b := newBrain(t)
	items := map[string]jsonv.Value{}
	add := func(id, created, confirmed string) {
		e := ledger.Entry{ID: strings.Repeat(id, 32), Provider: "google", Label: "x", Kind: ledger.KindAppPassword,
			Created: created, Confirmed: confirmed, Source: ledger.FromManual, Updated: 1}
		items[ledger.Key(e.ID)] = e.JSON()
	}
	v := b.Review(items, true, "en")
	if v.GetStr("badge") != "" || v.GetStr("title") != "Mailkey" {
		t.Fatalf("empty ledger: %s", v)
	}
	add("a", "2025-01-01", "")           // old: due
	add("b", "2026-11-20", "")           // 4 days old, unconfirmed: within the grace period
	add("c", "2025-01-01", "2026-10-01") // confirmed 54 days ago
	v = b.Review(items, true, "en")
	if v.GetStr("badge") != "1" || !strings.Contains(v.GetStr("title"), "1 app password due") {
		t.Errorf("badge: %s", v)
	}
	if n, _ := v.Get("notify"); n.String() != "false" {
		t.Errorf("notifications are off by default: %s", v)
	}
	s := review.Settings{LimitDays: 30, Notify: true}
	items[review.SettingsKey] = s.JSON()
	v = b.Review(items, true, "zh_CN")
	if v.GetStr("badge") != "2" || v.GetStr("notifyTitle") != "需要复查的专用密码" {
		t.Errorf("30-day limit, notifications on: %s", v)
	}
	if n, _ := b.Review(items, false, "en").Get("notify"); n.String() != "false" {
		t.Error("a ledger change must not notify; only the daily alarm does")
	}
}
