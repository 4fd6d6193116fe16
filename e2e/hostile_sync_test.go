package e2e

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"mailkey/internal/browser"
	"mailkey/internal/sites"
	"mailkey/internal/syncserver"
	"mailkey/wasm/jsonv"
	"mailkey/wasm/ledger"
	"mailkey/wasm/synckey"
	"mailkey/wasm/vault"
)

// launchSynced starts a browser with the extension dir (the local sync
// server granted) and the fixture hosts mapped, so that nothing a payload
// might ask for leaves the machine.
func launchSynced(t *testing.T, dir string) (*browser.Browser, context.Context) {
	t.Helper()
	b, err := browser.Launch(context.Background(), browser.Options{ExtensionDirs: []string{dir}, Sites: site, Lang: "en-US"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	if err := b.WatchWorkerConsole(); err != nil {
		t.Fatal(err)
	}
	tab, cancel := b.NewTab()
	t.Cleanup(cancel)
	ctx, cancel2 := context.WithTimeout(tab, 3*time.Minute)
	t.Cleanup(cancel2)
	return b, ctx
}

// openedVault reads the vault on the server and opens it with the native
// client and the keys made from the passphrase and the sync code that a
// page shows, as the extension does.
func openedVault(t *testing.T, srv *syncserver.Server, code string) ([]byte, vault.Contents) {
	t.Helper()
	sc, err := synckey.ParseCode(code)
	if err != nil {
		t.Fatal(err)
	}
	k := synckey.DeriveWithCode(syncPassphrase, sc)
	rows, err := srv.SQL(context.Background(), `SELECT version, hex(data) AS h FROM vaults WHERE id = '`+k.VaultID+`'`)
	if err != nil || len(rows) != 1 {
		t.Fatalf("the vault's row: %v %v", rows, err)
	}
	blob, err := hex.DecodeString(rows[0]["h"].(string))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := vault.Open(vault.Native{}, k, int64(rows[0]["version"].(float64)), blob)
	if err != nil {
		t.Fatalf("the vault does not open with the passphrase's keys: %v", err)
	}
	c, err := vault.Decode(plain)
	if err != nil {
		t.Fatal(err)
	}
	return plain, c
}

// d1Bytes is every file of the server's local D1, raw.
func d1Bytes(t *testing.T, srv *syncserver.Server) []byte {
	t.Helper()
	files, err := srv.D1Files()
	if err != nil || len(files) == 0 {
		t.Fatalf("D1 files: %v %v", files, err)
	}
	var all []byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, data...)
	}
	return all
}

// loaded reads a browser's stored ledger as the ledger module does.
func loaded(t *testing.T, items map[string]any) ledger.Snapshot {
	t.Helper()
	vals := map[string]jsonv.Value{}
	for k, v := range items {
		data, _ := json.Marshal(v)
		jv, err := jsonv.Parse(data, jsonv.Limits{MaxBytes: 1 << 20, MaxDepth: 16})
		if err != nil {
			t.Fatal(err)
		}
		vals[k] = jv
	}
	return ledger.Load(vals)
}

// allStorage is chrome.storage.local, as JSON, read from an extension page.
func allStorage(t *testing.T, ctx context.Context) []byte {
	t.Helper()
	var out string
	if err := chromedp.Run(ctx, chromedp.Evaluate(`chrome.storage.local.get(null).then(o => JSON.stringify(o))`, &out, awaitPromise)); err != nil {
		t.Fatal(err)
	}
	return []byte(out)
}

// typedSentinel is typed in the password fields of hint pages.
const typedSentinel = "Typed-SENTINEL-4d2e1b-口令"

