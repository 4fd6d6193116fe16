package ledger

import (
	"bytes"
	"slices"
	"testing"
	"time"
)

// checkImport holds Preview to its promises on any input: no panic, a
// refused file plans nothing, every write is a readable ledger record with
// no key that looks like a password, and whatever is accepted survives
// export, import into an empty ledger and export again byte for byte.
// Importing the same file again writes nothing.
func checkImport(t *testing.T, data []byte, existing []Entry, export func([]Entry) []byte) {
	p, err := Preview(data, existing, now, counter())
	if err != nil {
		if len(p.Rows) != 0 || len(p.Writes()) != 0 {
			t.Fatalf("refused (%v) but plans writes", err)
		}
		if ReasonOf(err) == "" {
			t.Fatal("refusal without a reason")
		}
		return
	}
	for _, w := range p.Writes() {
		if !bytes.HasPrefix([]byte(w.Key), []byte(KeyPrefix)) {
			t.Fatalf("write outside the ledger: %q", w.Key)
		}
		if k, ok := secretKey(w.Value); ok || LooksLikeSecret(w.Key[len(KeyPrefix):]) {
			t.Fatalf("write with a password-like key %q: %s", k, w.Value)
		}
		if e, err := Decode(w.Value); err != nil || Key(e.ID) != w.Key {
			t.Fatalf("unreadable write %s: %v", w.Value, err)
		}
	}
	for _, r := range p.Rows {
		if r.Status == StatusRejected && r.Reason == "" || r.Status == StatusUnchanged && r.Reason == "" {
			t.Fatalf("row without reason: %+v", r)
		}
	}
	after := apply(t, existing, p)
	again, err := Preview(data, after, now, counter())
	if err != nil || len(again.Writes()) != 0 {
		t.Fatalf("re-import writes %d (%v): %s", len(again.Writes()), err, statuses(again))
	}
	imported := apply(t, nil, p)
	first := export(imported)
	p2, err := Preview(first, nil, now, counter())
	if err != nil {
		t.Fatalf("own export refused: %v\n%q", err, first)
	}
	if c := p2.Counts(); c.New != len(visible(imported)) || c.Rejected+c.Updated+c.Unchanged != 0 {
		t.Fatalf("own export: %+v", c)
	}
	back := apply(t, nil, p2)
	if !slices.Equal(back, visible(imported)) {
		t.Fatalf("round trip changed entries:\n%+v\n%+v", back, imported)
	}
	if second := export(back); !bytes.Equal(first, second) {
		t.Fatalf("export, import, export differs:\n%q\n%q", first, second)
	}
}

func visible(es []Entry) []Entry { return Snapshot{Entries: es}.Visible() }

func FuzzImportJSON(f *testing.F) {
	s := samples(f)
	f.Add(ExportJSON(s))
	f.Add(ExportJSON(nil))
	f.Add([]byte(`{"format":"mailkey-ledger","version":2,"entries":[{"provider":"google","label":"x"},{"id":"0a","provider":"qq","label":"y","updated":1}]}`))
	f.Add([]byte(`{"format":"mailkey-ledger","version":2,"entries":[{"id":"0a","password":"x"}]}`))
	f.Add([]byte(`{"format":"mailkey-ledger","version":2,"entries":[{"provider":"google","label":"QQ Mail POP collector","note":"<script>"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkImport(t, data, nil, ExportJSON)
		checkImport(t, data, s, ExportJSON)
	})
}

func FuzzImportCSV(f *testing.F) {
	s := samples(f)
	f.Add(ExportCSV(s))
	f.Add(ExportCSV(nil))
	f.Add([]byte("provider,label\r\ngoogle,x\r\nqq,'=1+1\r\n"))
	f.Add([]byte("provider,label,account,usedBy,created,kind,note\r\nqq,\"<script>alert(\"\"x\"\")</script>\",12345@qq.com,x,2026-11-24,authorization_code,\"a\r\nb\"\r\n"))
	f.Add([]byte("id,provider,label,updated\n0a,google,QQ Mail POP collector,1\n"))
	f.Add([]byte("provider,label,授权码\r\nqq,x,y\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkImport(t, data, nil, ExportCSV)
		checkImport(t, data, s, ExportCSV)
	})
}

// The seeds of the fuzz targets also run as a plain test, and a few files
// made by hand, through the same checks.
func TestImportProperties(t *testing.T) {
	s := samples(t)
	for _, data := range [][]byte{ExportJSON(s), ExportCSV(s),
		[]byte("provider,label\r\ngoogle,x\r\ngoogle,x\r\nqq,'=1+1\r\n"),
		[]byte("id,provider,label\r\n0a,google,QQ Mail POP collector\r\n,google,QQ Mail POP collector\r\n"),
		// Found by FuzzImportCSV: a rejected row must not take the entry a
		// later row of the same file matches on the second import.
		[]byte(",provider,,lABel,,,,,revoked,,,,\n,0,,+,,,,,0,,,,\n,0,,+,,,,,,,,,"),
		// A row without id must not take an entry another row names by id.
		[]byte("id,provider,label\r\n,google,x\r\nf0000001,google,x\r\n"),
	} {
		export := ExportCSV
		if data[0] == '{' {
			export = ExportJSON
		}
		checkImport(t, data, nil, export)
		checkImport(t, data, s, export)
	}
	// Two rows without id for one provider and label, one ledger entry with
	// them: the second import matches each row to the entry it made.
	l, _ := New("ff", "google", "a@b.com", "x", "", KindOther, FromManual, now.Add(-time.Hour))
	checkImport(t, []byte("provider,label,note\r\ngoogle,x,one\r\ngoogle,x,two\r\n"), []Entry{l}, ExportCSV)
}
