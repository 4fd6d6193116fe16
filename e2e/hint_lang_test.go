package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"mailkey/internal/browser"
)

// hintLangCases are a provider's page in each new language, with an address
// typed into its form: the hint must answer in the page's language although
// the browser is English.
var hintLangCases = []struct {
	name, url, frame, field, addr, lang, title string
}{
	{"yandex-ru", "https://mail.yandex.ru/#setup/collectors", "https://mail.yandex.ru/", "input[type=email]", "someone@gmail.com",
		"ru", "Здесь Gmail ждёт пароль приложения, а не обычный пароль"},
	{"naver-ko", "https://mail.naver.com/", "https://mail.naver.com/", "#pop-email", "someone@gmail.com",
		"ko", "여기에는 평소 비밀번호가 아니라 Gmail 앱 비밀번호를 입력해야 합니다"},
	{"gmx-de", "https://www.gmx.net/", "https://www.gmx.net/", "input[type=email]", "someone@gmail.com",
		"de", "Gmail will hier ein App-Passwort, nicht Ihr normales Passwort"},
	{"gmail-ja", "https://mail.google.com/mail/u/1/#settings/accounts", "https://mail.google.com/mail/u/1/", "#ja-email", "someone@yahoo.com",
		"ja", "Gmail は他のメールボックスからメールを取得しなくなりました"},
}

// The hint in Russian on Yandex, Korean on Naver, German on GMX and
// Japanese on Gmail's Japanese interface (there: Gmail's collector is
// closed), with an English browser: the page's language wins. On a 360 px wide window no button of the hint is
// clipped and the hint fits; and each is clean for axe (light and dark).
func TestHintSpeaksPageLanguage(t *testing.T) {
	b, ctx := launch(t, "en-US")
	if err := chromedp.Run(ctx, page.BringToFront()); err != nil {
		t.Fatal(err)
	}
	for _, c := range hintLangCases {
		t.Run(c.name, func(t *testing.T) {
			narrow(t, ctx, 360)
			defer narrow(t, ctx, 0)
			navigate(t, ctx, c.url)
			typeInto(t, b, ctx, c.frame, c.field, c.addr)
			// The hint for the whole address: while it is typed, a hint
			// about a half-typed domain may show for a moment.
			waitHint(t, b, ctx, c.frame, func(h hintView) bool { return h.Lang == c.lang && h.Title == c.title })
			hintFits(t, b, ctx, c.frame)
			auditHint(t, b, ctx, c.frame, "hint "+c.lang, "color-contrast", "button-name", "valid-lang")
		})
	}
}

// narrow makes the window width px wide (0: back to the browser's own).
func narrow(t *testing.T, ctx context.Context, width int64) {
	t.Helper()
	var err error
	if width == 0 {
		err = chromedp.Run(ctx, emulation.ClearDeviceMetricsOverride())
	} else {
		err = chromedp.Run(ctx, emulation.SetDeviceMetricsOverride(width, 760, 1, false))
	}
	if err != nil {
		t.Fatal(err)
	}
}

// clipped lists, for the elements matching sel under root, those whose text
// overflows them (scrollWidth past clientWidth) or that stick out of the
// window or of the box that holds them.
const clipped = `(root, sel, box) => {
  const bounds = box ? box.getBoundingClientRect() : {left: 0, right: document.documentElement.clientWidth};
  return [...root.querySelectorAll(sel)].filter(e => e.offsetParent !== null).filter(e => {
    const r = e.getBoundingClientRect();
    return e.scrollWidth > e.clientWidth + 1 || r.left < bounds.left - 1 || r.right > bounds.right + 1;
  }).map(e => e.tagName.toLowerCase() + ': ' + e.textContent.trim().slice(0, 60) + ' (' + e.scrollWidth + ' > ' + e.clientWidth + ')');
}`

// hintFits checks the hint's buttons, links and title on a narrow window.
func hintFits(t *testing.T, b *browser.Browser, ctx context.Context, frame string) {
	t.Helper()
	var bad []string
	expr := `(() => { const root = chrome.dom.openOrClosedShadowRoot(document.querySelector('mailkey-hint'));
  const panel = root.querySelector('.panel');
  const out = (` + clipped + `)(root, 'button, a, .title', panel);
  const r = panel.getBoundingClientRect();
  if (r.right > document.documentElement.clientWidth + 1) out.push('the panel: ' + Math.round(r.right) + ' px past a ' + document.documentElement.clientWidth + ' px window');
  return out; })()`
	// The hint places itself after the page settles: give it a moment.
	for deadline := time.Now().Add(2 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		bad = nil
		if err := b.EvalInContentScript(ctx, frame, expr, &bad); err != nil {
			t.Fatal(err)
		}
		if len(bad) == 0 || time.Now().After(deadline) {
			break
		}
	}
	if len(bad) > 0 {
		t.Errorf("at 360 px wide, clipped in the hint:\n  %s", strings.Join(bad, "\n  "))
	}
}

