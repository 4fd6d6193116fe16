package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

const (
	qqFrames    = "https://mail.qq.com/cgi-bin/frame_html"
	qqCollector = "https://mail.qq.com/cgi-bin/other_mailbox"
	gmailApp    = "https://mail.google.com/mail/u/0/"
	zohoPop     = "https://mail.zoho.com/zm/"
)

// QQ Mail's collector lives in the mainFrame iframe; a Gmail address typed
// there gets the Gmail hint, in Chinese because the page is Chinese (the
// browser is English), with Gmail's links.
func TestQQCollectorInIframe(t *testing.T) {
	b, ctx := launch(t, "en-US")
	navigate(t, ctx, qqFrames+"?sid=test")
	typeInto(t, b, ctx, qqCollector, "#pop3_email", "someone@gmail.com")
	// The hint of the whole address, not of one typed halfway ("gmail.co").
	h := waitHint(t, b, ctx, qqCollector, func(h hintView) bool { return strings.Contains(h.Title, "Gmail") })
	if h.Lang != "zh-CN" || h.Title != "这里要填 Gmail 的应用专用密码，不是登录密码" {
		t.Errorf("language/provider: lang %q title %q", h.Lang, h.Title)
	}
	for _, link := range []string{"https://myaccount.google.com/apppasswords", "https://mail.google.com/mail/u/0/#settings/fwdandpop",
		"https://myaccount.google.com/signinoptions/two-step-verification", "https://support.google.com/accounts/answer/185833"} {
		if !has(h.Links, link) {
			t.Errorf("hint lacks link %s: %v", link, h.Links)
		}
	}
	// The short form: the title, the action and why; the servers under "more".
	if err := contains(h.Text, "两步验证", "更多说明"); err != nil {
		t.Errorf("hint text %v:\n%s", err, h.Text)
	}
	if err := contains(h.More, "pop.gmail.com", "995"); err != nil || strings.Contains(h.Text, "pop.gmail.com") {
		t.Errorf("what \"more\" unfolds %v:\n%s\nshown:\n%s", err, h.More, h.Text)
	}
	if !has(h.Buttons, "已生成：记入我的台账") || !has(h.Buttons, "暂不") {
		t.Errorf("buttons %v", h.Buttons)
	}
	if h.Count != 1 || !h.Sibling || h.Border != "4px" {
		t.Errorf("one styled hint right after the password field: %+v", h)
	}
	if h.Label != "Mailkey：Gmail 需要的密码" {
		t.Errorf("accessible name %q", h.Label)
	}
	pageCannotReach(t, b, ctx, qqCollector)
}

// pageCannotReach checks, from the page's own world, that the hint's host is
// an empty box: closed shadow root, no text, no children.
func pageCannotReach(t *testing.T, b interface {
	EvalInFrame(ctx context.Context, frame, expr string, out any) error
}, ctx context.Context, frame string) {
	t.Helper()
	var seen struct {
		Hosts      int
		ShadowRoot bool
		Text       string
		Children   int
	}
	expr := `(() => { const h = document.querySelector('mailkey-hint');
	  return {hosts: document.querySelectorAll('mailkey-hint').length, shadowRoot: h.shadowRoot !== null,
	    text: h.textContent + h.innerText, children: h.children.length}; })()`
	if err := b.EvalInFrame(ctx, frame, expr, &seen); err != nil {
		t.Fatal(err)
	}
	if seen.Hosts != 1 || seen.ShadowRoot || seen.Text != "" || seen.Children != 0 {
		t.Errorf("the page can see into the hint: %+v", seen)
	}
}

