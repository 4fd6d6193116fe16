package ledger

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"mailkey/wasm/jsonv"
)

// memKV is storage shared by goroutines, as chrome.storage.local is shared
// by the worker and the pages: each call is atomic, nothing more.
type memKV struct {
	mu sync.Mutex
	m  map[string]jsonv.Value
}

func (s *memKV) Get(keys ...string) (map[string]jsonv.Value, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]jsonv.Value{}
	for _, k := range keys {
		if v, ok := s.m[k]; ok {
			out[k] = v
		}
	}
	return out, nil
}

func (s *memKV) Set(items ...jsonv.Member) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]jsonv.Value{}
	}
	for _, it := range items {
		s.m[it.Key] = it.Value
	}
	return nil
}

func (s *memKV) all() map[string]jsonv.Value {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]jsonv.Value{}
	for k, v := range s.m {
		out[k] = v
	}
	return out
}

func (s *memKV) entry(t testing.TB, id string) Entry {
	t.Helper()
	got, _ := s.Get(Key(id))
	e, err := Decode(got[Key(id)])
	if err != nil {
		t.Fatalf("entry %s: %v", id, err)
	}
	return e
}

func TestPutRefusesAStaleRevision(t *testing.T) {
	var w Writer
	st := &memKV{}
	e := mustNew(t)
	r, err := w.Put(st, []Change{{Entry: e, Base: NoRecord}})
	if err != nil || !r[0].Written || r[0].Revision != Revision(e.JSON()) {
		t.Fatalf("new entry: %+v %v", r, err)
	}
	// A second "new" entry under the same id is refused: it exists.
	if r, _ := w.Put(st, []Change{{Entry: e, Base: NoRecord}}); r[0].Written {
		t.Fatal("an entry that exists was written as new")
	}
	base := Revision(e.JSON())
	confirmed, _ := e.Confirm("2026-11-24", now)
	if r, _ := w.Put(st, []Change{{Entry: confirmed, Base: base}}); !r[0].Written {
		t.Fatal("a change from the stored revision was refused")
	}
	// A change made from the first version, after the confirmation was stored.
	edited, _ := e.Edit(e.Label, e.UsedBy, e.Account, "a note", now.Add(time.Second))
	r, _ = w.Put(st, []Change{{Entry: edited, Base: base}})
	if r[0].Written || r[0].Revision != Revision(confirmed.JSON()) || r[0].Current.String() != confirmed.JSON().String() {
		t.Fatalf("stale change: %+v", r[0])
	}
	if got := st.entry(t, e.ID); got != confirmed {
		t.Fatalf("stored %+v, want the confirmation kept", got)
	}
}

// Save carries a change over onto a newer version when it touched other
// parts, and keeps the newer version when it touched the same one.
func TestSaveRebasesOrKeepsTheNewer(t *testing.T) {
	var w Writer
	st := &memKV{}
	e := mustNew(t)
	_ = st.Set(jsonv.M(Key(e.ID), e.JSON()))
	base := Revision(e.JSON())
	send := func(c []Change) ([]Result, error) { return w.Put(st, c) }

	confirmed, _ := e.Confirm("2026-11-24", now)
	if kept, err := Save(send, []Edit{{From: e, To: confirmed, Base: base}}, now); err != nil || len(kept) != 0 {
		t.Fatalf("confirm: %v %v", kept, err)
	}
	noted, _ := e.Edit(e.Label, e.UsedBy, e.Account, "used by the phone", now)
	if kept, _ := Save(send, []Edit{{From: e, To: noted, Base: base}}, now); len(kept) != 0 {
		t.Fatalf("note kept back: %v", kept)
	}
	got := st.entry(t, e.ID)
	if got.Confirmed != "2026-11-24" || got.Note != "used by the phone" || got.Updated <= confirmed.Updated {
		t.Fatalf("both changes should land: %+v", got)
	}
	// The same part changed from a stale version: the newer one is kept and reported.
	other, _ := e.Edit(e.Label, e.UsedBy, e.Account, "a different note", now)
	kept, _ := Save(send, []Edit{{From: e, To: other, Base: base}}, now)
	if len(kept) != 1 || kept[0] != got || st.entry(t, e.ID) != got {
		t.Fatalf("kept %v, stored %+v", kept, st.entry(t, e.ID))
	}
}

