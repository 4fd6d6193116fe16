package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"mailkey/internal/browser"
	"mailkey/internal/sites"
)

// scene is one demo page: where to go and what the hint should be about.
type scene struct {
	name, url, frame, what string
	field, address         string // typed as a person would, when set
}

var scenes = []scene{
	{"qq-gmail-zh", "https://mail.qq.com/cgi-bin/frame_html?sid=test", "https://mail.qq.com/cgi-bin/other_mailbox",
		"QQ Mail's 其他邮箱 (in its iframe), a Gmail address typed: the Gmail app-password hint, in Chinese",
		"#pop3_email", "someone@gmail.com"},
	{"qq-refusal-zh", "https://mail.qq.com/cgi-bin/other_mailbox?sid=test&addr=someone%40gmail.com&refused=gmail", "https://mail.qq.com/cgi-bin/other_mailbox",
		"QQ Mail relays Gmail's refusal: the hint explains it", "", ""},
	{"gmail-yahoo-en", "https://mail.google.com/mail/u/0/?addr=someone%40yahoo.com&delay=300#settings/accounts", "https://mail.google.com/mail/u/0/",
		"Gmail's \"Check mail from other accounts\", a Yahoo address: the Yahoo hint, in English", "", ""},
	{"163-qq-zh", "https://mail.163.com/js6/main.jsp?sid=test#module=options.CollectModule", "https://mail.163.com/js6/main.jsp",
		"NetEase's 代收邮件, a QQ address: the 授权码 hint", "input[name=account]", "someone@qq.com"},
	{"qq-unknown", "https://mail.qq.com/cgi-bin/other_mailbox?sid=test&addr=me%40example.org", "https://mail.qq.com/cgi-bin/other_mailbox",
		"An address Mailkey does not know: the neutral hint", "", ""},
}

func cmdDemo(args []string) error {
	fs := flag.NewFlagSet("demo", flag.ExitOnError)
	out := fs.String("out", "out/demo", "where to write screenshots (headless)")
	headless := fs.Bool("headless", false, "write screenshots even when there is a display")
	_ = fs.Parse(args)

	r, err := buildExtension()
	if err != nil {
		return err
	}
	fmt.Printf("built %s (%d bytes)\n", r.WasmPath, r.WasmBytes)
	dir, _ := root()
	srv, err := sites.Start()
	if err != nil {
		return err
	}
	defer srv.Close()
	// With a display, open Chromium for the person to try; without one,
	// write screenshots.
	headed := os.Getenv("DISPLAY") != "" && !*headless
	b, err := browser.Launch(context.Background(), browser.Options{ExtensionDirs: []string{dir}, Sites: srv, Headed: headed,
		Lang: "en-US", ExtraFlags: []string{"--window-size=1280,900"}})
	if err != nil {
		return err
	}
	defer b.Close()

	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	for _, s := range scenes {
		tab, cancel := b.NewTab()
		ctx, cancelT := context.WithTimeout(tab, 30*time.Second)
		err := showScene(b, ctx, s, *out, !headed)
		cancelT()
		if !headed {
			cancel()
		}
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
	}
	if err := showPages(b, *out, !headed); err != nil {
		return err
	}
	if headed {
		fmt.Println("Chromium is open with Mailkey and one tab per demo page. Press Ctrl-C to quit.")
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, os.Interrupt)
		<-sig
	}
	return nil
}

