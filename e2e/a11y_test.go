package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"mailkey/internal/browser"
	"mailkey/internal/syncserver"
)

// axe-core, pinned in package.json, installed by scripts/setup into
// node_modules. It runs inside the real Chromium, on the real pages.
const axeVersion = "4.14.1"

var (
	axeOnce sync.Once
	axeSrc  string
	axeErr  error
)

func axeSource(t *testing.T) string {
	t.Helper()
	axeOnce.Do(func() {
		var data []byte
		data, axeErr = os.ReadFile(filepath.Join(root, "node_modules", "axe-core", "axe.min.js"))
		axeSrc = string(data)
	})
	if axeErr != nil {
		t.Fatalf("axe-core is not installed (run scripts/setup): %v", axeErr)
	}
	return axeSrc
}

// axeTags are the rule sets audited: WCAG 2.0, 2.1 and 2.2 at levels A and
// AA, and axe's best practices. No rule is turned off.
const axeTags = `['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice']`

// axeRun runs axe on context (a JS expression: document, or an element)
// and returns what it found. Passes are listed by rule id so the test can
// check that axe really ran and really looked (at colour contrast, for
// instance), not only that it returned nothing.
func axeRun(context string) string {
	return `(async () => {
  const r = await axe.run(` + context + `, {runOnly: {type: 'tag', values: ` + axeTags + `}, resultTypes: ['violations', 'incomplete']});
  const nodes = (v) => v.nodes.map((n) => ({target: JSON.stringify(n.target), summary: n.failureSummary || '', html: n.html.slice(0, 160)}));
  return {
    version: axe.version,
    passes: r.passes.map((p) => p.id),
    violations: r.violations.map((v) => ({id: v.id, impact: v.impact || '', help: v.help, nodes: nodes(v)})),
    incomplete: r.incomplete.map((v) => ({id: v.id, impact: v.impact || '', help: v.help, nodes: nodes(v)})),
  };
})()`
}

type axeNode struct{ Target, Summary, HTML string }

type axeRule struct {
	ID, Impact, Help string
	Nodes            []axeNode
}

type axeResult struct {
	Version    string
	Passes     []string
	Violations []axeRule
	Incomplete []axeRule
}

// report fails the test with every violation, and checks that axe ran and
// checked at least the rules in mustPass (proof it looked at the content).
func (r axeResult) report(t *testing.T, where string, mustPass ...string) {
	t.Helper()
	if r.Version != axeVersion {
		t.Fatalf("%s: axe did not run (version %q)", where, r.Version)
	}
	for _, id := range mustPass {
		if !has(r.Passes, id) && !r.violated(id) {
			t.Errorf("%s: axe did not check %s (passes: %v)", where, id, r.Passes)
		}
	}
	for _, v := range r.Violations {
		var b strings.Builder
		fmt.Fprintf(&b, "%s: axe %s (%s): %s", where, v.ID, v.Impact, v.Help)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "\n    %s\n      %s\n      %s", n.Target, strings.ReplaceAll(n.Summary, "\n", "\n      "), n.HTML)
		}
		t.Error(b.String())
	}
	for _, v := range r.Incomplete {
		for _, n := range v.Nodes {
			t.Logf("%s: axe could not decide %s on %s: %s", where, v.ID, n.Target, strings.ReplaceAll(n.Summary, "\n", " "))
		}
	}
}

func (r axeResult) violated(id string) bool {
	for _, v := range r.Violations {
		if v.ID == id {
			return true
		}
	}
	return false
}

// scheme emulates the system's light or dark mode (and screen or print).
func scheme(t *testing.T, ctx context.Context, media, colors string) {
	t.Helper()
	if err := chromedp.Run(ctx, emulation.SetEmulatedMedia().WithMedia(media).
		WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: colors}})); err != nil {
		t.Fatal(err)
	}
}

// auditPage runs axe on an extension page in light and in dark mode. The
// source is evaluated through CDP (Runtime.evaluate), which the page's CSP
// does not govern, in the page's own world.
func auditPage(t *testing.T, ctx context.Context, where string, mustPass ...string) {
	t.Helper()
	auditMedia(t, ctx, "screen", where, mustPass...)
}

func auditMedia(t *testing.T, ctx context.Context, media, where string, mustPass ...string) {
	t.Helper()
	var loaded string
	if err := chromedp.Run(ctx, chromedp.Evaluate(`globalThis.axe ? axe.version : ''`, &loaded)); err != nil {
		t.Fatal(err)
	}
	if loaded == "" {
		if err := chromedp.Run(ctx, chromedp.Evaluate(axeSource(t)+"\n;axe.version", &loaded)); err != nil {
			t.Fatalf("%s: loading axe: %v", where, err)
		}
	}
	for _, colors := range []string{"light", "dark"} {
		scheme(t, ctx, media, colors)
		var r axeResult
		if err := chromedp.Run(ctx, chromedp.Evaluate(axeRun("document"), &r, awaitPromise)); err != nil {
			t.Fatalf("%s: axe: %v", where, err)
		}
		r.report(t, where+" ("+media+", "+colors+")", mustPass...)
	}
	scheme(t, ctx, "", "light")
}