func TestRebase(t *testing.T) {
	e := mustNew(t)
	later := now.Add(time.Minute)
	confirmed, _ := e.Confirm("2026-11-24", now)
	revoked, _ := e.Revoke("2026-11-24", "deleted at the provider", now)
	deleted, _ := e.Delete(now)
	noted, _ := e.Edit(e.Label, e.UsedBy, e.Account, "note", now)
	relabeled, _ := e.Edit("Phone", e.UsedBy, e.Account, "", now)
	for _, c := range []struct {
		name          string
		mine, current Entry
		ok            bool
	}{
		{"note over a confirmation", noted, confirmed, true},
		{"confirmation over a note", confirmed, noted, true},
		{"label over a revocation", relabeled, revoked, true},
		{"delete over a note", deleted, noted, true},
		{"note over a deletion", noted, deleted, false},
		{"confirmation over a revocation", confirmed, revoked, false},
		{"same part, other value", noted, func() Entry { x, _ := e.Edit(e.Label, e.UsedBy, e.Account, "mine", now); return x }(), false},
	} {
		got, ok := Rebase(e, c.mine, c.current, later)
		if ok != c.ok {
			t.Errorf("%s: ok %v", c.name, ok)
			continue
		}
		if !ok {
			if got != c.current {
				t.Errorf("%s: current not kept", c.name)
			}
			continue
		}
		if got.Updated <= c.current.Updated || Compare(got, c.current) <= 0 {
			t.Errorf("%s: does not win over current", c.name)
		}
		if got.Deleted != 0 && got.Deleted != got.Updated {
			t.Errorf("%s: deleted %d, updated %d", c.name, got.Deleted, got.Updated)
		}
	}
	// Mine already in current: nothing to write.
	if got, ok := Rebase(e, noted, noted, later); !ok || got != noted {
		t.Fatal("a change already stored is written again")
	}
}

// Many writers at once, as the popup, the checklist, five tabs and a sync
// round: each changes its own part of shared entries from what it read,
// others add entries, a sync round merges. Nothing is lost. (Run with -race.)
func TestConcurrentWritersLoseNothing(t *testing.T) {
	var w Writer
	st := &memKV{}
	const shared, perTab, tabs = 20, 30, 5
	ids := make([]string, shared)
	for i := range ids {
		e, err := New(fmt.Sprintf("%032x", i+1), "google", "", fmt.Sprintf("shared %d", i), "", KindAppPassword, FromHint, now)
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = e.ID
		_ = st.Set(jsonv.M(Key(e.ID), e.JSON()))
	}
	send := func(c []Change) ([]Result, error) { return w.Put(st, c) }
	// edit reads an entry, changes it as a page would, and saves it.
	edit := func(t *testing.T, id string, change func(Entry) (Entry, error)) {
		got, _ := st.Get(Key(id))
		from, err := Decode(got[Key(id)])
		if err != nil {
			t.Error(err)
			return
		}
		to, err := change(from)
		if err != nil {
			t.Error(err)
			return
		}
		if kept, err := Save(send, []Edit{{From: from, To: to, Base: Revision(got[Key(id)])}}, now); err != nil || len(kept) != 0 {
			t.Errorf("%s: kept %v, %v", id, kept, err)
		}
	}
	writers := map[string]func(t *testing.T, id string){
		"popup note": func(t *testing.T, id string) {
			edit(t, id, func(e Entry) (Entry, error) { return e.Edit(e.Label, e.UsedBy, e.Account, "note "+id, now) })
		},
		"popup used by": func(t *testing.T, id string) {
			edit(t, id, func(e Entry) (Entry, error) { return e.Edit(e.Label, "Thunderbird", e.Account, e.Note, now) })
		},
		"checklist confirm": func(t *testing.T, id string) {
			edit(t, id, func(e Entry) (Entry, error) { return e.Confirm("2026-11-24", now) })
		},
		"checklist account": func(t *testing.T, id string) {
			edit(t, id, func(e Entry) (Entry, error) { return e.Edit(e.Label, e.UsedBy, "me@gmail.com", e.Note, now) })
		},
	}
	var wg sync.WaitGroup
	for _, write := range writers {
		wg.Go(func() {
			for _, id := range ids {
				write(t, id)
			}
		})
	}
	var added sync.Map
	for tab := range tabs {
		wg.Go(func() {
			for i := range perTab {
				e, _ := New(fmt.Sprintf("%x%08x", tab+10, i), "google", "", fmt.Sprintf("tab %d #%d", tab, i), "", KindAppPassword, FromHint, now)
				if r, err := w.Put(st, []Change{{Entry: e, Base: NoRecord}}); err != nil || !r[0].Written {
					t.Errorf("add %s: %v %v", e.ID, r, err)
				}
				added.Store(e.ID, e)
			}
		})
	}
	// A sync round brings other browsers' entries, and older versions of the shared ones.
	var remote []Entry
	for i := range perTab {
		e, _ := New(fmt.Sprintf("ff%08x", i), "yahoo", "", fmt.Sprintf("remote %d", i), "", KindAppPassword, FromHint, now)
		remote = append(remote, e)
	}
	for _, id := range ids {
		old, _ := New(id, "google", "", "stale remote", "", KindAppPassword, FromHint, now.Add(-time.Hour))
		remote = append(remote, old)
	}
	wg.Go(func() {
		for _, e := range remote {
			if _, err := w.Merge(st, []Entry{e}); err != nil {
				t.Error(err)
			}
		}
	})
	wg.Wait()

	s := Load(st.all())
	if want := shared + tabs*perTab + perTab; len(s.Entries) != want {
		t.Fatalf("%d entries, want %d", len(s.Entries), want)
	}
	for _, id := range ids {
		e := st.entry(t, id)
		if e.Note != "note "+id || e.UsedBy != "Thunderbird" || e.Confirmed != "2026-11-24" || e.Account != "me@gmail.com" || !strings.HasPrefix(e.Label, "shared") {
			t.Errorf("%s lost a change: %+v", id, e)
		}
	}
	added.Range(func(_, v any) bool {
		if got := st.entry(t, v.(Entry).ID); got != v.(Entry) {
			t.Errorf("added entry changed: %+v", got)
		}
		return true
	})
}

