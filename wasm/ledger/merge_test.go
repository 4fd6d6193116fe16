package ledger

import (
	"slices"
	"testing"
	"time"
)

func TestMerge(t *testing.T) {
	base := mustNew(t)
	edited, _ := base.Edit("renamed", "", "", "", now.Add(time.Minute))
	deleted, _ := base.Delete(now.Add(2 * time.Minute))
	editedLater, _ := base.Edit("renamed later", "", "", "", now.Add(3*time.Minute))
	for name, tc := range map[string]struct{ a, b, want Entry }{
		"newer edit wins":            {base, edited, edited},
		"newer deletion wins":        {edited, deleted, deleted},
		"edit after deletion wins":   {deleted, editedLater, editedLater},
		"same version":               {edited, edited, edited},
		"equal time: tombstone wins": {func() Entry { e := edited; e.Updated = deleted.Updated; return e }(), deleted, deleted},
	} {
		if got := Merge(tc.a, tc.b); got != tc.want {
			t.Errorf("%s: Merge(a, b) = %+v", name, got)
		}
		if got := Merge(tc.b, tc.a); got != tc.want {
			t.Errorf("%s: Merge(b, a) = %+v", name, got)
		}
	}
	// Equal times, both live: decided by the stored record, the same way
	// whichever comes first.
	x, y := edited, edited
	x.Label, y.Label = "aaa", "bbb"
	if Merge(x, y) != y || Merge(y, x) != y || Compare(x, y) != -1 || Compare(y, x) != 1 || Compare(x, x) != 0 {
		t.Error("tie-break")
	}
}

// Merging is a maximum over a total order: the result does not depend on
// the order versions arrive in.
func TestMergeOrderFree(t *testing.T) {
	base := mustNew(t)
	var vs []Entry
	for i := range 6 {
		e := base
		e.Updated += int64(i / 2) // pairs with equal times
		e.Label = string(rune('a' + i%3))
		if i%4 == 3 {
			e.Deleted = e.Updated
		}
		vs = append(vs, e)
	}
	want := vs[0]
	for _, v := range vs[1:] {
		want = Merge(want, v)
	}
	perm := slices.Clone(vs)
	for range 50 {
		for i := len(perm) - 1; i > 0; i-- {
			j := int(uint(i*7919+len(perm)*31) % uint(i+1))
			perm[i], perm[j] = perm[j], perm[i]
		}
		got := perm[0]
		for _, v := range perm[1:] {
			got = Merge(v, got)
		}
		if got != want {
			t.Fatalf("order changed the result: %+v vs %+v", got, want)
		}
	}
}

func TestMergeAll(t *testing.T) {
	a := mustNew(t)
	b := a
	b.ID = "bb"
	aNew, _ := a.Edit("a2", "", "", "", now.Add(time.Hour))
	aOld := a
	aOld.Updated--
	c := a
	c.ID = "cc"
	got := MergeAll([]Entry{a, b}, []Entry{aOld, b, c, aNew, a})
	if len(got) != 2 || got[0] != c || got[1] != aNew {
		t.Fatalf("%+v", got)
	}
}
