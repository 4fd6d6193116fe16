package ledger

import (
	"strconv"
	"testing"
	"time"

	"mailkey/wasm/jsonv"
)

// ledger10k is 10,000 entries of the size people make: labels, used-by,
// some notes, some confirmed and revoked.
func ledger10k(tb testing.TB) []Entry {
	providers := []string{"google", "qq", "netease", "yahoo", "icloud", "outlook", "sina", "gmx"}
	out := make([]Entry, 0, 10000)
	for i := range 10000 {
		id := strconv.FormatInt(int64(0x10000000+i), 16) + "c35b963c7535403fb755bab4"
		p := providers[i%len(providers)]
		e, err := NewManual(id, p, "user"+strconv.Itoa(i)+"@example.com", "QQ Mail POP collector "+strconv.Itoa(i),
			"Thunderbird on the office PC, 其他邮箱", KindAppPassword, "2025-0"+strconv.Itoa(1+i%9)+"-1"+strconv.Itoa(i%10),
			now.Add(time.Duration(i)*time.Second))
		if err != nil {
			tb.Fatal(err)
		}
		if i%3 == 0 {
			e, _ = e.Edit(e.Label, e.UsedBy, e.Account, "made for the \"migration\" project,\nremove after March", now.Add(time.Hour))
		}
		if i%5 == 0 {
			e, _ = e.Confirm("2026-11-24", now.Add(2*time.Hour))
		}
		if i%7 == 0 {
			e, _ = e.Revoke("2026-11-24", "deleted at the provider", now.Add(3*time.Hour))
		}
		out = append(out, e)
	}
	return out
}

func BenchmarkExportJSON10k(b *testing.B) {
	es := ledger10k(b)
	b.ReportAllocs()
	var n int
	for b.Loop() {
		n = len(ExportJSON(es))
	}
	b.ReportMetric(float64(n), "bytes")
}

func BenchmarkExportCSV10k(b *testing.B) {
	es := ledger10k(b)
	b.ReportAllocs()
	var n int
	for b.Loop() {
		n = len(ExportCSV(es))
	}
	b.ReportMetric(float64(n), "bytes")
}

func benchImport(b *testing.B, data []byte, existing []Entry, want Counts) {
	b.ReportAllocs()
	for b.Loop() {
		p, err := Preview(data, existing, now, counter())
		if err != nil {
			b.Fatal(err)
		}
		if c := p.Counts(); c != want {
			b.Fatalf("%+v", c)
		}
		_ = p.Writes()
	}
}

func BenchmarkImportJSON10k(b *testing.B) {
	benchImport(b, ExportJSON(ledger10k(b)), nil, Counts{New: 10000})
}

func BenchmarkImportCSV10k(b *testing.B) {
	benchImport(b, ExportCSV(ledger10k(b)), nil, Counts{New: 10000})
}

// Re-importing into a ledger that has it all: every row compared.
func BenchmarkReimportJSON10k(b *testing.B) {
	es := ledger10k(b)
	benchImport(b, ExportJSON(es), es, Counts{Unchanged: 10000})
}

func BenchmarkLoad10k(b *testing.B) {
	items := map[string]jsonv.Value{}
	for _, e := range ledger10k(b) {
		items[Key(e.ID)] = e.JSON()
	}
	b.ReportAllocs()
	for b.Loop() {
		if s := Load(items); len(s.Entries) != 10000 {
			b.Fatal(len(s.Entries))
		}
	}
}
