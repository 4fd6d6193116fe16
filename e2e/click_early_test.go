package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// holdAnswers keeps the brain's answers to snapshots from the sensor until
// __release() is called: a worker slow to answer, as on a slow machine.
const holdAnswers = `(() => {
  const send = chrome.runtime.sendMessage.bind(chrome.runtime);
  let held = [];
  let open = false;
  globalThis.__release = () => { open = true; held.forEach((f) => f()); held = []; return true; };
  chrome.runtime.sendMessage = (msg) => send(msg).then((a) =>
    open || msg.type !== 'snapshot' ? a : new Promise((resolve) => held.push(() => resolve(a))));
  return true;
})()`

// A person who clicks the provider's create button before the brain has
// answered for it (here: the page drew the button again, and the answer
// naming the new one is slow) still gets the offer: the click is kept and
// judged when the answer comes.
func TestClickBeforeAnswer(t *testing.T) {
	b, ctx := launch(t, "en-US")
	const page = "https://myaccount.google.com/apppasswords"
	navigate(t, ctx, page)
	// The page's first answer (a changed title makes the sensor send again).
	if err := b.EvalInContentScript(ctx, page, recordMessages, nil); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.title += ' ·'`, nil)); err != nil {
		t.Fatal(err)
	}
	waitAnswered(t, b, ctx, page)
	if err := b.EvalInContentScript(ctx, page, holdAnswers, nil); err != nil {
		t.Fatal(err)
	}
	// The page draws its create button again (a framework's re-render).
	if err := chromedp.Run(ctx, chromedp.Evaluate(`(() => { const b = document.getElementById('createBtn'); const c = b.cloneNode(true); b.replaceWith(c); c.addEventListener('click', () => b.click()); return true; })()`, nil)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond) // the sensor has sent what changed; its answer is held
	typeInto(t, b, ctx, page, "#i6", "Early phone")
	if err := chromedp.Run(ctx, chromedp.Click("#createBtn", chromedp.ByID)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	var released bool
	if err := b.EvalInContentScript(ctx, page, `__release()`, &released); err != nil || !released {
		t.Fatalf("release: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("what the sensor sent, and the answers:\n%s", describeMessages(sentMessages(t, b, ctx, page)))
		}
	})
	waitHint(t, b, ctx, page, func(h hintView) bool { return strings.HasPrefix(h.Title, "Log this ") })
	var label string
	if err := b.EvalInContentScript(ctx, page, `chrome.dom.openOrClosedShadowRoot(document.querySelector('mailkey-hint')).querySelector('#mk-label').value`, &label); err != nil {
		t.Fatal(err)
	}
	if label != "Early phone" {
		t.Errorf("the offer's label is %q, want the name typed at the provider", label)
	}
}
