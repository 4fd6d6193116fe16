package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mailkey/internal/syncserver"
	"mailkey/wasm/ledger"
	"mailkey/wasm/synckey"
	"mailkey/wasm/vault"
)

// Issue 12, migration: a vault named by the passphrase alone (as made
// before sync codes) is joined as before, then moved to a sync code from
// the options page: the new vault holds every entry, opens with the code
// and the passphrase, and the old row is a tombstone.
func TestSyncMigrateLegacyVault(t *testing.T) {
	srv := syncserver.Start(t, syncserver.Options{})
	server, err := vault.NormalizeServer(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	old := synckey.Derive(syncPassphrase, server)
	e, err := ledger.New(strings.Repeat("7", 32), "google", "ann.legacy@gmail.com", "Thunderbird LEGACY1", "", ledger.KindAppPassword, ledger.FromManual, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	legacy := vault.Client{Keys: old, Crypto: vault.Native{}, Transport: vault.HTTP{Server: server, Keys: old}, Enroll: syncserver.TestEnrollToken}
	if _, err := legacy.Round([]ledger.Entry{e}, vault.State{}, vault.Create); err != nil {
		t.Fatal(err)
	}

	b := launchWith(t, extensionForLocalServer(t))
	opt := openPage(t, b, "extension/options.html")
	mine := entryAt(strings.Repeat("8", 32), "qq", "bob.legacy@qq.com", "Foxmail LEGACY2", day(-1), "", "")
	seed(t, opt, map[string]any{"ledger/e/" + strings.Repeat("8", 32): mine})
	if err := chromedp.Run(opt,
		chromedp.SendKeys("#sync-server", srv.URL, chromedp.ByQuery),
		chromedp.SendKeys("#sync-pass", syncPassphrase, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	waitText(t, opt, "#sync-strength-text", "strong")
	clickSel(t, opt, "#sync-on")
	waitText(t, opt, "#sync-on-text", "Sync is on with "+srv.URL)
	waitLedger(t, opt, "the legacy vault's entry arrives", func(l map[string]map[string]any) bool {
		return l["ledger/e/"+strings.Repeat("7", 32)] != nil
	})
	waitText(t, opt, "#sync-migrate-form", "named by your passphrase alone")

	// A wrong passphrase is caught before anything is sent.
	if err := chromedp.Run(opt,
		chromedp.SendKeys("#sync-migrate-pass", syncPassphrase+"x", chromedp.ByQuery),
		chromedp.SendKeys("#sync-migrate-enroll", syncserver.TestEnrollToken, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	clickSel(t, opt, "#sync-migrate")
	waitText(t, opt, "#sync-err", "not the passphrase")
	if err := chromedp.Run(opt, chromedp.Poll(`document.querySelector('#sync-migrate-pass').value === ''`, nil),
		chromedp.SendKeys("#sync-migrate-pass", syncPassphrase, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	clickSel(t, opt, "#sync-migrate")
	code := waitText(t, opt, "#sync-code-text", "MK2-")
	waitText(t, opt, "#sync-status", "Moved.")

	rows, err := srv.SQL(context.Background(), `SELECT deleted_at IS NOT NULL AS dead, auth_hash FROM vaults WHERE id = '`+old.VaultID+`'`)
	if err != nil || len(rows) != 1 || rows[0]["dead"] != float64(1) || rows[0]["auth_hash"] != "" {
		t.Fatalf("the old vault's row: %v %v", rows, err)
	}
	_, c := openedVault(t, srv, code)
	labels := map[string]bool{}
	for _, e := range c.Entries {
		labels[e.Label] = true
	}
	if len(c.Entries) != 2 || !labels["Thunderbird LEGACY1"] || !labels["Foxmail LEGACY2"] {
		t.Fatalf("the new vault holds %d entries: %v", len(c.Entries), labels)
	}
	if l := ledgerIn(t, opt); len(l) != 2 {
		t.Fatalf("the browser holds %d entries after the move", len(l))
	}
	syncNow(t, opt)
}
