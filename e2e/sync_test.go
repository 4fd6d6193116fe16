package e2e

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mailkey/internal/browser"
	"mailkey/internal/syncserver"
)

// syncPassphrase is also a sentinel: it must be found nowhere afterwards.
const syncPassphrase = "plum river SENTINEL7 lantern"

// extensionForLocalServer is the built extension with the local server's
// origin granted at install (see browser.CopyGranting).
func extensionForLocalServer(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := browser.CopyGranting(root, dir, []string{"http://127.0.0.1/*"}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func launchWith(t *testing.T, dir string) *browser.Browser {
	t.Helper()
	b, err := browser.Launch(context.Background(), browser.Options{ExtensionDirs: []string{dir}, Lang: "en-US"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	if err := b.WatchWorkerConsole(); err != nil {
		t.Fatal(err)
	}
	return b
}

func ledgerIn(t *testing.T, ctx context.Context) map[string]map[string]any {
	t.Helper()
	var all map[string]map[string]any
	if err := chromedp.Run(ctx, chromedp.Evaluate(`chrome.storage.local.get(null).then(o => Object.fromEntries(Object.entries(o).filter(([k]) => k.startsWith('ledger/e/'))))`, &all, awaitPromise)); err != nil {
		t.Fatal(err)
	}
	return all
}

// waitLedger polls a browser's stored ledger until ok says yes.
func waitLedger(t *testing.T, ctx context.Context, what string, ok func(map[string]map[string]any) bool) {
	t.Helper()
	var got map[string]map[string]any
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if got = ledgerIn(t, ctx); ok(got) {
			return
		}
	}
	t.Fatalf("%s: never happened; the ledger is %v", what, got)
}

// turnOnSync turns sync on in an options page: with code "" it makes a new
// synced ledger (the server has none for the passphrase alone; the
// enrollment token is asked for) and returns the sync code the page then
// shows; with a code it joins that vault.
func turnOnSync(t *testing.T, ctx context.Context, server, code string) string {
	t.Helper()
	if err := chromedp.Run(ctx,
		chromedp.SendKeys("#sync-server", server, chromedp.ByQuery),
		chromedp.SendKeys("#sync-pass", syncPassphrase, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	if code != "" {
		if err := chromedp.Run(ctx, chromedp.SendKeys("#sync-code", code, chromedp.ByQuery)); err != nil {
			t.Fatal(err)
		}
	}
	waitText(t, ctx, "#sync-strength-text", "strong")
	clickSel(t, ctx, "#sync-on")
	if code == "" {
		waitText(t, ctx, "#sync-no-vault", "no synced ledger")
		// Without the operator's token the server makes no vault.
		clickSel(t, ctx, "#sync-create")
		waitText(t, ctx, "#sync-err", "enrollment token is missing or wrong")
		if err := chromedp.Run(ctx, chromedp.SendKeys("#sync-enroll", syncserver.TestEnrollToken, chromedp.ByQuery)); err != nil {
			t.Fatal(err)
		}
		clickSel(t, ctx, "#sync-create")
	}
	waitText(t, ctx, "#sync-on-text", "Sync is on with "+server)
	var pass string
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.querySelector('#sync-pass') ? document.querySelector('#sync-pass').value : ''`, &pass)); err != nil || pass != "" {
		t.Fatalf("the passphrase field still holds %q (%v)", pass, err)
	}
	shown := waitText(t, ctx, "#sync-code-text", "MK2-")
	if code != "" && shown != code {
		t.Fatalf("joined with code %q, the page shows %q", code, shown)
	}
	return shown
}

func syncNow(t *testing.T, ctx context.Context) {
	t.Helper()
	clickSel(t, ctx, "#sync-now")
	waitText(t, ctx, "#sync-status", "Synced.")
}

// Two browsers, each with its own profile, sync through the real Worker in
// wrangler dev: an entry added in one appears in the other, a delete in one
// is honoured in the other, edits to different entries in both survive; the
// server holds no label, address or passphrase; a vault changed on the
// server is refused and changes nothing.
func TestSyncTwoBrowsers(t *testing.T) {
	srv := syncserver.Start(t, syncserver.Options{})
	dir := extensionForLocalServer(t)
	a, b := launchWith(t, dir), launchWith(t, dir)
	optA, optB := openPage(t, a, "extension/options.html"), openPage(t, b, "extension/options.html")

	// Joining a vault that does not exist asks before making one.
	first := entryAt(strings.Repeat("a", 32), "google", "ann.sync@gmail.com", "Thunderbird SYNCLABEL1", day(-3), "", "")
	seed(t, optA, map[string]any{"ledger/e/" + strings.Repeat("a", 32): first})
	code := turnOnSync(t, optA, srv.URL, "")

	// Issue 12, finding 1: the vault is named by a random id and secret (the
	// sync code), not by the passphrase: the same passphrase without the
	// code finds nothing, and with the code but another passphrase is
	// refused. Neither stores anything nor changes b's ledger.
	if err := chromedp.Run(optB,
		chromedp.SendKeys("#sync-server", srv.URL, chromedp.ByQuery),
		chromedp.SendKeys("#sync-pass", syncPassphrase, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	waitText(t, optB, "#sync-strength-text", "strong")
	clickSel(t, optB, "#sync-on")
	waitText(t, optB, "#sync-no-vault", "no synced ledger")
	clickSel(t, optB, "#sync-cancel")
	waitText(t, optB, "#sync-body", "Passphrase")
	if err := chromedp.Run(optB,
		chromedp.SendKeys("#sync-server", srv.URL, chromedp.ByQuery),
		chromedp.SendKeys("#sync-code", code, chromedp.ByQuery),
		chromedp.SendKeys("#sync-pass", syncPassphrase+"x", chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	waitText(t, optB, "#sync-strength-text", "strong")
	clickSel(t, optB, "#sync-on")
	waitText(t, optB, "#sync-err", "refused")
	if l := ledgerIn(t, optB); len(l) != 0 {
		t.Fatalf("b's ledger changed after a wrong passphrase: %v", l)
	}
	var st map[string]any
	if err := chromedp.Run(optB, chromedp.Evaluate(`chrome.storage.local.get(['sync/config', 'sync/state'])`, &st, awaitPromise)); err != nil || len(st) != 0 {
		t.Fatalf("sync settings stored after a wrong passphrase: %v %v", st, err)
	}
	if err := chromedp.Run(optB, chromedp.Evaluate(`for (const id of ['sync-server', 'sync-code', 'sync-pass']) document.getElementById(id).value = ''`, nil)); err != nil {
		t.Fatal(err)
	}
	if got := turnOnSync(t, optB, srv.URL, code); got != code {
		t.Fatalf("b shows code %q", got)
	}
	waitLedger(t, optB, "a's entry reaches b", func(l map[string]map[string]any) bool {
		e := l["ledger/e/"+strings.Repeat("a", 32)]
		return e != nil && e["label"] == "Thunderbird SYNCLABEL1"
	})

	// Different entries edited in both browsers both survive.
	second := entryAt(strings.Repeat("b", 32), "qq", "bob.sync@qq.com", "Foxmail SYNCLABEL2", day(-1), "", "")
	seed(t, optB, map[string]any{"ledger/e/" + strings.Repeat("b", 32): second})
	edited := entryAt(strings.Repeat("a", 32), "google", "ann.sync@gmail.com", "Thunderbird at work", day(-3), "", "")
	edited["updated"] = time.Now().UnixMilli()
	seed(t, optA, map[string]any{"ledger/e/" + strings.Repeat("a", 32): edited})
	syncNow(t, optB)
	syncNow(t, optA)
	syncNow(t, optB)
	for name, ctx := range map[string]context.Context{"a": optA, "b": optB} {
		l := ledgerIn(t, ctx)
		if l["ledger/e/"+strings.Repeat("a", 32)]["label"] != "Thunderbird at work" || l["ledger/e/"+strings.Repeat("b", 32)] == nil {
			t.Fatalf("%s after syncing both edits: %v", name, l)
		}
	}

	// A delete in b is honoured in a; the change is sent by itself, a few
	// seconds after it is made.
	del := entryAt(strings.Repeat("b", 32), "qq", "bob.sync@qq.com", "Foxmail SYNCLABEL2", day(-1), "", "")
	del["updated"], del["deleted"] = time.Now().UnixMilli(), time.Now().UnixMilli()
	seed(t, optB, map[string]any{"ledger/e/" + strings.Repeat("b", 32): del})
	deadline := time.Now().Add(20 * time.Second)
	for {
		syncNow(t, optA)
		if l := ledgerIn(t, optA); l["ledger/e/"+strings.Repeat("b", 32)]["deleted"] != float64(0) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("b's delete never reached a")
		}
		time.Sleep(time.Second)
	}

	// The server's rows hold ciphertext only.
	files, err := srv.D1Files()
	if err != nil || len(files) == 0 {
		t.Fatalf("D1 files: %v %v", files, err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{"SYNCLABEL", "ann.sync", "bob.sync", "Thunderbird", "SENTINEL7"} {
			if bytes.Contains(data, []byte(secret)) {
				t.Errorf("%s holds %q in plain text", f, secret)
			}
		}
	}
	// The passphrase is nowhere in either browser.
	for name, br := range map[string]*browser.Browser{"a": a, "b": b} {
		ctx := map[string]context.Context{"a": optA, "b": optB}[name]
		st, _ := json.Marshal(storage(t, br, ctx))
		if bytes.Contains(st, []byte("SENTINEL7")) {
			t.Errorf("%s: the passphrase is in chrome.storage", name)
		}
		if strings.Contains(br.ConsoleText(), "SENTINEL7") {
			t.Errorf("%s: the passphrase is in the console", name)
		}
	}

	// A server that rolls the vault back to an older copy (it opens: it is
	// served under the version it was sealed for) is caught by a, which has
	// seen a newer one: nothing changes and the page says what happened.
	rows, err := srv.SQL(context.Background(), `SELECT hex(data) AS h, version FROM vaults`)
	if err != nil || len(rows) != 1 {
		t.Fatalf("the vault's row: %v %v", rows, err)
	}
	oldRow := rows[0]
	later := entryAt(strings.Repeat("d", 32), "google", "ann.sync@gmail.com", "Tablet SYNCLABEL4", day(0), "", "")
	seed(t, optA, map[string]any{"ledger/e/" + strings.Repeat("d", 32): later})
	clickSel(t, optA, "#sync-now")
	waitVersion := func(want func(float64) bool) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(200 * time.Millisecond) {
			rows, err := srv.SQL(context.Background(), `SELECT version FROM vaults`)
			if err == nil && len(rows) == 1 && want(rows[0]["version"].(float64)) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("the vault's version: %v %v", rows, err)
			}
		}
	}
	waitVersion(func(v float64) bool { return v > oldRow["version"].(float64) })
	if _, err := srv.SQL(context.Background(), fmt.Sprintf(`UPDATE vaults SET data = X'%s', version = %d`,
		oldRow["h"], int64(oldRow["version"].(float64)))); err != nil {
		t.Fatal(err)
	}
	before := ledgerIn(t, optA)
	clickSel(t, optA, "#sync-now")
	waitText(t, optA, "#sync-last-error", "older copy")
	if after := ledgerIn(t, optA); !reflect.DeepEqual(after, before) {
		t.Fatalf("a's ledger changed after a rolled-back vault: %d entries before, %d after", len(before), len(after))
	}
	waitVersion(func(v float64) bool { return v == oldRow["version"].(float64) })

	// A vault changed on the server (one byte) is refused: a's local change
	// stays, nothing else changes, and the page says what happened.
	rows, err = srv.SQL(context.Background(), `SELECT hex(data) AS h FROM vaults`)
	if err != nil || len(rows) != 1 {
		t.Fatalf("the vault's row: %v %v", rows, err)
	}
	blob, err := hex.DecodeString(rows[0]["h"].(string))
	if err != nil || len(blob) < 64 {
		t.Fatalf("the vault's data: %d bytes, %v", len(blob), err)
	}
	blob[40] ^= 0x01
	if _, err := srv.SQL(context.Background(), `UPDATE vaults SET data = X'`+hex.EncodeToString(blob)+`'`); err != nil {
		t.Fatal(err)
	}
	third := entryAt(strings.Repeat("c", 32), "yahoo", "cat.sync@yahoo.com", "Phone", day(0), "", "")
	seed(t, optA, map[string]any{"ledger/e/" + strings.Repeat("c", 32): third})
	before = ledgerIn(t, optA)
	clickSel(t, optA, "#sync-now")
	waitText(t, optA, "#sync-last-error", "does not open with your key")
	after := ledgerIn(t, optA)
	if len(after) != len(before) || after["ledger/e/"+strings.Repeat("c", 32)] == nil {
		t.Fatalf("a's ledger changed after a tampered vault: %d entries before, %d after", len(before), len(after))
	}
}
