package e2e

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/chromedp/chromedp"

	"mailkey/internal/browser"
	"mailkey/internal/sites"
)

// strip drops whitespace, control characters and bidi controls: what is
// left of a text must be shown as it is, whatever Mailkey or the browser did
// with spaces, line breaks and NUL (the ledger drops bidi overrides, which
// could make a label read backwards).
func strip(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == '\u2028' || r == '\u2029' ||
			'\u202a' <= r && r <= '\u202e' || '\u2066' <= r && r <= '\u2069' {
			return -1
		}
		return r
	}, s)
}

// shown fails unless the page text got shows every payload literally.
func shown(t *testing.T, where, got string, payloads ...string) {
	t.Helper()
	g := strip(got)
	for _, p := range payloads {
		if !strings.Contains(g, strip(p)) {
			t.Errorf("%s does not show %.80q as text; it shows:\n%.3000s", where, p, got)
		}
	}
}

// fitting returns the payloads of at most max runes once their spaces are
// folded (as the ledger stores them).
func fitting(max int) []string {
	var out []string
	for _, p := range sites.XSS {
		if utf8.RuneCountInString(strings.Join(strings.Fields(p), " ")) <= max {
			out = append(out, p)
		}
	}
	return out
}

// canary names a JavaScript world to check: a page's (frame set), a content
// script's (content), or an extension page's (neither).
type canary struct {
	name    string
	ctx     context.Context
	frame   string
	content bool
}

const canaryExpr = `(() => { const seen = [];
  if (typeof globalThis.__pwned !== 'undefined') seen.push('global');
  if (({}).__pwned !== undefined) seen.push('Object.prototype');
  if (document.title === 'pwned') seen.push('title');
  const q = Document.prototype.querySelectorAll.call(document, 'script:not([src]), [onerror], [onload], [onmouseover], iframe[src^="javascript" i], object, svg[onload]');
  for (const el of q) seen.push('element ' + el.tagName);
  return seen; })()`

// noCanary fails if any payload ran, or was parsed as markup: in any of the
// worlds, in the fixture server's log, in the browser's console.
func noCanary(t *testing.T, b *browser.Browser, worlds ...canary) {
	t.Helper()
	for _, w := range worlds {
		var seen []string
		var err error
		switch {
		case w.content:
			err = b.EvalInContentScript(w.ctx, w.frame, canaryExpr, &seen)
		case w.frame != "":
			err = b.EvalInFrame(w.ctx, w.frame, canaryExpr, &seen)
		default:
			err = chromedp.Run(w.ctx, chromedp.Evaluate(canaryExpr, &seen))
		}
		if err != nil {
			t.Fatalf("%s: %v", w.name, err)
		}
		if len(seen) > 0 {
			t.Errorf("%s: a payload ran or was parsed as markup: %v", w.name, seen)
		}
	}
	if hits := site.Pwned(); len(hits) > 0 {
		t.Errorf("the fixture server was asked for %s: %v", sites.CanaryPath, hits)
	}
	console := b.ConsoleText()
	for _, bad := range []string{sites.CanaryConsole, "Refused to execute", "Refused to load", "Refused to frame"} {
		if i := strings.Index(console, bad); i >= 0 {
			t.Errorf("the console says %q: …%s…", bad, console[max(0, i-300):min(len(console), i+300)])
		}
	}
}

