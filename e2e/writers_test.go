package e2e

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mailkey/internal/browser"
	"mailkey/internal/syncserver"
)

// Issue 12, finding 9: the popup, the checklist, five provider tabs and a
// sync round write the ledger at the same moment. The popup saves a note
// and the checklist confirms the same entries, each from what it read
// before the other wrote; the tabs add entries through their hints'
// intents; the sync round brings another browser's entries. Every write
// lands: each shared entry has the note and the confirmation, and every
// added and synced entry is stored.
func TestEveryWriterAtOnceLosesNothing(t *testing.T) {
	if !browser.Available() {
		t.Skip("no /usr/bin/chromium")
	}
	srv := syncserver.Start(t, syncserver.Options{})
	dir := extensionForLocalServer(t)
	a, err := browser.Launch(context.Background(), browser.Options{ExtensionDirs: []string{dir}, Sites: site, Lang: "en-US"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	other := launchWith(t, dir)

	// 40 entries in all: the popup draws the first 50 of a section, so the
	// open edit forms stay on the page.
	const shared, perTab, tabs, remote = 5, 6, 5, 5
	id := func(prefix string, i int) string { return fmt.Sprintf("%s%030x", prefix, i) }
	seeded := map[string]any{}
	for i := range shared {
		seeded["ledger/e/"+id("aa", i)] = entryAt(id("aa", i), "google", fmt.Sprintf("shared%d@gmail.com", i), fmt.Sprintf("Shared %d", i), day(-400), "", "")
	}
	optA := openPageFor(t, a, "extension/options.html", 3*time.Minute)
	seed(t, optA, seeded)
	code := turnOnSync(t, optA, srv.URL, "")

	// The other browser joins and adds entries this one has not seen.
	optB := openPageFor(t, other, "extension/options.html", 3*time.Minute)
	turnOnSync(t, optB, srv.URL, code)
	fromB := map[string]any{}
	for i := range remote {
		fromB["ledger/e/"+id("bb", i)] = entryAt(id("bb", i), "yahoo", "", fmt.Sprintf("Remote %d", i), day(-2), "", "")
	}
	seed(t, optB, fromB)
	syncNow(t, optB)

	// Five provider tabs, each with its hint up.
	tabCtx := make([]context.Context, tabs)
	for i := range tabCtx {
		tab, cancel := a.NewTab()
		t.Cleanup(cancel)
		ctx, cancel2 := context.WithTimeout(tab, 3*time.Minute)
		t.Cleanup(cancel2)
		navigate(t, ctx, qqCollector+"?sid=test&addr=someone%40gmail.com")
		waitHint(t, a, ctx, qqCollector, func(hintView) bool { return true })
		tabCtx[i] = ctx
	}
	popup := openPageFor(t, a, "extension/popup.html", 3*time.Minute)
	clickSel(t, popup, "#tab-ledger")
	waitText(t, popup, "#ledger-list", fmt.Sprintf("Active (%d)", shared))
	check := openPageFor(t, a, "extension/checklist.html", 3*time.Minute)
	waitText(t, check, "#check-groups", "Shared 4")
	// The popup's edit forms are open with a note typed, made from the
	// entries as they are now.
	for i := range shared {
		clickSel(t, popup, `button[data-key~="`+id("aa", i)+`:ledger_edit"]`)
		setVal(t, popup, "#ed-note-"+id("aa", i), fmt.Sprintf("note %d", i))
	}

	// All at once.
	var wg sync.WaitGroup
	fire := fmt.Sprintf(`(() => { const key = 'google|collector|pop3'; // the hint each tab was given: an intent names it
	  globalThis.__all = Promise.all([...Array(%d).keys()].map(i =>
	    chrome.runtime.sendMessage({type: 'intent', action: 'add', label: 'tab ' + i, key})));
	  return true; })()`, perTab)
	for _, ctx := range tabCtx {
		wg.Go(func() {
			if err := a.EvalInContentScript(ctx, qqCollector, fire, nil); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Go(func() { clickSel(t, optA, "#sync-now") })
	// The popup's save and the checklist's confirmation of each shared
	// entry at the same moment, by keyboard (the lists redraw as entries
	// arrive, so a click by position could miss).
	for i := range shared {
		var pair sync.WaitGroup
		pair.Go(func() { pressButton(t, popup, "#ed-note-"+id("aa", i)+" ~ .actions > button.primary") })
		pair.Go(func() { pressButton(t, check, `button[data-key="`+id("aa", i)+`:confirm"]`) })
		pair.Wait()
	}
	wg.Wait()

	for _, ctx := range tabCtx {
		var answers []map[string]any
		if err := a.EvalInContentScript(ctx, qqCollector, `globalThis.__all`, &answers); err != nil {
			t.Fatal(err)
		}
		for _, r := range answers {
			if r["ok"] != true {
				t.Fatalf("an intent failed: %v", r)
			}
		}
	}
	want := shared + tabs*perTab + remote
	var lost []string
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(300 * time.Millisecond) {
		l := ledgerIn(t, optA)
		lost = lost[:0]
		if len(l) != want {
			lost = append(lost, fmt.Sprintf("%d entries, want %d", len(l), want))
		}
		for i := range shared {
			e := l["ledger/e/"+id("aa", i)]
			if e["note"] != fmt.Sprintf("note %d", i) || e["confirmed"] != day(0) {
				lost = append(lost, fmt.Sprintf("Shared %d has note %q, confirmed %q", i, e["note"], e["confirmed"]))
			}
		}
		for i := range remote {
			if l["ledger/e/"+id("bb", i)] == nil {
				lost = append(lost, fmt.Sprintf("Remote %d did not arrive", i))
			}
		}
		if len(lost) == 0 {
			break
		}
	}
	// Nothing was kept back: every change was carried over, none refused.
	for _, ctx := range []context.Context{popup, check} {
		var shown string
		if err := chromedp.Run(ctx, chromedp.Evaluate(`[...document.querySelectorAll('.err')].map(e => e.innerText).join(' ')`, &shown)); err != nil {
			t.Fatal(err)
		}
		if strings.TrimSpace(shown) != "" {
			lost = append(lost, "a page shows: "+shown)
		}
	}
	if len(lost) > 0 {
		t.Fatalf("writes lost:\n%s", strings.Join(lost, "\n"))
	}
	waitText(t, optA, "#sync-status", "Synced.")
}

// pressButton presses Enter on a button until it was clicked: a redraw at
// that instant can take the focus away (or replace the button).
func pressButton(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	mark := `(() => { const b = document.querySelector(` + quote(sel) + `); globalThis.__clicked = false; if (!b) return false;
	  b.addEventListener('click', () => { globalThis.__clicked = true; }); b.focus(); return true; })()`
	for try := 0; try < 5; try++ {
		var found, clicked bool
		if err := chromedp.Run(ctx, chromedp.Evaluate(mark, &found)); err != nil {
			t.Error(err)
			return
		}
		if !found {
			if try == 0 {
				t.Errorf("no %s", sel)
			}
			return // clicked before, and drawn anew since
		}
		if err := chromedp.Run(ctx, chromedp.KeyEvent("\r"), chromedp.Evaluate(`globalThis.__clicked`, &clicked)); err != nil {
			t.Error(err)
			return
		}
		if clicked {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Errorf("%s was never clicked", sel)
}
