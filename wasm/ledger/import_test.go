package ledger

import (
	"bytes"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"mailkey/wasm/jsonv"
)

// counter returns an id source giving "f0000001", "f0000002", ...
func counter() func() string {
	n := 0
	return func() string {
		n++
		s := strconv.FormatInt(int64(n), 16)
		return "f" + strings.Repeat("0", 7-len(s)) + s
	}
}

// apply writes a plan's writes over entries, as storage would.
func apply(t testing.TB, entries []Entry, p Plan) []Entry {
	t.Helper()
	items := map[string]jsonv.Value{}
	for _, e := range entries {
		items[Key(e.ID)] = e.JSON()
	}
	for _, w := range p.Writes() {
		if !strings.HasPrefix(w.Key, KeyPrefix) {
			t.Fatalf("write outside the ledger: %s", w.Key)
		}
		items[w.Key] = w.Value
	}
	s := Load(items)
	if len(s.Aside) > 0 {
		t.Fatalf("import wrote unreadable records: %v", s.Aside)
	}
	return s.Entries
}

func statuses(p Plan) string {
	var out []string
	for _, r := range p.Rows {
		s := strconv.Itoa(r.Line) + ":" + string(r.Status)
		if r.Reason != "" {
			s += "/" + r.Reason
		}
		if r.Field != "" {
			s += "(" + r.Field + ")"
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}

func TestRoundTrips(t *testing.T) {
	for _, format := range []struct {
		name   string
		export func([]Entry) []byte
	}{{"json", ExportJSON}, {"csv", ExportCSV}} {
		t.Run(format.name, func(t *testing.T) {
			first := format.export(samples(t))
			p, err := Preview(first, nil, now.Add(time.Hour), counter())
			if err != nil {
				t.Fatal(err)
			}
			if p.Format != format.name || p.Counts() != (Counts{New: 4}) {
				t.Fatalf("%s %+v: %s", p.Format, p.Counts(), statuses(p))
			}
			got := apply(t, nil, p)
			var want []Entry
			for _, e := range samples(t) {
				if e.Deleted == 0 {
					want = append(want, e)
				}
			}
			slices.SortFunc(want, func(a, b Entry) int { return strings.Compare(a.ID, b.ID) })
			if !slices.Equal(got, want) {
				t.Fatalf("imported\n%+v\nwant\n%+v", got, want)
			}
			if second := format.export(got); !bytes.Equal(first, second) {
				t.Fatalf("export, import, export differs:\n%s\n%s", first, second)
			}
			// The same file again: nothing to write.
			again, err := Preview(first, got, now.Add(2*time.Hour), counter())
			if err != nil || len(again.Writes()) != 0 || again.Counts() != (Counts{Unchanged: 4}) {
				t.Fatalf("re-import: %s %v", statuses(again), err)
			}
			// With the BOM or without, CRLF or LF: the same.
			alt := bytes.TrimPrefix(first, []byte(bom))
			if format.name == "json" {
				alt = append([]byte(bom), first...)
			}
			if p2, err := Preview(alt, nil, now, counter()); err != nil || !slices.EqualFunc(p2.Writes(), p.Writes(), sameMember) {
				t.Fatalf("BOM: %v", err)
			}
		})
	}
}

func sameMember(a, b jsonv.Member) bool {
	return a.Key == b.Key && a.Value.String() == b.Value.String()
}

func TestPreviewClassifies(t *testing.T) {
	base := samples(t)
	slices.SortFunc(base, func(a, b Entry) int { return strings.Compare(a.ID, b.ID) })
	file := ExportJSON(base) // 00ff, 0a, 0b, 0c
	var local []Entry
	for _, e := range base {
		switch e.ID {
		case "00ff": // the ledger has it older: the file's is newer
			e.Updated -= 1000
			e.Label = "old label"
		case "0a": // the ledger changed it since the export
			e, _ = e.Edit("renamed since", e.UsedBy, e.Account, e.Note, now.Add(10*time.Hour))
		case "0b": // deleted since the export
			e, _ = e.Delete(now.Add(10 * time.Hour))
		case "0c": // not in the ledger
			continue
		}
		local = append(local, e)
	}
	p, err := Preview(file, local, now.Add(11*time.Hour), counter())
	if err != nil {
		t.Fatal(err)
	}
	if got := statuses(p); got != "1:updated 2:unchanged/local_newer 3:unchanged/local_deleted 4:new" {
		t.Fatal(got)
	}
	if p.Rows[0].Local.Label != "old label" || p.Rows[0].Label != "'=already quoted" {
		t.Fatalf("row 1: %+v", p.Rows[0])
	}
	w := p.Writes()
	if len(w) != 2 || w[0].Key != Key("00ff") || w[1].Key != Key("0c") {
		t.Fatalf("writes %v", w)
	}
	// An entry deleted here and edited later in the file comes back: the
	// newer change wins.
	newer := base[2]
	newer, _ = newer.Edit("edited after the delete", newer.UsedBy, newer.Account, newer.Note, now.Add(12*time.Hour))
	p, _ = Preview(ExportJSON([]Entry{newer}), local, now.Add(13*time.Hour), counter())
	if got := statuses(p); got != "1:updated" || p.Rows[0].Deleted != 0 {
		t.Fatal(got)
	}
}

func TestPreviewRows(t *testing.T) {
	local := samples(t)
	csvFile := "provider,label,account,usedBy,created,kind,note\r\n" +
		"qq,\"<script>alert(\"\"x\"\")</script>\",12345@qq.com,\"Foxmail, \"\"office\"\"\",2026-11-24,authorization_code,\"line one\r\nline two, with \"\"quotes\"\"\r\n'=HYPERLINK(\"\"x\"\")\"\r\n" + // matched; the quote inside the note stays
		"google,QQ Mail POP collector,someone@gmail.com,QQ Mail 其他邮箱,,,\r\n" + // matched, identical
		"icloud,Mail on the iPad,,,,app_password,<img src=x onerror=alert(1)>\r\n" + // new
		"icloud,Mail on the iPad,,,,app_password,again\r\n" + // the same entry twice
		",,,,,,\r\n" + // a blank spreadsheet row
		"fastmail,Thunderbird,,,2026-02-30,,\r\n" + // bad date
		"Fastmail,,,,,,\r\n" + // no label
		"fastmail,x,not-an-address,,,,\r\n" +
		"fastmail,y,,,,password,\r\n" +
		"fastmail,\"" + strings.Repeat("长", MaxLabel+1) + "\",,,,,\r\n"
	p, err := Preview([]byte(csvFile), local, now.Add(time.Hour), counter())
	if err != nil {
		t.Fatal(err)
	}
	want := "2:updated 3:unchanged/identical 4:new 5:rejected/duplicate 7:rejected/bad_date(created) " +
		"8:rejected/label_empty(label) 9:rejected/bad_account(account) 10:rejected/bad_kind(kind) 11:rejected/label_long(label)"
	if got := statuses(p); got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	// The matched row keeps the ledger's id and source; the new one gets an
	// id from the source given and "import"; markup is text.
	if r := p.Rows[0]; r.ID != "0b" || r.Source != FromManual || r.Label != local[3].Label || r.Note != "line one\nline two, with \"quotes\"\n'=HYPERLINK(\"x\")" ||
		r.Updated != local[3].Updated+1 { // the ledger's time was later than now: just after it
		t.Fatalf("matched row %+v", r.Entry)
	}
	if r := p.Rows[2]; r.ID != "f0000001" || r.Source != FromImport || r.Note != "<img src=x onerror=alert(1)>" || r.Created != "2026-11-24" || r.Kind != KindAppPassword {
		t.Fatalf("new row %+v", r.Entry)
	}
	if p.Rows[5].Label != "" || p.Rows[4].Label != "Thunderbird" {
		t.Fatal("rejected rows show their label")
	}
	after := apply(t, local, p)
	// Importing the same hand-made file again writes nothing.
	again, err := Preview([]byte(csvFile), after, now.Add(2*time.Hour), counter())
	if err != nil || len(again.Writes()) != 0 {
		t.Fatalf("re-import: %s %v", statuses(again), err)
	}
	// Without an id source, rows without id cannot be new.
	if p, _ := Preview([]byte("provider,label\r\nqq,new one\r\n"), nil, now, nil); statuses(p) != "2:rejected/missing_id(id)" {
		t.Fatal(statuses(p))
	}
}

func TestPreviewJSONRows(t *testing.T) {
	doc := func(entries string) []byte {
		return []byte(`{"format":"mailkey-ledger","version":2,"entries":[` + entries + `]}`)
	}
	p, err := Preview(doc(`{"id":"0a","provider":"google","label":"x","updated":5},`+
		`"not an entry",`+
		`{"id":"0a","provider":"google","label":"again"},`+
		`{"id":"AB","provider":"google","label":"x"},`+
		`{"provider":"google","label":7},`+
		`{"provider":"google","label":"t","updated":"5"},`+
		`{"provider":"google","label":"<b>bold</b>","updated":1.7955126e12},`+
		`{"id":"","provider":"google","label":"empty id","kind":"","source":"","created":""}`), nil, now, counter())
	if err != nil {
		t.Fatal(err)
	}
	want := "1:new 2:rejected/bad_row 3:rejected/duplicate(id) 4:rejected/bad_id(id) 5:rejected/bad_field(label) " +
		"6:rejected/bad_updated(updated) 7:new 8:new"
	if got := statuses(p); got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	if p.Rows[6].Updated != 1795512600000 || p.Rows[6].Label != "<b>bold</b>" || p.Rows[7].Kind != KindOther || p.Rows[7].Source != FromImport {
		t.Fatalf("%+v %+v", p.Rows[6].Entry, p.Rows[7].Entry)
	}
}

func TestPreviewRefuses(t *testing.T) {
	export := ExportJSON(samples(t))
	exportCSV := ExportCSV(samples(t))
	header := "id,provider,account,label,usedBy,kind,created,confirmed,revoked,revokedHow,note,source,updated"
	big := append(append([]byte{}, export[:len(export)-4]...), bytes.Repeat([]byte(" "), MaxImportBytes)...)
	big = append(big, "]}\n"...)
	big = big[:MaxImportBytes+1]
	for name, tc := range map[string]struct {
		data []byte
		want *Error
	}{
		"5 MiB + 1":          {big, ErrTooLarge},
		"empty":              {nil, ErrEmpty},
		"only a BOM":         {[]byte(bom + " \r\n"), ErrEmpty},
		"utf-16":             {append([]byte{0xFF, 0xFE}, "i\x00d\x00"...), ErrEncoding},
		"gbk":                {[]byte("provider,label\r\nqq,\xca\xda\xc8\xa8\xc2\xeb\r\n"), ErrEncoding},
		"truncated json":     {export[:len(export)/2], ErrTruncated},
		"json garbage":       {[]byte(`{"format": nope}`), ErrMalformed},
		"json array":         {[]byte(`[{"id":"0a"}]`), ErrFormat},
		"other json":         {[]byte(`{"items":[]}`), ErrFormat},
		"format number":      {[]byte(`{"format":1,"version":2,"entries":[]}`), ErrFormat},
		"future version":     {[]byte(`{"format":"mailkey-ledger","version":3,"entries":[]}`), ErrFuture},
		"version 1":          {[]byte(`{"format":"mailkey-ledger","version":1,"entries":[]}`), ErrVersion},
		"version text":       {[]byte(`{"format":"mailkey-ledger","version":"2","entries":[]}`), ErrVersion},
		"no entries":         {[]byte(`{"format":"mailkey-ledger","version":2}`), ErrMalformed},
		"extra top key":      {[]byte(`{"format":"mailkey-ledger","version":2,"entries":[],"exported":"today"}`), ErrUnknownKey},
		"password key":       {[]byte(`{"format":"mailkey-ledger","version":2,"entries":[{"id":"0a","password":"hunter2"}]}`), ErrSecret},
		"nested secret":      {[]byte(`{"format":"mailkey-ledger","version":2,"entries":[{"id":"0a","note":{"授权码":"x"}}]}`), ErrSecret},
		"top secret":         {[]byte(`{"format":"mailkey-ledger","version":2,"entries":[],"token":"x"}`), ErrSecret},
		"entry unknown key":  {[]byte(`{"format":"mailkey-ledger","version":2,"entries":[{"id":"0a","deleted":0}]}`), ErrUnknownKey},
		"entry key twice":    {[]byte(`{"format":"mailkey-ledger","version":2,"entries":[{"id":"0a","id":"0b"}]}`), ErrDuplicateKey},
		"top key twice":      {[]byte(`{"format":"mailkey-ledger","version":2,"entries":[],"entries":[]}`), ErrDuplicateKey},
		"deep":               {[]byte(`{"format":"mailkey-ledger","version":2,"entries":[` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `]}`), ErrMalformed},
		"password column":    {[]byte("provider,label,password\r\ngoogle,x,hunter2\r\n"), ErrSecretColumn},
		"授权码 column":         {[]byte("provider,label,授权码\r\nqq,x,abcdefghijklmnop\r\n"), ErrSecretColumn},
		"App Password col":   {[]byte("\ufeffProvider,Label,App Password\r\n"), ErrSecretColumn},
		"unknown column":     {[]byte("provider,label,colour\r\ngoogle,x,red\r\n"), ErrUnknownColumn},
		"deleted column":     {[]byte(header + ",deleted\r\n"), ErrUnknownColumn},
		"duplicate column":   {[]byte("provider,label,Label\r\n"), ErrDuplicateColumn},
		"no label column":    {[]byte("provider,account\r\ngoogle,a@gmail.com\r\n"), ErrMissingColumn},
		"not a ledger":       {[]byte("hello world\nthis is text\n"), ErrFormat},
		"csv cut in quote":   {exportCSV[:bytes.Index(exportCSV, []byte("line two"))], ErrTruncated},
		"csv cut in row":     {exportCSV[:len(exportCSV)-40], ErrTruncated},
		"csv short row":      {[]byte("provider,label\r\ngoogle\r\nqq,x\r\n"), ErrMalformed},
		"csv bare quote":     {[]byte("provider,label\r\ngoogle,a\"b\r\n"), ErrMalformed},
		"data in no column":  {[]byte("provider,label,\r\ngoogle,x,hunter2\r\n"), ErrUnknownColumn},
		"secret with spaces": {[]byte("provider,label, pass word \r\n"), ErrSecretColumn},
	} {
		p, err := Preview(tc.data, nil, now, counter())
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", name, err, tc.want)
		}
		if len(p.Rows) != 0 || len(p.Writes()) != 0 {
			t.Errorf("%s: a refused file has a plan", name)
		}
	}
	// Exactly at the limit is read.
	ok := append(append([]byte{}, export...), bytes.Repeat([]byte(" "), MaxImportBytes-len(export))...)
	if p, err := Preview(ok, nil, now, counter()); err != nil || len(p.Writes()) != 4 {
		t.Fatalf("at the limit: %v", err)
	}
	// The refusal names the column, for the message.
	_, err := Preview([]byte("provider,label,Auth Code\r\n"), nil, now, counter())
	var e *Error
	if !errors.As(err, &e) || e.Field != "Auth Code" || e.Line != 1 {
		t.Fatalf("%#v", err)
	}
	// An empty header column that stays empty is tolerated.
	if p, err := Preview([]byte("provider,label,\r\ngoogle,x,\r\n"), nil, now, counter()); err != nil || len(p.Writes()) != 1 {
		t.Fatalf("empty column: %v", err)
	}
}

// Every prefix of an export is refused as a whole or, for a CSV cut at a
// row's end, reads the rows before the cut: never a half row.
func TestTruncatedEverywhere(t *testing.T) {
	for _, full := range [][]byte{ExportJSON(samples(t)), ExportCSV(samples(t))} {
		for n := range len(full) {
			p, err := Preview(full[:n], nil, now, counter())
			if err != nil {
				continue
			}
			if full[0] == '{' {
				if n < len(full)-1 { // only the final newline may go
					t.Fatalf("json cut at %d accepted", n)
				}
				continue
			}
			for _, r := range p.Rows {
				if r.Status != StatusNew {
					t.Fatalf("csv cut at %d: %s", n, statuses(p))
				}
			}
			// What was read is a prefix of the whole.
			whole, _ := Preview(full, nil, now, counter())
			for i, r := range p.Rows {
				if r.Entry != whole.Rows[i].Entry && i != len(p.Rows)-1 {
					t.Fatalf("csv cut at %d: row %d differs", n, r.Line)
				}
			}
		}
	}
}
