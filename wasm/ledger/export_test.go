package ledger

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
)

// samples are entries with everything an export must carry unharmed:
// Chinese, markup, quotes, commas, line breaks, formula starters.
func samples(t testing.TB) []Entry {
	t.Helper()
	mk := func(id, provider, account, label, usedBy string, kind Kind, src Source) Entry {
		e, err := New(id, provider, account, label, usedBy, kind, src, now)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	a := mk("0a", "google", "someone@gmail.com", "QQ Mail POP collector", "QQ Mail 其他邮箱", KindAppPassword, FromHint)
	b := mk("0b", "qq", "12345@qq.com", `<script>alert("x")</script>`, "Foxmail, \"office\"", KindAuthCode, FromManual)
	b, _ = b.Confirm("2026-11-24", now.Add(time.Hour))
	b, _ = b.Edit(b.Label, b.UsedBy, b.Account, "line one\nline two, with \"quotes\"\n=HYPERLINK(\"x\")", now.Add(2*time.Hour))
	c := mk("0c", "netease", "", "=cmd|' /C calc'!A0", "-Outlook", KindOther, FromGenerator)
	c, _ = c.Revoke("2026-11-24", "@password changed", now.Add(3*time.Hour))
	d := mk("0d", "yahoo", "", "+deleted one", "", KindOAuth, FromImport)
	d, _ = d.Delete(now.Add(4 * time.Hour))
	e := mk("00ff", "gmx", "", "'=already quoted", "\u00a0leading nbsp", KindOther, FromHint)
	return []Entry{c, a, d, b, e} // out of order on purpose
}

const wantJSON = `{
  "format": "mailkey-ledger",
  "version": 2,
  "entries": [
    {
      "id": "00ff",
      "provider": "gmx",
      "account": "",
      "label": "'=already quoted",
      "usedBy": "leading nbsp",
      "kind": "other",
      "created": "2026-11-24",
      "confirmed": "",
      "revoked": "",
      "revokedHow": "",
      "note": "",
      "source": "hint",
      "updated": 1795512600000
    },
    {
      "id": "0a",
      "provider": "google",
      "account": "someone@gmail.com",
      "label": "QQ Mail POP collector",
      "usedBy": "QQ Mail 其他邮箱",
      "kind": "app_password",
      "created": "2026-11-24",
      "confirmed": "",
      "revoked": "",
      "revokedHow": "",
      "note": "",
      "source": "hint",
      "updated": 1795512600000
    },
    {
      "id": "0b",
      "provider": "qq",
      "account": "12345@qq.com",
      "label": "\u003cscript\u003ealert(\"x\")\u003c/script\u003e",
      "usedBy": "Foxmail, \"office\"",
      "kind": "authorization_code",
      "created": "2026-11-24",
      "confirmed": "2026-11-24",
      "revoked": "",
      "revokedHow": "",
      "note": "line one\nline two, with \"quotes\"\n=HYPERLINK(\"x\")",
      "source": "manual",
      "updated": 1795519800000
    },
    {
      "id": "0c",
      "provider": "netease",
      "account": "",
      "label": "=cmd|' /C calc'!A0",
      "usedBy": "-Outlook",
      "kind": "other",
      "created": "2026-11-24",
      "confirmed": "",
      "revoked": "2026-11-24",
      "revokedHow": "@password changed",
      "note": "",
      "source": "generator",
      "updated": 1795523400000
    }
  ]
}
`

func TestExportJSON(t *testing.T) {
	got := ExportJSON(samples(t))
	if string(got) != wantJSON {
		t.Fatalf("got\n%s", got)
	}
	// The same layout encoding/json's Indent gives.
	var compact, indented bytes.Buffer
	if err := json.Compact(&compact, got); err != nil {
		t.Fatal(err)
	}
	if err := json.Indent(&indented, compact.Bytes(), "", "  "); err != nil {
		t.Fatal(err)
	}
	if indented.String()+"\n" != string(got) {
		t.Fatalf("not json.Indent's layout:\n%s", indented.String())
	}
	var doc struct {
		Format  string
		Version int
		Entries []map[string]any
	}
	if err := json.Unmarshal(got, &doc); err != nil || doc.Format != ExportFormat || doc.Version != 2 || len(doc.Entries) != 4 {
		t.Fatalf("%+v %v", doc, err)
	}
	if doc.Entries[2]["label"] != `<script>alert("x")</script>` {
		t.Fatalf("label %q", doc.Entries[2]["label"])
	}
	if got := string(ExportJSON(nil)); got != "{\n  \"format\": \"mailkey-ledger\",\n  \"version\": 2,\n  \"entries\": []\n}\n" {
		t.Fatalf("empty:\n%s", got)
	}
	// Deterministic: the order entries come in does not matter.
	s := samples(t)
	slices.Reverse(s)
	if !bytes.Equal(ExportJSON(s), got) {
		t.Fatal("order changed the export")
	}
}

const wantCSV = "\ufeffid,provider,account,label,usedBy,kind,created,confirmed,revoked,revokedHow,note,source,updated\r\n" +
	"00ff,gmx,,''=already quoted,leading nbsp,other,2026-11-24,,,,,hint,1795512600000\r\n" +
	"0a,google,someone@gmail.com,QQ Mail POP collector,QQ Mail 其他邮箱,app_password,2026-11-24,,,,,hint,1795512600000\r\n" +
	"0b,qq,12345@qq.com,\"<script>alert(\"\"x\"\")</script>\",\"Foxmail, \"\"office\"\"\",authorization_code,2026-11-24,2026-11-24,,," +
	"\"line one\r\nline two, with \"\"quotes\"\"\r\n=HYPERLINK(\"\"x\"\")\",manual,1795519800000\r\n" +
	"0c,netease,,'=cmd|' /C calc'!A0,'-Outlook,other,2026-11-24,,2026-11-24,'@password changed,,generator,1795523400000\r\n"

func TestExportCSV(t *testing.T) {
	got := ExportCSV(samples(t))
	if string(got) != wantCSV {
		t.Fatalf("got\n%q\nwant\n%q", got, wantCSV)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(got, []byte(bom)))).ReadAll()
	if err != nil || len(recs) != 5 || !slices.Equal(recs[0], CSVHeader()) {
		t.Fatalf("%q %v", recs, err)
	}
	// No cell starts as a spreadsheet formula.
	for _, rec := range recs {
		for _, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("formula cell %q", cell)
			}
		}
	}
	if got := string(ExportCSV(nil)); got != "\ufeffid,provider,account,label,usedBy,kind,created,confirmed,revoked,revokedHow,note,source,updated\r\n" {
		t.Fatalf("empty %q", got)
	}
	for _, h := range CSVHeader() {
		if LooksLikeSecret(h) {
			t.Errorf("column %q looks like a secret", h)
		}
	}
}