// Gmail's settings are a single-page app: the collector form appears two
// seconds after load. The hint follows it, in English, and says what is
// true there: Gmail no longer fetches other mailboxes, so it sends nobody
// to make a Yahoo app password; it says what to do instead.
func TestLateFormEnglish(t *testing.T) {
	b, ctx := launch(t, "en-US")
	navigate(t, ctx, gmailApp+"#settings/accounts")
	if err := chromedp.Run(ctx, chromedp.WaitVisible(`input[name=password]`, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	typeInto(t, b, ctx, gmailApp, `input[name=email]`, "someone@yahoo.com")
	h := waitHint(t, b, ctx, gmailApp, func(h hintView) bool { return strings.Contains(h.Text+h.More, "Yahoo Mail") })
	if h.Lang != "en" || h.Title != "Gmail no longer fetches mail from other mailboxes" {
		t.Errorf("lang %q title %q", h.Lang, h.Title)
	}
	if err := contains(h.Text+h.More, "forward its mail to your Gmail address", "as of 2026-12-03"); err != nil {
		t.Error(err)
	}
	if has(h.Links, "https://login.yahoo.com/myaccount/security/app-password") || has(h.Buttons, "I made it: add to my ledger") {
		t.Errorf("the closed collector's hint sends people to make a password: links %v buttons %v", h.Links, h.Buttons)
	}
	pageCannotReach(t, b, ctx, gmailApp)
}

// Zoho Mail's POP accounts form, a Yahoo address typed: the Yahoo hint, in
// English, with the link to Yahoo's app-password page.
func TestCollectorEnglish(t *testing.T) {
	b, ctx := launch(t, "en-US")
	navigate(t, ctx, zohoPop)
	typeInto(t, b, ctx, zohoPop, `input[type=email]`, "someone@yahoo.com")
	h := waitHint(t, b, ctx, zohoPop, func(h hintView) bool { return strings.Contains(h.Title, "Yahoo") })
	if h.Lang != "en" || !strings.HasPrefix(h.Title, "Yahoo Mail wants an app password") {
		t.Errorf("lang %q title %q", h.Lang, h.Title)
	}
	if !has(h.Links, "https://login.yahoo.com/myaccount/security/app-password") {
		t.Errorf("links %v", h.Links)
	}
}

// A page that sends Content-Security-Policy: default-src 'self' still gets
// a working, styled hint.
func TestStrictCSP(t *testing.T) {
	b, ctx := launch(t, "zh-CN")
	navigate(t, ctx, qqCollector+"?sid=test&addr=someone%40qq.com&csp=strict")
	h := waitHint(t, b, ctx, qqCollector, func(h hintView) bool { return true })
	if !strings.Contains(h.Title, "QQ 邮箱") || !strings.Contains(h.Title, "授权码") || h.Border != "4px" {
		t.Errorf("hint under strict CSP: %+v", h)
	}
}

// Submitting the form shows QQ's relay of Gmail's refusal; the hint explains it.
func TestRefusal(t *testing.T) {
	b, ctx := launch(t, "zh-CN")
	navigate(t, ctx, qqCollector+"?sid=test&addr=someone%40gmail.com")
	waitHint(t, b, ctx, qqCollector, func(h hintView) bool { return true })
	if err := chromedp.Run(ctx, chromedp.Click(`#pop3_submit`, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	h := waitHint(t, b, ctx, qqCollector, func(h hintView) bool { return strings.Contains(h.Text, "这条错误的意思") })
	if err := contains(h.Text, "Application-specific password required", "Gmail 拒绝了账号密码，因为开启了两步验证"); err != nil {
		t.Errorf("refusal: %v\n%s", err, h.Text)
	}
	// The generic refusal (a non-Gmail address) is explained for that provider.
	navigate(t, ctx, qqCollector+"?sid=test&addr=someone%40yahoo.com&refused=1")
	h = waitHint(t, b, ctx, qqCollector, func(h hintView) bool { return strings.Contains(h.Text, "这条错误的意思") })
	if err := contains(h.Text, "密码错误，请重新输入。", "Yahoo"); err != nil {
		t.Errorf("generic refusal: %v\n%s", err, h.Text)
	}
}

// A provider page without a password field gets no hint, though the sensor runs there.
func TestNoPasswordFieldNoHint(t *testing.T) {
	b, ctx := launch(t, "zh-CN")
	navigate(t, ctx, "https://mail.qq.com/cgi-bin/mail_list?sid=test")
	var running bool
	if err := b.EvalInContentScript(ctx, "https://mail.qq.com/cgi-bin/mail_list", `globalThis.mailkeySensor === true`, &running); err != nil || !running {
		t.Fatalf("sensor not running: %v", err)
	}
	noHint(t, b, ctx, "https://mail.qq.com/cgi-bin/mail_list")
}

// A host outside the knowledge base gets no content script at all.
func TestOutsideKnowledgeBase(t *testing.T) {
	b, ctx := launch(t, "en-US")
	navigate(t, ctx, "https://www.example.org/login")
	typeInto(t, b, ctx, "https://www.example.org/login", `input[type=email]`, "someone@gmail.com")
	short, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := b.EvalInContentScript(short, "https://www.example.org/login", `1`, nil); err == nil {
		t.Fatal("Mailkey's content script runs on www.example.org")
	}
	var hosts int
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.querySelectorAll('mailkey-hint').length`, &hosts)); err != nil || hosts != 0 {
		t.Fatalf("hint hosts %d, %v", hosts, err)
	}
}

// The service worker is stopped before the form appears: the sensor's
// message wakes it, Go starts again, and the hint is shown.
func TestWorkerStoppedBeforeForm(t *testing.T) {
	b, ctx := launch(t, "zh-CN")
	navigate(t, ctx, "https://mail.qq.com/cgi-bin/other_mailbox_late?sid=test&addr=someone%40gmail.com&late=5000")
	if err := b.StopWorkersWait(ctx, 3*time.Second); err != nil {
		t.Fatal(err)
	}
	var formShown bool
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.querySelector('#frm') !== null`, &formShown)); err != nil || formShown {
		t.Fatalf("the form was already shown when the worker stopped (%v)", err)
	}
	t.Cleanup(func() {
		if !t.Failed() {
			return
		}
		var work, page string
		_ = b.EvalInContentScript(ctx, "https://mail.qq.com/cgi-bin/other_mailbox_late", `JSON.stringify(globalThis.mailkeySensorWork)`, &work)
		_ = chromedp.Run(ctx, chromedp.Evaluate(`JSON.stringify({form: !!document.querySelector('#frm'), pw: document.querySelectorAll('input[type=password]').length, t: performance.now()})`, &page))
		running, _ := b.WorkerRunning()
		t.Logf("sensor %s; page %s; worker running %v", work, page, running)
	})
	h := waitHint(t, b, ctx, "https://mail.qq.com/cgi-bin/other_mailbox_late", func(h hintView) bool { return true })
	if !strings.Contains(h.Title, "Gmail") {
		t.Errorf("title %q", h.Title)
	}
	// The worker woken by the message read what its first answer needed
	// (the language chosen, what the tab's frames found) while Go was
	// starting. (Something else may wake it before the form comes: then
	// Go was ready for the message and nothing needed reading ahead.)
	wctx, cancel, err := b.AttachWorker()
	if err != nil {
		t.Fatal(err)
	}
	defer cancel()
	var start struct{ TakenAhead, Message, Ready float64 }
	if err := chromedp.Run(wctx, chromedp.Evaluate(`globalThis.mailkeyStartup`, &start)); err != nil {
		t.Fatal(err)
	}
	switch {
	case start.Message == 0 || start.Message > start.Ready:
		t.Logf("the worker was woken before the form's message (Go ready at %.0f ms, the first message at %.0f ms)", start.Ready, start.Message)
	case start.TakenAhead < 2:
		t.Errorf("the first answer took %v reads started ahead, want the language and the tab's record", start.TakenAhead)
	}
}

// The browser drops a message to a worker that is stopping as it arrives,
// and a message can stay unanswered. Here the form's first snapshot fails
// as a dropped message does and the next never settles: the sensor sends
// again by itself each time, and the form gets its hint without the page
// changing again.
func TestDroppedSnapshotSentAgain(t *testing.T) {
	b, ctx := launch(t, "zh-CN")
	const page = "https://mail.qq.com/cgi-bin/other_mailbox_late"
	navigate(t, ctx, page+"?sid=test&addr=someone%40gmail.com&late=1000")
	drop := `(() => { const real = chrome.runtime.sendMessage.bind(chrome.runtime); globalThis.__dropped = 0;
  chrome.runtime.sendMessage = (m) => {
    if (!m || m.type !== 'snapshot' || globalThis.__dropped >= 2) return real(m);
    return globalThis.__dropped++ === 0
      ? Promise.reject(new Error('Could not establish connection. Receiving end does not exist.'))
      : new Promise(() => {});
  };
  return true; })()`
	if err := b.EvalInContentScript(ctx, page, drop, nil); err != nil {
		t.Fatal(err)
	}
	h := waitHint(t, b, ctx, page, func(h hintView) bool { return true })
	if !strings.Contains(h.Title, "Gmail") {
		t.Errorf("title %q", h.Title)
	}
	var dropped int
	if err := b.EvalInContentScript(ctx, page, `globalThis.__dropped`, &dropped); err != nil || dropped != 2 {
		t.Fatalf("%d snapshots dropped, want 2 (%v)", dropped, err)
	}
}

// The hint follows the system's dark mode.
func TestDarkMode(t *testing.T) {
	b, ctx := launch(t, "en-US")
	navigate(t, ctx, qqCollector+"?sid=test&addr=someone%40gmail.com")
	light := waitHint(t, b, ctx, qqCollector, func(h hintView) bool { return true })
	if err := chromedp.Run(ctx, emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}})); err != nil {
		t.Fatal(err)
	}
	dark := waitHint(t, b, ctx, qqCollector, func(h hintView) bool { return h.Color != light.Color })
	if light.Color != "rgb(255, 255, 255)" || dark.Color != "rgb(22, 27, 34)" {
		t.Errorf("light %s, dark %s", light.Color, dark.Color)
	}
}
