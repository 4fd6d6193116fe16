package ledgerview

import "testing"

func heightsOf(n int, h float64) []float64 {
	hs := make([]float64, n)
	for i := range hs {
		hs[i] = h
	}
	return hs
}

func TestWindowDrawsTheViewAndAMargin(t *testing.T) {
	hs := heightsOf(10000, 100)
	for _, tc := range []struct {
		scrollTop float64
		want      Span
	}{
		{0, Span{0, 8, 0, 9992 * 100}},                 // 0..400 in view, 400 px more below
		{5000, Span{46, 58, 4600, (10000 - 58) * 100}}, // 4600..5800
		{999600, Span{9992, 10000, 999200, 0}},         // the end
		{2e6, Span{9996, 10000, 999600, 0}},            // past the end: the tail
	} {
		got := Window(hs, tc.scrollTop, 400, 400, 4)
		if got != tc.want {
			t.Errorf("scrolled to %v: %+v, want %+v", tc.scrollTop, got, tc.want)
		}
		if d := got.Above + total(hs[got.First:got.Last]) + got.Below; d != 1e6 {
			t.Errorf("scrolled to %v: the list is %v px, want 1e6", tc.scrollTop, d)
		}
	}
}

func TestWindowDrawsAShortListWhole(t *testing.T) {
	if got := Window(heightsOf(26, 100), 0, 400, 400, 40); got != (Span{0, 26, 0, 0}) {
		t.Errorf("26 entries: %+v", got)
	}
	if got := Window(heightsOf(1000, 100), 0, 400, 400, 40); got.Last != 40 {
		t.Errorf("at least 40 items: %+v", got)
	}
	if got := Window(nil, 0, 400, 400, 40); got != (Span{0, 0, 0, 0}) {
		t.Errorf("empty: %+v", got)
	}
}
