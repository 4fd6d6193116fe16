package e2e

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mailkey/internal/browser"
	"mailkey/internal/syncserver"
	"mailkey/wasm/synckey"
	"mailkey/wasm/vault"
)

// contentScriptView is what Mailkey's content script can read in a matched
// page: both storage areas (or why it may not) and, under the name of the
// extension's key database, what IndexedDB opens for it.
type contentScriptView struct {
	Local   string // chrome.storage.local.get(null) as JSON
	Session string // chrome.storage.session.get(null) as JSON, or "refused: ..."
	Stores  string // the object stores of indexedDB.open('mailkey-secrets')
}

const readAsContentScript = `(async () => {
  const out = { local: JSON.stringify(await chrome.storage.local.get(null)) };
  try {
    out.session = JSON.stringify(await chrome.storage.session.get(null));
  } catch (e) {
    out.session = 'refused: ' + e.message;
  }
  out.stores = await new Promise((resolve) => {
    const open = indexedDB.open('mailkey-secrets');
    open.onsuccess = () => { const names = [...open.result.objectStoreNames].join(','); open.result.close(); indexedDB.deleteDatabase('mailkey-secrets'); resolve(names); };
    open.onerror = () => resolve('error: ' + open.error);
  });
  return out;
})()`

// secretsOf are sync's secrets, from the sync code the options page shows
// and the passphrase: each as an earlier version stored it, and as sent.
func secretsOf(t *testing.T, code string) map[string]string {
	t.Helper()
	sc, err := synckey.ParseCode(code)
	if err != nil {
		t.Fatal(err)
	}
	k := synckey.DeriveWithCode(syncPassphrase, sc)
	return map[string]string{
		"the access secret": vault.Hex(k.Auth[:]), "the access token": k.AuthToken(), "the vault key": vault.Hex(k.Enc[:]),
		"the sync code": code, "the code's secret": vault.Hex(sc.Secret[:]), "the vault id": k.VaultID, "the passphrase": "SENTINEL7",
	}
}

// checkContentScript reads storage as the content script of a matched page
// and fails on any secret it finds.
func checkContentScript(t *testing.T, b *browser.Browser, tab context.Context, secrets map[string]string) {
	t.Helper()
	var v contentScriptView
	if err := b.EvalInContentScript(tab, qqCollector, readAsContentScript, &v); err != nil {
		t.Fatal(err)
	}
	// The read works: the content script sees the sync settings' record.
	if !strings.Contains(v.Local, `"sync/config"`) {
		t.Fatalf("the content script does not see the sync settings: %s", v.Local)
	}
	for name, s := range secrets {
		for area, text := range map[string]string{"storage.local": v.Local, "storage.session": v.Session} {
			if strings.Contains(strings.ToLower(text), strings.ToLower(s)) {
				t.Errorf("a content script reads %s in %s", name, area)
			}
		}
	}
	if v.Stores != "" {
		t.Errorf("a content script opens the extension's key database: stores %q", v.Stores)
	}
	t.Logf("the content script reads %d bytes of storage.local; storage.session: %.60s", len(v.Local), v.Session)
}