// openPageIn opens an extension page in the given UI language. Debian's
// Chromium ships only the en-US UI locale (see browser.LocaleInstalled), so
// for another language chrome.i18n.getUILanguage, which the pages ask for
// the language, answers it before the page's scripts run.
func openPageIn(t *testing.T, b *browser.Browser, path, lang string) context.Context {
	t.Helper()
	tab, cancel := b.NewTab()
	t.Cleanup(cancel)
	ctx, cancel2 := context.WithTimeout(tab, 3*time.Minute)
	t.Cleanup(cancel2)
	var actions []chromedp.Action
	if lang != "en-US" && !browser.LocaleInstalled(lang) {
		actions = append(actions, chromedp.ActionFunc(func(ctx context.Context) error {
			_, err := page.AddScriptToEvaluateOnNewDocument(`chrome.i18n.getUILanguage = () => ` + quote(lang) + `;`).Do(ctx)
			return err
		}))
	}
	actions = append(actions, chromedp.Navigate(b.ExtensionURL(path)),
		chromedp.Poll(`typeof globalThis.mailkeyUIReady === 'number'`, nil, chromedp.WithPollingTimeout(15*time.Second)))
	if err := chromedp.Run(ctx, actions...); err != nil {
		t.Fatal(err)
	}
	var htmlLang string
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.documentElement.lang`, &htmlLang)); err != nil || htmlLang != map[string]string{"en-US": "en"}[lang] && htmlLang != lang {
		t.Fatalf("%s: the page is in %q, want %q (%v)", path, htmlLang, lang, err)
	}
	return ctx
}

// a11yLedger is a ledger with active, due and revoked entries of several
// providers, with and without accounts.
func a11yLedger() map[string]any {
	id := func(c string) string { return strings.Repeat(c, 32) }
	revoked := entryAt(id("c"), "yahoo", "me@yahoo.com", "Old tablet", day(-90), "", day(-10))
	revoked["revokedHow"] = "deleted at Yahoo"
	bulk := entryAt(id("e"), "qq", "", "Foxmail 客户端", day(-60), "", day(-3))
	bulk["revokedHow"] = "password_changed"
	return map[string]any{
		"ledger/e/" + id("a"): entryAt(id("a"), "google", "me@gmail.com", "QQ Mail POP collector", day(-400), "", ""),
		"ledger/e/" + id("b"): entryAt(id("b"), "google", "me@gmail.com", "Laptop Thunderbird", day(-20), day(-2), ""),
		"ledger/e/" + id("c"): revoked,
		"ledger/e/" + id("d"): entryAt(id("d"), "netease", "me@163.com", "Phone mail app", day(-200), "", ""),
		"ledger/e/" + id("e"): bulk,
	}
}

// Every extension page, in each of its states, in every language Mailkey
// speaks, in light and dark mode: axe finds nothing.
func TestA11yPages(t *testing.T) {
	for _, lang := range []string{"en-US", "zh-CN", "ru", "ko", "de", "ja"} {
		t.Run(lang, func(t *testing.T) {
			b, _ := launch(t, "en-US")

			// The popup: This page, Ledger (entries, the forms open, an
			// import preview, a deleted entry with its undo), Guide (a card
			// and the refusal decoder).
			ctx := openPageIn(t, b, "extension/popup.html", lang)
			auditPage(t, ctx, "popup: this page", "color-contrast", "aria-allowed-role")
			seed(t, ctx, a11yLedger())
			clickSel(t, ctx, "#tab-ledger")
			waitText(t, ctx, "#ledger-list", "Old tablet")
			auditPage(t, ctx, "popup: ledger", "color-contrast", "aria-valid-attr-value", "label")
			clickSel(t, ctx, "#ledger-add")
			clickSel(t, ctx, `#panel-ledger article[aria-labelledby="e-`+strings.Repeat("a", 32)+`"] .actions button:nth-child(2)`)
			clickSel(t, ctx, `#panel-ledger article[aria-labelledby="e-`+strings.Repeat("b", 32)+`"] .actions button:nth-child(3)`)
			path := filepath.Join(t.TempDir(), "import.csv")
			if err := os.WriteFile(path, []byte("provider,account,label\r\ngoogle,x@gmail.com,Imported\r\nnowhere,,Bad\r\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			importFile(t, ctx, path)
			waitText(t, ctx, "#import-summary", "")
			clickSel(t, ctx, `#panel-ledger article[aria-labelledby="e-`+strings.Repeat("d", 32)+`"] .actions button:nth-child(4)`)
			waitText(t, ctx, "#panel-ledger .status", "Phone mail app")
			auditPage(t, ctx, "popup: ledger with forms", "color-contrast", "label", "form-field-multiple-labels")
			clickSel(t, ctx, "#tab-guide")
			if err := chromedp.Run(ctx, chromedp.SendKeys("#guide-address", "someone@gmail.com", chromedp.ByQuery),
				chromedp.SendKeys("#decode-text", "535 5.7.8 Application-specific password required", chromedp.ByQuery)); err != nil {
				t.Fatal(err)
			}
			waitText(t, ctx, ".guide-out", "pop.gmail.com")
			waitText(t, ctx, "#decode-out", "Gmail")
			auditPage(t, ctx, "popup: guide", "color-contrast", "heading-order", "label")

			// The checklist: due, all active, revoked; the print view.
			ctx = openPageIn(t, b, "extension/checklist.html", lang)
			waitText(t, ctx, "#check-groups", "QQ Mail POP collector")
			auditPage(t, ctx, "checklist: due", "color-contrast", "heading-order")
			clickSel(t, ctx, "#filter-active")
			waitText(t, ctx, "#check-groups", "Laptop Thunderbird")
			auditPage(t, ctx, "checklist: active", "color-contrast")
			auditMedia(t, ctx, "print", "checklist: print view", "color-contrast")
			clickSel(t, ctx, "#filter-revoked")
			waitText(t, ctx, "#check-groups", "Old tablet")
			auditPage(t, ctx, "checklist: revoked", "color-contrast")

			// The options page with sync off, a passphrase being typed.
			ctx = openPageIn(t, b, "extension/options.html", lang)
			if err := chromedp.Run(ctx, chromedp.WaitVisible("#sync-pass", chromedp.ByQuery), chromedp.SendKeys("#sync-pass", "plum river", chromedp.ByQuery)); err != nil {
				t.Fatal(err)
			}
			auditPage(t, ctx, "options: sync off", "color-contrast", "label")
		})
	}
}

