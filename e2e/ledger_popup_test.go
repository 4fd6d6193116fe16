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

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"mailkey/internal/browser"
)

// xss is markup that would change the page's title if it were ever parsed as HTML.
const xss = `<img src=x onerror="document.title='pwned'"><script>document.title='pwned'</script>`

// xssShort fits in a label (100 characters with the rest).
const xssShort = `<img src=x onerror="document.title='p'">`

func awaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }

// keys types text into the focused element with real key events.
func keys(t *testing.T, ctx context.Context, s ...string) {
	t.Helper()
	for _, k := range s {
		if err := chromedp.Run(ctx, chromedp.KeyEvent(k)); err != nil {
			t.Fatal(err)
		}
	}
}

func clickSel(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	// A page that redraws (the options page after a sync round) can replace
	// the element between finding and clicking it: click the new one.
	var err error
	for try := 0; try < 3; try++ {
		if err = chromedp.Run(ctx, chromedp.Click(sel, chromedp.ByQuery)); err == nil || !strings.Contains(err.Error(), "Could not find node") {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("click %s: %v", sel, err)
	}
}

// clickText clicks the first visible button whose text is text.
func clickText(t *testing.T, ctx context.Context, text string) {
	t.Helper()
	var r struct{ X, Y float64 }
	expr := `(() => { const b = [...document.querySelectorAll('button')].find(b => b.textContent === ` + quote(text) + ` && b.offsetParent);
	  if (!b) return null; b.scrollIntoView({block: 'center'}); const r = b.getBoundingClientRect(); return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()`
	if err := chromedp.Run(ctx, chromedp.Evaluate(expr, &r)); err != nil || r.X == 0 {
		t.Fatalf("no button %q (%v)", text, err)
	}
	if err := chromedp.Run(ctx, chromedp.MouseClickXY(r.X, r.Y)); err != nil {
		t.Fatal(err)
	}
}

// setVal sets a field's value and fires change, as picking from a list does.
func setVal(t *testing.T, ctx context.Context, sel, v string) {
	t.Helper()
	expr := `(() => { const e = document.querySelector(` + quote(sel) + `); e.value = ` + quote(v) + `;
	  e.dispatchEvent(new Event('input', {bubbles: true})); e.dispatchEvent(new Event('change', {bubbles: true})); return e.value; })()`
	var got string
	if err := chromedp.Run(ctx, chromedp.Evaluate(expr, &got)); err != nil || got != v {
		t.Fatalf("set %s to %q: got %q (%v)", sel, v, got, err)
	}
}

func waitText(t *testing.T, ctx context.Context, sel, want string) string {
	t.Helper()
	var got string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if err := chromedp.Run(ctx, chromedp.Evaluate(`(document.querySelector(`+quote(sel)+`) || {innerText: ''}).innerText`, &got)); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(got, want) {
			return got
		}
	}
	t.Fatalf("%s never showed %q; it shows:\n%s", sel, want, got)
	return got
}

func ledgerEntries(t *testing.T, b *browser.Browser, ctx context.Context) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for k, v := range storage(t, b, ctx) {
		if strings.HasPrefix(k, "ledger/e/") {
			out[k], _ = v.(map[string]any)
		}
	}
	return out
}

