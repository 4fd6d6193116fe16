package browser

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mailkey/internal/sites"
)

const testExt = "testdata/ext"

// launch starts the fixture sites and a browser; both are closed when the
// test ends. It skips when Chromium is missing.
func launch(t *testing.T, opt Options) (*Browser, *sites.Server) {
	t.Helper()
	if !Available() {
		t.Skip("no " + ChromiumPath + ": install Debian's chromium package to run the browser tests")
	}
	srv, err := sites.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	opt.Sites = srv
	start := time.Now()
	b, err := Launch(context.Background(), opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	t.Logf("browser up in %v", time.Since(start).Round(time.Millisecond))
	return b, srv
}

// tabFor opens a tab that closes when the test ends, with a deadline.
func tabFor(t *testing.T, b *Browser, d time.Duration) context.Context {
	t.Helper()
	tab, cancel := b.NewTab()
	t.Cleanup(cancel)
	ctx, cancel2 := context.WithTimeout(tab, d)
	t.Cleanup(cancel2)
	return ctx
}

func TestExtensionIDAlgorithm(t *testing.T) {
	id := extensionID([]byte("/some/extension/dir"))
	if len(id) != 32 || strings.Trim(id, "abcdefghijklmnop") != "" {
		t.Fatalf("extensionID = %q: want 32 letters a-p", id)
	}
	if extensionID([]byte("/a")) == extensionID([]byte("/b")) {
		t.Error("different paths, same ID")
	}
	e, err := readExtension(testExt)
	if err != nil {
		t.Fatal(err)
	}
	if !filepath.IsAbs(e.dir) || !e.hasWorker || e.name != "Mailkey harness test extension" {
		t.Errorf("readExtension = %+v", e)
	}
	if _, err := readExtension("testdata/none"); err == nil {
		t.Error("readExtension of a missing dir: no error")
	}
}

// TestExtension drives one browser with the test extension through
// everything the harness promises.
func TestExtension(t *testing.T) {
	b, srv := launch(t, Options{ExtensionDirs: []string{testExt}, Lang: "zh-CN"})
	id := b.ExtensionID()
	profile := b.ProfileDir()

	t.Run("ID", func(t *testing.T) {
		e, _ := readExtension(testExt)
		if id != e.id {
			t.Errorf("ExtensionID %q differs from the ID computed from the path %q (Chromium's worker URL won)", id, e.id)
		}
		if got := b.ExtensionIDFor(testExt); got != id {
			t.Errorf("ExtensionIDFor = %q, want %q", got, id)
		}
		running, err := b.WorkerRunning()
		if err != nil || !running {
			t.Errorf("WorkerRunning = %v, %v", running, err)
		}
	})

	t.Run("ContentScriptInFrames", func(t *testing.T) {
		tab := tabFor(t, b, 10*time.Second)
		if err := chromedp.Run(tab, chromedp.Navigate(srv.URL("mail.qq.com", "/cgi-bin/frame_html?sid=test"))); err != nil {
			t.Fatal(err)
		}
		var lang string
		if err := chromedp.Run(tab, chromedp.Evaluate(`navigator.language`, &lang)); err != nil || lang != "zh-CN" {
			t.Errorf("navigator.language = %q, %v", lang, err)
		}
		type probe struct {
			Href              string
			Top               bool
			ExtensionID       string
			PageGlobalVisible bool
			PasswordFields    int
		}
		var top, frame probe
		if err := b.EvalInContentScript(tab, "https://mail.qq.com/cgi-bin/frame_html", `mkTestProbe()`, &top); err != nil {
			t.Fatal(err)
		}
		if !top.Top || top.ExtensionID != id || top.PasswordFields != 0 {
			t.Errorf("top frame probe = %+v", top)
		}
		if err := b.EvalInContentScript(tab, "https://mail.qq.com/cgi-bin/other_mailbox", `mkTestProbe()`, &frame); err != nil {
			t.Fatal(err)
		}
		if frame.Top || frame.PasswordFields != 1 || !strings.Contains(frame.Href, "sid=test") {
			t.Errorf("mainFrame probe = %+v", frame)
		}
		// The page's main world sees the DOM change, not the global.
		var attr, typ string
		if err := b.WaitInFrame(tab, "https://mail.qq.com/cgi-bin/other_mailbox", `document.documentElement.dataset.mkTest === 'frame'`); err != nil {
			t.Error(err)
		}
		if err := chromedp.Run(tab, chromedp.Evaluate(`document.documentElement.dataset.mkTest + ''`, &attr), chromedp.Evaluate(`typeof mkTestProbe`, &typ)); err != nil {
			t.Fatal(err)
		}
		if attr != "top" || typ != "undefined" {
			t.Errorf("main world: data-mk-test=%q, typeof mkTestProbe=%q", attr, typ)
		}
		if err := b.EvalInFrame(tab, "https://mail.qq.com/cgi-bin/other_mailbox", `typeof mkTestProbe`, &typ); err != nil || typ != "undefined" {
			t.Errorf("iframe main world: typeof mkTestProbe = %q, %v", typ, err)
		}
		// The UI language follows --lang only when the locale is installed.
		var ui string
		if err := b.EvalInContentScript(tab, "https://mail.qq.com/", `chrome.i18n.getUILanguage()`, &ui); err != nil {
			t.Fatal(err)
		}
		if want := map[bool]string{true: "zh-CN", false: "en-US"}[LocaleInstalled("zh-CN")]; ui != want {
			t.Errorf("chrome.i18n.getUILanguage() = %q, want %q", ui, want)
		}
		if !LocaleInstalled("en-US") {
			t.Error(`LocaleInstalled("en-US") = false`)
		}
		// A thrown error comes back as an EvalError.
		err := b.EvalInContentScript(tab, "https://mail.qq.com/", `(() => { throw new Error('boom') })()`, nil)
		var evalErr *EvalError
		if !errors.As(err, &evalErr) || !strings.Contains(err.Error(), "boom") {
			t.Errorf("throwing expression: err = %v", err)
		}
	})

	t.Run("WaitInFrame", func(t *testing.T) {
		tab := tabFor(t, b, 10*time.Second)
		if err := chromedp.Run(tab, chromedp.Navigate(srv.URL("mail.qq.com", "/bench"))); err != nil {
			t.Fatal(err)
		}
		if err := b.WaitInFrame(tab, "https://mail.qq.com/bench", `typeof mkBench === 'object' && document.documentElement.dataset.mkTest === 'top'`); err != nil {
			t.Fatal(err)
		}
		// Why WaitInFrame exists: once a content script is injected,
		// chromedp.Poll runs in its isolated world (chromedp keeps the last
		// context created per frame), where the page's globals are missing.
		var seen bool
		err := chromedp.Run(tab, chromedp.Poll(`typeof mkBench === 'object'`, &seen, chromedp.WithPollingTimeout(200*time.Millisecond)))
		t.Logf("chromedp.Poll sees the page global mkBench: %v (%v)", seen, err)
		ctx, cancel := context.WithTimeout(tab, 200*time.Millisecond)
		defer cancel()
		if err := b.WaitInFrame(ctx, "https://mail.qq.com/bench", `window.neverSet`); err == nil {
			t.Error("WaitInFrame of a false expression returned nil")
		}
	})

	t.Run("StrictCSP", func(t *testing.T) {
		tab := tabFor(t, b, 10*time.Second)
		if err := chromedp.Run(tab, chromedp.Navigate(srv.URL("mail.qq.com", "/cgi-bin/other_mailbox?sid=test&csp=strict&addr=someone%40gmail.com"))); err != nil {
			t.Fatal(err)
		}
		var fields int
		if err := b.EvalInContentScript(tab, "https://mail.qq.com/", `mkTestProbe().passwordFields`, &fields); err != nil || fields != 1 {
			t.Fatalf("content script under CSP: %d password fields, %v", fields, err)
		}
		// The CSP is in force: an inline script is refused.
		var inline string
		if err := chromedp.Run(tab, chromedp.Evaluate(`(() => {
			const s = document.createElement('script');
			s.textContent = 'window.__inlineRan = 1';
			document.head.appendChild(s);
			return typeof window.__inlineRan;
		})()`, &inline)); err != nil || inline != "undefined" {
			t.Errorf("inline script under csp=strict: typeof = %q, %v", inline, err)
		}
		// The page's own external script works under the CSP.
		var refusal string
		if err := chromedp.Run(tab,
			chromedp.Click("#pop3_submit", chromedp.ByID),
			chromedp.WaitVisible("#pop3_err", chromedp.ByID),
			chromedp.Text("#pop3_err", &refusal, chromedp.ByID),
		); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(refusal, "Application-specific password required") {
			t.Errorf("refusal = %q", refusal)
		}
	})

	t.Run("NotOnOtherHosts", func(t *testing.T) {
		tab := tabFor(t, b, 10*time.Second)
		var attr bool
		if err := chromedp.Run(tab,
			chromedp.Navigate(srv.URL("www.example.org", "/login")),
			chromedp.Sleep(200*time.Millisecond), // a content script would be in by now
			chromedp.Evaluate(`document.documentElement.hasAttribute('data-mk-test')`, &attr),
		); err != nil {
			t.Fatal(err)
		}
		if attr {
			t.Error("content script ran on www.example.org")
		}
		ctx, cancel := context.WithTimeout(tab, 300*time.Millisecond)
		defer cancel()
		if err := b.EvalInContentScript(ctx, "https://www.example.org/", `1`, nil); err == nil {
			t.Error("EvalInContentScript found a content script on www.example.org")
		}
	})

	t.Run("StopWorkers", func(t *testing.T) {
		tab := tabFor(t, b, 10*time.Second)
		if err := chromedp.Run(tab, chromedp.Navigate(srv.URL("mail.qq.com", "/cgi-bin/mail_list"))); err != nil {
			t.Fatal(err)
		}
		type pong struct {
			Pong      bool
			StartedAt float64
			Count     int
			From      string
		}
		var before, after pong
		if err := b.EvalInContentScript(tab, "https://mail.qq.com/", `mkTestPing()`, &before); err != nil || !before.Pong {
			t.Fatalf("ping: %+v, %v", before, err)
		}
		start := time.Now()
		if err := b.StopWorkersWait(tab, 3*time.Second); err != nil {
			t.Fatal(err)
		}
		t.Logf("worker stopped in %v", time.Since(start).Round(time.Millisecond))
		start = time.Now()
		if err := b.EvalInContentScript(tab, "https://mail.qq.com/", `mkTestPing()`, &after); err != nil || !after.Pong {
			t.Fatalf("ping after stop: %+v, %v", after, err)
		}
		t.Logf("message that restarted the worker answered in %v", time.Since(start).Round(time.Millisecond))
		if after.StartedAt == before.StartedAt || after.Count != 1 {
			t.Errorf("worker was not restarted: before %+v, after %+v", before, after)
		}
		if !strings.HasPrefix(after.From, "https://mail.qq.com/cgi-bin/mail_list") {
			t.Errorf("sender URL = %q", after.From)
		}
	})

	t.Run("Storage", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		var items map[string]any
		if err := b.ReadStorage(ctx, "ext.html", &items); err != nil {
			t.Fatal(err)
		}
		if items["installedBy"] != "mk-test" {
			t.Errorf("storage = %v", items)
		}
		tab := tabFor(t, b, 10*time.Second)
		if err := chromedp.Run(tab, chromedp.Navigate(srv.URL("mail.qq.com", "/cgi-bin/mail_list"))); err != nil {
			t.Fatal(err)
		}
		if err := b.EvalInContentScript(tab, "https://mail.qq.com/", `mkTestSend({type: 'store', items: {label: '授权码 for Foxmail'}})`, nil); err != nil {
			t.Fatal(err)
		}
		items = nil
		if err := b.ReadStorage(ctx, "ext.html", &items); err != nil {
			t.Fatal(err)
		}
		if items["label"] != "授权码 for Foxmail" || items["installedBy"] != "mk-test" {
			t.Errorf("storage after write = %v", items)
		}
		var viaCDP map[string]any
		if err := b.StorageItems(tab, &viaCDP); err != nil {
			t.Fatal(err)
		}
		if viaCDP["label"] != "授权码 for Foxmail" {
			t.Errorf("Extensions.getStorageItems = %v", viaCDP)
		}
	})

	t.Run("Console", func(t *testing.T) {
		const sentinel = "SENTINEL-pw-7f3a9c"
		if err := b.WatchWorkerConsole(); err != nil {
			t.Fatal(err)
		}
		tab := tabFor(t, b, 10*time.Second)
		if err := chromedp.Run(tab, chromedp.Navigate(srv.URL("mail.qq.com", "/cgi-bin/mail_list?console=1"))); err != nil {
			t.Fatal(err)
		}
		// The worker logs the text as a string and nested in an object; the
		// page logs an object nested deeper than a preview shows.
		if err := b.EvalInContentScript(tab, "https://mail.qq.com/cgi-bin/mail_list?console=1", `mkTestSend({type: 'log', text: 'w-`+sentinel+`'})`, nil); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Run(tab, chromedp.Evaluate(`console.warn('page', {a: {b: {c: {d: 'p-`+sentinel+`'}}}}); 1`, nil)); err != nil {
			t.Fatal(err)
		}
		if err := b.EvalInContentScript(tab, "https://mail.qq.com/", `console.error('cs-`+sentinel+`'); 1`, nil); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(3 * time.Second)
		var msgs []ConsoleMessage
		for {
			msgs = b.ConsoleMessages()
			if found(msgs, "worker", "w-"+sentinel) && found(msgs, "page", "p-"+sentinel) && found(msgs, "page", "cs-"+sentinel) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("sentinels not all seen in console:\n%s", b.ConsoleText())
			}
			time.Sleep(50 * time.Millisecond)
		}
		if tc := b.TabConsole(tab); !found(tc, "page", "cs-"+sentinel) || found(tc, "worker", sentinel) {
			t.Errorf("TabConsole: %+v", tc)
		}
		for _, m := range msgs {
			if strings.Contains(m.Text, "cs-"+sentinel) && !strings.HasPrefix(m.World, "isolated:") {
				t.Errorf("content script message not marked isolated: %+v", m)
			}
			if strings.Contains(m.Text, "p-"+sentinel) && (m.World != "main" || m.Level != "warning") {
				t.Errorf("page message: %+v", m)
			}
		}
		// Chromium replays a worker's earlier messages on attach: the
		// start-up line logged before WatchWorkerConsole is there.
		if !found(msgs, "worker", "mk-test worker started") {
			t.Errorf("worker start-up message missing:\n%s", b.ConsoleText())
		}
		if !strings.Contains(b.ConsoleText(), sentinel) {
			t.Error("ConsoleText lacks the sentinel")
		}
		// Attached workers still stop on StopWorkers, and the restarted one
		// is watched too.
		if err := b.StopWorkers(tab); err != nil {
			t.Fatal(err)
		}
		if err := b.EvalInContentScript(tab, "https://mail.qq.com/", `mkTestSend({type: 'log', text: 'again-`+sentinel+`'})`, nil); err != nil {
			t.Fatal(err)
		}
		deadline = time.Now().Add(3 * time.Second)
		for !found(b.ConsoleMessages(), "worker", "again-"+sentinel) {
			if time.Now().After(deadline) {
				t.Fatalf("restarted worker's console not captured:\n%s", b.ConsoleText())
			}
			time.Sleep(50 * time.Millisecond)
		}
	})

	t.Run("Close", func(t *testing.T) {
		if _, err := os.Stat(profile); err != nil {
			t.Fatalf("profile dir missing while running: %v", err)
		}
		start := time.Now()
		b.Close()
		t.Logf("closed in %v", time.Since(start).Round(time.Millisecond))
		if _, err := os.Stat(profile); !os.IsNotExist(err) {
			t.Errorf("profile dir %s still there after Close: %v", profile, err)
		}
		b.Close() // idempotent
	})
}

func found(msgs []ConsoleMessage, source, text string) bool {
	for _, m := range msgs {
		if m.Source == source && strings.Contains(m.Text, text) {
			return true
		}
	}
	return false
}
