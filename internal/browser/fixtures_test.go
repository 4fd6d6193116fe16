package browser

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// TestFixturePages loads the fixture sites in a browser without extensions
// and checks that their scripts behave as package sites documents, with no
// script error, under their real host names.
func TestFixturePages(t *testing.T) {
	b, srv := launch(t, Options{})

	t.Run("AllPagesLoadCleanly", func(t *testing.T) {
		pages := []struct {
			host, path string
			lang       string
			passwords  int
		}{
			{"mail.qq.com", "/cgi-bin/frame_html?sid=test", "zh-CN", 0},
			{"mail.qq.com", "/cgi-bin/other_mailbox?sid=test&csp=strict", "zh-CN", 1},
			{"mail.qq.com", "/cgi-bin/mail_list", "zh-CN", 0},
			{"mail.qq.com", "/bench?csp=strict", "zh-CN", 0},
			{"service.mail.qq.com", "/cgi-bin/help?subtype=1&&id=28&&no=1001256", "zh-CN", 1},
			{"myaccount.google.com", "/apppasswords?csp=strict", "en", 0},
			{"mail.163.com", "/js6/main.jsp?sid=test", "zh-CN", 1},
			{"mail.yandex.ru", "/", "ru", 1},
			{"e.mail.ru", "/settings/collector", "ru", 1},
			{"www.gmx.net", "/?csp=strict", "de", 1},
			{"mail.zoho.com", "/zm/", "en", 1},
			{"mail.yahoo.com", "/d/settings/2", "en", 1},
			{"www.example.org", "/login?csp=strict", "en", 1},
		}
		tab := tabFor(t, b, 15*time.Second)
		for _, p := range pages {
			var lang, host string
			var passwords int
			err := chromedp.Run(tab,
				chromedp.Navigate(srv.URL(p.host, p.path)),
				chromedp.Evaluate(`document.documentElement.lang`, &lang),
				chromedp.Evaluate(`location.host`, &host),
				chromedp.Evaluate(`document.querySelectorAll('input[type=password]').length`, &passwords),
			)
			if err != nil {
				t.Errorf("%s%s: %v", p.host, p.path, err)
				continue
			}
			if lang != p.lang || host != p.host || passwords != p.passwords {
				t.Errorf("%s%s: lang %q host %q passwords %d", p.host, p.path, lang, host, passwords)
			}
		}
		// Frames finish their scripts; then nothing may have complained.
		time.Sleep(100 * time.Millisecond)
		for _, m := range b.ConsoleMessages() {
			t.Errorf("console output from a fixture page: %+v", m)
		}
	})

	t.Run("QQRefusal", func(t *testing.T) {
		tab := tabFor(t, b, 10*time.Second)
		var text string
		// A QQ address gets the generic refusal, after a "checking" state.
		err := chromedp.Run(tab,
			chromedp.Navigate(srv.URL("mail.qq.com", "/cgi-bin/other_mailbox?sid=test")),
			chromedp.SendKeys("#pop3_email", "friend@qq.com", chromedp.ByID),
			chromedp.SendKeys("#pop3_pwd", "not-logged", chromedp.ByID),
			chromedp.Click("#pop3_submit", chromedp.ByID),
			chromedp.Text("#pop3_status", &text, chromedp.ByID),
		)
		if err != nil {
			t.Fatal(err)
		}
		if text != "正在验证，请稍候…" {
			t.Errorf("status = %q", text)
		}
		if err := chromedp.Run(tab, chromedp.WaitVisible("#pop3_err", chromedp.ByID), chromedp.Text("#pop3_err", &text, chromedp.ByID)); err != nil {
			t.Fatal(err)
		}
		if text != "密码错误，请重新输入。" {
			t.Errorf("refusal = %q", text)
		}
		// Shown on load, Gmail text for a Gmail address.
		err = chromedp.Run(tab,
			chromedp.Navigate(srv.URL("mail.qq.com", "/cgi-bin/other_mailbox?refused=1&addr=someone%40gmail.com")),
			chromedp.WaitVisible("#pop3_err", chromedp.ByID),
			chromedp.Text("#pop3_err", &text, chromedp.ByID),
		)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(text, "收取失败：-ERR [AUTH] Application-specific password required: http://support.google.com/accounts/bin/answer.py?answer=185833") {
			t.Errorf("refusal on load = %q", text)
		}
		var server string
		if err := chromedp.Run(tab, chromedp.Value("#pop3_server", &server, chromedp.ByID)); err != nil || server != "pop.gmail.com" {
			t.Errorf("server = %q, %v", server, err)
		}
	})

	t.Run("QQLateForm", func(t *testing.T) {
		tab := tabFor(t, b, 10*time.Second)
		var n int
		var late string
		err := chromedp.Run(tab,
			chromedp.Navigate(srv.URL("mail.qq.com", "/cgi-bin/other_mailbox_late?late=300")),
			chromedp.Evaluate(`document.querySelectorAll('input[type=password]').length`, &n),
			chromedp.Evaluate(`document.body.dataset.late`, &late),
		)
		if err != nil {
			t.Fatal(err)
		}
		if n != 0 || late != "1500" {
			t.Errorf("at load: %d password fields, data-late %q", n, late)
		}
		start := time.Now()
		if err := chromedp.Run(tab, chromedp.WaitVisible("#pop3_pwd", chromedp.ByID)); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d < 150*time.Millisecond {
			t.Errorf("late form appeared after %v", d)
		}
	})

	t.Run("GmailSPA", func(t *testing.T) {
		tab := tabFor(t, b, 10*time.Second)
		var n int
		err := chromedp.Run(tab,
			chromedp.Navigate(srv.URL("mail.google.com", "/mail/u/0/?delay=400&addr=friend%40qq.com#settings/accounts")),
			chromedp.Evaluate(`document.querySelectorAll('input[type=password]').length`, &n),
		)
		if err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Error("form present before the delay")
		}
		var user, server, heading string
		err = chromedp.Run(tab,
			chromedp.WaitVisible(`input[type=password]`, chromedp.ByQuery),
			chromedp.Value(`input[name=username]`, &user, chromedp.ByQuery),
			chromedp.Value(`input[name=popserver]`, &server, chromedp.ByQuery),
			chromedp.Text(`[role=dialog] [role=heading]`, &heading, chromedp.ByQuery),
		)
		if err != nil {
			t.Fatal(err)
		}
		if user != "friend" || server != "pop.qq.com" || heading != "Add a mail account" {
			t.Errorf("username %q server %q heading %q", user, server, heading)
		}
		// Leaving the route removes the form; coming back renders it again.
		err = chromedp.Run(tab,
			chromedp.Evaluate(`location.hash = '#inbox'`, nil),
			chromedp.WaitNotPresent(`input[type=password]`, chromedp.ByQuery),
			chromedp.Evaluate(`location.hash = '#settings/accounts'`, nil),
			chromedp.WaitVisible(`input[type=password]`, chromedp.ByQuery),
		)
		if err != nil {
			t.Fatal(err)
		}
		// Default delay: 2000 ms after load.
		var appeared float64
		err = chromedp.Run(tab,
			chromedp.Navigate(srv.URL("mail.google.com", "/mail/u/0/#settings/accounts")),
			chromedp.Evaluate(`new Promise(resolve => {
				const done = () => resolve(performance.now());
				if (document.querySelector('input[type=password]')) return done();
				new MutationObserver((_, o) => {
					if (document.querySelector('input[type=password]')) { o.disconnect(); done(); }
				}).observe(document, {childList: true, subtree: true});
			})`, &appeared, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
		)
		if err != nil {
			t.Fatal(err)
		}
		if appeared < 1950 || appeared > 3500 {
			t.Errorf("default delay: form at %.0f ms after navigation start, want about 2000", appeared)
		}
	})

	t.Run("Bench", func(t *testing.T) {
		tab := tabFor(t, b, 10*time.Second)
		if err := chromedp.Run(tab, chromedp.Navigate(srv.URL("mail.qq.com", "/bench"))); err != nil {
			t.Fatal(err)
		}
		for _, marker := range []string{
			`const h = document.createElement('mailkey-hint'); document.getElementById('pop3_pwd').after(h);`,
			`const d = document.createElement('div'); d.appendChild(document.createElement('mailkey-floor')); document.body.appendChild(d);`,
		} {
			var ms float64
			var addr string
			err := chromedp.Run(tab,
				chromedp.Evaluate(`(async () => {
					const done = mkBench.insert();
					await new Promise(r => setTimeout(r, 60));
					`+marker+`
					return await done;
				})()`, &ms, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
				chromedp.Value("#pop3_email", &addr, chromedp.ByID),
			)
			if err != nil {
				t.Fatal(err)
			}
			if ms < 55 || ms > 1000 || addr != "bench@gmail.com" {
				t.Errorf("bench round: %.1f ms, address %q", ms, addr)
			}
			var left int
			if err := chromedp.Run(tab, chromedp.Evaluate(`mkBench.reset(); document.querySelectorAll('form, mailkey-hint, mailkey-floor').length`, &left)); err != nil || left != 0 {
				t.Errorf("after reset: %d elements left, %v", left, err)
			}
		}
	})

	t.Run("AppPasswords", func(t *testing.T) {
		tab := tabFor(t, b, 10*time.Second)
		var pw, name string
		var items int
		err := chromedp.Run(tab,
			chromedp.Navigate(srv.URL("myaccount.google.com", "/apppasswords")),
			chromedp.SendKeys("#i6", "QQ Mail collector", chromedp.ByID),
			chromedp.Click("#createBtn", chromedp.ByID),
			chromedp.WaitVisible("#apDialog", chromedp.ByID),
			chromedp.Text("#apDialogPw", &pw, chromedp.ByID),
			chromedp.Text("#apDialogName", &name, chromedp.ByID),
			chromedp.Click("#apDialogDone", chromedp.ByID),
			chromedp.WaitNotVisible("#apDialog", chromedp.ByID),
			chromedp.Evaluate(`document.querySelectorAll('#apList li').length`, &items),
		)
		if err != nil {
			t.Fatal(err)
		}
		if len(strings.ReplaceAll(pw, " ", "")) != 16 || len(pw) != 19 || name != "QQ Mail collector" || items != 3 {
			t.Errorf("password %q name %q items %d", pw, name, items)
		}
		err = chromedp.Run(tab,
			chromedp.Navigate(srv.URL("myaccount.google.com", "/apppasswords?pw=abcdefghijklmnop")),
			chromedp.SendKeys("#i6", "x", chromedp.ByID),
			chromedp.Click("#createBtn", chromedp.ByID),
			chromedp.Text("#apDialogPw", &pw, chromedp.ByID),
			chromedp.Click("#apDialogDone", chromedp.ByID), // the dialog covers the list
			chromedp.Click(`[aria-label="Delete QQ Mail"]`, chromedp.ByQuery),
			chromedp.Evaluate(`document.querySelectorAll('#apList li').length`, &items),
		)
		if err != nil {
			t.Fatal(err)
		}
		if pw != "abcd efgh ijkl mnop" || items != 2 {
			t.Errorf("fixed password %q, items after delete %d", pw, items)
		}
	})
}
