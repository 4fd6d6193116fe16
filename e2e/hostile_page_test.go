package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mailkey/internal/browser"
)

const qqHostile = "https://mail.qq.com/cgi-bin/other_mailbox_hostile"

// pageRead is what the hostile page (mkHostile.read) learns of the hint.
type pageRead struct {
	ShadowRoot bool
	Text       string
	Children   int
	Hooked     int // shadow roots its attachShadow hook saw
	Serialized string
	Selection  string
}

// typeSafe focuses a field of a page whose document is clobbered (through
// the prototype), empties it, and types text with real key events.
func typeSafe(t *testing.T, b *browser.Browser, ctx context.Context, frame, sel, text string) {
	t.Helper()
	expr := `(() => { const e = Document.prototype.querySelector.call(document, ` + quote(sel) + `); e.value = ''; e.focus(); return true; })()`
	if err := b.EvalInFrame(ctx, frame, expr, nil); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Run(ctx, chromedp.KeyEvent(text)); err != nil {
		t.Fatal(err)
	}
}

// untouched fails if storage holds any ledger entry or dismissal.
func untouched(t *testing.T, b *browser.Browser, ctx context.Context, when string) {
	t.Helper()
	for k := range storage(t, b, ctx) {
		if strings.HasPrefix(k, "ledger/e/") || strings.HasPrefix(k, "dismiss/") {
			t.Fatalf("%s: an untrusted event wrote %s", when, k)
		}
	}
}

