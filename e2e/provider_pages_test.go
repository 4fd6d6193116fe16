package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"mailkey/internal/browser"
	"mailkey/internal/sites"
)

// providerPage is a provider's own page where app passwords or 授权码 are
// made (and, where the knowledge base says so, listed for revocation),
// served by internal/sites under the provider's host name.
type providerPage struct {
	name      string // the subtest
	provider  string // knowledge-base id
	base      string // https://host/path, without query: also the frame's URL prefix
	fragment  string // "#..." put after the query, or ""
	revocable bool   // the knowledge base records the page as a revoke page too
	lang      string // the page's language when Mailkey speaks it ("zh", "ru"), so the hint's too; "" for English
	sentinel  string // the 16 letters the page generates (?pw=)
	kind      string // the ledger kind logged
	// steps lead from the loaded page to the password on screen: open the
	// provider's form, name the password, create it, confirm.
	steps []pageStep
	label string // the name typed at the provider, "" where it has no name field
	shown string // selector of the element that shows the generated password
	close string // the provider's button closing its dialog (Done), "" if none
	// markRevoked also marks the seeded entry revoked from the page's list.
	markRevoked bool
	// from is a page (URL without query) whose link open leads to base,
	// where a provider makes the password as its page opens.
	from, open string
}

// stepPause is the time a person takes between two steps, at least.
const stepPause = 400 * time.Millisecond

// offerDelay is longer than the sensor waits after a create click before it
// offers to log the password (700 ms), so that an offer would be seen.
const offerDelay = 900 * time.Millisecond

// pageStep clicks sel, types text into it, or picks the option text.
type pageStep struct {
	sel, text string
	pick      bool
}

func click(sel string) pageStep         { return pageStep{sel: sel} }
func fill(sel, text string) pageStep    { return pageStep{sel: sel, text: text} }
func choose(sel, value string) pageStep { return pageStep{sel: sel, text: value, pick: true} }
func steps(s ...pageStep) []pageStep    { return s }

func (p providerPage) url() string { return p.base + "?pw=" + p.sentinel + "&csp=strict" + p.fragment }

// hintWords are the hint's texts the test looks for, in the page's language.
type hintWords struct{ madeTitle, revokeTitle, save, revoke string }

func (p providerPage) words() hintWords {
	switch p.lang {
	case "zh":
		return hintWords{"把这个 ", "台账中的 ", "记入台账", "标记为已撤销"}
	case "ru":
		return hintWords{"Записать этот ", "Пароли приложений ", "Добавить в журнал", "Отметить как отозванный"}
	}
	return hintWords{"Log this ", "Your ledger's ", "Add to ledger", "Mark revoked"}
}

