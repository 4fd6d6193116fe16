package e2e

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mailkey/internal/syncserver"
	"mailkey/wasm/jsonv"
)

// killDelays are the moments, after the writes or the round start, at
// which the service worker is stopped.
var killDelays = []time.Duration{0, 2 * time.Millisecond, 8 * time.Millisecond, 25 * time.Millisecond, 60 * time.Millisecond, 150 * time.Millisecond, 400 * time.Millisecond}

// The service worker is stopped in the middle of many "add to my ledger"
// intents, then in the middle of sync rounds over a big ledger, at several
// moments: every write that was acknowledged is stored exactly once, none
// twice; nothing is set aside as unreadable; after the worker starts again,
// a round leaves the server's vault and the browser with the same entries.
func TestWorkerKilledMidWriteAndSync(t *testing.T) {
	srv := syncserver.Start(t, syncserver.Options{Vars: map[string]string{"RATE_VAULT_PER_MIN": "0", "RATE_IP_PER_MIN": "0"}})
	dir := extensionForLocalServer(t)
	b, tab := launchSynced(t, dir)
	navigate(t, tab, qqCollector+"?sid=test&addr=someone%40gmail.com")
	waitHint(t, b, tab, qqCollector, func(h hintView) bool { return true })

	const n = 20
	acked := map[string]bool{}
	for r, delay := range killDelays {
		fire := `(() => { const key = 'google|collector|pop3'; // the hint the page was given: an intent names it
		  globalThis.__kill = Promise.all([...Array(` + strconv.Itoa(n) + `).keys()].map(i =>
		    chrome.runtime.sendMessage({type: 'intent', action: 'add', label: 'kill ` + strconv.Itoa(r) + ` ' + i, key})
		      .then(a => a && a.ok ? 'kill ` + strconv.Itoa(r) + ` ' + i : '', () => '')));
		  return true; })()`
		if err := b.EvalInContentScript(tab, qqCollector, fire, nil); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		if err := b.StopWorkers(tab); err != nil {
			t.Fatal(err)
		}
		var got []string
		if err := b.EvalInContentScript(tab, qqCollector, `globalThis.__kill`, &got); err != nil {
			t.Fatal(err)
		}
		k := 0
		for _, l := range got {
			if l != "" {
				acked[l] = true
				k++
			}
		}
		t.Logf("stopped after %v: %d of %d writes acknowledged", delay, k, n)
	}
	popup := openPageFor(t, b, "extension/options.html", 3*time.Minute)
	items := map[string]any{}
	must(t, json.Unmarshal(allStorage(t, popup), &items))
	snap := loaded(t, items)
	if len(snap.Aside) != 0 {
		t.Errorf("records set aside after the stops: %v", snap.Aside)
	}
	count := map[string]int{}
	for _, e := range snap.Entries {
		count[e.Label]++
	}
	for l, c := range count {
		if c > 1 {
			t.Errorf("%q stored %d times", l, c)
		}
	}
	for l := range acked {
		if count[l] != 1 {
			t.Errorf("acknowledged %q stored %d times", l, count[l])
		}
	}
	t.Logf("%d writes acknowledged, %d stored", len(acked), len(count))
	if len(acked) == 0 {
		t.Error("no write was acknowledged: nothing was tested")
	}

	// Sync with a big ledger, stopped mid-round.
	big := map[string]any{}
	for i := 0; i < 600; i++ {
		r := record(i, "Big ledger "+strconv.Itoa(i)+" "+strings.Repeat("x", i%40))
		big["ledger/e/"+r["id"].(string)] = r
	}
	seed(t, popup, big)
	code := turnOnSync(t, popup, srv.URL, "")
	for r, delay := range killDelays {
		more := map[string]any{}
		for i := 0; i < 10; i++ {
			id := strconv.FormatInt(int64(0xd0000+r*100+i), 16)
			e := entryAt(strings.Repeat("0", 32-len(id))+id, "qq", "", "During sync "+strconv.Itoa(r)+" "+strconv.Itoa(i), day(-1), "", "")
			more["ledger/e/"+e["id"].(string)] = e
		}
		seed(t, popup, more)
		if err := chromedp.Run(popup, chromedp.Evaluate(`chrome.runtime.sendMessage({type: 'sync-now'}).catch(() => null), true`, nil)); err != nil {
			t.Fatal(err)
		}
		time.Sleep(delay)
		if err := b.StopWorkers(tab); err != nil {
			t.Fatal(err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// The worker starts again; rounds converge.
	syncNow(t, popup)
	syncNow(t, popup)
	items = map[string]any{}
	must(t, json.Unmarshal(allStorage(t, popup), &items))
	snap = loaded(t, items)
	if len(snap.Aside) != 0 {
		t.Errorf("records set aside after the stopped rounds: %v", snap.Aside)
	}
	plain, c := openedVault(t, srv, code)
	if len(c.Entries) != len(snap.Entries) || len(c.Kept) != 0 {
		t.Errorf("the server's vault has %d entries (%d kept aside), the browser %d", len(c.Entries), len(c.Kept), len(snap.Entries))
	}
	want := len(count) + len(big) + 10*len(killDelays)
	if len(snap.Entries) != want {
		t.Errorf("the browser has %d entries, want %d", len(snap.Entries), want)
	}
	// No entry twice in the sealed payload itself (Decode would merge them).
	v, err := jsonv.Parse(plain, jsonv.Limits{MaxBytes: 64 << 20, MaxDepth: 8})
	if err != nil {
		t.Fatal(err)
	}
	list, _ := v.Get("entries")
	ids := map[string]int{}
	for _, rec := range list.Items() {
		ids[rec.GetStr("id")]++
	}
	for id, k := range ids {
		if k > 1 {
			t.Errorf("entry %s is %d times in the vault", id, k)
		}
	}
	if len(ids) != len(snap.Entries) {
		t.Errorf("%d ids in the vault, %d entries in the browser", len(ids), len(snap.Entries))
	}
}