// Add by hand, edit, confirm, revoke, delete and undo, by keyboard and mouse;
// labels, used-by and notes holding markup are shown as text.
func TestPopupLedgerFlows(t *testing.T) {
	b, _ := launch(t, "en-US")
	ctx := openPopup(t, b)
	clickSel(t, ctx, "#tab-ledger")
	waitText(t, ctx, "#ledger-list", "Your ledger is empty")

	clickSel(t, ctx, "#ledger-add")
	setVal(t, ctx, "#add-provider", "google")
	if err := chromedp.Run(ctx, chromedp.Focus(`#add-account`, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	keys(t, ctx, "someone@qq.com")
	if err := chromedp.Run(ctx, chromedp.Focus(`#add-label`, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	keys(t, ctx, "Thunderbird "+xssShort, "\r")
	// The address belongs to QQ, not Google: refused, nothing written.
	waitText(t, ctx, "#panel-ledger .err", "belongs to QQ Mail")
	if n := len(ledgerEntries(t, b, ctx)); n != 0 {
		t.Fatalf("%d entries written for a refused form", n)
	}
	setVal(t, ctx, "#add-account", "")
	if err := chromedp.Run(ctx, chromedp.Focus(`#add-account`, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	keys(t, ctx, "someone@gmail.com")
	if err := chromedp.Run(ctx, chromedp.Focus(`#add-used`, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	keys(t, ctx, "Office PC "+xss, "\r")
	list := waitText(t, ctx, "#ledger-list", "Active (1)")
	if err := contains(list, "Thunderbird "+xssShort, "Used by: Office PC "+xss, "Gmail", "someone@gmail.com", "0 days ago"); err != nil {
		t.Errorf("entry: %v\n%s", err, list)
	}
	var injected struct {
		Imgs, Scripts int
		Title         string
	}
	if err := chromedp.Run(ctx, chromedp.Evaluate(`({imgs: document.querySelectorAll('#ledger-list img').length,
	  scripts: document.querySelectorAll('#ledger-list script').length, title: document.title})`, &injected)); err != nil {
		t.Fatal(err)
	}
	if injected.Imgs != 0 || injected.Scripts != 0 || injected.Title != "Mailkey" {
		t.Fatalf("markup in a label was rendered: %+v", injected)
	}

	// Edit the label (keyboard: the form takes focus).
	clickText(t, ctx, "Edit")
	keys(t, ctx, kb.End, " (laptop)", "\r")
	waitText(t, ctx, "#ledger-list", "(laptop)")
	clickText(t, ctx, "Still in use")
	waitText(t, ctx, "#ledger-list", "last confirmed in use")
	clickText(t, ctx, "Mark revoked…")
	if err := chromedp.Run(ctx, chromedp.Focus(`[id^="rv-how-"]`, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	keys(t, ctx, "deleted at Google", "\r")
	list = waitText(t, ctx, "#ledger-list", "Revoked (1)")
	if err := contains(list, "deleted at Google", "revoked 20"); err != nil {
		t.Errorf("revoked: %v\n%s", err, list)
	}
	// The filter separates active and revoked.
	setVal(t, ctx, "#ledger-state", "active")
	waitText(t, ctx, "#ledger-list", "No entry matches")
	// Search, and the provider filter.
	setVal(t, ctx, "#ledger-state", "")
	setVal(t, ctx, "#ledger-search", "LAPTOP gmail")
	waitText(t, ctx, "#ledger-list", "Revoked (1)")
	setVal(t, ctx, "#ledger-provider", "qq")
	waitText(t, ctx, "#ledger-list", "No entry matches")
	setVal(t, ctx, "#ledger-provider", "")
	setVal(t, ctx, "#ledger-search", "")
	setVal(t, ctx, "#ledger-state", "")
	clickText(t, ctx, "Mark active again")
	waitText(t, ctx, "#ledger-list", "Active (1)")

	// Delete, undo, delete: a tombstone stays in storage for sync.
	clickText(t, ctx, "Delete")
	waitText(t, ctx, "#panel-ledger .status", "Deleted")
	waitText(t, ctx, "#ledger-list", "Your ledger is empty")
	keys(t, ctx, "\r") // the Undo button has focus
	waitText(t, ctx, "#ledger-list", "(laptop)")
	clickText(t, ctx, "Delete")
	waitText(t, ctx, "#ledger-list", "Your ledger is empty")
	entries := ledgerEntries(t, b, ctx)
	if len(entries) != 1 {
		t.Fatalf("entries: %v", entries)
	}
	for _, e := range entries {
		if d, _ := e["deleted"].(float64); d == 0 || e["label"] != "Thunderbird "+xssShort+" (laptop)" || e["note"] != "" {
			t.Errorf("tombstone %v", e)
		}
	}
}

// The hint's "add to my ledger" in one tab appears in an open popup at once.
func TestHintAddAppearsInPopup(t *testing.T) {
	b, ctx := launch(t, "en-US")
	popup := openPopup(t, b)
	clickSel(t, popup, "#tab-ledger")
	waitText(t, popup, "#ledger-list", "Your ledger is empty")

	navigate(t, ctx, qqCollector+"?sid=test&addr=someone%40gmail.com")
	waitHint(t, b, ctx, qqCollector, func(h hintView) bool { return true })
	clickButton(t, b, ctx, qqCollector, "已生成：记入我的台账")
	time.Sleep(200 * time.Millisecond)
	keys(t, ctx, "\r")
	waitHint(t, b, ctx, qqCollector, func(h hintView) bool { return h.Status != "" })

	list := waitText(t, popup, "#ledger-list", "Active (1)")
	if err := contains(list, "QQ 邮箱 POP 收取", "someone@gmail.com", "Used by: QQ 邮箱 其他邮箱"); err != nil {
		t.Errorf("popup: %v\n%s", err, list)
	}
}

// seed writes ledger records straight into storage from the popup page.
func seed(t *testing.T, ctx context.Context, records map[string]any) {
	t.Helper()
	data, _ := json.Marshal(records)
	if err := chromedp.Run(ctx, chromedp.Evaluate(`chrome.storage.local.set(`+string(data)+`)`, nil, awaitPromise)); err != nil {
		t.Fatal(err)
	}
}

func record(i int, label string) map[string]any {
	id := strings.Repeat("0", 28) + strconv.FormatInt(int64(0x1000+i), 16)
	return map[string]any{"v": 1, "id": id, "provider": []string{"google", "qq", "yahoo"}[i%3], "account": "p" + strconv.Itoa(i) + "@example.com",
		"label": label, "usedBy": "Phone, \"work\" " + strconv.Itoa(i), "kind": "app_password", "created": "2025-0" + strconv.Itoa(1+i%9) + "-15",
		"source": "manual", "updated": 1750000000000 + i}
}

func exportFile(t *testing.T, ctx context.Context, button string) string {
	t.Helper()
	var data string
	if err := chromedp.Run(ctx, chromedp.Evaluate(`globalThis.mailkeyLastExport = undefined`, nil)); err != nil {
		t.Fatal(err)
	}
	clickSel(t, ctx, button)
	if err := chromedp.Run(ctx, chromedp.Poll(`globalThis.mailkeyLastExport && new TextDecoder('utf-8', {ignoreBOM: true}).decode(globalThis.mailkeyLastExport)`,
		&data, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatal(err)
	}
	return data
}

func importFile(t *testing.T, ctx context.Context, path string) string {
	t.Helper()
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.querySelector('#import-file').value = ''`, nil),
		chromedp.ActionFunc(func(ctx context.Context) error {
			var nodes []*cdp.Node
			if err := chromedp.Nodes(`#import-file`, &nodes, chromedp.ByQuery).Do(ctx); err != nil {
				return err
			}
			return dom.SetFileInputFiles([]string{path}).WithNodeID(nodes[0].NodeID).Do(ctx)
		})); err != nil {
		t.Fatal(err)
	}
	return waitText(t, ctx, "#import-area", "")
}

// Export, import into an empty ledger, export again: the same bytes, for
// JSON and CSV. Re-importing changes nothing; a hostile file changes nothing.
func TestExportImportRoundTrip(t *testing.T) {
	b, _ := launch(t, "en-US")
	ctx := openPopup(t, b)
	records := map[string]any{}
	for i := 0; i < 12; i++ {
		label := "Label " + strconv.Itoa(i) + " 标签"
		if i == 3 {
			label = xss
		}
		if i == 4 {
			label = "=HYPERLINK(\"https://evil.example\")"
		}
		r := record(i, label)
		records["ledger/e/"+r["id"].(string)] = r
	}
	seed(t, ctx, records)
	clickSel(t, ctx, "#tab-ledger")
	waitText(t, ctx, "#ledger-list", "Active (12)")
	dir := t.TempDir()
	for _, format := range []string{"json", "csv"} {
		first := exportFile(t, ctx, "#export-"+format)
		if format == "csv" && !strings.HasPrefix(first, "\ufeff") {
			t.Errorf("CSV without a BOM")
		}
		path := filepath.Join(dir, "ledger."+format)
		if err := os.WriteFile(path, []byte(first), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Run(ctx, chromedp.Evaluate(`chrome.storage.local.clear()`, nil, awaitPromise)); err != nil {
			t.Fatal(err)
		}
		waitText(t, ctx, "#ledger-list", "Your ledger is empty")
		importFile(t, ctx, path)
		waitText(t, ctx, "#import-summary", "12 new, 0 updated, 0 unchanged, 0 rejected")
		if n := len(ledgerEntries(t, b, ctx)); n != 0 {
			t.Fatalf("%s: the preview wrote %d entries", format, n)
		}
		clickSel(t, ctx, "#import-confirm")
		waitText(t, ctx, "#ledger-list", "Active (12)")
		if second := exportFile(t, ctx, "#export-"+format); second != first {
			t.Errorf("%s round trip differs:\nfirst  %q\nsecond %q", format, first, second)
		}
		importFile(t, ctx, path)
		waitText(t, ctx, "#import-area", "Nothing to import")
		clickSel(t, ctx, "#import-cancel")
	}
	// Hostile files: a password column, a truncated file, a huge file.
	before := ledgerEntries(t, b, ctx)
	for name, body := range map[string]string{
		"secret.csv":     "provider,label,password\r\ngoogle,x,hunter2\r\n",
		"truncated.json": `{"format":"mailkey-ledger","version":2,"entries":[{"id":"`,
		"huge.json":      `{"format":"mailkey-ledger","version":2,"entries":[],"pad":"` + strings.Repeat("x", 5<<20) + `"}`,
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		importFile(t, ctx, path)
		out := waitText(t, ctx, "#import-area", "This file was not imported")
		if name == "secret.csv" && !strings.Contains(out, "looks like a password") {
			t.Errorf("secret: %s", out)
		}
		if name == "huge.json" && !strings.Contains(out, "over 5 MB") {
			t.Errorf("huge: %s", out)
		}
	}
	after := ledgerEntries(t, b, ctx)
	a, _ := json.Marshal(after)
	bb, _ := json.Marshal(before)
	if string(a) != string(bb) {
		t.Error("a refused file changed the ledger")
	}
}

// Two tabs (through the brain) and the popup's store write at the same
// moment: every entry is kept.
func TestConcurrentWritersLoseNothing(t *testing.T) {
	b, ctx := launch(t, "en-US")
	tab2, cancel := b.NewTab()
	defer cancel()
	ctx2, cancel2 := context.WithTimeout(tab2, time.Minute)
	defer cancel2()
	popup := openPopup(t, b)
	for _, c := range []context.Context{ctx, ctx2} {
		navigate(t, c, qqCollector+"?sid=test&addr=someone%40gmail.com")
		waitHint(t, b, c, qqCollector, func(h hintView) bool { return true })
	}
	const n = 25
	fire := `(() => { const key = 'google|collector|pop3'; // the hint the page was given: an intent names it
	  globalThis.__all = Promise.all([...Array(` + strconv.Itoa(n) + `).keys()].map(i =>
	    chrome.runtime.sendMessage({type: 'intent', action: 'add', label: 'tab ' + i, key})));
	  return true; })()`
	popupFire := `Promise.all([...Array(` + strconv.Itoa(n) + `).keys()].map(i => { const id = (0x2000 + i).toString(16).padStart(32, '0');
	  return chrome.storage.local.set({['ledger/e/' + id]: {v: 1, id, provider: 'qq', account: '', label: 'popup ' + i, usedBy: '', kind: 'authorization_code',
	    created: '2026-11-01', source: 'manual', updated: Date.now()}}); }))`
	if err := b.EvalInContentScript(ctx, qqCollector, fire, nil); err != nil {
		t.Fatal(err)
	}
	if err := b.EvalInContentScript(ctx2, qqCollector, fire, nil); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Run(popup, chromedp.Evaluate(popupFire, nil, awaitPromise)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []context.Context{ctx, ctx2} {
		var ok []map[string]any
		if err := b.EvalInContentScript(c, qqCollector, `globalThis.__all`, &ok); err != nil {
			t.Fatal(err)
		}
		for _, r := range ok {
			if r["ok"] != true {
				t.Fatalf("a write failed: %v", r)
			}
		}
	}
	if got := len(ledgerEntries(t, b, ctx)); got != 3*n {
		t.Fatalf("%d entries stored, want %d", got, 3*n)
	}
	// A content script cannot name a hint its frame was not given, nor
	// make up what a hint was about: the brain keeps the hint's context.
	var forged map[string]any
	if err := b.EvalInContentScript(ctx, qqCollector, `chrome.runtime.sendMessage({type: 'intent', action: 'add', label: 'forged',
	    key: 'yahoo|collector|pop3', context: {site: 'mail.qq.com', provider: 'yahoo', account: 'victim@yahoo.com', kind: 'app_password'}})`, &forged); err != nil {
		t.Fatal(err)
	}
	if forged["ok"] != false || forged["error"] == "" {
		t.Errorf("a forged intent was answered %v", forged)
	}
	if got := len(ledgerEntries(t, b, ctx)); got != 3*n {
		t.Fatalf("%d entries stored after a forged intent, want %d", got, 3*n)
	}
	clickSel(t, popup, "#tab-ledger")
	waitText(t, popup, "#ledger-list", "Active ("+strconv.Itoa(3*n)+")")
}

// A record written by a newer Mailkey, and a damaged one, are kept as they
// are and reported; an older record is migrated.
func TestFutureAndDamagedRecordsKept(t *testing.T) {
	b, _ := launch(t, "en-US")
	ctx := openPopup(t, b)
	future := map[string]any{"v": 99, "id": strings.Repeat("f", 32), "provider": "google", "label": "from the future", "newField": []int{1, 2}}
	damaged := map[string]any{"v": 1, "id": strings.Repeat("e", 32), "label": 42}
	old := record(1, "an old v1 record")
	seed(t, ctx, map[string]any{"ledger/e/" + strings.Repeat("f", 32): future, "ledger/e/" + strings.Repeat("e", 32): damaged,
		"ledger/e/" + old["id"].(string): old})
	if err := chromedp.Run(ctx, chromedp.Reload(), chromedp.Poll(`typeof globalThis.mailkeyUIReady === 'number'`, nil)); err != nil {
		t.Fatal(err)
	}
	clickSel(t, ctx, "#tab-ledger")
	waitText(t, ctx, "#panel-ledger .notice", "2 stored records could not be read")
	waitText(t, ctx, "#ledger-list", "an old v1 record")
	entries := ledgerEntries(t, b, ctx)
	f, _ := json.Marshal(entries["ledger/e/"+strings.Repeat("f", 32)])
	want, _ := json.Marshal(future)
	if string(f) != string(want) {
		t.Errorf("the future record changed: %s", f)
	}
	if d := entries["ledger/e/"+strings.Repeat("e", 32)]; d == nil || d["label"] != float64(42) {
		t.Errorf("the damaged record changed: %v", d)
	}
	if v := entries["ledger/e/"+old["id"].(string)]["v"]; v != float64(2) {
		t.Errorf("the old record was not migrated to v2: %v", v)
	}
}