// showScene opens a scene, types its address where the page has none yet,
// waits for the hint and, headless, writes a screenshot.
func showScene(b *browser.Browser, ctx context.Context, s scene, out string, shoot bool) error {
	if err := chromedp.Run(ctx, chromedp.Navigate(s.url)); err != nil {
		return err
	}
	if s.field != "" {
		// Typed as a person would (also into a field inside an iframe).
		if err := b.EvalInFrame(ctx, s.frame, `document.querySelector(`+strconv.Quote(s.field)+`).focus()`, nil); err != nil {
			return err
		}
		if err := chromedp.Run(ctx, chromedp.KeyEvent(s.address)); err != nil {
			return err
		}
	}
	var shown bool
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && !shown; time.Sleep(100 * time.Millisecond) {
		if err := b.EvalInContentScript(ctx, s.frame, `document.querySelector('mailkey-hint') !== null`, &shown); err != nil {
			return err
		}
	}
	if !shown {
		return fmt.Errorf("no hint appeared on %s", s.url)
	}
	fmt.Printf("%-15s %s\n", s.name, s.what)
	if !shoot {
		return nil
	}
	time.Sleep(300 * time.Millisecond) // let the page settle around the hint
	var png []byte
	if err := chromedp.Run(ctx, chromedp.CaptureScreenshot(&png)); err != nil {
		return err
	}
	path := filepath.Join(out, s.name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		return err
	}
	fmt.Printf("%-15s -> %s\n", "", path)
	return nil
}

// demoLedger is what the demo's ledger holds, as if made through the hint.
const demoLedger = `(async () => {
  const day = (d) => new Date(Date.now() + d * 86400000).toISOString().slice(0, 10);
  const e = (n, provider, account, label, usedBy, kind, created, confirmed) => {
    const id = n.toString(16).padStart(32, '0');
    return ['ledger/e/' + id, {v: 2, id, provider, account, label, usedBy, kind, created, confirmed, revoked: '', revokedHow: '',
      note: '', source: 'hint', updated: Date.now() - n, deleted: 0}];
  };
  await chrome.storage.local.set(Object.fromEntries([
    e(1, 'google', 'someone@gmail.com', 'QQ Mail POP collector', 'QQ Mail 其他邮箱', 'app_password', day(-420), ''),
    e(2, 'qq', 'someone@qq.com', 'Thunderbird on the office PC', 'Thunderbird', 'authorization_code', day(-35), day(-3)),
    e(3, 'yahoo', 'someone@yahoo.com', 'Phone mail app', 'iPhone Mail', 'app_password', day(-200), ''),
    e(4, 'netease', 'someone@163.com', 'Foxmail 客户端', 'Foxmail', 'authorization_code', day(-12), ''),
  ]));
})()`

// showPages opens the popup's ledger and the checklist with a demo ledger.
func showPages(b *browser.Browser, out string, shoot bool) error {
	for _, pg := range []struct{ name, path, tab, what string }{
		{"popup-ledger", "extension/popup.html", "#tab-ledger", "the popup's ledger"},
		{"checklist", "extension/checklist.html", "", "the revocation checklist"},
	} {
		tab, cancel := b.NewTab()
		ctx, cancelT := context.WithTimeout(tab, 30*time.Second)
		err := chromedp.Run(ctx, chromedp.Navigate(b.ExtensionURL(pg.path)),
			chromedp.Evaluate(demoLedger, nil, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
			chromedp.Reload(), chromedp.Poll(`globalThis.mailkeyUIReady`, nil))
		if err == nil && pg.tab != "" {
			err = chromedp.Run(ctx, chromedp.Click(pg.tab, chromedp.ByQuery), chromedp.Poll(`globalThis.mailkeyLedgerReady`, nil))
		}
		if err == nil {
			fmt.Printf("%-15s %s\n", pg.name, pg.what)
			if shoot {
				time.Sleep(300 * time.Millisecond)
				var png []byte
				if err = chromedp.Run(ctx, chromedp.FullScreenshot(&png, 100)); err == nil {
					path := filepath.Join(out, pg.name+".png")
					err = os.WriteFile(path, png, 0o644)
					fmt.Printf("%-15s -> %s\n", "", path)
				}
			}
		}
		cancelT()
		if shoot {
			cancel()
		}
		if err != nil {
			return fmt.Errorf("%s: %w", pg.name, err)
		}
	}
	return nil
}
