package ledger

// order returns the indexes of keys in ascending order; equal keys keep
// their order. A small merge sort: slices.SortFunc would compile a pdqsort
// for each element type it sorts, about 15 KB each in the browser binary.
func order(keys []string) []int {
	n := len(keys)
	idx, tmp := make([]int, n), make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	for width := 1; width < n; width *= 2 {
		for lo := 0; lo < n; lo += 2 * width {
			mid, hi := min(lo+width, n), min(lo+2*width, n)
			i, j, k := lo, mid, lo
			for i < mid && j < hi {
				if keys[idx[j]] < keys[idx[i]] {
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
