//go:build js && wasm

package main

import (
	"strconv"
	"syscall/js"

	"mailkey/wasm/dom"
	"mailkey/wasm/ledgerview"
)

// The ledger's list is windowed: of 10,000 entries only those in view, a
// viewport's height more each side, and at least minDrawn items are drawn;
// blank space above and below keeps the scroll bar the size of the whole
// list. Filtering works on the rows in Go, never on the page.
const (
	minDrawn       = 40   // a typical ledger (20 entries) is drawn whole: find-in-page and reading aloud see all of it
	estimateHeight = 96   // px, for an entry not yet drawn, until drawn ones are measured
	focusReach     = 100  // the focused entry is kept drawn while it is at most this many items from the view
	keepDrawn      = 2000 // elements kept for entries out of the window, beyond which they are let go
)

// listItem is one line of the list: a section's heading or an entry.
type listItem struct {
	key       string // the entry's id, or "h:" and the section
	heading   string
	row       *ledgerview.Row
	pos, size int // the entry's place in its section, and the section's size
}

// ledgerList is the drawn window of the list.
type ledgerList struct {
	items        []listItem
	heights      []float64          // each item's height: measured once drawn, else estimated
	measured     map[string]float64 // heights measured, by key (an entry keeps its height across filters)
	shown        []string           // keys of the items drawn, in order
	renumber     bool               // the items changed: the drawn entries' places are set again
	spaced       bool               // the blank spaces are in the page (not a message in place of the list)
	above, below dom.Element
}

// setItems makes the list show these items from its top; the window is drawn by draw.
func (lp *ledgerPage) setItems(v ledgerview.View) {
	l := &lp.lines
	l.items = l.items[:0]
	for _, sec := range []struct {
		key, title string
		rows       []*ledgerview.Row
	}{{"h:active", lp.t("ledger_active", strconv.Itoa(len(v.Active))), v.Active},
		{"h:revoked", lp.t("ledger_revoked", strconv.Itoa(len(v.Revoked))), v.Revoked}} {
		if len(sec.rows) == 0 {
			continue
		}
		l.items = append(l.items, listItem{key: sec.key, heading: sec.title})
		for i, r := range sec.rows {
			l.items = append(l.items, listItem{key: r.Entry.ID, row: r, pos: i + 1, size: len(sec.rows)})
		}
	}
	estimate := float64(estimateHeight)
	if len(l.measured) > 0 {
		sum := 0.0
		for _, h := range l.measured {
			sum += h
		}
		estimate = sum / float64(len(l.measured))
	}
	l.heights = make([]float64, len(l.items))
	for i, it := range l.items {
		if h, ok := l.measured[it.key]; ok {
			l.heights[i] = h
		} else {
			l.heights[i] = estimate
		}
	}
	l.renumber = true
	if !l.spaced {
		l.above = el("div", attrs{"aria-hidden": "true"})
		l.below = el("div", attrs{"aria-hidden": "true"})
		l.shown, l.spaced = nil, true
		replace(lp.list, l.above, l.below)
	}
}

// clearItems shows a message in place of the list.
func (lp *ledgerPage) clearItems(message dom.Element) {
	lp.lines.items, lp.lines.shown, lp.lines.spaced = nil, nil, false
	replace(lp.list, message)
}

// draw brings the drawn items in line with the list's scroll position. An
// item drawn before and still in the window is left where it is (so the
// focus inside it stays); only items entering or leaving it are touched.
func (lp *ledgerPage) draw() {
	l := &lp.lines
	if len(l.items) == 0 {
		return
	}
	list := lp.list.Underlying()
	viewport := list.Get("clientHeight").Float()
	if viewport == 0 { // the Ledger tab is hidden: as tall as it can be
		viewport = 600
	}
	s := ledgerview.Window(l.heights, list.Get("scrollTop").Float(), viewport, viewport, minDrawn)
	focused := lp.focusedItem()
	if focused >= 0 && (focused < s.First && s.First-focused <= focusReach || focused >= s.Last && focused-s.Last < focusReach) {
		s = lp.spanWith(s, focused)
	}
	focusLeaves := focused >= 0 && (focused < s.First || focused >= s.Last)
	lp.reconcile(s.First, s.Last)
	l.above.Underlying().Get("style").Set("height", strconv.FormatFloat(s.Above, 'f', 1, 64)+"px")
	l.below.Underlying().Get("style").Set("height", strconv.FormatFloat(s.Below, 'f', 1, 64)+"px")
	// Measured after every change above is made: one layout for them all.
	for i := s.First; i < s.Last; i++ {
		if h := lp.drawn[l.items[i].key].el.Underlying().Get("offsetHeight").Float(); h > 0 {
			l.heights[i] = h
			l.measured[l.items[i].key] = h
		}
	}
	if focusLeaves && focusLost() {
		focus(lp.list) // its entry scrolled far away: the focus stays in the list
	}
}

