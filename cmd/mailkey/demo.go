package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"mailkey/internal/browser"
	"mailkey/internal/demo"
	"mailkey/internal/sites"
)

func defineDemo(fs *flag.FlagSet) func() error {
	out := fs.String("out", "out/demo", "where to write screenshots (headless)")
	headless := fs.Bool("headless", false, "write screenshots even when there is a display")
	docs := fs.String("docs", "", "headless: also write the README's screenshots, light and dark, to this directory (docs)")
	return func() error { return runDemo(*out, *headless, *docs) }
}

func runDemo(out string, headless bool, docs string) error {
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
	headed := os.Getenv("DISPLAY") != "" && !headless
	b, err := browser.Launch(context.Background(), browser.Options{ExtensionDirs: []string{dir}, Sites: srv, Headed: headed,
		Lang: "en-US", ExtraFlags: []string{"--window-size=1280,900"}})
	if err != nil {
		return err
	}
	defer b.Close()

	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, s := range append(demo.Scenes[:len(demo.Scenes):len(demo.Scenes)], demo.LangScenes...) {
		tab, cancel := b.NewTab()
		ctx, cancelT := context.WithTimeout(tab, 30*time.Second)
		path := ""
		if !headed {
			path = filepath.Join(out, s.Name+".png")
		}
		err := showScene(b, ctx, s, path)
		cancelT()
		if !headed {
			cancel()
		}
		if err != nil {
			return fmt.Errorf("%s: %w", s.Name, err)
		}
	}
	shot := func(name string) string { return filepath.Join(out, name+".png") }
	if headed {
		shot = nil
	}
	if err := showPages(b, "light", shot); err != nil {
		return err
	}
	if docs != "" && !headed {
		if err := readmeShots(b, docs); err != nil {
			return err
		}
	}
	if headed {
		fmt.Println("Chromium is open with Mailkey and one tab per demo page. Press Ctrl-C to quit.")
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, os.Interrupt)
		<-sig
	}
	return nil
}

// readmeShots writes the README's screenshots, each in light and in dark
// mode: the hint (QQ Mail's collector, a Gmail address), the popup's ledger
// and the checklist, as docs/hint-light.png, docs/hint-dark.png and so on;
// and the hint in each other language, as docs/hint-ru.png and so on.
func readmeShots(b *browser.Browser, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, s := range demo.LangScenes {
		tab, cancel := b.NewTab()
		ctx, cancelT := context.WithTimeout(tab, 30*time.Second)
		err := showScene(b, ctx, s, filepath.Join(dir, "hint-"+s.Name[strings.LastIndexByte(s.Name, '-')+1:]+".png"))
		cancelT()
		cancel()
		if err != nil {
			return fmt.Errorf("%s: %w", s.Name, err)
		}
	}
	for _, mode := range []string{"light", "dark"} {
		tab, cancel := b.NewTab()
		ctx, cancelT := context.WithTimeout(tab, 30*time.Second)
		err := chromedp.Run(ctx, colorScheme(mode))
		if err == nil {
			err = showScene(b, ctx, demo.Scenes[0], filepath.Join(dir, "hint-"+mode+".png"))
		}
		cancelT()
		cancel()
		if err != nil {
			return fmt.Errorf("hint, %s: %w", mode, err)
		}
		if err := showPages(b, mode, func(name string) string {
			return filepath.Join(dir, strings.TrimSuffix(name, "-ledger")+"-"+mode+".png")
		}); err != nil {
			return err
		}
	}
	return nil
}

// colorScheme emulates the system's light or dark mode in a tab.
func colorScheme(mode string) chromedp.Action {
	return emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: mode}})
}

// showScene opens a scene, types its address where the page has none yet,
// waits for the hint and, when path is set, writes a screenshot there.
func showScene(b *browser.Browser, ctx context.Context, s demo.Scene, path string) error {
	if err := chromedp.Run(ctx, chromedp.Navigate(s.URL)); err != nil {
		return err
	}
	if s.Field != "" {
		// Typed as a person would (also into a field inside an iframe).
		if err := b.EvalInFrame(ctx, s.Frame, `document.querySelector(`+strconv.Quote(s.Field)+`).focus()`, nil); err != nil {
			return err
		}
		if err := chromedp.Run(ctx, chromedp.KeyEvent(s.Address)); err != nil {
			return err
		}
	}
	var shown bool
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && !shown; time.Sleep(100 * time.Millisecond) {
		if err := b.EvalInContentScript(ctx, s.Frame, `document.querySelector('mailkey-hint') !== null`, &shown); err != nil {
			return err
		}
	}
	if !shown {
		return fmt.Errorf("no hint appeared on %s", s.URL)
	}
	fmt.Printf("%-15s %s\n", s.Name, s.What)
	if path == "" {
		return nil
	}
	time.Sleep(300 * time.Millisecond) // let the page settle around the hint
	var png []byte
	if err := chromedp.Run(ctx, chromedp.CaptureScreenshot(&png)); err != nil {
		return err
	}
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

// showPages opens the popup's ledger and the checklist with a demo ledger,
// in light or dark mode. When shot is not nil, it writes a screenshot of
// each page to shot(name): of the popup alone (its 420 px), of the whole
// checklist page.
func showPages(b *browser.Browser, mode string, shot func(name string) string) error {
	for _, pg := range []struct{ name, path, tab, what string }{
		{"popup-ledger", "extension/popup.html", "#tab-ledger", "the popup's ledger"},
		{"checklist", "extension/checklist.html", "", "the revocation checklist"},
	} {
		tab, cancel := b.NewTab()
		ctx, cancelT := context.WithTimeout(tab, 30*time.Second)
		err := chromedp.Run(ctx, colorScheme(mode), chromedp.Navigate(b.ExtensionURL(pg.path)),
			chromedp.Evaluate(demoLedger, nil, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
			chromedp.Reload(), chromedp.Poll(`globalThis.mailkeyUIReady`, nil))
		if err == nil && pg.tab != "" {
			err = chromedp.Run(ctx, chromedp.Click(pg.tab, chromedp.ByQuery), chromedp.Poll(`globalThis.mailkeyLedgerReady`, nil))
		}
		if err == nil {
			fmt.Printf("%-15s %s (%s)\n", pg.name, pg.what, mode)
			if shot != nil {
				time.Sleep(300 * time.Millisecond)
				var png []byte
				if pg.tab != "" {
					err = chromedp.Run(ctx, chromedp.Screenshot("body", &png, chromedp.ByQuery))
				} else {
					err = chromedp.Run(ctx, chromedp.FullScreenshot(&png, 100))
				}
				if err == nil {
					path := shot(pg.name)
					err = os.WriteFile(path, png, 0o644)
					fmt.Printf("%-15s -> %s\n", "", path)
				}
			}
		}
		cancelT()
		if shot != nil {
			cancel()
		}
		if err != nil {
			return fmt.Errorf("%s: %w", pg.name, err)
		}
	}
	return nil
}