// What today's pages did: write the entry as read, last writer wins. The
// same workload loses changes; this is what the writer prevents.
func TestBlindWritesLoseChanges(t *testing.T) {
	st := &memKV{}
	e := mustNew(t)
	_ = st.Set(jsonv.M(Key(e.ID), e.JSON()))
	confirmed, _ := e.Confirm("2026-11-24", now)
	noted, _ := e.Edit(e.Label, e.UsedBy, e.Account, "note", now)
	_ = st.Set(jsonv.M(Key(e.ID), confirmed.JSON()))
	_ = st.Set(jsonv.M(Key(e.ID), noted.JSON()))
	if st.entry(t, e.ID).Confirmed != "" {
		t.Fatal("a blind write kept both changes: the test above proves nothing")
	}
}

func TestMigrationWriteBackRespectsNewerRecords(t *testing.T) {
	var w Writer
	const id = "c35b963c7535403fb755bab4b369afe7"
	st := &memKV{}
	_ = st.Set(jsonv.M(Key(id), parse(t, v1Record)))
	snap := Load(st.all())
	if len(snap.RewriteChanges()) != 1 {
		t.Fatalf("rewrite %v", snap.Rewrite)
	}
	// Meanwhile another writer stores a newer version of the entry.
	newer, _ := snap.Entries[0].Edit("renamed", "", "someone@gmail.com", "kept", now)
	_ = st.Set(jsonv.M(Key(id), newer.JSON()))
	r, err := w.Put(st, snap.RewriteChanges())
	if err != nil || r[0].Written {
		t.Fatalf("write-back over a newer record: %+v %v", r, err)
	}
	if got := st.entry(t, id); got != newer {
		t.Fatalf("stored %+v", got)
	}
	// Without a writer in between, the upgrade is written back.
	st = &memKV{}
	_ = st.Set(jsonv.M(Key(id), parse(t, v1Record)))
	snap = Load(st.all())
	if r, _ := w.Put(st, snap.RewriteChanges()); !r[0].Written || !strings.HasPrefix(st.all()[Key(id)].String(), `{"v":2,`) {
		t.Fatalf("write-back: %+v", r)
	}
}

func TestMergeKeepsNewerAndUnreadable(t *testing.T) {
	var w Writer
	st := &memKV{}
	e := mustNew(t)
	newer, _ := e.Edit(e.Label, e.UsedBy, e.Account, "newer", now.Add(time.Minute))
	aside := parse(t, `{"v":3,"id":"cc","provider":"google","label":"from a newer Mailkey"}`)
	_ = st.Set(jsonv.M(Key(e.ID), newer.JSON()), jsonv.M(Key("cc"), aside))
	other, _ := New("cc", "google", "", "over the unreadable", "", KindAppPassword, FromHint, now)
	fresh, _ := New("dd", "google", "", "new", "", KindAppPassword, FromHint, now)
	n, err := w.Merge(st, []Entry{e, other, fresh}, jsonv.M("sync/state", jsonv.Int(1)))
	if err != nil || n != 1 {
		t.Fatalf("merged %d, %v", n, err)
	}
	all := st.all()
	if st.entry(t, e.ID) != newer || all[Key("cc")].String() != aside.String() || st.entry(t, "dd") != fresh || all["sync/state"].String() != "1" {
		t.Fatalf("after merge: %v", all)
	}
}

func TestChangesOverTheWire(t *testing.T) {
	e := mustNew(t)
	in := []Change{{Entry: e, Base: NoRecord}}
	out, err := ChangesFrom(parse(t, ChangesJSON(in).String()))
	if err != nil || len(out) != 1 || out[0] != in[0] {
		t.Fatalf("%v %v", out, err)
	}
	for name, text := range map[string]string{
		"password field": strings.Replace(ChangesJSON(in).String(), `"note":""`, `"note":"","password":"x"`, 1),
		"no base":        strings.Replace(ChangesJSON(in).String(), `"base":"none"`, `"base":""`, 1),
		"empty":          `[]`,
		"invalid entry":  strings.Replace(ChangesJSON(in).String(), `"label":"QQ Mail POP collector"`, `"label":""`, 1),
	} {
		if _, err := ChangesFrom(parse(t, text)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	res := []Result{{ID: e.ID, Revision: "abc", Current: e.JSON()}, {ID: "dd", Written: true, Revision: "def"}}
	back := ResultsFrom(parse(t, ResultsJSON(res).String()))
	if len(back) != 2 || back[0].Current.String() != e.JSON().String() || !back[1].Written || back[1].Revision != "def" {
		t.Fatalf("%+v", back)
	}
}
