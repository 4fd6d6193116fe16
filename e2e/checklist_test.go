package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"mailkey/internal/browser"
)

func day(offset int) string { return time.Now().AddDate(0, 0, offset).Format("2006-01-02") }

func entryAt(id, provider, account, label, created, confirmed, revoked string) map[string]any {
	return map[string]any{"v": 2, "id": id, "provider": provider, "account": account, "label": label, "usedBy": "Thunderbird",
		"kind": "app_password", "created": created, "confirmed": confirmed, "revoked": revoked, "revokedHow": "", "note": "",
		"source": "manual", "updated": time.Now().UnixMilli() - 1000, "deleted": 0}
}

func openChecklist(t *testing.T, b *browser.Browser) context.Context {
	t.Helper()
	return openPage(t, b, "extension/checklist.html")
}

func badge(t *testing.T, ctx context.Context) string {
	t.Helper()
	var s string
	if err := chromedp.Run(ctx, chromedp.Evaluate(`chrome.action.getBadgeText({})`, &s, awaitPromise)); err != nil {
		t.Fatal(err)
	}
	return s
}

func waitBadge(t *testing.T, ctx context.Context, want string) {
	t.Helper()
	got := ""
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if got = badge(t, ctx); got == want {
			return
		}
	}
	t.Fatalf("badge %q, want %q", got, want)
}

func TestChecklistBadgeAndBulkEvent(t *testing.T) {
	b, _ := launch(t, "en-US")
	ctx := openChecklist(t, b)
	id := func(c string) string { return strings.Repeat(c, 32) }
	seed(t, ctx, map[string]any{
		"ledger/e/" + id("a"): entryAt(id("a"), "google", "me@gmail.com", "Old phone", day(-400), "", ""),
		"ledger/e/" + id("b"): entryAt(id("b"), "google", "me@gmail.com", "Laptop client", day(-20), day(-2), ""),
		"ledger/e/" + id("c"): entryAt(id("c"), "yahoo", "me@yahoo.com", "Tablet", day(-30), "", ""),
		"ledger/e/" + id("d"): entryAt(id("d"), "qq", "", "QQ code", day(-1), "", ""),
		"ledger/e/" + id("e"): entryAt(id("e"), "google", "other@gmail.com", "Other account", day(-5), day(-1), ""),
	})
	// Due: the 400-day-old Google entry and the never-confirmed 30-day-old Yahoo one.
	waitBadge(t, ctx, "2")
	groups := waitText(t, ctx, "#check-groups", "Old phone")
	if err := contains(groups, "Tablet", "Never confirmed in use", "more than 180 days ago", "Revoke at Gmail", "Revoke at Yahoo Mail"); err != nil {
		t.Errorf("due: %v\n%s", err, groups)
	}
	if strings.Contains(groups, "QQ code") || strings.Contains(groups, "Laptop client") || strings.Contains(groups, "Other account") {
		t.Errorf("not-due entries listed as due:\n%s", groups)
	}
	var links []string
	if err := chromedp.Run(ctx, chromedp.Evaluate(`[...document.querySelectorAll('#check-groups a')].map(a => a.href)`, &links)); err != nil {
		t.Fatal(err)
	}
	if !has(links, "https://myaccount.google.com/apppasswords") || !has(links, "https://login.yahoo.com/myaccount/security") {
		t.Errorf("revoke links are not the knowledge base's: %v", links)
	}
	// Mark revoked, undo, mark revoked: the badge follows.
	clickText(t, ctx, "Mark revoked")
	waitBadge(t, ctx, "1")
	keys(t, ctx, "\r") // Undo has the focus
	waitBadge(t, ctx, "2")
	// All active, then the bulk event: changing the Google password of me@gmail.com.
	clickSel(t, ctx, "#filter-active")
	waitText(t, ctx, "#check-groups", "QQ code")
	setVal(t, ctx, "#bulk-provider", "google")
	setVal(t, ctx, "#bulk-account", "me@gmail.com")
	clickSel(t, ctx, "#bulk-run")
	waitText(t, ctx, "#app .status", "Marked 2 Gmail entries revoked")
	entries := ledgerEntries(t, b, ctx)
	for _, k := range []string{id("a"), id("b")} {
		if entries["ledger/e/"+k]["revoked"] == "" {
			t.Errorf("%s not revoked by the password change", k)
		}
	}
	if entries["ledger/e/"+id("e")]["revoked"] != "" || entries["ledger/e/"+id("c")]["revoked"] != "" {
		t.Error("the password change revoked another account's or provider's entries")
	}
	waitBadge(t, ctx, "1")
	bulk := waitText(t, ctx, "#app", "Yahoo Mail")
	if err := contains(bulk, "survive a password change", "Gmail"); err != nil {
		t.Errorf("bulk explanation: %v", err)
	}
	// Recently revoked shows the two, with how.
	clickSel(t, ctx, "#filter-revoked")
	if err := contains(waitText(t, ctx, "#check-groups", "Old phone"), "account password changed", "2 of 2 revoked"); err != nil {
		t.Errorf("revoked view: %v", err)
	}

	// The print view: controls hidden, links written out.
	clickSel(t, ctx, "#filter-active")
	var print struct {
		Buttons int
		After   string
		Intro   string
	}
	if err := chromedp.Run(ctx, emulation.SetEmulatedMedia().WithMedia("print"),
		chromedp.Evaluate(`({buttons: [...document.querySelectorAll('button')].filter(b => getComputedStyle(b).display !== 'none').length,
		  after: getComputedStyle(document.querySelector('#check-groups a'), '::after').content,
		  intro: getComputedStyle(document.querySelector('.print-only')).display})`, &print)); err != nil {
		t.Fatal(err)
	}
	if print.Buttons != 0 || !strings.Contains(print.After, "https://") || print.Intro == "none" {
		t.Errorf("print view: %+v", print)
	}
}

// The Guide's decoder names the provider of a pasted error, and repairs
// garbled text.
func TestRefusalDecoder(t *testing.T) {
	b, _ := launch(t, "en-US")
	ctx := openPopup(t, b)
	clickSel(t, ctx, "#tab-guide")
	for text, want := range map[string][]string{
		"535 Login Fail. Please enter your authorization code to login. More information in http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=28&&no=1001256": {"QQ Mail says", "authorization code"},
		"NO [AUTHENTICATIONFAILED] LOGIN Invalid credentials": {"Yahoo Mail says", "AOL Mail says", "same for a mistyped password", "Several providers"},
		"535 Error: è¯·ä½¿ç”¨æŽˆæƒç ç™»å½•":                   {"Mailkey read it as", "请使用授权码登录", "QQ Mail says"},
		"hello world": {"does not recognise"},
	} {
		setVal(t, ctx, "#decode-text", text)
		out := waitText(t, ctx, "#decode-out", want[0])
		if err := contains(out, want...); err != nil {
			t.Errorf("%q: %v\n%s", text, err, out)
		}
	}
}