var providerPages = []providerPage{
	{
		name: "google", provider: "google", base: "https://myaccount.google.com/apppasswords", revocable: true,
		sentinel: "sntlqzxwvbnmkjhg", kind: "app_password", label: "Phone mail app",
		steps: steps(fill("#i6", "Phone mail app"), click("#createBtn")),
		shown: "#apDialogPw", close: "#apDialogDone", markRevoked: true,
	},
	{
		name: "yahoo", provider: "yahoo", base: "https://login.yahoo.com/myaccount/security", revocable: true,
		sentinel: "yqzvkwbtxjhmfpdl", kind: "app_password", label: "Outlook on laptop",
		steps: steps(click("#createAppPw"), fill("#appName", "Outlook on laptop"), click("#generatePw")),
		shown: "#apPw", close: "#apDone",
	},
	{
		name: "aol", provider: "aol", base: "https://login.aol.com/account/security", revocable: true,
		sentinel: "aqzxvkwjtbhmfpnr", kind: "app_password", label: "Thunderbird on desktop",
		steps: steps(click("#manageAppPw"), click("#apGetStarted"), fill("#apName", "Thunderbird on desktop"), click("#apGenerate")),
		shown: "#apPw", close: "#apDone",
	},
	{
		name: "apple", provider: "icloud", base: "https://account.apple.com/account/manage/section/security", revocable: true,
		sentinel: "iqzxwvkjtbhmfpns", kind: "app_password", label: "Outlook on MacBook",
		steps: steps(click("#aspTile"), click("#aspGenerate"), fill("#aspLabel", "Outlook on MacBook"), click("#aspCreate")),
		shown: "#aspPw", close: "#aspDoneBtn",
	},
	{
		// Microsoft makes the password as the page opens, from the link
		// "Create a new app password", and asks for no name.
		name: "microsoft", provider: "microsoft", base: "https://account.live.com/proofs/AppPassword",
		from: "https://account.live.com/proofs/Manage/additional", open: "#iCreateAppPassword",
		sentinel: "mqzxwvkjtbhfpnsl", kind: "app_password",
		shown: "#iAppPassword",
	},
	{
		name: "fastmail", provider: "fastmail", base: "https://app.fastmail.com/settings/security/integrations", revocable: true,
		sentinel: "fqzxwvkjtbhmpnsl", kind: "app_password", label: "Desktop: Outlook",
		steps: steps(click("#apNew"), fill("#verifyPw", "my fastmail password"), click("#verifyContinue"),
			choose("#apNameSelect", "custom"), fill("#apCustomName", "Desktop: Outlook"), click("#apGenerate")),
		shown: "#apPw", close: "#apDone",
	},
	{
		// Most people pick one of Fastmail's names rather than typing one.
		name: "fastmail-preset", provider: "fastmail", base: "https://app.fastmail.com/settings/security/integrations", revocable: true,
		sentinel: "fqzxwvkjtbhmpnsk", kind: "app_password", label: "iPhone / iPad",
		steps: steps(click("#apNew"), fill("#verifyPw", "my fastmail password"), click("#verifyContinue"),
			choose("#apNameSelect", "iPhone / iPad"), click("#apGenerate")),
		shown: "#apPw", close: "#apDone",
	},
	{
		name: "zoho", provider: "zoho", base: "https://accounts.zoho.com/home", fragment: "#security/app_password", revocable: true,
		sentinel: "zqxwvkjtbhmfpnsl", kind: "app_password", label: "Thunderbird at home",
		steps: steps(click("#zGenerate"), fill("#zAppName", "Thunderbird at home"), click("#zGenerateBtn")),
		shown: "#zPw", close: "#zClose",
	},
	{
		name: "yandex", provider: "yandex", base: "https://id.yandex.ru/security/app-passwords", revocable: true, lang: "ru",
		sentinel: "dqzxwvkjtbhmfpnl", kind: "app_password", label: "Thunderbird дома",
		steps: steps(click("#yaCreate"), click(`[data-type="mail"]`), fill("#yaName", "Thunderbird дома"), click("#yaCreateBtn")),
		shown: "#yaPw", close: "#yaDone",
	},
	{
		name: "mailru", provider: "mailru", base: "https://account.mail.ru/user/2-step-auth/passwords/", revocable: true, lang: "ru",
		sentinel: "rqzxwvkjtbhmfpnl", kind: "app_password", label: "Outlook дома",
		steps: steps(click("#mrAdd"), fill("#mrName", "Outlook дома"), click("#mrContinue")),
		shown: "#mrPw", close: "#mrDone",
	},
	{
		name: "qq", provider: "qq", base: "https://mail.qq.com/cgi-bin/setting4", fragment: "#pop3Info", lang: "zh",
		sentinel: "qzxwvkjtbhmfpnsl", kind: "authorization_code",
		steps: steps(click("#genAuthCode"), click("#btnSent")),
		shown: "#authCode", close: "#btnCodeOK",
	},
	{
		// mail.126.com: the same NetEase webmail as mail.163.com, whose
		// main.jsp fixture is already the 代收邮件 page of the snapshot tests.
		name: "netease", provider: "netease", base: "https://mail.126.com/js6/main.jsp", fragment: "#module=options.PopModule", revocable: true, lang: "zh",
		sentinel: "nqzxwvkjtbhmfpsl", kind: "authorization_code", label: "Foxmail 笔记本",
		steps: steps(click("#btnAddAuth"), fill("#authDesc", "Foxmail 笔记本"), click("#btnSmsSent")),
		shown: "#authCode", close: "#btnCodeOK",
	},
}