// Every payload of the corpus through every text path: typed in the
// popup's ledger (label, used-by, note), imported (JSON and CSV), read by
// the sensor from a page (labels, headings, buttons, alerts, the typed
// address) and shown in the hint, and typed in the Guide (address and
// refusal decoder). None runs, none is parsed as markup, all show as text.
// (Synced vaults: TestHostileSync.)
func TestHostileInputTextPaths(t *testing.T) {
	b, ctx := launch(t, "en-US")
	if err := b.WatchWorkerConsole(); err != nil {
		t.Fatal(err)
	}
	popup := openPageFor(t, b, "extension/popup.html", 2*time.Minute)
	worlds := []canary{{name: "popup", ctx: popup}}

	t.Run("popup add and edit", func(t *testing.T) {
		clickSel(t, popup, "#tab-ledger")
		labels := fitting(100)
		for i, p := range labels {
			if ok := exists(t, popup, "#add-label"); !ok {
				clickSel(t, popup, "#ledger-add")
			}
			setVal(t, popup, "#add-provider", "google")
			setVal(t, popup, "#add-account", "")
			setVal(t, popup, "#add-label", p)
			setVal(t, popup, "#add-used", labels[(i+1)%len(labels)])
			if err := chromedp.Run(popup, chromedp.Focus(`#add-label`, chromedp.ByQuery)); err != nil {
				t.Fatal(err)
			}
			keys(t, popup, "\r")
			waitCount(t, popup, i+1)
		}
		t.Logf("%d added", len(labels))
		// Notes, by the edit form, on every entry.
		notes := fitting(1000)
		i := 0
		for id := range ledgerIn(t, popup) {
			id = strings.TrimPrefix(id, "ledger/e/")
			clickEdit(t, popup, id)
			note := notes[i%len(notes)]
			if two := note + "\n" + notes[(i+3)%len(notes)]; utf8.RuneCountInString(two) <= 1000 {
				note = two
			}
			setVal(t, popup, "#ed-note-"+id, note)
			if err := chromedp.Run(popup, chromedp.Focus(`#ed-label-`+id, chromedp.ByQuery)); err != nil {
				t.Fatal(err)
			}
			keys(t, popup, "\r")
			c, cancel := context.WithTimeout(popup, 5*time.Second)
			if err := chromedp.Run(c, chromedp.Poll(`!document.querySelector('#ed-note-`+id+`')`, nil)); err != nil {
				t.Fatalf("the edit of %s was not saved: %s", id, text(t, popup, "#panel-ledger .err"))
			}
			cancel()
			i++
		}
		waitNotes(t, popup, len(labels))
		list := text(t, popup, "#ledger-list")
		shown(t, "the ledger list", list, notes...)
		// The search box takes them too.
		for _, p := range labels[:6] {
			setVal(t, popup, "#ledger-search", p)
		}
		setVal(t, popup, "#ledger-search", "")
		// Too long for a label: refused with a message, nothing written.
		clickSel(t, popup, "#ledger-add")
		setVal(t, popup, "#add-provider", "google")
		setVal(t, popup, "#add-label", sites.XSS[len(sites.XSS)-1])
		if err := chromedp.Run(popup, chromedp.Focus(`#add-label`, chromedp.ByQuery)); err != nil {
			t.Fatal(err)
		}
		keys(t, popup, "\r")
		waitText(t, popup, "#panel-ledger .err", "100")
		if n := len(ledgerIn(t, popup)); n != len(labels) {
			t.Errorf("%d entries after a refused label, want %d", n, len(labels))
		}
		noCanary(t, b, worlds...)
	})

	t.Run("import json and csv", func(t *testing.T) {
		clearLedger(t, popup)
		dir := t.TempDir()
		var entries []map[string]any
		labels, used, notes := fitting(100), fitting(200), fitting(1000)
		for i, p := range labels {
			e := entryAt(strconv.FormatInt(int64(0xa000+i), 16), "yahoo", "", p, day(-i), "", "")
			e["usedBy"], e["note"] = used[(i+2)%len(used)], notes[(i+5)%len(notes)]
			delete(e, "v")
			delete(e, "deleted")
			entries = append(entries, e)
		}
		data, _ := json.Marshal(map[string]any{"format": "mailkey-ledger", "version": 2, "entries": entries})
		jsonPath := filepath.Join(dir, "xss.json")
		must(t, os.WriteFile(jsonPath, data, 0o644))
		importFile(t, popup, jsonPath)
		waitText(t, popup, "#import-summary", strconv.Itoa(len(labels))+" new")
		shown(t, "the import preview", text(t, popup, "#import-area"), labels[:3]...)
		clickSel(t, popup, "#import-confirm")
		list := waitText(t, popup, "#ledger-list", "Active ("+strconv.Itoa(len(labels))+")")
		shown(t, "the imported list", list, labels...)
		shown(t, "the imported list", list, used...)

		// CSV: the same texts as new entries (no id), quoted as RFC 4180 says.
		var csv strings.Builder
		csv.WriteString("provider,label,usedBy,note\r\n")
		cell := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
		for i, p := range labels {
			csv.WriteString("qq," + cell(p+" csv") + "," + cell(used[(i+1)%len(used)]) + "," + cell(notes[i%len(notes)]) + "\r\n")
		}
		csvPath := filepath.Join(dir, "xss.csv")
		must(t, os.WriteFile(csvPath, []byte(csv.String()), 0o644))
		importFile(t, popup, csvPath)
		out := waitText(t, popup, "#import-summary", " new")
		if !strings.Contains(out, strconv.Itoa(len(labels))+" new") {
			// Labels near 100 characters are too long with " csv": rejected, with a reason.
			t.Logf("CSV preview: %s", out)
		}
		clickSel(t, popup, "#import-confirm")
		waitText(t, popup, "#ledger-list", "QQ")
		shown(t, "the list after the CSV", text(t, popup, "#ledger-list"), labels[:5]...)

		// Rejected rows (too long, markup in the provider and the id) name
		// what is wrong as text.
		bad := []map[string]any{entryAt("b1", "google", "", sites.XSS[len(sites.XSS)-1], day(0), "", ""),
			entryAt(sites.XSS[1], sites.XSS[0], sites.XSS[5], "x", day(0), "", "")}
		for _, e := range bad {
			delete(e, "v")
			delete(e, "deleted")
		}
		data, _ = json.Marshal(map[string]any{"format": "mailkey-ledger", "version": 2, "entries": bad})
		badPath := filepath.Join(dir, "bad.json")
		must(t, os.WriteFile(badPath, data, 0o644))
		importFile(t, popup, badPath)
		waitText(t, popup, "#import-area", "rejected")
		clickSel(t, popup, "#import-cancel")
		noCanary(t, b, worlds...)
	})

	t.Run("page text and typed address", func(t *testing.T) {
		const page = "https://mail.qq.com/cgi-bin/other_mailbox_xss"
		// An address the sensor sends (it passes its address pattern) that
		// breaks out of an attribute if ever put in one unquoted.
		addr := `x'onfocus='__pwned=1'autofocus='{{__pwned}}@gmail.com`
		navigate(t, ctx, page+"?sid=test&csp=strict&addr="+strings.ReplaceAll(addr, "'", "%27"))
		if err := b.WaitInFrame(ctx, page, `document.body.getAttribute('data-ready') === '1'`); err != nil {
			t.Fatal(err)
		}
		worlds := append(worlds, canary{name: "the page", ctx: ctx, frame: page}, canary{name: "the content script", ctx: ctx, frame: page, content: true})
		h := waitHint(t, b, ctx, page, func(h hintView) bool { return strings.Contains(h.Title, "Gmail") })
		if h.Count != 1 || !h.Sibling {
			t.Errorf("hint: %+v", h)
		}
		// Submit shows the page's refusal text, quoted in the hint as text.
		if strings.Contains(h.Text, "Application-specific password required") {
			shown(t, "the hint's quote of the page", h.Text, "Application-specific password required")
		}
		// Log it with a payload for its label, typed in the hint.
		clickButton(t, b, ctx, page, "已生成：记入我的台账")
		time.Sleep(200 * time.Millisecond)
		label := sites.XSS[1]
		if err := b.EvalInContentScript(ctx, page, hintRoot+`.querySelector('#mk-label').select()`, nil); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Run(ctx, chromedp.KeyEvent(label)); err != nil {
			t.Fatal(err)
		}
		keys(t, ctx, "\r")
		h = waitHint(t, b, ctx, page, func(h hintView) bool { return h.Status != "" })
		shown(t, "the hint's status", h.Status, label)
		pageCannotReach(t, b, ctx, page)
		var found bool
		for _, e := range ledgerIn(t, popup) {
			if e["label"] == label && e["account"] == addr {
				found = true
			}
		}
		if !found {
			t.Fatalf("the entry with a payload label and address is not stored: %v", ledgerIn(t, popup))
		}
		clickSel(t, popup, "#tab-guide")
		clickSel(t, popup, "#tab-ledger")
		list := waitText(t, popup, "#ledger-list", "Gmail")
		shown(t, "the ledger list", list, label, addr)
		noCanary(t, b, worlds...)
	})

	t.Run("guide and decoder", func(t *testing.T) {
		clickSel(t, popup, "#tab-guide")
		for _, p := range sites.XSS {
			setVal(t, popup, "#guide-address", p)
			setVal(t, popup, "#guide-address", "someone@"+p)
			setVal(t, popup, "#guide-address", p+"@gmail.com")
			out := text(t, popup, ".guide-out")
			if !strings.Contains(out, "Gmail") && len(p) < 200 {
				t.Logf("guide for %.40q: %.200s", p, out)
			}
			setVal(t, popup, "#decode-text", "535 Login Fail. Please enter your authorization code to login. "+p)
			waitText(t, popup, "#decode-out", "QQ Mail says")
			// Garbled text is shown repaired: the payload with it, as text.
			setVal(t, popup, "#decode-text", "535 Error: "+mojibake("请使用授权码登录")+" "+p)
			if got := waitText(t, popup, "#decode-out", "QQ Mail says"); strings.Contains(got, "Mailkey read it as") {
				shown(t, "the decoder's repaired text", got, p)
			} else if p == sites.XSS[0] {
				t.Errorf("the decoder did not repair the garbled text:\n%s", got)
			}
			setVal(t, popup, "#decode-text", p)
		}
		noCanary(t, b, worlds...)
	})
}