// The sentinel rule of every flow, in one table: a password typed on a hint
// page, then exported, imported, synced to a second browser. Each flow
// names the bytes it produced; none may hold the sentinel. (The generated
// passwords of the providers' pages: TestGeneratorAndRevokePage's
// checkNoLeak.) On the way, the second browser receives a vault sealed by
// the first one holding every payload of the XSS corpus, and shows them as
// text in its popup and checklist without running any.
func TestHostileSyncAndSentinels(t *testing.T) {
	srv := syncserver.Start(t, syncserver.Options{Vars: map[string]string{"RATE_VAULT_PER_MIN": "0", "RATE_IP_PER_MIN": "0"}})
	dir := extensionForLocalServer(t)
	a, tabA := launchSynced(t, dir)
	popA := openPageFor(t, a, "extension/popup.html", 3*time.Minute)
	optA := openPageFor(t, a, "extension/options.html", 3*time.Minute)
	files := t.TempDir()

	// XSS payloads, due for review so that the checklist lists them.
	labels, notes := fitting(100), fitting(1000)
	records := map[string]any{}
	for i, p := range labels {
		id := strconv.FormatInt(int64(0xc000+i), 16)
		e := entryAt(strings.Repeat("0", 32-len(id))+id, "yahoo", "", p, day(-400-i), "", "")
		e["usedBy"], e["note"] = fitting(200)[(i+1)%len(fitting(200))], notes[(i+2)%len(notes)]
		records["ledger/e/"+e["id"].(string)] = e
	}
	seed(t, popA, records)

	flows := []struct {
		name string
		run  func(t *testing.T) map[string][]byte
	}{
		{"typed on a hint page and logged", func(t *testing.T) map[string][]byte {
			if err := chromedp.Run(tabA, page.BringToFront()); err != nil {
				t.Fatal(err)
			}
			navigate(t, tabA, qqCollector+"?sid=test&addr=sentinel.user%40gmail.com")
			waitHint(t, a, tabA, qqCollector, func(h hintView) bool { return true })
			typeInto(t, a, tabA, qqCollector, "#pop3_pwd", typedSentinel)
			typeInto(t, a, tabA, qqCollector, "#pop3_server", "pop.gmail.com")
			time.Sleep(600 * time.Millisecond)
			clickButton(t, a, tabA, qqCollector, "已生成：记入我的台账")
			time.Sleep(200 * time.Millisecond)
			keys(t, tabA, "\r")
			waitHint(t, a, tabA, qqCollector, func(h hintView) bool { return h.Status != "" })
			st, _ := json.Marshal(storage(t, a, tabA))
			if !bytes.Contains(st, []byte("sentinel.user@gmail.com")) {
				t.Fatalf("the entry logged from the hint is not stored")
			}
			return map[string][]byte{"storage": st}
		}},
		{"export", func(t *testing.T) map[string][]byte {
			clickSel(t, popA, "#tab-ledger")
			j, c := exportFile(t, popA, "#export-json"), exportFile(t, popA, "#export-csv")
			if !strings.Contains(j, "sentinel.user@gmail.com") || !strings.Contains(c, "sentinel.user@gmail.com") {
				t.Fatal("the export lacks the entry logged with the sentinel typed")
			}
			return map[string][]byte{"the JSON export": []byte(j), "the CSV export": []byte(c)}
		}},
		{"import", func(t *testing.T) map[string][]byte {
			before, _ := json.Marshal(ledgerIn(t, popA))
			for name, body := range map[string]string{
				"pw.csv":   "provider,label,password\r\ngoogle,Imported,\"" + typedSentinel + "\"\r\n",
				"pw.json":  `{"format":"mailkey-ledger","version":2,"entries":[{"id":"abc","provider":"google","label":"Imported","created":"2025-01-01","kind":"app_password","source":"manual","updated":1,"password":"` + typedSentinel + `"}]}`,
				"pw2.json": `{"format":"mailkey-ledger","version":2,"entries":[{"id":"abd","provider":"google","label":"Imported","created":"2025-01-01","kind":"app_password","source":"manual","updated":1}],"appPassword":"` + typedSentinel + `"}`,
			} {
				path := filepath.Join(files, name)
				must(t, os.WriteFile(path, []byte(body), 0o644))
				importFile(t, popA, path)
				out := waitText(t, popA, "#import-area", "This file was not imported")
				if strings.Contains(out, typedSentinel) {
					t.Errorf("%s: the refusal shows the secret", name)
				}
			}
			after, _ := json.Marshal(ledgerIn(t, popA))
			if !bytes.Equal(before, after) {
				t.Error("a refused file changed the ledger")
			}
			st, _ := json.Marshal(storage(t, a, tabA))
			return map[string][]byte{"storage": st, "the import page": []byte(text(t, popA, "body"))}
		}},
		{"sync", func(t *testing.T) map[string][]byte {
			code := turnOnSync(t, optA, srv.URL, "")
			b, _ := launchSynced(t, dir)
			optB := openPageFor(t, b, "extension/options.html", 3*time.Minute)
			turnOnSync(t, optB, srv.URL, code)
			want := len(ledgerIn(t, optA))
			waitLedger(t, optB, "a's entries reach b", func(l map[string]map[string]any) bool { return len(l) == want })
			plain, c := openedVault(t, srv, code)
			if len(c.Entries) != want || len(c.Kept) != 0 {
				t.Errorf("the vault holds %d entries (%d kept aside), a has %d", len(c.Entries), len(c.Kept), want)
			}
			// b shows every payload as text, runs none.
			popB := openPageFor(t, b, "extension/popup.html", time.Minute)
			clickSel(t, popB, "#tab-ledger")
			list := waitText(t, popB, "#ledger-list", "Active ("+strconv.Itoa(want)+")")
			shown(t, "b's ledger", list, labels...)
			shown(t, "b's ledger", list, notes[2:7]...)
			check := openPageFor(t, b, "extension/checklist.html", time.Minute)
			shown(t, "b's checklist", waitText(t, check, "#check-groups", "Yahoo"), labels...)
			noCanary(t, b, canary{name: "b's popup", ctx: popB}, canary{name: "b's checklist", ctx: check}, canary{name: "b's options", ctx: optB})
			noCanary(t, a, canary{name: "a's popup", ctx: popA}, canary{name: "a's options", ctx: optA})
			stA, stB := allStorage(t, optA), allStorage(t, optB)
			return map[string][]byte{"the D1 files": d1Bytes(t, srv), "the opened vault": plain, "a's storage": stA, "b's storage": stB,
				"b's console": []byte(b.ConsoleText())}
		}},
	}
	for _, f := range flows {
		t.Run(f.name, func(t *testing.T) {
			places := f.run(t)
			places["a's console"] = []byte(a.ConsoleText())
			for where, data := range places {
				for _, form := range []string{typedSentinel, "SENTINEL-4d2e1b", "4d2e1b"} {
					if bytes.Contains(data, []byte(form)) {
						t.Errorf("the typed password (%s) is in %s", form, where)
					}
				}
			}
		})
	}
	if hits := site.Pwned(); len(hits) > 0 {
		t.Errorf("payloads asked for %s: %v", sites.CanaryPath, hits)
	}
}
