package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"mailkey/internal/browser"
	"mailkey/internal/sites"
)

// seedLedger writes n ledger records into chrome.storage.local from an
// extension page, as the hint and the popup would have.
const seedLedger = `(async (n) => {
  const providers = ['google', 'qq', 'yahoo', 'netease', 'microsoft', 'icloud', 'zoho', 'fastmail'];
  const items = {};
  for (let i = 0; i < n; i++) {
    const id = i.toString(16).padStart(32, '0');
    const day = new Date(Date.UTC(2024, 0, 1) + (i % 700) * 86400000).toISOString().slice(0, 10);
    items['ledger/e/' + id] = {v: 1, id, provider: providers[i % providers.length], account: 'person' + (i % 97) + '@example.com',
      label: 'Label ' + i + ' for a mail program', usedBy: 'Thunderbird on PC ' + (i % 13), kind: 'app_password',
      created: day, source: 'manual', updated: 1700000000000 + i};
  }
  await chrome.storage.local.clear();
  await chrome.storage.local.set(items);
  return Object.keys(items).length;
})`

// popupOpen are the times (ms since navigation) at which the popup with a
// ledger of some size became interactive and drew its ledger, and at which
// the static copy of the same page (in the floor extension) was parsed,
// and at which the popup's page with Go's least (writeGoFloor) was ready.
type popupOpen struct {
	ready, list, static, goFloor []float64
	marks                        []marks // each run's mailkeyStartup (extension/ui.js, Go's main)
}

// popupParts are the popup's start, step by step: each from the mark
// before it to its own; "" is navigation.
var popupParts = []part{
	{"", "script", "navigation to ui.js run (HTML, CSS, scripts)"},
	{"script", "compiled", "ui.wasm fetched and compiled"},
	{"compiled", "main", "Go's runtime started (to main)"},
	{"main", "kb", "knowledge base decoded"},
	{"kb", "locales", "locales read and decoded"},
	{"locales", "choice", "language choice read from storage"},
	{"choice", "ready", "tabs drawn (to interactive)"},
}

// popupPartRows are the medians of the popup's start by parts.
func popupPartRows(o *popupOpen) []row {
	var rows []row
	for _, p := range popupParts {
		var d []float64
		for _, m := range o.marks {
			if v, ok := m.span(p.from, p.to); ok {
				d = append(d, v)
			}
		}
		if len(d) > 0 {
			rows = append(rows, row{what: "popup start (" + strconv.Itoa(popupSizes[0]) + " entries), part: " + p.what, value: ms(median(d))})
		}
	}
	return rows
}

type popupFigures struct {
	open                  map[int]*popupOpen // by ledger size: 20, 1,000, 10,000
	filter10k             []float64
	export10k, preview10k []float64
}

// popupSizes are the ledgers the popup is opened with: a typical one, a
// large one (both beside their static copies), and 10,000 entries.
var popupSizes = []int{20, 1000, 10000}

