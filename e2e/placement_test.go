package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"mailkey/internal/browser"
	"mailkey/internal/demo"
)

// hintPlacement is where the hint's panel lies in its frame, and what of the
// page it covers.
type hintPlacement struct {
	Rect      rect
	Anchor    rect
	ViewW     float64
	ViewH     float64
	Covers    []string // the form's fields, labels and error lines under the panel
	ButtonOut []string // the hint's buttons outside the viewport or scrolled out of the panel
}

type rect struct{ Left, Top, Right, Bottom float64 }

func (r rect) String() string {
	return fmt.Sprintf("[%.0f,%.0f %.0fx%.0f]", r.Left, r.Top, r.Right-r.Left, r.Bottom-r.Top)
}

// readPlacement measures, in the content script's world of the hint's frame,
// the panel against what it must never cover: the fields, buttons and
// labels of the form it explains (a table cell holding only text is a
// label), and the page's messages (role=alert).
const readPlacement = `(() => {
  const host = document.querySelector('mailkey-hint');
  if (!host) return null;
  const panel = chrome.dom.openOrClosedShadowRoot(host).querySelector('.panel');
  const box = (r) => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom});
  const p = panel.getBoundingClientRect();
  const anchor = host.previousElementSibling;
  const form = anchor.closest('form') || anchor.parentElement;
  const shown = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; };
  const label = (e) => !e.matches('td,th') || (!e.querySelector('input,select,textarea,button') && e.textContent.trim() !== '');
  const guarded = [...form.querySelectorAll('input:not([type=hidden]),select,textarea,button,label,td,th')].filter(label)
    .concat([...document.querySelectorAll('[role=alert]')]).filter(shown);
  const meets = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.name ? '[name=' + e.name + ']' : '') +
    ' "' + (e.value || e.textContent || '').trim().slice(0, 30) + '" ' + JSON.stringify(box(e.getBoundingClientRect()));
  const viewW = document.documentElement.clientWidth, viewH = Math.min(innerHeight, document.documentElement.clientHeight || innerHeight);
  const out = [...panel.querySelectorAll('button, a.primary')].filter((b) => b.offsetParent !== null).filter((b) => {
    const r = b.getBoundingClientRect();
    return r.top < Math.max(0, p.top) || r.bottom > Math.min(viewH, p.bottom) || r.left < 0 || r.right > viewW;
  }).map((b) => b.textContent);
  return {rect: box(p), anchor: box(anchor.getBoundingClientRect()), viewW, viewH,
    covers: guarded.filter((e) => meets(e.getBoundingClientRect(), p)).map(name), buttonOut: out};
})()`