// The options page while sync is being turned on (a new vault to create)
// and with sync on, against the real Worker.
func TestA11yOptionsSyncOn(t *testing.T) {
	srv := syncserver.Start(t, syncserver.Options{})
	dir := extensionForLocalServer(t)
	b := launchWith(t, dir)
	for _, lang := range []string{"en-US", "zh-CN"} {
		ctx := openPageIn(t, b, "extension/options.html", lang)
		if lang == "en-US" {
			// Turned on once; the second page finds it on.
			if err := chromedp.Run(ctx, chromedp.WaitVisible("#sync-pass", chromedp.ByQuery),
				chromedp.SendKeys("#sync-server", srv.URL, chromedp.ByQuery),
				chromedp.SendKeys("#sync-pass", syncPassphrase, chromedp.ByQuery)); err != nil {
				t.Fatal(err)
			}
			waitText(t, ctx, "#sync-strength-text", "strong")
			clickSel(t, ctx, "#sync-on")
			if err := chromedp.Run(ctx, chromedp.WaitVisible("#sync-create", chromedp.ByQuery)); err != nil {
				t.Fatal(err)
			}
			auditPage(t, ctx, lang+" options: create a vault?", "color-contrast")
			if err := chromedp.Run(ctx, chromedp.SendKeys("#sync-enroll", syncserver.TestEnrollToken, chromedp.ByQuery)); err != nil {
				t.Fatal(err)
			}
			clickSel(t, ctx, "#sync-create")
		}
		if err := chromedp.Run(ctx, chromedp.WaitVisible("#sync-now", chromedp.ByQuery)); err != nil {
			t.Fatal(err)
		}
		clickSel(t, ctx, "#sync-now")
		if err := chromedp.Run(ctx, chromedp.Poll(`document.querySelector('#sync-status').textContent !== '' && !document.querySelector('#sync-now').disabled`, nil)); err != nil {
			t.Fatal(err)
		}
		auditPage(t, ctx, lang+" options: sync on", "color-contrast", "label")
	}
}