// popupLatency measures the popup (opened as a tab) with 20, 1,000 and
// 10,000 entries: open to interactive beside a static copy of the same page
// (written into the floor extension, loaded too) and, at 20, beside the
// same page with an empty Go program; one filter keystroke, export and
// import.
func popupLatency(ext, floor string, srv *sites.Server, runs int) (popupFigures, error) {
	f := popupFigures{open: map[int]*popupOpen{}}
	b, err := browser.Launch(context.Background(), browser.Options{ExtensionDirs: []string{ext, floor}, Sites: srv, Lang: "en-US"})
	if err != nil {
		return f, err
	}
	defer b.Close()
	tab, cancel := b.NewTab()
	defer cancel()
	ctx, cancelT := context.WithTimeout(tab, 10*time.Minute)
	defer cancelT()
	popup := b.ExtensionURL("extension/popup.html")
	goFloor := "chrome-extension://" + b.ExtensionIDFor(floor) + "/" + goFloorDir + "/popup.html"
	await := func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }
	var startup marks
	open := func() (float64, float64, error) {
		var ready, list float64
		startup = nil
		err := chromedp.Run(ctx, chromedp.Navigate(popup),
			chromedp.Poll(`globalThis.mailkeyUIReady`, &ready, chromedp.WithPollingTimeout(30*time.Second)),
			chromedp.Poll(`globalThis.mailkeyLedgerReady`, &list, chromedp.WithPollingTimeout(30*time.Second)),
			chromedp.Evaluate(`Object.assign({}, globalThis.mailkeyStartup, {ready: globalThis.mailkeyUIReady})`, &startup))
		return ready, list, err
	}
	for _, n := range popupSizes {
		var count int
		if err := chromedp.Run(ctx, chromedp.Navigate(popup), chromedp.Evaluate(seedLedger+"("+strconv.Itoa(n)+")", &count, await)); err != nil {
			return f, err
		}
		if _, _, err := open(); err != nil { // warm-up (and the records' migration to v2)
			return f, err
		}
		o := &popupOpen{}
		f.open[n] = o
		static := ""
		if n <= 1000 {
			var html string
			if err := chromedp.Run(ctx, chromedp.Evaluate(`document.documentElement.outerHTML`, &html)); err != nil {
				return f, err
			}
			name := "static-" + strconv.Itoa(n) + ".html"
			if err := os.WriteFile(filepath.Join(floor, name), []byte(staticPopup(html)), 0o644); err != nil {
				return f, err
			}
			static = "chrome-extension://" + b.ExtensionIDFor(floor) + "/" + name
		}
		for i := 0; i < runs; i++ {
			v, list, err := open()
			if err != nil {
				return f, err
			}
			o.ready, o.list, o.marks = append(o.ready, v), append(o.list, list), append(o.marks, startup)
			if static != "" {
				var ready float64
				if err := chromedp.Run(ctx, chromedp.Navigate(static),
					chromedp.Poll(`globalThis.mailkeyUIReady`, &ready, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
					return f, err
				}
				o.static = append(o.static, ready)
			}
			if n == popupSizes[0] {
				var ready float64
				if err := chromedp.Run(ctx, chromedp.Navigate(goFloor),
					chromedp.Poll(`globalThis.mailkeyUIReady`, &ready, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
					return f, err
				}
				o.goFloor = append(o.goFloor, ready)
			}
		}
	}
	if err := chromedp.Run(ctx, chromedp.Navigate(popup), chromedp.Poll(`globalThis.mailkeyLedgerReady`, nil, chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		return f, err
	}
	// With 10,000 entries loaded: keystrokes in the search box.
	if err := chromedp.Run(ctx, chromedp.Click(`#tab-ledger`, chromedp.ByQuery), chromedp.Focus(`#ledger-search`, chromedp.ByQuery)); err != nil {
		return f, err
	}
	for i := 0; i < runs; i++ {
		var ms float64
		key := string(rune('a' + i%26))
		if i%2 == 1 {
			key = "\b"
		}
		if err := chromedp.Run(ctx, chromedp.KeyEvent(key), chromedp.Evaluate(`globalThis.mailkeyFilterMs`, &ms)); err != nil {
			return f, err
		}
		f.filter10k = append(f.filter10k, ms)
	}
	// Export, then preview the exported file as an import.
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.querySelector('#ledger-search').value = ''`, nil)); err != nil {
		return f, err
	}
	dir, err := os.MkdirTemp("", "mailkey-bench-")
	if err != nil {
		return f, err
	}
	defer os.RemoveAll(dir)
	for i := 0; i < runs; i++ {
		var ms float64
		var data string
		if err := chromedp.Run(ctx, chromedp.Focus(`#export-json`, chromedp.ByQuery), chromedp.KeyEvent("\r"),
			chromedp.Evaluate(`globalThis.mailkeyExportMs`, &ms), chromedp.Evaluate(`new TextDecoder('utf-8', {ignoreBOM: true}).decode(globalThis.mailkeyLastExport)`, &data)); err != nil {
			return f, err
		}
		f.export10k = append(f.export10k, ms)
		file := filepath.Join(dir, "ledger.json")
		if err := os.WriteFile(file, []byte(data), 0o644); err != nil {
			return f, err
		}
		var preview float64
		if err := chromedp.Run(ctx, chromedp.Evaluate(`globalThis.mailkeyPreviewMs = undefined; document.querySelector('#import-file').value = ''`, nil),
			setFile(`#import-file`, file),
			chromedp.Poll(`globalThis.mailkeyPreviewMs`, &preview, chromedp.WithPollingTimeout(60*time.Second))); err != nil {
			return f, err
		}
		f.preview10k = append(f.preview10k, preview)
	}
	return f, nil
}

func setFile(sel, path string) chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		var nodes []*cdp.Node
		if err := chromedp.Nodes(sel, &nodes, chromedp.ByQuery).Do(ctx); err != nil {
			return err
		}
		if len(nodes) == 0 {
			return fmt.Errorf("no %s", sel)
		}
		return dom.SetFileInputFiles([]string{path}).WithNodeID(nodes[0].NodeID).Do(ctx)
	})
}
