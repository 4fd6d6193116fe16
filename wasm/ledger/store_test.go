package ledger

import (
	"slices"
	"strings"
	"testing"

	"mailkey/wasm/jsonv"
)

func TestLoad(t *testing.T) {
	live := mustNew(t)
	gone, _ := live.Delete(now)
	gone.ID = strings.Repeat("b", 32)
	future := `{"v":3,"id":"cc","provider":"google","label":"from a newer Mailkey","hologram":true}`
	items := map[string]jsonv.Value{
		Key(live.ID):                            live.JSON(),
		Key(gone.ID):                            gone.JSON(),
		Key("c35b963c7535403fb755bab4b369afe7"): parse(t, v1Record),
		Key("cc"):                               parse(t, future),
		Key("dd"):                               parse(t, `{"v":2,"id":"dd","password":"hunter2"}`),
		Key("ee"):                               parse(t, `"not a record"`),
		Key("ff"):                               live.JSON(), // under another entry's key
		Key("12"):                               parse(t, strings.Replace(live.JSON().String(), `"2026-11-24"`, `"2026-11-31"`, 1)),
		"dismiss/mail.qq.com/google":            parse(t, `{"at":"2026-11-24"}`),
		"ledger/other":                          parse(t, `1`),
	}
	s := Load(items)
	ids := []string{}
	for _, e := range s.Entries {
		ids = append(ids, e.ID)
	}
	if !slices.Equal(ids, []string{live.ID, gone.ID, "c35b963c7535403fb755bab4b369afe7"}) {
		t.Fatalf("entries %v", ids)
	}
	if vis := s.Visible(); len(vis) != 2 || vis[0] != live {
		t.Fatalf("visible %v", vis)
	}
	wantAside := []Aside{{Key("12"), "bad_date"}, {Key("cc"), "future_version"}, {Key("dd"), "secret_key"},
		{Key("ee"), "malformed"}, {Key("ff"), "key_mismatch"}}
	if !slices.Equal(s.Aside, wantAside) {
		t.Fatalf("aside %v", s.Aside)
	}
	// The migrated record is offered for rewriting, upgraded; nothing else.
	if len(s.Rewrite) != 1 || s.Rewrite[0].Key != Key("c35b963c7535403fb755bab4b369afe7") {
		t.Fatalf("rewrite %v", s.Rewrite)
	}
	if e, err := Decode(s.Rewrite[0].Value); err != nil || e != s.Entries[2] || !strings.HasPrefix(s.Rewrite[0].Value.String(), `{"v":2,`) {
		t.Fatalf("rewritten %s: %v", s.Rewrite[0].Value, err)
	}
	// Load never touches what it was given: the future record is kept as is.
	if items[Key("cc")].String() != parse(t, future).String() {
		t.Fatal("future record changed")
	}
	if s := Load(nil); len(s.Entries)+len(s.Aside)+len(s.Rewrite) != 0 {
		t.Fatal("empty storage")
	}
}
