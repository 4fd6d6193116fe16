package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"mailkey/internal/browser"
)

// focus is what has the keyboard focus, and whether it shows it.
type focus struct {
	Tag, ID, Name, Role string
	Indicator           string // the computed outline or box-shadow; "" when there is none
	InHint              bool   // inside the hint's closed shadow root
}

func (f focus) String() string {
	return fmt.Sprintf("<%s id=%q role=%q> %q (indicator %q)", strings.ToLower(f.Tag), f.ID, f.Role, f.Name, f.Indicator)
}

// readFocus describes the focused element, following the focus into the
// hint's closed root where the world allows it (the content script's).
const readFocus = `(() => {
  let el = document.activeElement, inHint = false;
  while (el && el.tagName === 'MAILKEY-HINT' && globalThis.chrome && chrome.dom) {
    el = chrome.dom.openOrClosedShadowRoot(el).activeElement;
    inHint = true;
  }
  if (!el || el === document.body || el === document.documentElement) return {tag: 'BODY'};
  const cs = getComputedStyle(el);
  let indicator = '';
  // A date field's calendar button is a Tab stop inside the field (the
  // field stays the active element but no longer matches :focus). Its ring
  // (pages.css styles ::-webkit-calendar-picker-indicator:focus-visible) is
  // on a pseudo-element that getComputedStyle cannot read: named as such.
  if (el.type === 'date' && !el.matches(':focus')) indicator = 'the calendar button\'s ring';
  else if (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) indicator = cs.outlineStyle + ' ' + cs.outlineWidth + ' ' + cs.outlineColor;
  else if (cs.boxShadow && cs.boxShadow !== 'none') indicator = cs.boxShadow;
  const name = (el.getAttribute('aria-label') || (el.labels && el.labels[0] && el.labels[0].textContent) || el.textContent || '').trim().slice(0, 80);
  return {tag: el.tagName, id: el.id, name, role: el.getAttribute('role') || '', indicator, inHint};
})()`

// keyboard drives a tab (an extension page, or a web page's content-script
// world for the hint) with real key events only.
type keyboard struct {
	t     *testing.T
	ctx   context.Context
	b     *browser.Browser
	frame string // set: read the focus in this frame's content-script world
}

func (k keyboard) focus() focus {
	k.t.Helper()
	var f focus
	var err error
	if k.frame != "" {
		err = k.b.EvalInContentScript(k.ctx, k.frame, readFocus, &f)
	} else {
		err = chromedp.Run(k.ctx, chromedp.Evaluate(readFocus, &f))
	}
	if err != nil {
		k.t.Fatal(err)
	}
	return f
}

// press sends keys (with modifiers, if any) and checks that whatever has
// the focus afterwards shows it.
func (k keyboard) press(key string, mods ...input.Modifier) focus {
	k.t.Helper()
	var opts []chromedp.KeyOption
	if len(mods) > 0 {
		opts = append(opts, chromedp.KeyModifiers(mods...))
	}
	if err := chromedp.Run(k.ctx, chromedp.KeyEvent(key, opts...)); err != nil {
		k.t.Fatal(err)
	}
	f := k.focus()
	if f.Tag != "BODY" && f.Indicator == "" {
		k.t.Errorf("after %q the focus is invisible: %v", key, f)
	}
	return f
}

// typeText types into the focused field.
func (k keyboard) typeText(s string) {
	k.t.Helper()
	if err := chromedp.Run(k.ctx, chromedp.KeyEvent(s)); err != nil {
		k.t.Fatal(err)
	}
}

// tabTo presses Tab (or Shift+Tab) until ok holds for the focus, at most
// max times, checking that every stop shows its focus.
func (k keyboard) tabTo(what string, max int, ok func(focus) bool, mods ...input.Modifier) focus {
	k.t.Helper()
	var seen []string
	for i := 0; i < max; i++ {
		f := k.press(kb.Tab, mods...)
		if ok(f) {
			return f
		}
		seen = append(seen, f.String())
	}
	k.t.Fatalf("Tab never reached %s; it went through:\n  %s", what, strings.Join(seen, "\n  "))
	return focus{}
}

