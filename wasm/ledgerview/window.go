package ledgerview

// Span is the part of a long list that is drawn: the items from First up to
// (not including) Last, with blank space of Above pixels before them and
// Below after, so the scroll bar stays the size of the whole list.
type Span struct {
	First, Last  int
	Above, Below float64
}

// Window is the span of a list of items of the given heights (pixels) to
// draw when the list is scrolled to scrollTop and shows viewport pixels of
// it: every item in view, margin more pixels each side, and at least
// minItems items (a short list is drawn whole, so the browser's own find
// and a screen reader's reading of it see every entry).
func Window(heights []float64, scrollTop, viewport, margin float64, minItems int) Span {
	from, to := scrollTop-margin, scrollTop+viewport+margin
	s := Span{First: -1}
	y := 0.0
	for i, h := range heights {
		if s.First < 0 && y+h > from {
			s.First, s.Above = i, y
		}
		if s.First >= 0 && y >= to && i-s.First >= minItems {
			s.Last = i
			s.Below = total(heights[i:])
			return s
		}
		y += h
	}
	if s.First < 0 { // scrolled past the end (the list got shorter): its tail
		s.First = max(0, len(heights)-minItems)
		s.Above = total(heights[:s.First])
	}
	s.Last = len(heights)
	return s
}

func total(heights []float64) float64 {
	sum := 0.0
	for _, h := range heights {
		sum += h
	}
	return sum
}
