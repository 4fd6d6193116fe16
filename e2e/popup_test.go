package e2e

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"mailkey/internal/browser"
)

// openPopup opens the popup page as a tab and waits until Go has drawn it.
func openPopup(t *testing.T, b *browser.Browser) context.Context {
	t.Helper()
	return openPage(t, b, "extension/popup.html")
}

// openPage opens an extension page as a tab and waits until Go has drawn it.
func openPage(t *testing.T, b *browser.Browser, path string) context.Context {
	t.Helper()
	tab, cancel := b.NewTab()
	t.Cleanup(cancel)
	ctx, cancel2 := context.WithTimeout(tab, 60*time.Second)
	t.Cleanup(cancel2)
	if err := chromedp.Run(ctx, chromedp.Navigate(b.ExtensionURL(path)),
		chromedp.Poll(`typeof globalThis.mailkeyUIReady === 'number'`, nil, chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		t.Fatal(err)
	}
	return ctx
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	var s string
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.querySelector(`+quote(sel)+`).innerText`, &s)); err != nil {
		t.Fatal(err)
	}
	return s
}

// The Guide: type an address, get the provider's card; an unknown domain
// gets the neutral text. The tabs work from the keyboard.
func TestPopupGuide(t *testing.T) {
	b, _ := launch(t, "en-US")
	ctx := openPopup(t, b)
	// Arrow keys move between tabs.
	if err := chromedp.Run(ctx, chromedp.Focus(`#tab-page`, chromedp.ByQuery), chromedp.KeyEvent(kb.ArrowRight), chromedp.KeyEvent(kb.ArrowRight)); err != nil {
		t.Fatal(err)
	}
	var sel string
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.activeElement.id + ':' + document.querySelector('#panel-guide').hidden`, &sel)); err != nil {
		t.Fatal(err)
	}
	if sel != "tab-guide:false" {
		t.Fatalf("arrow keys: %s", sel)
	}
	if err := chromedp.Run(ctx, chromedp.SendKeys(`#guide-address`, "someone@163.com", chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	out := text(t, ctx, ".guide-out")
	if err := contains(out, "authorization code", "pop.163.com", "imap.163.com"); err != nil {
		t.Errorf("163 card: %v\n%s", err, out)
	}
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.querySelector('#guide-address').value = ''`, nil), chromedp.SendKeys(`#guide-address`, "me@example.org", chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	if out := text(t, ctx, ".guide-out"); !strings.Contains(out, "example.org") {
		t.Errorf("unknown: %s", out)
	}
	// The pages follow the system's dark mode.
	var bg string
	if err := chromedp.Run(ctx, emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}),
		chromedp.Evaluate(`getComputedStyle(document.body).backgroundColor`, &bg)); err != nil {
		t.Fatal(err)
	}
	if bg != "rgb(13, 17, 23)" {
		t.Errorf("dark background %s", bg)
	}
	// The popup opened as a tab is its own active tab: Mailkey does nothing there.
	if out := text(t, ctx, "#panel-page"); !strings.Contains(out, "Mailkey does nothing on this page") {
		t.Errorf("this page: %s", out)
	}
}

// "This page": the popup asks the worker what the active tab's frames found
// (kept in storage.session, so a worker stopped since still knows). The
// frame with the collector found it (its parent frame has nothing to say);
// a host outside the knowledge base has no sensor; a closed tab's finding goes.
func TestThisPageFinding(t *testing.T) {
	b, ctx := launch(t, "en-US")
	navigate(t, ctx, qqFrames+"?sid=test")
	typeInto(t, b, ctx, qqCollector, "#pop3_email", "someone@gmail.com")
	waitHint(t, b, ctx, qqCollector, func(h hintView) bool { return true })
	other, cancel := b.NewTab()
	defer cancel()
	navigate(t, other, "https://www.example.org/login")
	if err := b.StopWorkers(ctx); err != nil {
		t.Fatal(err)
	}
	popup := openPopup(t, b)
	ask := `(async () => { const out = [];
	  for (const tab of await chrome.tabs.query({})) {
	    const a = await chrome.runtime.sendMessage({type: 'tab-finding', tab: tab.id});
	    out.push(a && a.ok ? (a.finding || null) : 'refused'); }
	  return out; })()`
	var answers []any
	if err := chromedp.Run(popup, chromedp.Evaluate(ask, &answers, awaitPromise)); err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, a := range answers {
		if a == nil {
			continue
		}
		found++
		if f, _ := a.(map[string]any); f["kind"] != "collector" || f["provider"] != "google" || f["page"] != "qq" {
			t.Errorf("finding %v", a)
		}
	}
	if found != 1 {
		t.Fatalf("%d tabs found something, want only the QQ tab: %v", found, answers)
	}
	if err := chromedp.Run(ctx, page.Close()); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		answers = nil
		if err := chromedp.Run(popup, chromedp.Evaluate(ask, &answers, awaitPromise)); err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(answers, func(a any) bool { return a != nil }) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("a closed tab's finding is still kept: %v", answers)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
