package e2e

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

const googleAppPasswords = "https://myaccount.google.com/apppasswords"

// On Google's app-password page: the ledger's active Google entries are
// listed for "mark revoked"; after a person creates an app password, the hint
// offers to log it under the name they typed, and the generated password
// appears in no message, stored item or console line.
func TestGeneratorAndRevokePage(t *testing.T) {
	b, ctx := launch(t, "en-US")
	if err := b.WatchWorkerConsole(); err != nil {
		t.Fatal(err)
	}
	popup := openPopup(t, b)
	qq, tb, other := record(0, "QQ Mail"), record(3, "Thunderbird laptop"), record(1, "A QQ code")
	seed(t, popup, map[string]any{"ledger/e/" + qq["id"].(string): qq, "ledger/e/" + tb["id"].(string): tb,
		"ledger/e/" + other["id"].(string): other})

	const secret = "sntlqzxwvbnmkjhg"
	navigate(t, ctx, googleAppPasswords+"?pw="+secret)
	h := waitHint(t, b, ctx, googleAppPasswords, func(h hintView) bool { return strings.Contains(h.Text, "Still active in your ledger") })
	if h.Title != "Your ledger's Gmail app passwords" {
		t.Errorf("title before a password is made: %q", h.Title)
	}
	if err := contains(h.Text, "QQ Mail", "Thunderbird laptop"); err != nil || strings.Contains(h.Text, "A QQ code") {
		t.Errorf("revoke list: %v\n%s", err, h.Text)
	}
	if err := b.EvalInContentScript(ctx, googleAppPasswords, recordMessages, nil); err != nil {
		t.Fatal(err)
	}

	// Mark one revoked from the provider's page.
	clickButton(t, b, ctx, googleAppPasswords, "Mark revoked")
	waitHint(t, b, ctx, googleAppPasswords, func(h hintView) bool { return strings.Contains(h.Text, "revoked in your ledger") })

	// Make an app password at Google: name it, click Create.
	typeInto(t, b, ctx, googleAppPasswords, "#i6", "Phone mail app")
	if err := chromedp.Run(ctx, chromedp.Click(`#createBtn`, chromedp.ByQuery),
		chromedp.WaitVisible(`#apDialogPw`, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	h = waitHint(t, b, ctx, googleAppPasswords, func(h hintView) bool { return strings.Contains(h.Title, "Log this Gmail app password") })
	var label string
	if err := b.EvalInContentScript(ctx, googleAppPasswords, `chrome.dom.openOrClosedShadowRoot(document.querySelector('mailkey-hint')).querySelector('#mk-label').value`, &label); err != nil {
		t.Fatal(err)
	}
	if label != "Phone mail app" {
		t.Fatalf("label prefilled %q", label)
	}
	// The provider's dialog sits on top; close it as a person would, then save.
	if err := chromedp.Run(ctx, chromedp.Click(`#apDialogDone`, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	clickButton(t, b, ctx, googleAppPasswords, "Add to ledger")
	waitHint(t, b, ctx, googleAppPasswords, func(h hintView) bool { return h.Status != "" })

	entries := ledgerEntries(t, b, ctx)
	var made, revoked map[string]any
	for _, e := range entries {
		if e["label"] == "Phone mail app" {
			made = e
		}
		if e["revoked"] != "" && e["revoked"] != nil {
			revoked = e
		}
	}
	if made == nil || made["provider"] != "google" || made["source"] != "generator" || made["kind"] != "app_password" {
		t.Errorf("logged entry %v", made)
	}
	if revoked == nil || revoked["provider"] != "google" || !strings.Contains(revoked["revokedHow"].(string), "Gmail") {
		t.Errorf("revoked entry %v", revoked)
	}

	var sent []string
	if err := b.EvalInContentScript(ctx, googleAppPasswords, `globalThis.__sent`, &sent); err != nil {
		t.Fatal(err)
	}
	stored, _ := json.Marshal(entries)
	all := strings.Join(sent, "\n") + string(stored) + b.ConsoleText()
	if len(sent) < 4 {
		t.Fatalf("recorded too little: %q", sent)
	}
	for _, form := range []string{secret, "sntl qzxw vbnm kjhg", "SNTL"} {
		if strings.Contains(strings.ToLower(all), strings.ToLower(form)) {
			t.Errorf("the generated password (%s) leaked", form)
		}
	}
	_ = time.Second
}
