package ledger

import "strings"

// Order returns the indexes 0..n-1 sorted by cmp; equal ones keep their
// order. A small merge sort: slices.SortFunc would compile a pdqsort for each
// element type it sorts, about 15 KB each in the browser binary, so the
// browser's Go sorts through this one.
func Order(n int, cmp func(a, b int) int) []int {
	idx, tmp := make([]int, n), make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	for width := 1; width < n; width *= 2 {
		for lo := 0; lo < n; lo += 2 * width {
			mid, hi := min(lo+width, n), min(lo+2*width, n)
			i, j, k := lo, mid, lo
			for i < mid && j < hi {
				if cmp(idx[j], idx[i]) < 0 {
					tmp[k], j = idx[j], j+1
				} else {
					tmp[k], i = idx[i], i+1
				}
				k++
			}
			k += copy(tmp[k:], idx[i:mid])
			copy(tmp[k:], idx[j:hi])
		}
		idx, tmp = tmp, idx
	}
	return idx
}

// order returns the indexes of keys in ascending order.
func order(keys []string) []int {
	return Order(len(keys), func(a, b int) int {
		switch {
		case keys[a] < keys[b]:
			return -1
		case keys[a] > keys[b]:
			return 1
		}
		return 0
	})
}

// NewestFirst orders entries newest first: by the day made, then by the
// last change, then by id, so that the order is total.
func NewestFirst(a, b Entry) int {
	if c := strings.Compare(b.Created, a.Created); c != 0 {
		return c
	}
	if a.Updated != b.Updated {
		if a.Updated > b.Updated {
			return -1
		}
		return 1
	}
	return strings.Compare(a.ID, b.ID)
}