// auditHint runs axe on the hint shown in frame, in light and dark mode.
//
// The hint lives in a closed shadow root, which axe (like the page) cannot
// see through: element.shadowRoot is null. It is audited where it is, on the
// provider's page, from the content script's isolated world, the world that
// drew it. There, and only there (an isolated world has its own prototypes;
// the page's world is untouched), element.shadowRoot is made to answer
// chrome.dom.openOrClosedShadowRoot, the extension API the content scripts
// have for their own closed roots. axe then walks the real hint, with its
// real styles and on the real page behind it, exactly as the browser draws
// it; nothing is re-rendered or copied. The audit is scoped to the hint's
// host element: the provider's page is not Mailkey's to fix.
func auditHint(t *testing.T, b *browser.Browser, ctx context.Context, frame, where string, mustPass ...string) {
	t.Helper()
	var loaded string
	if err := b.EvalInContentScript(ctx, frame, `globalThis.axe ? axe.version : ''`, &loaded); err != nil {
		t.Fatal(err)
	}
	if loaded == "" {
		expose := `(() => {
  const native = Object.getOwnPropertyDescriptor(Element.prototype, 'shadowRoot').get;
  Object.defineProperty(Element.prototype, 'shadowRoot', {configurable: true, get() {
    try { return chrome.dom.openOrClosedShadowRoot(this) || null; } catch (e) { return native.call(this); }
  }});
})();
`
		if err := b.EvalInContentScript(ctx, frame, expose+axeSource(t)+"\n;axe.version", &loaded); err != nil {
			t.Fatalf("%s: loading axe: %v", where, err)
		}
	}
	for _, colors := range []string{"light", "dark"} {
		scheme(t, ctx, "", colors)
		var r axeResult
		if err := b.EvalInContentScript(ctx, frame, axeRun(`document.querySelector('mailkey-hint')`), &r); err != nil {
			t.Fatalf("%s: axe: %v", where, err)
		}
		r.report(t, where+" ("+colors+")", mustPass...)
	}
	scheme(t, ctx, "", "light")
	// The page's own world still sees a closed root.
	pageCannotReach(t, b, ctx, frame)
}

// The hint, in its states (a provider's hint, the "add to my ledger" form
// open, a refusal explained, the list of passwords to revoke), in Chinese
// and English, light and dark: axe finds nothing.
func TestA11yHint(t *testing.T) {
	b, ctx := launch(t, "en-US")
	if err := chromedp.Run(ctx, page.BringToFront()); err != nil {
		t.Fatal(err)
	}

	navigate(t, ctx, qqCollector+"?sid=test&addr=someone%40gmail.com")
	waitHint(t, b, ctx, qqCollector, func(h hintView) bool { return h.Lang == "zh-CN" })
	auditHint(t, b, ctx, qqCollector, "hint zh-CN", "color-contrast", "button-name", "link-name", "aria-allowed-attr")
	clickButton(t, b, ctx, qqCollector, "已生成：记入我的台账")
	waitHint(t, b, ctx, qqCollector, func(h hintView) bool { return has(h.Buttons, "记入台账") })
	auditHint(t, b, ctx, qqCollector, "hint zh-CN, add form open", "color-contrast", "label")

	navigate(t, ctx, qqCollector+"?sid=test&addr=someone%40gmail.com&refused=gmail")
	waitHint(t, b, ctx, qqCollector, func(h hintView) bool { return strings.Contains(h.Text, "Application-specific password required") })
	auditHint(t, b, ctx, qqCollector, "hint zh-CN, refusal", "color-contrast")

	navigate(t, ctx, gmailApp+"?addr=someone%40yahoo.com&delay=300#settings/accounts")
	waitHint(t, b, ctx, gmailApp, func(h hintView) bool { return h.Lang == "en" })
	auditHint(t, b, ctx, gmailApp, "hint en, closed collector", "color-contrast", "button-name")

	navigate(t, ctx, zohoPop)
	typeInto(t, b, ctx, zohoPop, `input[type=email]`, "someone@yahoo.com")
	waitHint(t, b, ctx, zohoPop, func(h hintView) bool { return h.Lang == "en" && strings.Contains(h.Title, "Yahoo") })
	auditHint(t, b, ctx, zohoPop, "hint en", "color-contrast", "button-name")
	clickButton(t, b, ctx, zohoPop, "I made it: add to my ledger")
	waitHint(t, b, ctx, zohoPop, func(h hintView) bool { return has(h.Buttons, "Add to ledger") })
	auditHint(t, b, ctx, zohoPop, "hint en, add form open", "color-contrast", "label")

	popup := openPopup(t, b)
	if err := chromedp.Run(ctx, page.BringToFront()); err != nil {
		t.Fatal(err)
	}
	seed(t, popup, map[string]any{"ledger/e/" + strings.Repeat("a", 32): entryAt(strings.Repeat("a", 32), "google", "me@gmail.com", "Old phone", day(-300), "", "")})
	navigate(t, ctx, "https://myaccount.google.com/apppasswords")
	waitHint(t, b, ctx, "https://myaccount.google.com/apppasswords", func(h hintView) bool { return strings.Contains(h.Text, "Old phone") })
	auditHint(t, b, ctx, "https://myaccount.google.com/apppasswords", "hint en, passwords to revoke", "color-contrast", "button-name", "list")
}
