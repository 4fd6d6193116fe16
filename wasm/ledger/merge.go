package ledger

import (
	"bytes"
	"strings"
)

// Merging two versions of the same entry (same id), from an import now and
// from sync later, keeps the newer change whole, never a mix of fields:
//
//   - the version with the larger Updated wins. A deletion is a change like
//     any other (Delete stamps Updated), so a deletion newer than an edit
//     wins, and an edit or undo newer than a deletion wins too: the entry is
//     back, with that edit. Since every change stamps a time later than the
//     version it changed (stamp), a change always wins over its own past.
//   - on equal Updated, a tombstone wins over a live entry (a deliberate
//     delete is kept); between two live or two deleted versions, the one whose
//     stored record (Entry.JSON) is bytewise larger wins.
//
// This is a total order on versions, so merging is commutative, associative
// and idempotent: every device that has seen the same versions keeps the same
// one, whatever the order they arrived in.

// Compare orders two versions of an entry by the rules above: +1 if a wins
// over b, -1 if b wins, 0 if they are identical.
func Compare(a, b Entry) int {
	switch {
	case a.Updated != b.Updated:
		return sign(a.Updated - b.Updated)
	case (a.Deleted != 0) != (b.Deleted != 0):
		if a.Deleted != 0 {
			return 1
		}
		return -1
	case a == b:
		return 0
	}
	return bytes.Compare(a.JSON().Marshal(), b.JSON().Marshal())
}

func sign(n int64) int {
	switch {
	case n > 0:
		return 1
	case n < 0:
		return -1
	}
	return 0
}

// Merge returns the version that wins between two versions of one entry.
func Merge(a, b Entry) Entry {
	if Compare(b, a) > 0 {
		return b
	}
	return a
}

// MergeAll merges incoming versions into local ones and returns the entries
// to write: those of incoming that are new or win over the local version,
// one per id, by id order of first appearance in incoming.
func MergeAll(local, incoming []Entry) []Entry {
	have := make(map[string]Entry, len(local))
	for _, e := range local {
		if old, ok := have[e.ID]; ok {
			e = Merge(old, e)
		}
		have[e.ID] = e
	}
	var out []Entry
	pos := map[string]int{}
	for _, in := range incoming {
		cur, known := have[in.ID]
		if known && Compare(in, cur) <= 0 {
			continue
		}
		have[in.ID] = in
		if i, ok := pos[in.ID]; ok {
			out[i] = in
			continue
		}
		pos[in.ID] = len(out)
		out = append(out, in)
	}
	return out
}

// sameContent reports whether two versions differ at most in Updated.
func sameContent(a, b Entry) bool {
	a.Updated = b.Updated
	return a == b
}

// naturalKey identifies an entry in a file that gives no id.
func naturalKey(e Entry) string {
	return strings.Join([]string{e.Provider, e.Account, e.Label, e.UsedBy}, "\x00")
}
