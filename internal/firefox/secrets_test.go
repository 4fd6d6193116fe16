package firefox

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mailkey/internal/sites"
	"mailkey/internal/syncserver"
	"mailkey/wasm/synckey"
	"mailkey/wasm/vault"
)

// probeJS is a content script added to the test's copy of the package,
// beside sensor.js and hint.js (so with exactly their rights): asked by the
// page, it reads what a content script can and writes it into the page.
const probeJS = `'use strict';
window.addEventListener('message', async (e) => {
  if (e.source !== window || !e.data || e.data.mailkeyProbe !== 1) return;
  const out = { local: JSON.stringify(await browser.storage.local.get(null)) };
  try {
    out.session = JSON.stringify(await browser.storage.session.get(null));
  } catch (err) {
    out.session = 'refused: ' + err.message;
  }
  out.stores = await new Promise((resolve) => {
    const open = indexedDB.open('mailkey-secrets');
    open.onsuccess = () => { const names = [...open.result.objectStoreNames].join(','); open.result.close(); resolve(names); };
    open.onerror = () => resolve('error: ' + open.error);
  });
  const pre = document.createElement('pre');
  pre.id = 'mailkey-probe-out';
  pre.textContent = JSON.stringify(out);
  document.documentElement.append(pre);
});
document.documentElement.dataset.mailkeyProbe = 'ready';
`

// withProbe copies the unpacked package, adds probeJS to its content
// scripts and grants the sync server's origin.
func withProbe(t *testing.T, server string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(pkg)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "extension", "probe.js"), []byte(probeJS), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "manifest.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	cs := m["content_scripts"].([]any)[0].(map[string]any)
	cs["js"] = append(cs["js"].([]any), "extension/probe.js")
	// The sync server's origin with its port, granted at install as the
	// Chromium tests do (browser.CopyGranting): Firefox's
	// permissions.contains does not count http://127.0.0.1/* as covering it.
	m["host_permissions"] = []any{server + "/*"}
	if data, err = json.Marshal(m); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Issue 12, finding 3, in Firefox: after sync is turned on in the options
// page, a content script of Mailkey's in a matched page reads no sync
// secret from storage.local or storage.session, and opens only the page's
// own IndexedDB, not the extension's key database.
func TestFirefoxSyncSecretsOutOfContentScripts(t *testing.T) {
	if _, err := os.Stat(firefoxBin); err != nil {
		t.Skip("no " + firefoxBin + ": scripts/setup installs Debian's firefox-esr")
	}
	site, err := sites.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	srv := syncserver.Start(t, syncserver.Options{})
	const passphrase = "plum river SENTINEL8 lantern"
	_, port, _ := strings.Cut(site.Addr(), ":")
	opts, _ := json.Marshal(map[string]any{
		"firefox":    firefoxBin,
		"extension":  withProbe(t, srv.URL),
		"hosts":      []string{"mail.qq.com"},
		"uuid":       "5d2c8e1a-7b3f-4c6d-8e9f-1a2b3c4d5e6f",
		"server":     srv.URL,
		"passphrase": passphrase,
		"enroll":     syncserver.TestEnrollToken,
		"url":        "https://mail.qq.com:" + port + "/cgi-bin/other_mailbox?sid=test",
		"timeoutMs":  90000,
	})
	cmd := nodeCmd(t, 2*time.Minute, filepath.Join(root, "internal", "firefox", "secrets.mjs"), string(opts))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("secrets.mjs: %v\nstdout: %s\nstderr: %s", err, stdout.String(), stderr.String())
	}
	var got struct {
		Steps  []string
		Error  string
		Code   string
		Stored string
		Probe  struct{ Local, Session, Stores string }
	}
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatalf("secrets.mjs output: %v\n%s\nstderr: %s", err, stdout.String(), stderr.String())
	}
	if got.Error != "" {
		t.Fatalf("secrets.mjs: %s after %v\nstderr: %s", got.Error, got.Steps, stderr.String())
	}
	sc, err := synckey.ParseCode(got.Code)
	if err != nil {
		t.Fatalf("the options page shows %q as the sync code: %v", got.Code, err)
	}
	k := synckey.DeriveWithCode(passphrase, sc)
	if rows, err := srv.SQL(t.Context(), `SELECT id FROM vaults WHERE id = '`+k.VaultID+`'`); err != nil || len(rows) != 1 {
		t.Fatalf("no vault on the server for the code shown: %v %v", rows, err)
	}
	secrets := map[string]string{
		"the access secret": vault.Hex(k.Auth[:]), "the access token": k.AuthToken(), "the vault key": vault.Hex(k.Enc[:]),
		"the sync code": got.Code, "the code's secret": vault.Hex(sc.Secret[:]), "the vault id": k.VaultID, "the passphrase": "SENTINEL8",
	}
	// The extension's own page and the content script read the same
	// storage.local: the sync settings' record is there, wrapped.
	p := got.Probe
	if !strings.Contains(p.Local, `"sync/config"`) || !strings.Contains(got.Stored, `"sync/config"`) {
		t.Fatalf("the sync settings are not in storage.local:\ncontent script: %s\nextension page: %s", p.Local, got.Stored)
	}
	for name, s := range secrets {
		for area, text := range map[string]string{"storage.local": p.Local, "storage.session": p.Session} {
			if strings.Contains(strings.ToLower(text), strings.ToLower(s)) {
				t.Errorf("a content script reads %s in %s", name, area)
			}
		}
	}
	if p.Stores != "" {
		t.Errorf("a content script opens the extension's key database: stores %q", p.Stores)
	}
	t.Logf("the content script reads %d bytes of storage.local; storage.session: %.60s", len(p.Local), p.Session)
}
