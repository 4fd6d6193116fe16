package ledger

import "time"

// The parts of an entry a person changes, each compared whole: a revocation
// is its day and how together.
var parts = []func(Entry) [2]string{
	func(e Entry) [2]string { return [2]string{e.Label} },
	func(e Entry) [2]string { return [2]string{e.UsedBy} },
	func(e Entry) [2]string { return [2]string{e.Account} },
	func(e Entry) [2]string { return [2]string{e.Note} },
	func(e Entry) [2]string { return [2]string{e.Confirmed} },
	func(e Entry) [2]string { return [2]string{e.Revoked, e.RevokedHow} },
	func(e Entry) [2]string {
		if e.Deleted != 0 {
			return [2]string{"deleted"}
		}
		return [2]string{}
	},
}

// setPart copies part i of from into e.
func setPart(e *Entry, from Entry, i int) {
	switch i {
	case 0:
		e.Label = from.Label
	case 1:
		e.UsedBy = from.UsedBy
	case 2:
		e.Account = from.Account
	case 3:
		e.Note = from.Note
	case 4:
		e.Confirmed = from.Confirmed
	case 5:
		e.Revoked, e.RevokedHow = from.Revoked, from.RevokedHow
	case 6:
		e.Deleted = from.Deleted
	}
}

// Rebase carries a change made from base (mine) over onto current, the
// version another writer stored meanwhile: each part mine changed is set on
// current, if current still has it as base had it (or already as mine has
// it). It reports false, and current is kept, when the other writer changed
// a part mine changed too, deleted or revoked the entry under an edit, or
// when the result would not be a valid entry. The result is stamped later
// than current, so it wins every merge against it.
func Rebase(base, mine, current Entry, now time.Time) (Entry, bool) {
	out, changed := current, false
	for i, part := range parts {
		b, m, c := part(base), part(mine), part(current)
		switch {
		case m == b || m == c:
			continue
		case c != b:
			return current, false // both changed it
		}
		setPart(&out, mine, i)
		changed = true
	}
	if !changed {
		return current, true // nothing of mine left to write
	}
	lost := out.Deleted != 0 && base.Deleted == 0 && mine.Deleted == 0 // deleted elsewhere, under an edit
	revoked := current.Revoked != "" && base.Revoked == "" && mine.Confirmed != base.Confirmed
	if lost || revoked || out.Kind != current.Kind || out.Provider != current.Provider {
		return current, false
	}
	out.Updated = stamp(current.Updated, now)
	if out.Deleted != 0 {
		out.Deleted = out.Updated
	}
	if out.Check() != nil {
		return current, false
	}
	return out, true
}

// Edit is a change a page makes: To made from From, whose stored record had
// revision Base (NoRecord for a new entry).
type Edit struct {
	From, To Entry
	Base     string
}

// maxRebases bounds how often a page carries its changes over onto newer
// versions before it gives up (each time, another writer won the race).
const maxRebases = 4

// Save writes edits through send (a Writer's Put, in the worker), carrying
// each change that met a newer version over onto it (Rebase) and sending it
// again. It returns the entries whose newer version was kept instead of the
// change (the page says so), and an error only if send failed. Nothing is
// ever written over a version the change was not made from.
func Save(send func([]Change) ([]Result, error), edits []Edit, now time.Time) ([]Entry, error) {
	var kept []Entry
	for try := 0; len(edits) > 0; try++ {
		changes := make([]Change, len(edits))
		for i, e := range edits {
			changes[i] = Change{Entry: e.To, Base: e.Base}
		}
		results, err := send(changes)
		if err != nil {
			return kept, err
		}
		var again []Edit
		for i, r := range results {
			if r.Written || i >= len(edits) {
				continue
			}
			cur, err := Decode(r.Current)
			if err != nil {
				kept = append(kept, edits[i].To) // unreadable or gone: nothing is written over it
				continue
			}
			next, ok := Rebase(edits[i].From, edits[i].To, cur, now)
			switch {
			case !ok || try == maxRebases:
				kept = append(kept, cur)
			case next != cur:
				again = append(again, Edit{From: cur, To: next, Base: r.Revision})
			}
		}
		edits = again
	}
	return kept, nil
}