// expect checks where the focus is.
func (k keyboard) expect(what string, ok func(focus) bool) focus {
	k.t.Helper()
	f := k.focus()
	if !ok(f) {
		k.t.Fatalf("the focus should be on %s; it is on %v", what, f)
	}
	if f.Tag != "BODY" && f.Indicator == "" {
		k.t.Errorf("the focus on %s is invisible: %v", what, f)
	}
	return f
}

// settle is expect for a focus that follows a write: the page moves it when
// the worker's writer has stored the change and the page has drawn it.
func (k keyboard) settle(what string, ok func(focus) bool) focus {
	k.t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if ok(k.focus()) {
			break
		}
	}
	return k.expect(what, ok)
}

func byID(id string) func(focus) bool     { return func(f focus) bool { return f.ID == id } }
func byName(name string) func(focus) bool { return func(f focus) bool { return f.Name == name } }
func idPrefix(p string) func(focus) bool {
	return func(f focus) bool { return strings.HasPrefix(f.ID, p) }
}
func nameIs(tag, name string) func(focus) bool {
	return func(f focus) bool { return f.Tag == tag && f.Name == name }
}

// The popup's main flows by keyboard alone: Tab to the tabs, arrow keys
// between them, add an entry by hand, edit it, confirm it, mark it revoked,
// mark it active again, delete it and undo. The focus is always visible and
// always somewhere useful: never dropped to the page's body.
func TestKeyboardPopup(t *testing.T) {
	b, _ := launch(t, "en-US")
	ctx := openPopup(t, b)
	if err := chromedp.Run(ctx, page.BringToFront()); err != nil {
		t.Fatal(err)
	}
	k := keyboard{t: t, ctx: ctx, b: b}

	k.tabTo("the selected tab", 5, byID("tab-page"))
	if f := k.press(kb.ArrowRight); f.ID != "tab-ledger" {
		t.Fatalf("ArrowRight: %v", f)
	}
	waitText(t, ctx, "#ledger-list", "Your ledger is empty")
	if f := k.press(kb.ArrowRight); f.ID != "tab-guide" {
		t.Fatalf("ArrowRight: %v", f)
	}
	if f := k.press(kb.ArrowRight); f.ID != "tab-page" {
		t.Fatalf("ArrowRight wraps: %v", f)
	}
	if f := k.press(kb.ArrowLeft); f.ID != "tab-guide" {
		t.Fatalf("ArrowLeft wraps: %v", f)
	}
	if f := k.press(kb.Home); f.ID != "tab-page" {
		t.Fatalf("Home: %v", f)
	}
	if f := k.press(kb.End); f.ID != "tab-guide" {
		t.Fatalf("End: %v", f)
	}
	k.press(kb.ArrowLeft)
	var hidden string
	if err := chromedp.Run(ctx, chromedp.Evaluate(`[...document.querySelectorAll('[role=tabpanel]')].map(p => p.hidden).join()`, &hidden)); err != nil || hidden != "true,false,true" {
		t.Fatalf("the Ledger panel is not the one shown: %s (%v)", hidden, err)
	}
	// Tab leaves the tab list for the panel, then its controls.
	if f := k.press(kb.Tab); f.ID != "panel-ledger" {
		t.Fatalf("Tab from the tab list: %v", f)
	}

	// Add by hand.
	k.tabTo("Add by hand", 6, byID("ledger-add"))
	if f := k.press(kb.Enter); f.ID != "add-provider" {
		t.Fatalf("the add form does not take the focus: %v", f)
	}
	k.typeText("Gmail") // a closed list picks the option typed
	var prov string
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.querySelector('#add-provider').value`, &prov)); err != nil || prov != "google" {
		t.Fatalf("typing picked %q (%v)", prov, err)
	}
	k.tabTo("the address", 1, byID("add-account"))
	k.typeText("kb.user@gmail.com")
	k.tabTo("the label", 1, byID("add-label"))
	k.typeText("Keyboard Thunderbird")
	k.tabTo("used by", 1, byID("add-used"))
	k.typeText("Thunderbird")
	k.press(kb.Enter)
	waitText(t, ctx, "#ledger-list", "Keyboard Thunderbird")
	k.expect("the search field, after adding", byID("ledger-search"))

	// Edit: the form takes the focus; after saving, the focus is back on Edit.
	k.tabTo("Edit", 12, byName("Edit"))
	if f := k.press(kb.Enter); !strings.HasPrefix(f.ID, "ed-label-") {
		t.Fatalf("the edit form does not take the focus: %v", f)
	}
	k.press(kb.End)
	k.typeText(" (laptop)")
	k.press(kb.Enter)
	waitText(t, ctx, "#ledger-list", "Keyboard Thunderbird (laptop)")
	k.expect("Edit, after saving", byName("Edit"))
	// Cancel returns the focus to the button that opened the form.
	k.press(" ")
	k.expect("the edit form", idPrefix("ed-label-"))
	k.tabTo("Cancel", 8, byName("Cancel"))
	k.press(kb.Enter)
	k.expect("Edit, after cancelling", byName("Edit"))

	// Still in use, by keyboard: the focus stays on the entry.
	k.tabTo("Still in use", 6, byName("Still in use"), input.ModifierShift)
	k.press(kb.Enter)
	waitText(t, ctx, "#ledger-list", "last confirmed in use")
	k.expect("Still in use, after confirming", byName("Still in use"))

	// Mark revoked: the form takes the focus (the day), then how.
	k.tabTo("Mark revoked…", 2, byName("Mark revoked…"))
	if f := k.press(kb.Enter); !strings.HasPrefix(f.ID, "rv-day-") {
		t.Fatalf("the revoke form does not take the focus: %v", f)
	}
	k.tabTo("how", 4, idPrefix("rv-how-"))
	k.typeText("deleted at Google")
	k.press(kb.Enter)
	waitText(t, ctx, "#ledger-list", "Revoked (1)")
	k.expect("the revoked entry's first action", byName("Mark active again"))
	k.press(kb.Enter)
	waitText(t, ctx, "#ledger-list", "Active (1)")
	k.expect("the active entry's first action", byName("Still in use"))

	// Delete, and undo: the focus goes to Undo, then back to the entry.
	k.tabTo("Delete", 4, byName("Delete"))
	k.press(kb.Enter)
	waitText(t, ctx, "#ledger-list", "Your ledger is empty")
	k.expect("Undo", byID("undo"))
	k.press(" ")
	waitText(t, ctx, "#ledger-list", "Keyboard Thunderbird (laptop)")
	k.expect("the restored entry", byName("Still in use"))
	entries := ledgerEntries(t, b, ctx)
	if len(entries) != 1 {
		t.Fatalf("entries: %v", entries)
	}
	for _, e := range entries {
		if e["label"] != "Keyboard Thunderbird (laptop)" || e["account"] != "kb.user@gmail.com" || e["revoked"] != "" || e["deleted"] != float64(0) {
			t.Errorf("entry after the keyboard flow: %v", e)
		}
	}
}

// The hint by keyboard: Tab from the password field into the hint (its
// closed root), open "add to my ledger" with Space, save with Enter, and
// the entry is in the ledger.
func TestKeyboardHint(t *testing.T) {
	b, ctx := launch(t, "en-US")
	if err := chromedp.Run(ctx, page.BringToFront()); err != nil {
		t.Fatal(err)
	}
	navigate(t, ctx, zohoPop)
	typeInto(t, b, ctx, zohoPop, `input[type=email]`, "someone@yahoo.com")
	waitHint(t, b, ctx, zohoPop, func(h hintView) bool { return h.Lang == "en" && strings.Contains(h.Title, "Yahoo") })
	if err := b.EvalInFrame(ctx, zohoPop, `document.querySelector('input[type=password]').focus()`, nil); err != nil {
		t.Fatal(err)
	}
	k := keyboard{t: t, ctx: ctx, b: b, frame: zohoPop}
	if f := k.press(kb.Tab); !f.InHint {
		t.Fatalf("Tab from the password field does not enter the hint: %v", f)
	}
	k.expect("the hint's close button", func(f focus) bool { return f.InHint && f.Tag == "BUTTON" })
	k.tabTo("add to my ledger", 12, nameIs("BUTTON", "I made it: add to my ledger"))
	if f := k.press(" "); f.Tag != "INPUT" || !f.InHint {
		t.Fatalf("the form does not take the focus: %v", f)
	}
	k.press("a", input.ModifierCtrl)
	k.typeText("Yahoo for Zoho")
	k.press(kb.Enter)
	h := waitHint(t, b, ctx, zohoPop, func(h hintView) bool { return h.Status != "" })
	if !strings.Contains(h.Status, "Yahoo for Zoho") {
		t.Errorf("status %q", h.Status)
	}
	k.expect("the hint's close button, after saving", func(f focus) bool { return f.InHint && f.Tag == "BUTTON" })
	found := false
	for _, e := range ledgerEntries(t, b, ctx) {
		found = found || e["label"] == "Yahoo for Zoho"
	}
	if !found {
		t.Fatalf("the entry added by keyboard is not in the ledger: %v", ledgerEntries(t, b, ctx))
	}
	// Escape closes the hint; the focus stays usable.
	if err := chromedp.Run(ctx, chromedp.KeyEvent(kb.Escape)); err != nil {
		t.Fatal(err)
	}
	noHint(t, b, ctx, zohoPop)
}

// Every control of the options page and of the checklist is reached by Tab,
// in order, each showing its focus; Shift+Tab goes back.
func TestKeyboardOptionsAndChecklist(t *testing.T) {
	b, _ := launch(t, "en-US")
	ctx := openPage(t, b, "extension/options.html")
	// #sync-on is enabled once the passphrase estimator (strength.wasm) is up.
	if err := chromedp.Run(ctx, page.BringToFront(), chromedp.WaitVisible("#sync-on", chromedp.ByQuery),
		chromedp.Poll(`!document.querySelector('#sync-on').disabled`, nil)); err != nil {
		t.Fatal(err)
	}
	k := keyboard{t: t, ctx: ctx, b: b}
	for _, id := range []string{"lang-choice", "sync-server", "sync-code", "sync-pass", "sync-name", "sync-on"} {
		if f := k.press(kb.Tab); f.ID != id {
			t.Fatalf("Tab: %v, want #%s", f, id)
		}
	}
	if f := k.press(kb.Tab, input.ModifierShift); f.ID != "sync-name" {
		t.Fatalf("Shift+Tab: %v", f)
	}
	// An empty server, from the keyboard: the error says so and the focus
	// goes to the field to fix.
	k.press(kb.Tab)
	k.press(kb.Enter)
	waitText(t, ctx, "#sync-err", "")
	k.expect("the server field", byID("sync-server"))

	seed(t, ctx, a11yLedger())
	ctx = openChecklist(t, b)
	if err := chromedp.Run(ctx, page.BringToFront()); err != nil {
		t.Fatal(err)
	}
	waitText(t, ctx, "#check-groups", "QQ Mail POP collector")
	k = keyboard{t: t, ctx: ctx, b: b}
	var want []string
	if err := chromedp.Run(ctx, chromedp.Evaluate(`[...document.querySelectorAll('a[href], button, input, select, textarea')]
	  .filter(e => e.offsetParent && !e.disabled && !(e.type === 'radio' && !e.checked)).map(e => e.id || e.textContent.trim())`, &want)); err != nil {
		t.Fatal(err)
	}
	var got []string
	for range want {
		f := k.press(kb.Tab)
		if f.ID != "" {
			got = append(got, f.ID)
		} else {
			got = append(got, f.Name)
		}
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Tab order:\n got  %q\n want %q", got, want)
	}
	// The filter is a radio group: arrow keys move in it.
	k.tabTo("the filter", len(want), byID("filter-due"), input.ModifierShift)
	if f := k.press(kb.ArrowRight); f.ID != "filter-active" {
		t.Fatalf("ArrowRight in the filter: %v", f)
	}
	waitText(t, ctx, "#check-groups", "Laptop Thunderbird")
	// Mark revoked, Undo: the focus follows.
	k.tabTo("Mark revoked", 8, byName("Mark revoked"))
	k.press(kb.Enter)
	k.expect("Undo", byID("check-undo"))
	k.press(kb.Enter)
	k.settle("the entry again", byName("Mark revoked"))
}