// A hostile page under default-src 'self': it clobbers the DOM names the
// sensor and the hint use (on window, document and the form), hooks
// attachShadow, clicks and keys at the hint synthetically, spams
// postMessage, restyles, moves and removes the hint's host. The hint shows
// and stays right (or goes away), the page reads nothing of it, no untrusted
// event writes anything, nothing Mailkey runs throws, and a form the page
// adds later still gets its hint.
func TestHostilePage(t *testing.T) {
	b, ctx := launch(t, "zh-CN")
	navigate(t, ctx, qqHostile+"?sid=test&csp=strict&addr=someone%40gmail.com")
	gmail := func(h hintView) bool { return strings.Contains(h.Title, "Gmail") }
	h := waitHint(t, b, ctx, qqHostile, gmail)
	if h.Count != 1 || !h.Sibling || h.Border != "4px" || !has(h.Buttons, "已生成：记入我的台账") {
		t.Fatalf("hint on the clobbered page: %+v", h)
	}

	read := func(when string) pageRead {
		t.Helper()
		var r pageRead
		if err := b.EvalInFrame(ctx, qqHostile, `mkHostile.read() || {}`, &r); err != nil {
			t.Fatal(err)
		}
		if r.ShadowRoot || r.Text != "" || r.Children != 0 || r.Hooked != 0 || r.Selection != "" ||
			strings.Contains(r.Serialized, "Gmail") || strings.Contains(r.Serialized, "panel") {
			t.Errorf("%s: the page reads into the hint: %+v", when, r)
		}
		return r
	}
	read("loaded")

	// Synthetic clicks and keys from the page, at the host and at what lies
	// at the hint's place.
	var n int
	if err := b.EvalInFrame(ctx, qqHostile, `mkHostile.click()`, &n); err != nil || n < 30 {
		t.Fatalf("page clicks: %d, %v", n, err)
	}
	time.Sleep(700 * time.Millisecond)
	untouched(t, b, ctx, "after the page's synthetic clicks")
	// And from the content script's own world, at each of the hint's
	// controls: click(), MouseEvent, Enter and Escape, a submit event.
	synthetic := `(() => { const root = chrome.dom.openOrClosedShadowRoot(document.querySelector('mailkey-hint')); let n = 0;
	  for (const el of root.querySelectorAll('button, a, input, form, .panel')) {
	    if (el.tagName === 'A') { el.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true})); n++; continue; }
	    if (el.type !== 'submit') { el.click(); n++; }
	    el.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true, composed: true}));
	    for (const key of ['Enter', ' ', 'Escape']) el.dispatchEvent(new KeyboardEvent('keydown', {key, bubbles: true, cancelable: true}));
	    el.dispatchEvent(new SubmitEvent('submit', {bubbles: true, cancelable: true})); n += 5;
	  }
	  return n; })()`
	if err := b.EvalInContentScript(ctx, qqHostile, synthetic, &n); err != nil || n < 20 {
		t.Fatalf("content-script clicks: %d, %v", n, err)
	}
	time.Sleep(700 * time.Millisecond)
	untouched(t, b, ctx, "after synthetic clicks")
	h = waitHint(t, b, ctx, qqHostile, gmail)
	if h.Status != "" || h.Count != 1 {
		t.Errorf("a synthetic event changed the hint: %+v", h)
	}

	// postMessage spam, malformed, to this window and the top one.
	start := time.Now()
	if err := b.EvalInFrame(ctx, qqHostile, `mkHostile.spam(5000)`, &n); err != nil || n != 5000 {
		t.Fatalf("spam: %d, %v", n, err)
	}
	time.Sleep(500 * time.Millisecond)
	untouched(t, b, ctx, "after postMessage spam")
	waitHint(t, b, ctx, qqHostile, gmail)
	t.Logf("5000 messages and the hint still there: %v", time.Since(start).Round(time.Millisecond))

	// Restyle, move, remove the host: the hint stays right or goes away;
	// a person's next change brings the right hint back.
	addrs := []string{"someone@yahoo.com", "someone@gmail.com"}
	for i, how := range []string{"none", "opacity", "position", "attr", "move", "remove"} {
		var ok bool
		if err := b.EvalInFrame(ctx, qqHostile, `mkHostile.restyle(`+quote(how)+`)`, &ok); err != nil || !ok {
			t.Fatalf("restyle %s: %v %v", how, ok, err)
		}
		time.Sleep(400 * time.Millisecond)
		var seen hintView
		if err := b.EvalInContentScript(ctx, qqHostile, readHint, &seen); err != nil {
			t.Fatal(err)
		}
		if seen.Present && (seen.Count != 1 || !strings.Contains(seen.Title, "邮箱") && !strings.Contains(seen.Title, "Gmail") && !strings.Contains(seen.Title, "Yahoo")) {
			t.Errorf("%s: the hint is neither right nor gone: %+v", how, seen)
		}
		if seen.Present {
			read(how)
		}
		addr := addrs[i%2]
		typeSafe(t, b, ctx, qqHostile, "#pop3_email", addr)
		want := map[string]string{"someone@yahoo.com": "Yahoo", "someone@gmail.com": "Gmail"}[addr]
		got := waitHint(t, b, ctx, qqHostile, func(h hintView) bool { return strings.Contains(h.Title, want) })
		if got.Count != 1 || !got.Sibling {
			t.Errorf("after %s, the new hint: %+v", how, got)
		}
	}
	untouched(t, b, ctx, "after restyling")

	// A form the page adds later gets its hint.
	if err := b.EvalInFrame(ctx, qqHostile, `mkHostile.addLater()`, nil); err != nil {
		t.Fatal(err)
	}
	typeSafe(t, b, ctx, qqHostile, "#later_email", "someone@163.com")
	later := waitHint(t, b, ctx, qqHostile, func(h hintView) bool {
		return !strings.Contains(h.Title, "Gmail") && !strings.Contains(h.Title, "Yahoo")
	})
	var next string
	if err := b.EvalInContentScript(ctx, qqHostile, `document.querySelector('mailkey-hint').previousElementSibling.id`, &next); err != nil || next != "later_pwd" {
		t.Errorf("the later form's hint is not at its password field (%q, %v): %+v", next, err, later)
	}
	read("later form")
	untouched(t, b, ctx, "at the end")
	if c := b.ConsoleText(); strings.Contains(c, "sensor.js") || strings.Contains(c, "hint.js") || strings.Contains(c, "mailkey") {
		t.Errorf("Mailkey's scripts threw or logged on the hostile page:\n%s", c)
	}
	// The check above can fail: a person's click dismisses.
	clickButton(t, b, ctx, qqHostile, "暂不")
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if _, ok := storage(t, b, ctx)["dismiss/mail.qq.com/netease"]; ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a trusted click on 暂不 was not stored: %v", storage(t, b, ctx))
		}
	}
}