// On the providers' own app-password pages: the ledger's active entries for
// that provider (only) are listed where the page lists app passwords; after
// a person creates one, the hint offers to log it under the name they gave
// it at the provider (or a label typed in the hint where the provider asks
// for no name); the generated password, in any form, appears in no message,
// stored item or console line. Every step is a person's click or typing.
func TestGeneratorAndRevokePage(t *testing.T) {
	// Twelve provider pages in one browser: 45 to 67 s on a loaded 2-core
	// machine, each step still bounded by its own 12 s.
	b, tab := launchFor(t, "en-US", 3*time.Minute)
	if err := b.WatchWorkerConsole(); err != nil {
		t.Fatal(err)
	}
	popup := openPopup(t, b)
	// The provider's page is the tab in front, as for a person using it
	// (a background tab renders no frames and throttles its timers).
	if err := chromedp.Run(tab, page.BringToFront()); err != nil {
		t.Fatal(err)
	}
	for i, p := range providerPages {
		t.Run(p.name, func(t *testing.T) {
			start := time.Now()
			defer func() { t.Logf("%s: %v", p.url(), time.Since(start).Round(10*time.Millisecond)) }()
			ctx, cancel := context.WithTimeout(tab, 12*time.Second)
			defer cancel()
			testProviderPage(t, b, tab, ctx, popup, p, i)
		})
	}
}