// The extension's pages in German, Russian, Korean and Japanese: the
// checklist and the options page at 360 px wide, the popup at the fixed
// width it asks the browser for: no button, label or heading is clipped or
// sticks out, and nothing scrolls sideways.
func TestPagesFitNarrowInEveryLanguage(t *testing.T) {
	b, _ := launch(t, "en-US")
	for _, lang := range []string{"de", "ru", "ko", "ja"} {
		t.Run(lang, func(t *testing.T) {
			for _, path := range []string{"extension/popup.html", "extension/checklist.html", "extension/options.html"} {
				ctx := openPageIn(t, b, path, lang)
				box := "null"
				if path == "extension/popup.html" {
					box = "document.body"
				} else {
					narrow(t, ctx, 360)
				}
				if path == "extension/popup.html" {
					seed(t, ctx, a11yLedger())
					clickSel(t, ctx, "#tab-ledger")
					waitText(t, ctx, "#ledger-list", "Old tablet")
				}
				var bad []string
				expr := `(() => { const out = (` + clipped + `)(document, 'button, label, h1, h2, select, a', ` + box + `);
  if (document.documentElement.scrollWidth > document.documentElement.clientWidth + 1) out.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' px');
  return out; })()`
				if err := chromedp.Run(ctx, chromedp.Evaluate(expr, &bad)); err != nil {
					t.Fatal(err)
				}
				if len(bad) > 0 {
					t.Errorf("%s, clipped:\n  %s", path, strings.Join(bad, "\n  "))
				}
			}
		})
	}
}

// A language chosen on the options page applies everywhere: the options
// page redraws in it, the popup opens in it, and the hint speaks it on an
// English page; back on automatic, the hint follows the page again. The
// choice is made with the keyboard (a trusted change), as a person would.
func TestLanguageChoiceAppliesEverywhere(t *testing.T) {
	b, ctx := launch(t, "en-US")
	opts := openPageIn(t, b, "extension/options.html", "en-US")
	pickLanguage := func(key, wantLang string) {
		t.Helper()
		if err := chromedp.Run(opts, chromedp.Focus("#lang-choice", chromedp.ByQuery)); err != nil {
			t.Fatal(err)
		}
		press(t, opts, key)
		// The page reloads in the language chosen (an evaluation that
		// meets the reload fails, and is tried again).
		var ready bool
		var err error
		for deadline := time.Now().Add(15 * time.Second); !ready && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			err = chromedp.Run(opts, chromedp.Evaluate(`document.documentElement.lang === `+quote(wantLang)+` && typeof globalThis.mailkeyUIReady === 'number'`, &ready))
		}
		if !ready {
			t.Fatalf("the options page did not turn %s (%v)", wantLang, err)
		}
	}
	pickLanguage(kb.End, "zh-TW") // the last language listed: 繁體中文

	popup, cancel := b.NewTab()
	defer cancel()
	var tab string
	if err := chromedp.Run(popup, chromedp.Navigate(b.ExtensionURL("extension/popup.html")),
		chromedp.Poll(`typeof globalThis.mailkeyUIReady === 'number'`, nil, chromedp.WithPollingTimeout(15*time.Second)),
		chromedp.Text("#tab-ledger", &tab, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	if tab != "臺賬" {
		t.Errorf("the popup's ledger tab reads %q, want 臺賬", tab)
	}

	if err := chromedp.Run(ctx, page.BringToFront()); err != nil {
		t.Fatal(err)
	}
	navigate(t, ctx, gmailApp+"?addr=someone%40yahoo.com&delay=300#settings/accounts")
	h := waitHint(t, b, ctx, gmailApp, func(h hintView) bool { return h.Lang == "zh-TW" })
	if h.Title != "Gmail 已不再收取其他信箱的郵件" {
		t.Errorf("the hint on an English page: %q", h.Title)
	}

	// Automatic again: the browser's language here. A new address makes a
	// new document, not a same-page hash change.
	pickLanguage(kb.Home, "en")
	navigate(t, ctx, gmailApp+"?addr=another%40yahoo.com&delay=300#settings/accounts")
	waitHint(t, b, ctx, gmailApp, func(h hintView) bool { return h.Lang == "en" })
}
