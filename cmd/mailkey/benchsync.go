package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"mailkey/internal/browser"
	"mailkey/internal/syncserver"
	"mailkey/wasm/ledger"
	"mailkey/wasm/vault"
)

// syncRows measures sync: the Worker in wrangler dev (fetch and replace of
// real sealed vaults of 100 and 10,000 entries), and the extension's rounds
// in Chromium (keys from the passphrase, a round that fetches, opens,
// merges, seals and replaces).
func syncRows(dir string, runs int) ([]row, error) {
	srv, err := syncserver.StartProcess(syncserver.Options{Vars: map[string]string{"RATE_VAULT_PER_MIN": "0", "RATE_IP_PER_MIN": "0"}})
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	defer syncserver.RemoveBuild()
	rows := []row{{what: "sync Worker (wrangler dev) ready after start", value: ms(float64(srv.StartupTime.Microseconds()) / 1000)}}
	for _, n := range []int{100, 10_000} {
		size, err := sealedSize(n)
		if err != nil {
			return nil, err
		}
		res, err := syncserver.Bench(context.Background(), srv.URL, size, 200)
		if err != nil {
			return nil, err
		}
		what := fmt.Sprintf("Worker, vault of %s entries (%s sealed)", group(int64(n)), kb(int64(size)))
		rows = append(rows,
			row{what: what + ": fetch, req/s, p50 / p99", value: fmt.Sprintf("%.0f/s, %s / %s", res.Get.RPS, dur(res.Get.P50), dur(res.Get.P99))},
			row{what: what + ": replace (If-Match), req/s, p50 / p99", value: fmt.Sprintf("%.0f/s, %s / %s", res.Put.RPS, dur(res.Put.P50), dur(res.Put.P99))})
	}
	ext, err := os.MkdirTemp("", "mailkey-bench-sync-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(ext)
	if err := browser.CopyGranting(dir, ext, []string{"http://127.0.0.1/*"}); err != nil {
		return nil, err
	}
	for _, n := range []int{100, 10_000} {
		derive, round, err := extensionRound(ext, srv.URL, n, runs)
		if err != nil {
			return nil, err
		}
		rows = append(rows, row{what: fmt.Sprintf("extension, %s entries: keys from the passphrase (Argon2id) / a full round (median of %d)", group(int64(n)), runs),
			value: ms(derive) + " / " + ms(median(round))})
	}
	return rows, nil
}

func dur(d time.Duration) string { return ms(float64(d.Microseconds()) / 1000) }

// sealedSize is the size of a real vault of n entries, sealed natively as
// the browser seals it.
func sealedSize(n int) (int, error) {
	entries := make([]ledger.Entry, n)
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	for i := range entries {
		e, err := ledger.New(fmt.Sprintf("%032x", i), []string{"google", "qq", "yahoo", "netease"}[i%4], "person"+strconv.Itoa(i%97)+"@example.com",
			"Label "+strconv.Itoa(i)+" for a mail program", "Thunderbird on PC "+strconv.Itoa(i%13), ledger.KindAppPassword, ledger.FromManual, now.Add(time.Duration(i)*time.Minute))
		if err != nil {
			return 0, err
		}
		entries[i] = e
	}
	var k vault.Keys
	k.VaultID = strings.Repeat("0", 32)
	lineage := strings.Repeat("1", 32)
	blob, err := vault.Seal(vault.Native{}, k, 1, lineage, vault.Encode(vault.Contents{Lineage: lineage, Entries: entries}))
	return len(blob), err
}

// extensionRound turns sync on in a fresh profile holding n entries, then
// times rounds after one entry changed, from the options page to the
// service worker and back.
func extensionRound(ext, server string, n, runs int) (derive float64, rounds []float64, err error) {
	b, err := browser.Launch(context.Background(), browser.Options{ExtensionDirs: []string{ext}, Lang: "en-US"})
	if err != nil {
		return 0, nil, err
	}
	defer b.Close()
	tab, cancel := b.NewTab()
	defer cancel()
	ctx, cancel2 := context.WithTimeout(tab, 5*time.Minute)
	defer cancel2()
	await := func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }
	var count int
	pass := "bench " + strconv.Itoa(n) + " plum river lantern " + strconv.FormatInt(time.Now().UnixNano(), 36)
	if err := chromedp.Run(ctx, chromedp.Navigate(b.ExtensionURL("extension/options.html")),
		chromedp.Poll(`typeof globalThis.mailkeyUIReady === 'number'`, nil, chromedp.WithPollingTimeout(15*time.Second)),
		chromedp.Evaluate(seedLedger+"("+strconv.Itoa(n)+")", &count, await),
		chromedp.SendKeys("#sync-server", server, chromedp.ByQuery),
		chromedp.SendKeys("#sync-pass", pass, chromedp.ByQuery),
		chromedp.Poll(`!document.querySelector('#sync-on').disabled`, nil, chromedp.WithPollingTimeout(15*time.Second)),
		chromedp.Click("#sync-on", chromedp.ByQuery),
		chromedp.WaitVisible("#sync-create", chromedp.ByQuery),
		chromedp.Evaluate(`globalThis.mailkeyDeriveMs`, &derive),
		chromedp.SendKeys("#sync-enroll", syncserver.TestEnrollToken, chromedp.ByQuery),
		chromedp.Click("#sync-create", chromedp.ByQuery),
		chromedp.WaitVisible("#sync-on-text", chromedp.ByQuery)); err != nil {
		return 0, nil, err
	}
	const round = `(async (i) => {
	  const key = 'ledger/e/' + (0).toString(16).padStart(32, '0');
	  const e = (await chrome.storage.local.get(key))[key];
	  e.label = 'Changed ' + i; e.updated = Date.now();
	  await chrome.storage.local.set({[key]: e});
	  const t0 = performance.now();
	  const a = await chrome.runtime.sendMessage({type: 'sync-now'});
	  if (!a.ok || a.error) throw new Error('sync: ' + JSON.stringify(a));
	  return performance.now() - t0;
	})`
	for i := 0; i < runs; i++ {
		var d float64
		if err := chromedp.Run(ctx, chromedp.Evaluate(round+"("+strconv.Itoa(i)+")", &d, await)); err != nil {
			return 0, nil, err
		}
		rounds = append(rounds, d)
	}
	return derive, rounds, nil
}
