package ledger

import (
	"slices"
	"strconv"
	"testing"
)

func TestOrder(t *testing.T) {
	for n := range 70 {
		keys := make([]string, n)
		for i := range keys {
			keys[i] = strconv.Itoa((i * 7919) % 13) // with repeats
		}
		got := order(keys)
		want := make([]int, n)
		for i := range want {
			want[i] = i
		}
		slices.SortStableFunc(want, func(a, b int) int {
			switch {
			case keys[a] < keys[b]:
				return -1
			case keys[a] > keys[b]:
				return 1
			}
			return 0
		})
		if !slices.Equal(got, want) {
			t.Fatalf("n=%d: %v, want %v", n, got, want)
		}
	}
}

// Order sorts like slices.SortStableFunc.
func TestOrderIsStable(t *testing.T) {
	for n := range 70 {
		keys := make([]int, n)
		for i := range keys {
			keys[i] = (i * 7919) % 5
		}
		want := make([]int, n)
		for i := range want {
			want[i] = i
		}
		slices.SortStableFunc(want, func(a, b int) int { return keys[a] - keys[b] })
		if got := Order(n, func(a, b int) int { return keys[a] - keys[b] }); !slices.Equal(got, want) {
			t.Fatalf("Order(%v) = %v, want %v", keys, got, want)
		}
	}
}