// spanWith widens a span to take in item i.
func (lp *ledgerPage) spanWith(s ledgerview.Span, i int) ledgerview.Span {
	hs := lp.lines.heights
	first, last := min(s.First, i), max(s.Last, i+1)
	above, below := 0.0, 0.0
	for _, h := range hs[:first] {
		above += h
	}
	for _, h := range hs[last:] {
		below += h
	}
	return ledgerview.Span{First: first, Last: last, Above: above, Below: below}
}

// focusedItem is the place in items of the drawn item holding the focus, or -1.
func (lp *ledgerPage) focusedItem() int {
	a := doc.Underlying().Get("activeElement")
	if focusLost() || !lp.list.Underlying().Call("contains", a).Bool() {
		return -1
	}
	item := a.Call("closest", "#ledger-list > [data-item]")
	if item.IsNull() {
		return -1
	}
	key := item.Get("dataset").Get("item").String()
	for i, it := range lp.lines.items {
		if it.key == key {
			return i
		}
	}
	return -1
}

// reconcile makes the items drawn between the blank spaces items first to
// last (not included), in order.
func (lp *ledgerPage) reconcile(first, last int) {
	l := &lp.lines
	keep := make(map[string]bool, last-first)
	want := make([]string, 0, last-first)
	for _, it := range l.items[first:last] {
		keep[it.key] = true
		want = append(want, it.key)
	}
	var stay []string // drawn before and still wanted, in the page's order
	before := map[string]js.Value{}
	for _, k := range l.shown {
		if keep[k] {
			stay = append(stay, k)
			before[k] = lp.drawn[k].el.Underlying()
		} else if d, ok := lp.drawn[k]; ok {
			d.el.Underlying().Call("remove")
		}
	}
	placed := make(map[string]bool, len(want))
	j := 0
	for n, k := range want {
		for j < len(stay) && placed[stay[j]] {
			j++
		}
		if j < len(stay) && stay[j] == k {
			placed[k] = true
			j++
			if e := lp.placeItem(first+n, false).Underlying(); !e.Equal(before[k]) { // the entry changed
				before[k].Call("replaceWith", e)
			}
			continue
		}
		e := lp.placeItem(first+n, true).Underlying()
		if old, ok := before[k]; ok && !e.Equal(old) { // the entry changed and moved
			old.Call("remove")
		}
		next := l.below.Underlying()
		if j < len(stay) {
			next = before[stay[j]]
		}
		lp.list.Underlying().Call("insertBefore", e, next)
		placed[k] = true
	}
	l.shown = want
	l.renumber = false
	if len(lp.drawn) > keepDrawn { // scrolled through a long ledger: keep memory to the window
		for k := range lp.drawn {
			if !keep[k] {
				delete(lp.drawn, k)
			}
		}
	}
}

// placeItem is the element of an item, built if it changed since drawn, with
// its place in the list set when new or renumbered.
func (lp *ledgerPage) placeItem(i int, inserted bool) dom.Element {
	it := lp.lines.items[i]
	key := it.key
	d, ok := lp.drawn[key]
	if it.row == nil {
		if !ok || d.text != it.heading {
			d = drawnEntry{el: el("h2", attrs{"data-item": key}, it.heading), text: it.heading}
			lp.drawn[key] = d
		}
		return d.el
	}
	if !ok || d.updated != it.row.Entry.Updated {
		old := d
		d = drawnEntry{updated: it.row.Entry.Updated}
		d.el, d.form = lp.entryEl(*it.row)
		if ok && old.form.HasChildNodes() && old.form.QuerySelector("form[data-saved]") == nil {
			// Changed elsewhere while a form is open: the form stays, with
			// what was typed. Its save is based on the version it was
			// opened from, so the writer carries it over onto this one
			// (ledger.Rebase).
			d.form.Underlying().Call("replaceWith", old.form.Underlying())
			d.form = old.form
		}
		d.el.SetAttribute("data-item", key)
		lp.drawn[key] = d
		inserted = true
		if key == lp.refocus.id {
			lp.pending = d.el
		}
	}
	if inserted || lp.lines.renumber {
		u := d.el.Underlying()
		u.Call("setAttribute", "aria-posinset", it.pos)
		u.Call("setAttribute", "aria-setsize", it.size)
	}
	return d.el
}

// onScroll redraws the window as the list scrolls.
func (lp *ledgerPage) onScroll() {
	lp.list.AddEventListener("scroll", false, func(dom.Event) { lp.draw() })
}