func placementOf(t *testing.T, b *browser.Browser, ctx context.Context, frame string) hintPlacement {
	t.Helper()
	var p hintPlacement
	if err := b.EvalInContentScript(ctx, frame, readPlacement, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

// checkPlacement: the panel covers none of the form and lies in the viewport.
func (p hintPlacement) check(t *testing.T, where string) {
	t.Helper()
	if len(p.Covers) > 0 {
		t.Errorf("%s: the hint %v covers %q", where, p.Rect, p.Covers)
	}
	if p.Rect.Left < 0 || p.Rect.Top < 0 || p.Rect.Right > p.ViewW+0.5 || p.Rect.Bottom > p.ViewH+0.5 {
		t.Errorf("%s: the hint %v leaves the %.0fx%.0f viewport", where, p.Rect, p.ViewW, p.ViewH)
	}
	if len(p.ButtonOut) > 0 {
		t.Errorf("%s: buttons out of sight: %q", where, p.ButtonOut)
	}
}

// Every demo page, in four window sizes: the hint is beside the form, never
// on it nor on the page's message, and inside the viewport with its buttons
// in sight.
func TestPlacementOnDemoPages(t *testing.T) {
	b, _ := launch(t, "en-US")
	for _, size := range []struct{ w, h int64 }{{1280, 800}, {1024, 768}, {800, 600}, {360, 640}} {
		for _, s := range demo.Scenes {
			t.Run(fmt.Sprintf("%s/%dx%d", s.Name, size.w, size.h), func(t *testing.T) {
				ctx := sceneTab(t, b, size.w, size.h)
				showDemoScene(t, b, ctx, s)
				placementOf(t, b, ctx, s.Frame).check(t, "placed")
				if t.Failed() {
					screenshot(t, ctx, s.Name)
				}
			})
		}
	}
}

// The hint follows its field: when the page scrolls, when the window
// shrinks, and when the page moves the dialog that holds the form.
func TestPlacementFollowsTheField(t *testing.T) {
	b, _ := launch(t, "en-US")
	s := demo.Scenes[2] // Gmail's dialog
	ctx := sceneTab(t, b, 1024, 600)
	showDemoScene(t, b, ctx, s)
	time.Sleep(500 * time.Millisecond) // the hint as last answered
	before := placementOf(t, b, ctx, s.Frame)
	before.check(t, "placed")
	for _, step := range []struct{ what, js string }{
		{"the dialog moved", `document.querySelector('[role=dialog]').style.marginLeft = '-20px'; document.querySelector('[role=dialog]').style.marginTop = '-30px'`},
		{"the page scrolled", `document.body.style.minHeight = '3000px'; scrollBy(0, 40)`},
	} {
		if err := b.EvalInFrame(ctx, s.Frame, step.js, nil); err != nil {
			t.Fatal(err)
		}
		time.Sleep(300 * time.Millisecond)
		after := placementOf(t, b, ctx, s.Frame)
		after.check(t, step.what)
		if after.Anchor == before.Anchor {
			t.Fatalf("%s: the field did not move (%v)", step.what, after.Anchor)
		}
		// The hint keeps its place beside the field: its left edge, and its
		// top or bottom edge (it may grow or shrink to the room it has).
		dx := (after.Rect.Left - after.Anchor.Left) - (before.Rect.Left - before.Anchor.Left)
		dTop := (after.Rect.Top - after.Anchor.Top) - (before.Rect.Top - before.Anchor.Top)
		dBottom := (after.Rect.Bottom - after.Anchor.Top) - (before.Rect.Bottom - before.Anchor.Top)
		if dx*dx > 4 || dTop*dTop > 4 && dBottom*dBottom > 4 {
			t.Errorf("%s: the field moved to %v, the hint to %v (it was %v beside %v)", step.what, after.Anchor, after.Rect, before.Rect, before.Anchor)
		}
		before = after
	}
	// "More" unfolds the details: the hint grows where there is room, its
	// body scrolls beyond it.
	if err := b.EvalInContentScript(ctx, s.Frame, `chrome.dom.openOrClosedShadowRoot(document.querySelector('mailkey-hint')).querySelector('summary').click()`, nil); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if h := waitHint(t, b, ctx, s.Frame, func(hintView) bool { return true }); !strings.Contains(h.Text, "forward its mail to your Gmail address") {
		t.Errorf("\"more\" did not unfold what to do instead:\n%s", h.Text)
	}
	placementOf(t, b, ctx, s.Frame).check(t, "more unfolded")
	if err := chromedp.Run(ctx, emulation.SetDeviceMetricsOverride(800, 500, 1, false)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	placementOf(t, b, ctx, s.Frame).check(t, "the window shrank to 800x500")
}

// screenshot keeps what a failed placement looked like, in the temp dir.
func screenshot(t *testing.T, ctx context.Context, name string) {
	var png []byte
	if err := chromedp.Run(ctx, chromedp.CaptureScreenshot(&png)); err != nil {
		t.Log(err)
		return
	}
	path := filepath.Join(os.TempDir(), "mailkey-placement-"+strings.ReplaceAll(t.Name(), "/", "-")+".png")
	if err := os.WriteFile(path, png, 0o644); err == nil {
		t.Logf("%s: screenshot %s", name, path)
	}
}

func sceneTab(t *testing.T, b *browser.Browser, w, h int64) context.Context {
	t.Helper()
	tab, cancel := b.NewTab()
	t.Cleanup(cancel)
	ctx, cancelT := context.WithTimeout(tab, 30*time.Second)
	t.Cleanup(cancelT)
	if err := chromedp.Run(ctx, emulation.SetDeviceMetricsOverride(w, h, 1, false)); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// showDemoScene opens a demo page as `mailkey demo` does and waits for the
// hint to settle.
func showDemoScene(t *testing.T, b *browser.Browser, ctx context.Context, s demo.Scene) {
	t.Helper()
	navigate(t, ctx, s.URL)
	if s.Field != "" {
		typeInto(t, b, ctx, s.Frame, s.Field, s.Address)
	}
	waitHint(t, b, ctx, s.Frame, func(hintView) bool { return true })
	// A person looks at the field: in a small window the page scrolls to it.
	if err := b.EvalInFrame(ctx, s.Frame, `document.querySelector('input[type=password]').scrollIntoView({block: 'nearest'})`, nil); err != nil {
		t.Fatal(err)
	}
	time.Sleep(400 * time.Millisecond) // later answers (the refusal's) placed
}

// Where no side has room (QQ Mail's collector in its iframe, 199 px wide in
// a 360 px window), the hint is compact: the title, the one action and
// "more". A person's click on "more" unfolds the whole hint, in the
// viewport, buttons in sight.
func TestPlacementCompactUnfolds(t *testing.T) {
	b, _ := launch(t, "en-US")
	s := demo.Scenes[0]
	ctx := sceneTab(t, b, 360, 640)
	showDemoScene(t, b, ctx, s)
	p := placementOf(t, b, ctx, s.Frame)
	p.check(t, "compact")
	h := waitHint(t, b, ctx, s.Frame, func(hintView) bool { return true })
	if len(h.Buttons) != 2 || !has(h.Buttons, "更多说明") || !strings.Contains(h.Text, "打开 Gmail 的生成页面") || strings.Contains(h.Text, "两步验证") {
		t.Fatalf("not the compact form: buttons %q, text:\n%s", h.Buttons, h.Text)
	}
	// The hint's "more" in the iframe, in the top window's coordinates.
	var at struct{ X, Y float64 }
	if err := b.EvalInContentScript(ctx, s.Frame, `(() => {
	  const root = chrome.dom.openOrClosedShadowRoot(document.querySelector('mailkey-hint'));
	  const r = root.querySelector('.expand').getBoundingClientRect();
	  return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()`, &at); err != nil {
		t.Fatal(err)
	}
	var frame struct{ X, Y float64 }
	if err := chromedp.Run(ctx, chromedp.Evaluate(`(() => { const f = document.querySelector('#mainFrame'), r = f.getBoundingClientRect();
	  return {x: r.left + f.clientLeft, y: r.top + f.clientTop}; })()`, &frame)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Run(ctx, chromedp.MouseClickXY(frame.X+at.X, frame.Y+at.Y)); err != nil {
		t.Fatal(err)
	}
	h = waitHint(t, b, ctx, s.Frame, func(h hintView) bool { return has(h.Buttons, "暂不") })
	if !strings.Contains(h.Text, "两步验证") || has(h.Buttons, "更多说明") {
		t.Errorf("unfolded: buttons %q, text:\n%s", h.Buttons, h.Text)
	}
	p = placementOf(t, b, ctx, s.Frame)
	if p.Rect.Left < 0 || p.Rect.Top < 0 || p.Rect.Right > p.ViewW+0.5 || p.Rect.Bottom > p.ViewH+0.5 || len(p.ButtonOut) > 0 {
		t.Errorf("unfolded: the hint %v in the %.0fx%.0f viewport, buttons out of sight %q", p.Rect, p.ViewW, p.ViewH, p.ButtonOut)
	}
}
