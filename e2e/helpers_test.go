// Package e2e tests Mailkey in Debian's Chromium with the extension loaded
// from the repository root, on local copies of provider pages served over
// HTTPS under the providers' real host names.
package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mailkey/internal/browser"
	"mailkey/internal/build"
	"mailkey/internal/sites"
	"mailkey/internal/syncserver"
	"mailkey/internal/variants"
)

var (
	root string        // the repository root: the unpacked extension
	site *sites.Server // the provider pages
)

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if !browser.Available() {
		fmt.Println("e2e: skipped, no /usr/bin/chromium (scripts/setup installs it)")
		return m.Run()
	}
	var err error
	if root, err = filepath.Abs(".."); err != nil {
		panic(err)
	}
	if _, err := build.Build(root); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: build:", err)
		return 1
	}
	if site, err = sites.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: sites:", err)
		return 1
	}
	hosts := []string{}
	for _, h := range variants.Hosts {
		hosts = append(hosts, h.Name)
	}
	site.Generate(hosts, variants.Serve)
	defer site.Close()
	defer syncserver.RemoveBuild()
	return m.Run()
}

// launch starts Chromium with Mailkey and returns it with a fresh tab, for
// a test of up to a minute.
func launch(t *testing.T, lang string) (*browser.Browser, context.Context) {
	t.Helper()
	return launchFor(t, lang, 60*time.Second)
}

// launchFor is launch for a test that takes up to d.
func launchFor(t *testing.T, lang string, d time.Duration) (*browser.Browser, context.Context) {
	t.Helper()
	if !browser.Available() {
		t.Skip("no /usr/bin/chromium")
	}
	b, err := browser.Launch(context.Background(), browser.Options{ExtensionDirs: []string{root}, Sites: site, Lang: lang})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	tab, cancel := b.NewTab()
	t.Cleanup(cancel)
	ctx, cancel2 := context.WithTimeout(tab, d)
	t.Cleanup(cancel2)
	return b, ctx
}

func navigate(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	if err := chromedp.Run(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
}

// typeInto focuses a field in a frame and types text with real key events.
func typeInto(t *testing.T, b *browser.Browser, ctx context.Context, frame, selector, text string) {
	t.Helper()
	if err := b.EvalInFrame(ctx, frame, `document.querySelector(`+quote(selector)+`).focus()`, nil); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Run(ctx, chromedp.KeyEvent(text)); err != nil {
		t.Fatal(err)
	}
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// hintView is what the hint shows, read through the content script's world
// (chrome.dom.openOrClosedShadowRoot): the page itself cannot read it.
type hintView struct {
	Present bool
	Count   int
	Lang    string
	Label   string // the panel's accessible name
	Title   string
	Text    string // what shows
	More    string // what "more" unfolds
	Links   []string
	Buttons []string
	Status  string
	Border  string // the panel's computed left border: proof the styles applied
	Color   string // the panel's computed background colour
	Sibling bool   // the host is the password field's next sibling
}

const readHint = `(() => {
  const hosts = document.querySelectorAll('mailkey-hint');
  if (!hosts.length) return {present: false, count: 0};
  const root = chrome.dom.openOrClosedShadowRoot(hosts[0]);
  const panel = root.querySelector('.panel');
  const cs = getComputedStyle(panel);
  const prev = hosts[0].previousElementSibling;
  return {
    present: true, count: hosts.length, lang: panel.lang, label: panel.getAttribute('aria-label'),
    title: root.querySelector('.title').textContent, text: panel.innerText,
    more: [...root.querySelectorAll('details:not([open]) > :not(summary)')].map((e) => e.textContent).join('\n'),
    links: [...root.querySelectorAll('a')].map(a => a.href),
    buttons: [...root.querySelectorAll('button')].filter(b => b.offsetParent !== null).map(b => b.textContent),
    status: root.querySelector('.status').textContent,
    border: cs.borderLeftWidth, color: cs.backgroundColor,
    sibling: !!prev && prev.type === 'password',
  };
})()`

// waitHint waits until the frame shows a hint for which ok is true.
func waitHint(t *testing.T, b *browser.Browser, ctx context.Context, frame string, ok func(hintView) bool) hintView {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	var h hintView
	for time.Now().Before(deadline) {
		h = hintView{}
		if err := b.EvalInContentScript(ctx, frame, readHint, &h); err != nil {
			t.Fatal(err)
		}
		if h.Present && ok(h) {
			return h
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no such hint in %s; last seen: %+v", frame, h)
	return h
}

// noHint checks that a frame shows no hint, after giving the sensor time.
func noHint(t *testing.T, b *browser.Browser, ctx context.Context, frame string) {
	t.Helper()
	time.Sleep(1500 * time.Millisecond)
	var h hintView
	if err := b.EvalInContentScript(ctx, frame, readHint, &h); err != nil {
		t.Fatal(err)
	}
	if h.Present {
		t.Fatalf("unexpected hint: %+v", h)
	}
}

// clickButton clicks, as a person would (a trusted event), the hint's
// button with the given text, in a top-level frame.
func clickButton(t *testing.T, b *browser.Browser, ctx context.Context, frame, text string) {
	t.Helper()
	var r struct{ X, Y float64 }
	expr := `(() => { const root = chrome.dom.openOrClosedShadowRoot(document.querySelector('mailkey-hint'));
	  const el = [...root.querySelectorAll('button')].find(b => b.textContent === ` + quote(text) + `); el.scrollIntoView({block: 'center'});
	  const r = el.getBoundingClientRect(); return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()`
	if err := b.EvalInContentScript(ctx, frame, expr, &r); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Run(ctx, chromedp.MouseClickXY(r.X, r.Y)); err != nil {
		t.Fatal(err)
	}
}

func has(list []string, want string) bool {
	for _, s := range list {
		if s == want {
			return true
		}
	}
	return false
}

func contains(s string, parts ...string) error {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return fmt.Errorf("lacks %q", p)
		}
	}
	return nil
}

// storage reads chrome.storage.local.
func storage(t *testing.T, b *browser.Browser, ctx context.Context) map[string]any {
	t.Helper()
	out := map[string]any{}
	if err := b.StorageItems(ctx, &out); err != nil {
		t.Fatal(err)
	}
	return out
}
