package e2e

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"mailkey/internal/browser"
)

// sentinel is typed into the password field; it must appear nowhere else.
const sentinel = "Sentinel-7f3c9a-密码"

// recordMessages wraps chrome.runtime.sendMessage in the content script's
// world so the test sees every message the sensor sends and every answer.
const recordMessages = `(() => {
  globalThis.__sent = [];
  const send = chrome.runtime.sendMessage.bind(chrome.runtime);
  chrome.runtime.sendMessage = (msg) => {
    globalThis.__sent.push(JSON.stringify(msg));
    return send(msg).then((answer) => { globalThis.__sent.push(JSON.stringify(answer)); return answer; });
  };
  return true;
})()`

func press(t *testing.T, ctx context.Context, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if err := chromedp.Run(ctx, chromedp.KeyEvent(k)); err != nil {
			t.Fatal(err)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

// focusedInHint returns the text of the element focused inside the hint, or "".
func focusedInHint(t *testing.T, b *browser.Browser, ctx context.Context, frame string) string {
	t.Helper()
	var s string
	expr := `(() => { const h = document.querySelector('mailkey-hint'); if (!h || document.activeElement !== h) return '';
	  const a = chrome.dom.openOrClosedShadowRoot(h).activeElement; return a ? (a.getAttribute('aria-label') || a.textContent || a.tagName) : ''; })()`
	if err := b.EvalInContentScript(ctx, frame, expr, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// Keyboard only: Tab from the password field into the hint, open "add to my
// ledger", type a label, Enter. The entry is stored with the label; the
// sentinel password typed in the field is in no message, no stored item and
// no console line.
func TestAddToLedgerByKeyboardLeaksNoPassword(t *testing.T) {
	b, ctx := launch(t, "en-US")
	if err := b.WatchWorkerConsole(); err != nil {
		t.Fatal(err)
	}
	navigate(t, ctx, qqCollector+"?sid=test&addr=someone%40gmail.com")
	waitHint(t, b, ctx, qqCollector, func(h hintView) bool { return true })
	if err := b.EvalInContentScript(ctx, qqCollector, recordMessages, nil); err != nil {
		t.Fatal(err)
	}
	typeInto(t, b, ctx, qqCollector, "#pop3_pwd", sentinel)
	// Fill in the server too, so the sensor sends a fresh snapshot with the password typed.
	typeInto(t, b, ctx, qqCollector, "#pop3_server", "pop.gmail.com")
	time.Sleep(800 * time.Millisecond)

	// Tab out of the password field: the hint is next in the tab order.
	if err := b.EvalInFrame(ctx, qqCollector, `document.querySelector('#pop3_pwd').focus()`, nil); err != nil {
		t.Fatal(err)
	}
	press(t, ctx, kb.Tab)
	// The page is Chinese, so the hint is too (the browser is English).
	if f := focusedInHint(t, b, ctx, qqCollector); f != "关闭" {
		t.Fatalf("Tab from the password field focused %q, want the hint's Close button", f)
	}
	for i := 0; i < 10 && focusedInHint(t, b, ctx, qqCollector) != "已生成：记入我的台账"; i++ {
		press(t, ctx, kb.Tab)
	}
	if f := focusedInHint(t, b, ctx, qqCollector); f != "已生成：记入我的台账" {
		t.Fatalf("could not reach the add button by Tab (at %q)", f)
	}
	press(t, ctx, kb.Enter)
	if f := focusedInHint(t, b, ctx, qqCollector); f != "INPUT" {
		t.Fatalf("the label field is not focused (%q)", f)
	}
	// Replace the suggested label.
	if err := chromedp.Run(ctx, input.DispatchKeyEvent(input.KeyRawDown).WithKey("a").WithCode("KeyA").WithModifiers(input.ModifierCtrl).WithWindowsVirtualKeyCode(65)); err != nil {
		t.Fatal(err)
	}
	press(t, ctx, kb.Backspace, "Gmail for QQ <b>POP</b>", kb.Enter)
	h := waitHint(t, b, ctx, qqCollector, func(h hintView) bool { return h.Status != "" })
	if h.Status != "已记入台账：“Gmail for QQ <b>POP</b>”。Mailkey 从不保存密码本身。" {
		t.Errorf("status %q", h.Status)
	}

	items := storage(t, b, ctx)
	var entry map[string]any
	for k, v := range items {
		if strings.HasPrefix(k, "ledger/e/") {
			entry, _ = v.(map[string]any)
		}
	}
	if entry == nil || entry["label"] != "Gmail for QQ <b>POP</b>" || entry["provider"] != "google" ||
		entry["account"] != "someone@gmail.com" || entry["source"] != "hint" || entry["usedBy"] != "QQ 邮箱 其他邮箱" {
		t.Fatalf("ledger entry %v (storage %v)", entry, items)
	}

	var sent []string
	if err := b.EvalInContentScript(ctx, qqCollector, `globalThis.__sent`, &sent); err != nil {
		t.Fatal(err)
	}
	if len(sent) < 4 || !strings.Contains(strings.Join(sent, "\n"), `"action":"add"`) {
		t.Fatalf("recorded too little to prove anything: %q", sent)
	}
	stored, _ := json.Marshal(items)
	for what, text := range map[string]string{
		"messages": strings.Join(sent, "\n"), "storage": string(stored), "console": b.ConsoleText(),
	} {
		if strings.Contains(text, sentinel) || strings.Contains(text, "7f3c9a") {
			t.Errorf("the password leaked into %s", what)
		}
	}
}

// "Not now" is honoured only for a person's click, and remembered for this
// site and provider.
func TestNotNowTrustedOnly(t *testing.T) {
	b, ctx := launch(t, "en-US")
	navigate(t, ctx, qqCollector+"?sid=test&addr=someone%40gmail.com")
	waitHint(t, b, ctx, qqCollector, func(h hintView) bool { return true })
	// A script's click (even from inside the content script's world) is ignored.
	synthetic := `(() => { const root = chrome.dom.openOrClosedShadowRoot(document.querySelector('mailkey-hint'));
	  const later = [...root.querySelectorAll('button')].find(b => b.textContent === '暂不');
	  later.click(); later.dispatchEvent(new MouseEvent('click', {bubbles: true})); return true; })()`
	if err := b.EvalInContentScript(ctx, qqCollector, synthetic, nil); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	waitHint(t, b, ctx, qqCollector, func(h hintView) bool { return true })
	if _, ok := storage(t, b, ctx)["dismiss/mail.qq.com/google"]; ok {
		t.Fatal("an untrusted click dismissed the hint")
	}
	// A person's click is honoured and remembered.
	clickButton(t, b, ctx, qqCollector, "暂不")
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if _, ok := storage(t, b, ctx)["dismiss/mail.qq.com/google"]; ok {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if _, ok := storage(t, b, ctx)["dismiss/mail.qq.com/google"]; !ok {
		t.Fatal("Not now was not remembered")
	}
	navigate(t, ctx, qqCollector+"?sid=test&addr=someone%40gmail.com")
	noHint(t, b, ctx, qqCollector)
	// A worker started again lists the dismissals (not each on its own
	// read) and still honours this one.
	if err := b.StopWorkersWait(ctx, 3*time.Second); err != nil {
		t.Fatal(err)
	}
	navigate(t, ctx, qqCollector+"?sid=test&addr=someone%40gmail.com")
	noHint(t, b, ctx, qqCollector)
	// Another provider on the same page still gets its hint.
	navigate(t, ctx, qqCollector+"?sid=test&addr=someone%40yahoo.com")
	waitHint(t, b, ctx, qqCollector, func(h hintView) bool { return strings.Contains(h.Title, "Yahoo") })
}

// The hint takes no room in the page: nothing after the password field moves.
func TestNoLayoutShift(t *testing.T) {
	b, ctx := launch(t, "zh-CN")
	navigate(t, ctx, qqCollector+"?sid=test")
	where := `JSON.stringify(['#pop3_server', '#pop3_submit', '.settingtips'].map(s => document.querySelector(s).getBoundingClientRect()))`
	var before, after string
	if err := chromedp.Run(ctx, chromedp.Evaluate(where, &before)); err != nil {
		t.Fatal(err)
	}
	typeInto(t, b, ctx, qqCollector, "#pop3_email", "someone@gmail.com")
	waitHint(t, b, ctx, qqCollector, func(h hintView) bool { return true })
	if err := chromedp.Run(ctx, chromedp.Evaluate(where, &after)); err != nil {
		t.Fatal(err)
	}
	if before != after {
		t.Errorf("the page moved:\nbefore %s\nafter  %s", before, after)
	}
}