// openPageFor is openPage with a longer time limit.
func openPageFor(t *testing.T, b *browser.Browser, path string, limit time.Duration) context.Context {
	t.Helper()
	tab, cancel := b.NewTab()
	t.Cleanup(cancel)
	ctx, cancel2 := context.WithTimeout(tab, limit)
	t.Cleanup(cancel2)
	if err := chromedp.Run(ctx, chromedp.Navigate(b.ExtensionURL(path)),
		chromedp.Poll(`typeof globalThis.mailkeyUIReady === 'number'`, nil, chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// mojibake is UTF-8 read as Windows-1252, as a mail client garbles it.
func mojibake(s string) string {
	const high = "€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ"
	hi := []rune(high)
	var b strings.Builder
	for _, c := range []byte(s) {
		switch {
		case c >= 0x80 && c < 0xa0:
			b.WriteRune(hi[c-0x80])
		default:
			b.WriteRune(rune(c))
		}
	}
	return b.String()
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func exists(t *testing.T, ctx context.Context, sel string) bool {
	t.Helper()
	var ok bool
	if err := chromedp.Run(ctx, chromedp.Evaluate(`!!document.querySelector(`+quote(sel)+`)`, &ok)); err != nil {
		t.Fatal(err)
	}
	return ok
}

// waitCount waits until the stored ledger has n entries.
func waitCount(t *testing.T, ctx context.Context, n int) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if len(ledgerIn(t, ctx)) == n {
			return
		}
	}
	t.Fatalf("the ledger has %d entries, want %d; the page says %s", len(ledgerIn(t, ctx)), n, text(t, ctx, "#panel-ledger"))
}

// waitNotes waits until n stored entries have a note.
func waitNotes(t *testing.T, ctx context.Context, n int) {
	t.Helper()
	got := 0
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		got = 0
		for _, e := range ledgerIn(t, ctx) {
			if e["note"] != "" {
				got++
			}
		}
		if got == n {
			return
		}
	}
	t.Fatalf("%d entries have a note, want %d", got, n)
}

// clickEdit opens the edit form of entry id, by a click on its Edit button.
func clickEdit(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	var r struct {
		X, Y float64
		Top  bool
	}
	expr := `(() => { const b = [...document.querySelectorAll('button[aria-describedby="e-` + id + `"]')].find(b => b.textContent === 'Edit');
	  if (!b) return null; b.scrollIntoView({block: 'center'}); const r = b.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
	  return {x, y, top: document.elementFromPoint(x, y) === b}; })()`
	if err := chromedp.Run(ctx, chromedp.Evaluate(expr, &r)); err != nil || !r.Top {
		t.Fatalf("no Edit button to click for %s (%v, %+v)", id, err, r)
	}
	if err := chromedp.Run(ctx, chromedp.MouseClickXY(r.X, r.Y)); err != nil {
		t.Fatal(err)
	}
	c, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := chromedp.Run(c, chromedp.Poll(`!!document.querySelector('#ed-note-`+id+`')`, nil)); err != nil {
		var dbg string
		chromedp.Run(ctx, chromedp.Evaluate(`document.activeElement.outerHTML.slice(0, 300) + ' | ' + document.querySelectorAll('form').length`, &dbg))
		t.Fatalf("no edit form for %s: %v %s", id, err, dbg)
	}
}
