package ledger

import (
	"hash/fnv"
	"strconv"
	"sync"

	"mailkey/wasm/jsonv"
)

// KV is the part of chrome.storage.local the writer uses (brain.Store has it).
type KV interface {
	Get(keys ...string) (map[string]jsonv.Value, error)
	Set(items ...jsonv.Member) error
}

// NoRecord is the revision of a key that holds no record: the base of a
// change that adds a new entry.
const NoRecord = "none"

// Revision identifies one stored record exactly: FNV-1a 64 over its JSON as
// stored. Every change to a record (an edit, a merge from sync, a migration
// writing it back upgraded) changes its revision, so a record needs no field
// of its own for it, and records of every schema and every device carry one.
func Revision(rec jsonv.Value) string {
	h := fnv.New64a()
	_, _ = h.Write(rec.Marshal())
	return strconv.FormatUint(h.Sum64(), 16)
}

// revisionOf is the revision of key in items (NoRecord when absent).
func revisionOf(items map[string]jsonv.Value, key string) string {
	if rec, ok := items[key]; ok {
		return Revision(rec)
	}
	return NoRecord
}

// Change is one entry's new version and the revision of the stored record
// it was made from (NoRecord for a new entry).
type Change struct {
	Entry Entry
	Base  string
}

// Result is what the writer did with one change. A change is written only
// if the stored record is still the one it was made from; otherwise it is a
// conflict and Current is the stored record (null if there is none), which
// the writer of the change reads again before deciding (Retry).
type Result struct {
	ID       string
	Written  bool
	Revision string      // of the record stored now
	Current  jsonv.Value // on a conflict: the stored record
}

// Writer is the one way ledger records are written: every page sends its
// changes to the service worker, which writes them here, and the worker's
// own writers (a hint's intents, sync, imports) use it too. One mutex
// serialises them, so a compare and its set are never split by another
// write. The zero Writer is ready; it must not be copied.
type Writer struct{ mu sync.Mutex }

// Put writes each change whose base is still the stored record's revision,
// all in one set() call, and reports a conflict for the others.
func (w *Writer) Put(st KV, changes []Change) ([]Result, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	keys := make([]string, len(changes))
	for i, c := range changes {
		keys[i] = Key(c.Entry.ID)
	}
	now, err := st.Get(keys...)
	if err != nil {
		return nil, err
	}
	out := make([]Result, len(changes))
	var writes []jsonv.Member
	for i, c := range changes {
		key := keys[i]
		if rev := revisionOf(now, key); rev != c.Base {
			out[i] = Result{ID: c.Entry.ID, Revision: rev, Current: now[key]}
			continue
		}
		rec := c.Entry.JSON()
		now[key] = rec // a second change of the same entry in one call builds on the first
		writes = append(writes, jsonv.M(key, rec))
		out[i] = Result{ID: c.Entry.ID, Written: true, Revision: Revision(rec)}
	}
	if len(writes) > 0 {
		if err := st.Set(writes...); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Merge stores each entry that wins (Merge) over the stored version of the
// same entry, or is new, in one set() call together with extra (items that
// must be stored with them, such as sync's state). A stored record that
// cannot be read is kept as it is. It returns how many entries it wrote.
// Sync rounds and imports merge: the newer version of an entry wins whole,
// so a change made elsewhere meanwhile is never overwritten by an older one.
func (w *Writer) Merge(st KV, entries []Entry, extra ...jsonv.Member) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	keys := make([]string, len(entries))
	for i, e := range entries {
		keys[i] = Key(e.ID)
	}
	now, err := st.Get(keys...)
	if err != nil {
		return 0, err
	}
	have := map[string]Entry{}
	var unreadable map[string]bool
	for key, rec := range now {
		cur, err := Decode(rec)
		if err != nil || Key(cur.ID) != key {
			if unreadable == nil {
				unreadable = map[string]bool{}
			}
			unreadable[key] = true
			continue
		}
		have[cur.ID] = cur
	}
	pos := map[string]int{}
	var writes []jsonv.Member
	for _, e := range entries {
		if unreadable[Key(e.ID)] {
			continue
		}
		if cur, ok := have[e.ID]; ok && Compare(e, cur) <= 0 {
			continue
		}
		have[e.ID] = e
		if i, ok := pos[e.ID]; ok {
			writes[i].Value = e.JSON()
			continue
		}
		pos[e.ID] = len(writes)
		writes = append(writes, jsonv.M(Key(e.ID), e.JSON()))
	}
	if len(writes)+len(extra) == 0 {
		return 0, nil
	}
	if err := st.Set(append(writes, extra...)...); err != nil {
		return 0, err
	}
	return len(writes), nil
}
