package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// seedTenThousand writes 10,000 ledger records, entry i updated at i (so
// the newest, drawn first, is entry 9999).
const seedTenThousand = `(async () => {
  const items = {};
  for (let i = 0; i < 10000; i++) {
    const id = i.toString(16).padStart(32, '0');
    items['ledger/e/' + id] = {v: 1, id, provider: ['google', 'qq', 'yahoo'][i % 3], account: 'person' + (i % 97) + '@example.com',
      label: 'Label ' + i + ' for a mail program', usedBy: 'Thunderbird', kind: 'app_password',
      created: '2026-01-01', source: 'manual', updated: 1700000000000 + i};
  }
  await chrome.storage.local.set(items);
  return true;
})()`

// listState is what the windowed list has drawn.
type listState struct {
	Drawn    int    `json:"drawn"`    // entries in the page
	First    string `json:"first"`    // the first drawn entry's place in its section
	Last     string `json:"last"`     // the last one's
	SetSize  string `json:"setSize"`  // the section's size as the entries state it
	Text     string `json:"text"`     // the list's text
	Focused  string `json:"focused"`  // the data-key of the focused element
	FocusPos string `json:"focusPos"` // the place of the entry holding the focus
}

const readList = `(() => {
  const arts = [...document.querySelectorAll('#ledger-list > article')];
  const a = document.activeElement, art = a && a.closest('#ledger-list > article');
  return {drawn: arts.length, first: arts.length ? arts[0].getAttribute('aria-posinset') : '',
    last: arts.length ? arts[arts.length - 1].getAttribute('aria-posinset') : '',
    setSize: arts.length ? arts[0].getAttribute('aria-setsize') : '',
    text: document.querySelector('#ledger-list').innerText,
    focused: (a && a.dataset && a.dataset.key) || '', focusPos: art ? art.getAttribute('aria-posinset') : ''};
})()`

// The ledger of 10,000 entries draws only a window of them, follows the
// scroll, keeps the focus while it moves, tabs on past the drawn entries,
// and filters in Go.
func TestLedgerWindowed(t *testing.T) {
	b, _ := launch(t, "en-US")
	ctx := openPopup(t, b)
	if err := chromedp.Run(ctx, chromedp.Evaluate(seedTenThousand, nil, awaitPromise), chromedp.Reload(),
		chromedp.Poll(`typeof globalThis.mailkeyLedgerReady === 'number'`, nil, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatal(err)
	}
	clickSel(t, ctx, "#tab-ledger")
	waitText(t, ctx, "#ledger-list", "Active (10000)")
	state := func() listState {
		t.Helper()
		var s listState
		if err := chromedp.Run(ctx, chromedp.Evaluate(readList, &s)); err != nil {
			t.Fatal(err)
		}
		return s
	}
	waitFor := func(what string, ok func(listState) bool) listState {
		t.Helper()
		var s listState
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
			if s = state(); ok(s) {
				return s
			}
		}
		t.Fatalf("%s: the list is %+v", what, s)
		return s
	}
	s := state()
	if s.Drawn < 5 || s.Drawn > 80 || s.First != "1" || s.SetSize != "10000" || !strings.Contains(s.Text, "Label 9999 for") {
		t.Fatalf("at the top: %d entries drawn, from %s of %s: %.200s", s.Drawn, s.First, s.SetSize, s.Text)
	}

	// Scrolled to the end: the oldest entry is drawn, and still only a window.
	if err := chromedp.Run(ctx, chromedp.Evaluate(`(l => { l.scrollTop = l.scrollHeight; })(document.querySelector('#ledger-list'))`, nil)); err != nil {
		t.Fatal(err)
	}
	s = waitFor("scrolled to the end", func(s listState) bool { return s.Last == "10000" })
	if s.Drawn > 80 || !strings.Contains(s.Text, "Label 0 for") {
		t.Fatalf("at the end: %d entries drawn: %.200s", s.Drawn, s.Text)
	}

	// Back at the top, Tab from the last drawn entry's last control goes on
	// to the next entry (drawn as the focus scrolls the list), not out of it.
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.querySelector('#ledger-list').scrollTop = 0`, nil)); err != nil {
		t.Fatal(err)
	}
	waitFor("back at the top", func(s listState) bool { return s.First == "1" })
	if err := chromedp.Run(ctx, chromedp.Evaluate(`[...document.querySelectorAll('#ledger-list > article:last-of-type .actions > *')].pop().focus()`, nil)); err != nil {
		t.Fatal(err)
	}
	before := waitFor("the last entry focused", func(s listState) bool { return s.FocusPos != "" && s.Last != s.FocusPos })
	keys(t, ctx, kb.Tab)
	after := state()
	if after.FocusPos == "" || after.FocusPos == before.FocusPos || after.Focused == "" {
		t.Fatalf("Tab from entry %s (%s) went to %q in entry %q", before.FocusPos, before.Focused, after.Focused, after.FocusPos)
	}

	// Scrolling a little redraws the window; the focused button stays focused.
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.querySelector('#ledger-list').scrollTop += 300`, nil)); err != nil {
		t.Fatal(err)
	}
	moved := waitFor("scrolled 300 px", func(s listState) bool { return s.First != "1" })
	if moved.Focused != after.Focused {
		t.Fatalf("the focus moved from %q to %q when the list scrolled", after.Focused, moved.Focused)
	}

	// A keystroke filters the rows, not the page, and redraws from the top.
	if err := chromedp.Run(ctx, chromedp.Focus(`#ledger-search`, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	keys(t, ctx, "Label 4321 ")
	s = waitFor("filtered", func(s listState) bool { return s.Drawn == 1 })
	if !strings.Contains(s.Text, "Active (1)") || !strings.Contains(s.Text, "Label 4321 for") || s.SetSize != "1" {
		t.Fatalf("filtered to one: %+v", s)
	}
	var ms float64
	if err := chromedp.Run(ctx, chromedp.Evaluate(`globalThis.mailkeyFilterMs`, &ms)); err != nil || ms <= 0 {
		t.Fatalf("the keystroke's time: %v (%v)", ms, err)
	}
	t.Logf("a keystroke at 10,000 entries: %.1f ms", ms)
}
