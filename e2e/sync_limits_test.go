package e2e

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/chromedp"
)

// Issue 12, finding 11: a hostile sync server that answers without end
// is read only up to the cap (4 MiB) by the service worker: the page says
// so, nothing is stored, and the worker still answers.
func TestSyncEndlessAnswerIsCapped(t *testing.T) {
	var sent atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Access-Control-Allow-Headers", "*")
		if r.Method == http.MethodOptions {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		w.Header().Set("ETag", `"1"`)
		w.Header().Set("Content-Type", "application/octet-stream")
		chunk := make([]byte, 256<<10)
		for sent.Load() < 1<<30 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
			sent.Add(int64(len(chunk)))
		}
	}))
	defer srv.Close()
	b := launchWith(t, extensionForLocalServer(t))
	opt := openPage(t, b, "extension/options.html")
	if err := chromedp.Run(opt,
		chromedp.SendKeys("#sync-server", srv.URL, chromedp.ByQuery),
		chromedp.SendKeys("#sync-pass", syncPassphrase, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	waitText(t, opt, "#sync-strength-text", "strong")
	clickSel(t, opt, "#sync-on")
	waitText(t, opt, "#sync-err", "sent far more than a synced ledger can be")
	if n := sent.Load(); n >= 64<<20 {
		t.Errorf("the worker read on: the server sent %d MiB", n>>20)
	}
	var st map[string]any
	if err := chromedp.Run(opt, chromedp.Evaluate(`chrome.storage.local.get(['sync/config', 'sync/state'])`, &st, awaitPromise)); err != nil || len(st) != 0 {
		t.Fatalf("sync settings stored after a hostile answer: %v %v", st, err)
	}
	var status string
	if err := chromedp.Run(opt, chromedp.Evaluate(`chrome.runtime.sendMessage({type: 'sync-status'}).then(a => JSON.stringify(a))`, &status, awaitPromise)); err != nil || !strings.Contains(status, `"ok":true`) {
		t.Fatalf("the worker after the endless answer: %q %v", status, err)
	}
	t.Logf("the server got to send %d KiB before the worker stopped reading", sent.Load()>>10)
}