// Issue 12, finding 3: after sync is turned on, Mailkey's content script in
// a matched page (its isolated world: the API surface a compromised
// renderer of that page gets) reads no secret from either storage area;
// the extension's own pages hold a non-extractable wrapping key the page's
// origin cannot open. A plain copy as an earlier version stored it is
// wrapped at the next start, and sync goes on with it; one planted later
// is removed.
func TestSyncSecretsOutOfContentScripts(t *testing.T) {
	srv := syncserver.Start(t, syncserver.Options{})
	b, tab := launchSynced(t, extensionForLocalServer(t))
	opt := openPageFor(t, b, "extension/options.html", 3*time.Minute)
	code := turnOnSync(t, opt, srv.URL, "")
	openedVault(t, srv, code) // the keys made from the code are the ones in use
	secrets := secretsOf(t, code)

	navigate(t, tab, qqCollector+"?sid=test&addr=someone%40gmail.com")
	waitHint(t, b, tab, qqCollector, func(hintView) bool { return true })
	checkContentScript(t, b, tab, secrets)

	// The extension's origin holds the key, and not even it can export it.
	var key struct{ Stores, Type, Exported string }
	if err := chromedp.Run(opt, chromedp.Evaluate(`new Promise((resolve) => {
	  const open = indexedDB.open('mailkey-secrets');
	  open.onsuccess = () => {
	    const db = open.result, stores = [...db.objectStoreNames].join(',');
	    if (!stores) return db.close(), resolve({ stores });
	    const get = db.transaction('keys').objectStore('keys').get('wrap');
	    get.onsuccess = () => db.close() || crypto.subtle.exportKey('raw', get.result).then(() => 'exported', (e) => e.name)
	      .then((exported) => resolve({ stores, type: get.result.algorithm.name + ' ' + get.result.extractable, exported }));
	  };
	})`, &key, awaitPromise)); err != nil {
		t.Fatal(err)
	}
	if key.Stores != "keys" || key.Type != "AES-GCM false" || key.Exported != "InvalidAccessError" {
		t.Fatalf("the wrapping key in the extension's origin: %+v", key)
	}
	// What reading the settings costs: each status answer unwraps them.
	var ms []float64
	if err := chromedp.Run(opt, chromedp.Evaluate(`(async () => {
	  const out = [];
	  for (let i = 0; i < 21; i++) {
	    const t0 = performance.now();
	    await chrome.runtime.sendMessage({ type: 'sync-status' });
	    out.push(performance.now() - t0);
	  }
	  return out.sort((a, b) => a - b);
	})()`, &ms, awaitPromise)); err != nil {
		t.Fatal(err)
	}
	t.Logf("a sync-status answer (settings unwrapped): median %.1f ms, max %.1f ms of %d", ms[len(ms)/2], ms[len(ms)-1], len(ms))

	// An install from before: the settings stored plain, and no wrapping
	// key yet. The next start of the worker makes the key, wraps them and
	// removes the plain copy; sync goes on.
	sc, _ := synckey.ParseCode(code)
	server, _ := vault.NormalizeServer(srv.URL)
	plain := vault.Config{Server: server, Keys: synckey.DeriveWithCode(syncPassphrase, sc), Since: time.Now().UnixMilli(), Code: code}
	if err := b.StopWorkersWait(tab, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Run(opt, chromedp.Evaluate(`new Promise((resolve, reject) => {
	  const del = indexedDB.deleteDatabase('mailkey-secrets');
	  del.onsuccess = () => chrome.storage.local.set({'sync/config': `+plain.JSON().String()+`}).then(resolve, reject);
	  del.onerror = () => reject(del.error);
	})`, nil, awaitPromise)); err != nil {
		t.Fatal(err)
	}
	waitConfig := func(what string, ok func(string) bool) {
		t.Helper()
		var stored string
		for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(200 * time.Millisecond) {
			if err := chromedp.Run(opt, chromedp.Evaluate(`chrome.storage.local.get('sync/config').then((o) => JSON.stringify(o))`, &stored, awaitPromise)); err != nil {
				t.Fatal(err)
			}
			if ok(stored) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: never; sync/config is %s", what, stored)
			}
		}
	}
	waitConfig("the plain settings wrapped", func(s string) bool { return strings.Contains(s, `"sealed"`) })
	checkContentScript(t, b, tab, secrets)
	syncNow(t, opt)
	waitText(t, opt, "#sync-code-text", code)

	// Plain settings written once the key exists (a content script can write
	// storage.local: here, pointing sync at another server) are not used,
	// and the next start removes them.
	planted := plain
	planted.Server = "http://127.0.0.1:9"
	seed(t, opt, map[string]any{vault.ConfigKey: json.RawMessage(planted.JSON().String())})
	if err := b.StopWorkersWait(tab, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	again := openPageFor(t, b, "extension/options.html", time.Minute) // its question starts the worker
	waitConfig("the planted settings removed", func(s string) bool { return s == "{}" })
	waitText(t, again, "#sync-on", "Turn on sync")
}