// testProviderPage runs one case in ctx, a time-limited context of tab.
func testProviderPage(t *testing.T, b *browser.Browser, tab, ctx, popup context.Context, p providerPage, i int) {
	other := "qq"
	if p.provider == "qq" {
		other = "google"
	}
	mine, theirs := ledgerRecord(2*i, p.provider, "Old "+p.name+" client"), ledgerRecord(2*i+1, other, "Someone else's "+other)
	clearLedger(t, popup)
	seed(t, popup, map[string]any{"ledger/e/" + mine["id"].(string): mine, "ledger/e/" + theirs["id"].(string): theirs})

	if p.from != "" {
		// A person opens the provider's page from its link.
		navigate(t, ctx, p.from+"?pw="+p.sentinel+"&csp=strict")
		time.Sleep(stepPause)
		clickPage(t, ctx, p.open)
		var at string
		for deadline := time.Now().Add(4 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			// The old page's context goes away on the way: retry.
			err := chromedp.Run(ctx, chromedp.Evaluate(`location.href + ' ' + document.readyState`, &at))
			if err == nil && strings.HasPrefix(at, p.base) && strings.HasSuffix(at, " complete") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s did not lead to %s: at %q (%v)", p.open, p.base, at, err)
			}
		}
	} else {
		navigate(t, ctx, p.url())
	}
	// Record what the sensor sends from here on; a changed title makes it
	// send a fresh snapshot, so the page's first answer is recorded too.
	if err := b.EvalInContentScript(ctx, p.base, recordMessages, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("what the sensor sent on %s, and the answers:\n%s", p.base, describeMessages(sentMessages(t, b, tab, p.base)))
		}
	})
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.title += ' ·'`, nil)); err != nil {
		t.Fatal(err)
	}
	waitAnswered(t, b, ctx, p.base)

	if p.revocable {
		h := waitHint(t, b, ctx, p.base, func(h hintView) bool { return strings.Contains(h.Text, mine["label"].(string)) })
		if !strings.HasPrefix(h.Title, p.words().revokeTitle) {
			t.Errorf("title before a password is made: %q", h.Title)
		}
		if strings.Contains(h.Text, theirs["label"].(string)) {
			t.Errorf("the revoke list shows another provider's entry:\n%s", h.Text)
		}
		if p.markRevoked {
			clickButton(t, b, ctx, p.base, p.words().revoke)
			waitHint(t, b, ctx, p.base, func(h hintView) bool {
				return !strings.Contains(h.Text, mine["label"].(string)) || strings.Contains(h.Text, "revoked in your ledger")
			})
		}
	}

	// Make a password at the provider, as a person would: one step at a
	// time, each after the page has settled (a person is slower than the
	// sensor's 250 ms debounce).
	// Until the last step nothing is made, so nothing is offered: a click
	// that only opens a form or a choice brings no offer.
	for i, s := range p.steps {
		switch {
		case s.pick:
			setVal(t, ctx, s.sel, s.text)
		case s.text != "":
			typeInto(t, b, ctx, p.base, s.sel, s.text)
		default:
			clickPage(t, ctx, s.sel)
			if i < len(p.steps)-1 {
				time.Sleep(offerDelay)
				if m := readMadeHint(t, b, ctx, p.base); strings.HasPrefix(m.Title, p.words().madeTitle) {
					t.Fatalf("an offer to log a password after %s, before one was made: %+v", s.sel, m)
				}
			}
		}
		time.Sleep(stepPause)
	}
	shown := waitShown(t, ctx, p)
	if !strings.EqualFold(strings.NewReplacer(" ", "", "-", "").Replace(shown), p.sentinel) {
		t.Fatalf("the page shows %q, not the sentinel %q", shown, p.sentinel)
	}
	// The hint offers to log it, under the name given at the provider.
	m := waitMade(t, b, ctx, p)
	if m.Label != p.label {
		t.Fatalf("label prefilled %q, want %q", m.Label, p.label)
	}
	label := p.label
	if label == "" {
		// No name field at the provider: the person labels it in the hint.
		label = "Foxmail on the desktop"
		if err := b.EvalInContentScript(ctx, p.base, hintRoot+`.querySelector('#mk-label').focus()`, nil); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Run(ctx, chromedp.KeyEvent(label)); err != nil {
			t.Fatal(err)
		}
	}
	saveFromHint(t, b, ctx, p)
	waitHint(t, b, ctx, p.base, func(h hintView) bool { return h.Status != "" })

	entries := ledgerEntries(t, b, ctx)
	var made map[string]any
	for _, e := range entries {
		if e["label"] == label {
			made = e
		}
	}
	if made == nil || made["provider"] != p.provider || made["source"] != "generator" || made["kind"] != p.kind {
		t.Errorf("logged entry %v", made)
	}
	if p.markRevoked {
		if e := entries["ledger/e/"+mine["id"].(string)]; e["revoked"] == nil || e["revoked"] == "" {
			t.Errorf("not marked revoked: %v", e)
		}
	}
	checkNoLeak(t, b, ctx, p)
}

// checkNoLeak fails if the generated password, plain, grouped by four with
// spaces or hyphens, in any case, is in a message the sensor sent or got, a
// stored item or a console line (page, content script or service worker).
func checkNoLeak(t *testing.T, b *browser.Browser, ctx context.Context, p providerPage) {
	t.Helper()
	sent := sentMessages(t, b, ctx, p.base)
	if len(sent) < 2 {
		t.Fatalf("recorded too little: %q", sent)
	}
	stored, _ := json.Marshal(storage(t, b, ctx))
	grouped := strings.Join(chunks(p.sentinel, 4), " ")
	forms := []string{p.sentinel, grouped, strings.ReplaceAll(grouped, " ", "-"), strings.ToUpper(p.sentinel), strings.ToUpper(grouped)}
	// The browser's own messages about a page end with the page's URL,
	// where the test put the password: that query parameter is no leak.
	console := strings.ReplaceAll(b.ConsoleText(), "pw="+p.sentinel, "pw=(the test's)")
	for where, text := range map[string]string{"a message": strings.Join(sent, "\n"), "storage": string(stored), "the console": console} {
		text = strings.ToLower(text)
		for _, form := range forms {
			if i := strings.Index(text, strings.ToLower(form)); i >= 0 {
				t.Errorf("the generated password (%s) is in %s: …%s…", form, where, text[max(0, i-200):min(len(text), i+len(form)+40)])
			}
		}
	}
}

// waitShown waits for the page to show the generated password and returns it.
func waitShown(t *testing.T, ctx context.Context, p providerPage) string {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 4*time.Second)
	defer cancel()
	var shown string
	if err := chromedp.Run(c, chromedp.WaitVisible(p.shown, chromedp.ByQuery), chromedp.Text(p.shown, &shown, chromedp.ByQuery)); err != nil {
		t.Fatalf("the page does not show the password in %s: %v", p.shown, err)
	}
	return shown
}

// clickPage clicks a page's control with the mouse, as a person would,
// after checking that nothing (a Mailkey hint, say) lies on top of it.
func clickPage(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	var r struct {
		X, Y  float64
		Found bool
		Top   string // what is on top at that point, if not the control
	}
	expr := `(() => { const el = document.querySelector(` + quote(sel) + `); if (!el || !el.offsetParent) return {found: false};
	  el.scrollIntoView({block: 'center'}); const r = el.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
	  const top = document.elementFromPoint(x, y);
	  return {x, y, found: true, top: top && (top === el || el.contains(top)) ? '' : (top ? top.tagName.toLowerCase() + (top.id ? '#' + top.id : '') : 'nothing')}; })()`
	c, cancel := context.WithTimeout(ctx, 4*time.Second)
	defer cancel()
	if err := chromedp.Run(c, chromedp.Poll(`(() => { const el = document.querySelector(`+quote(sel)+`); return !!el && !!el.offsetParent; })()`, nil),
		chromedp.Evaluate(expr, &r)); err != nil || !r.Found {
		t.Fatalf("no visible %s to click (%v)", sel, err)
	}
	if r.Top != "" {
		t.Fatalf("cannot click %s: %s lies on top of it", sel, r.Top)
	}
	if err := chromedp.Run(ctx, chromedp.MouseClickXY(r.X, r.Y)); err != nil {
		t.Fatal(err)
	}
}

// describeMessages renders recorded messages for a failure report: each
// snapshot's visible fields and buttons (by the sensor's index), each
// answer's finding and hint.
func describeMessages(sent []string) string {
	var b strings.Builder
	for _, m := range sent {
		var v struct {
			Type string
			Snap struct {
				URL    string
				Fields []struct {
					I                   int
					Type, ID, Label, Ph string
					Visible             bool
				}
				Buttons []struct {
					I    int
					Text string
				}
			}
			OK      bool
			Finding struct {
				Kind   string
				Anchor int
			}
			Hint *struct {
				Key, Title string
				Trigger    int
				Revoke     []any
				Add        *struct{ Value string }
			}
		}
		if err := json.Unmarshal([]byte(m), &v); err != nil {
			fmt.Fprintf(&b, "  ? %.200s\n", m)
			continue
		}
		switch {
		case v.Type == "snapshot":
			fmt.Fprintf(&b, "  snapshot %s\n    fields:", v.Snap.URL)
			for _, f := range v.Snap.Fields {
				if f.Visible {
					fmt.Fprintf(&b, " [%d %s #%s %q]", f.I, f.Type, f.ID, f.Label+f.Ph)
				}
			}
			b.WriteString("\n    buttons:")
			for _, x := range v.Snap.Buttons {
				fmt.Fprintf(&b, " [%d %q]", x.I, x.Text)
			}
			b.WriteString("\n")
		case v.OK && v.Hint != nil:
			fmt.Fprintf(&b, "  answer: %s, anchor %d, trigger %d, %d to revoke, add %v (%q)\n",
				v.Finding.Kind, v.Finding.Anchor, v.Hint.Trigger, len(v.Hint.Revoke), v.Hint.Add != nil, v.Hint.Title)
		case v.OK:
			fmt.Fprintf(&b, "  answer: %s, anchor %d, no hint\n", v.Finding.Kind, v.Finding.Anchor)
		default:
			fmt.Fprintf(&b, "  %.200s\n", m)
		}
	}
	return b.String()
}

// hintRoot is the hint's closed shadow root, from the content script's world.
const hintRoot = `chrome.dom.openOrClosedShadowRoot(document.querySelector('mailkey-hint'))`

// madeView is the "log it" hint as a person sees it.
type madeView struct {
	Title   string
	Label   string
	Visible bool // the panel has a size on screen and is not under something else
}

func readMadeHint(t *testing.T, b *browser.Browser, ctx context.Context, frame string) madeView {
	t.Helper()
	var m madeView
	expr := `(() => { const host = document.querySelector('mailkey-hint'); if (!host) return {};
	  const root = chrome.dom.openOrClosedShadowRoot(host), panel = root.querySelector('.panel'), input = root.querySelector('#mk-label');
	  const r = panel.getBoundingClientRect();
	  const hit = r.width > 0 && document.elementFromPoint(r.left + Math.min(20, r.width / 2), r.top + Math.min(20, r.height / 2)) === host;
	  return {title: root.querySelector('.title').textContent, label: input ? input.value : '', visible: hit}; })()`
	if err := b.EvalInContentScript(ctx, frame, expr, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// waitMade waits for the hint that offers to log the new password.
func waitMade(t *testing.T, b *browser.Browser, ctx context.Context, p providerPage) madeView {
	t.Helper()
	var m madeView
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		m = readMadeHint(t, b, ctx, p.base)
		if strings.HasPrefix(m.Title, p.words().madeTitle) && (m.Label == p.label || m.Visible) {
			break
		}
	}
	if !strings.HasPrefix(m.Title, p.words().madeTitle) {
		t.Fatalf("no hint offering to log the new password; last seen: %+v", m)
	}
	return m
}

// saveFromHint clicks the hint's save button; when the provider's dialog
// covers the hint, it closes the dialog first, as a person would.
func saveFromHint(t *testing.T, b *browser.Browser, ctx context.Context, p providerPage) {
	t.Helper()
	if !readMadeHint(t, b, ctx, p.base).Visible && p.close != "" {
		if err := chromedp.Run(ctx, chromedp.Click(p.close, chromedp.ByQuery)); err != nil {
			t.Fatal(err)
		}
	}
	if m := readMadeHint(t, b, ctx, p.base); !m.Visible {
		t.Fatalf("the hint offering to log it cannot be seen or clicked: %+v", m)
	}
	clickButton(t, b, ctx, p.base, p.words().save)
}

// waitAnswered waits until the brain has answered a recorded snapshot.
func waitAnswered(t *testing.T, b *browser.Browser, ctx context.Context, frame string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(30 * time.Millisecond) {
		for _, m := range sentMessages(t, b, ctx, frame) {
			if strings.HasPrefix(m, `{"ok":`) {
				return
			}
		}
	}
	t.Fatalf("no answer to the sensor's snapshot on %s", frame)
}

func sentMessages(t *testing.T, b *browser.Browser, ctx context.Context, frame string) []string {
	t.Helper()
	var sent []string
	if err := b.EvalInContentScript(ctx, frame, `globalThis.__sent || []`, &sent); err != nil {
		t.Fatal(err)
	}
	return sent
}

// ledgerRecord is a stored ledger entry (format v1) of provider.
func ledgerRecord(i int, provider, label string) map[string]any {
	r := record(100+i, label)
	r["provider"] = provider
	r["account"] = ""
	return r
}

// clearLedger removes every ledger entry, from an extension page.
func clearLedger(t *testing.T, popup context.Context) {
	t.Helper()
	expr := `chrome.storage.local.get(null).then(all => chrome.storage.local.remove(Object.keys(all).filter(k => k.startsWith('ledger/e/'))))`
	if err := chromedp.Run(popup, chromedp.Evaluate(expr, nil, awaitPromise)); err != nil {
		t.Fatal(err)
	}
}

func chunks(s string, n int) []string {
	var out []string
	for len(s) > n {
		out = append(out, s[:n])
		s = s[n:]
	}
	return append(out, s)
}

// TestProviderPagesMoved runs the same flows with each provider's page
// served at two addresses the knowledge base does not know (providers move
// these pages): recognised by what the page shows.
func TestProviderPagesMoved(t *testing.T) {
	b, tab := launchFor(t, "en-US", 5*time.Minute)
	for i, p := range providerPages {
		for j, prefix := range sites.MovedPrefixes {
			p := p
			p.from, p.open = "", ""
			scheme, rest, _ := strings.Cut(p.base, "://")
			host, path, _ := strings.Cut(rest, "/")
			p.base = scheme + "://" + host + prefix + "/" + path
			t.Run(p.name+prefix, func(t *testing.T) {
				popup := openPopup(t, b) // a page of its own per case: each has a minute
				if err := chromedp.Run(tab, page.BringToFront()); err != nil {
					t.Fatal(err)
				}
				ctx, cancel := context.WithTimeout(tab, 12*time.Second)
				defer cancel()
				testProviderPage(t, b, tab, ctx, popup, p, 100+2*i+j)
			})
		}
	}
}
