package e2e

import (
	"bytes"
	"context"
	"encoding/hex"
	"image"
	_ "image/png"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"

	"mailkey/internal/syncserver"
	"mailkey/wasm/synckey"
	"mailkey/wasm/vault"
)

// vaultIDOf is the vault id a sync code names.
func vaultIDOf(t *testing.T, code string) string {
	t.Helper()
	c, err := synckey.ParseCode(code)
	if err != nil {
		t.Fatal(err)
	}
	return vault.Hex(c.VaultID[:])
}

// setBrowserName types a name for this browser in the options page.
func setBrowserName(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if err := chromedp.Run(ctx, chromedp.WaitReady("#sync-name", chromedp.ByQuery), chromedp.Evaluate(`document.getElementById('sync-name').value = ''`, nil),
		chromedp.SendKeys("#sync-name", name, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
}

// waitSlowText is waitText for a step that derives keys (Argon2id, 64 MiB,
// in wasm) on a loaded machine: up to 2 minutes, polled by interval (the
// tab may be in the background, where animation frames do not run).
func waitSlowText(t *testing.T, ctx context.Context, sel, want string) {
	t.Helper()
	if err := chromedp.Run(ctx, chromedp.Poll(`(document.querySelector(`+quote(sel)+`) || {innerText: ''}).innerText.includes(`+quote(want)+`)`, nil,
		chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(2*time.Minute))); err != nil {
		t.Fatalf("%s never showed %q: %v", sel, want, err)
	}
}

// scanQR photographs the page's QR code and reads it back.
func scanQR(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	var shot []byte
	if err := chromedp.Run(ctx, chromedp.ScrollIntoView(sel, chromedp.ByQuery), chromedp.Screenshot(sel, &shot, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	img, _, err := image.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := zxqr.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("the QR code on the page does not scan: %v", err)
	}
	return res.GetText()
}

// Issue 12, "Migration and users", through the real Worker in wrangler dev:
// the sync code as a QR code that scans, the emergency kit, the joined
// browsers listed by name, and "remove this browser": b joins and appears
// in a's list, a removes b (the secret rotates: a new code, the old row a
// tombstone), b's next round fails clearly and b keeps its ledger, a keeps
// everything, and a third browser joins with the new code.
func TestSyncJoinedBrowsersRemoveRotates(t *testing.T) {
	srv := syncserver.Start(t, syncserver.Options{})
	dir := extensionForLocalServer(t)
	a, b := launchWith(t, dir), launchWith(t, dir)
	optA, optB := openPageFor(t, a, "extension/options.html", 9*time.Minute), openPageFor(t, b, "extension/options.html", 9*time.Minute)

	idA, idB := strings.Repeat("c", 32), strings.Repeat("d", 32)
	seed(t, optA, map[string]any{"ledger/e/" + idA: entryAt(idA, "google", "ann.rot@gmail.com", "Thunderbird ROTATE1", day(-3), "", "")})
	seed(t, optB, map[string]any{"ledger/e/" + idB: entryAt(idB, "qq", "bob.rot@qq.com", "Foxmail ROTATE2", day(-2), "", "")})
	// a keeps the name drawn from its platform; b is named by hand.
	var defaultName string
	if err := chromedp.Run(optA, chromedp.Value("#sync-name", &defaultName, chromedp.ByQuery)); err != nil || !strings.HasPrefix(defaultName, "Chrome on ") {
		t.Fatalf("a's default name %q (%v)", defaultName, err)
	}
	code := turnOnSync(t, optA, srv.URL, "")
	setBrowserName(t, optB, "Office PC B")
	if got := turnOnSync(t, optB, srv.URL, code); got != code {
		t.Fatalf("b shows %q", got)
	}
	syncNow(t, optA)
	list := waitText(t, optA, "#sync-browsers", "Office PC B")
	if !strings.Contains(list, defaultName+" (this browser)") || !strings.Contains(list, "last seen") {
		t.Fatalf("a's list of browsers:\n%s", list)
	}
	// The names travel only inside the ciphertext.
	rows, err := srv.SQL(context.Background(), `SELECT hex(data) AS h FROM vaults`)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if strings.Contains(strings.ToLower(r["h"].(string)), hex.EncodeToString([]byte("Office PC B"))) {
			t.Fatal("the server's row shows b's name")
		}
	}
	if _, c := openedVault(t, srv, code); len(c.Browsers) != 2 {
		t.Fatalf("the vault lists %+v", c.Browsers)
	}

	// The code as a QR code, on request, that scans back to the code.
	clickSel(t, optA, "#sync-qr-btn")
	var label string
	if err := chromedp.Run(optA, chromedp.Poll(`document.querySelector('#sync-qr') && document.querySelector('#sync-qr').getAttribute('aria-label')`, &label,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil || label != "QR code of the sync code" {
		t.Fatalf("the QR code's label %q (%v)", label, err)
	}
	if got := scanQR(t, optA, "#sync-qr"); got != code {
		t.Fatalf("the QR code reads %q, the code is %q", got, code)
	}

	// The emergency kit: server, code, its QR, a blank line for the
	// passphrase, never the passphrase.
	kit := openPageFor(t, a, "extension/kit.html", time.Minute)
	if got := waitText(t, kit, "#kit-code", "MK2-"); got != code {
		t.Fatalf("the kit's code %q", got)
	}
	waitText(t, kit, "#kit-server", srv.URL)
	waitText(t, kit, "#kit-date", "Made on ")
	if got := scanQR(t, kit, "#sync-qr"); got != code {
		t.Fatalf("the kit's QR code reads %q", got)
	}
	var page string
	if err := chromedp.Run(kit, chromedp.Evaluate(`document.documentElement.outerHTML`, &page)); err != nil || strings.Contains(page, syncPassphrase) {
		t.Fatalf("the kit shows the passphrase (%v)", err)
	}
	// Printed, the page leaves its Print button out.
	var display string
	if err := chromedp.Run(kit, emulation.SetEmulatedMedia().WithMedia("print"),
		chromedp.Evaluate(`getComputedStyle(document.getElementById('kit-print')).display`, &display)); err != nil || display != "none" {
		t.Fatalf("printed, the Print button shows (display %q, %v)", display, err)
	}

	// a removes b: the passphrase is checked first, then the secret rotates.
	var bID string
	if err := chromedp.Run(optA, chromedp.Evaluate(`[...document.querySelectorAll('#sync-browsers li')].find(li => li.innerText.includes('Office PC B')).dataset.id`, &bID)); err != nil {
		t.Fatal(err)
	}
	clickSel(t, optA, `li[data-id="`+bID+`"] .remove-browser`)
	if err := chromedp.Run(optA,
		chromedp.SendKeys("#sync-remove-pass", syncPassphrase+"x", chromedp.ByQuery),
		chromedp.SendKeys("#sync-remove-enroll", syncserver.TestEnrollToken, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	clickSel(t, optA, "#sync-remove-confirm")
	waitSlowText(t, optA, "#sync-err", "not the passphrase")
	if err := chromedp.Run(optA, chromedp.Poll(`document.querySelector('#sync-remove-pass').value === ''`, nil),
		chromedp.SendKeys("#sync-remove-pass", syncPassphrase, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	clickSel(t, optA, "#sync-remove-confirm")
	waitSlowText(t, optA, "#sync-status", "Removed.")
	newCode := waitText(t, optA, "#sync-code-text", "MK2-")
	if newCode == code {
		t.Fatal("the sync code did not change")
	}
	if list := waitText(t, optA, "#sync-browsers", "this browser"); strings.Contains(list, "Office PC B") {
		t.Fatalf("b is still listed:\n%s", list)
	}
	if got := scanQR(t, optA, "#sync-qr"); got != newCode {
		t.Fatalf("the QR code after the rotation reads %q", got)
	}
	oldVault, newVault := vaultIDOf(t, code), vaultIDOf(t, newCode)
	rows, err = srv.SQL(context.Background(), `SELECT deleted_at IS NOT NULL AS dead, auth_hash FROM vaults WHERE id = '`+oldVault+`'`)
	if err != nil || len(rows) != 1 || rows[0]["dead"] != float64(1) || rows[0]["auth_hash"] != "" {
		t.Fatalf("the old vault's row: %v %v", rows, err)
	}
	_, c := openedVault(t, srv, newCode)
	if len(c.Entries) != 2 || len(c.Browsers) != 1 || c.Browsers[0].Name != defaultName {
		t.Fatalf("the new vault %s: %d entries, browsers %+v", newVault, len(c.Entries), c.Browsers)
	}
	if l := ledgerIn(t, optA); len(l) != 2 {
		t.Fatalf("a holds %d entries", len(l))
	}

	// b, removed, is told at its next round and keeps its ledger.
	clickSel(t, optB, "#sync-now")
	waitText(t, optB, "#sync-last-error", "remove a browser, perhaps this one")
	if l := ledgerIn(t, optB); len(l) != 2 {
		t.Fatalf("b holds %d entries after its removal", len(l))
	}

	// A third browser joins with the new code and gets everything.
	third := launchWith(t, dir)
	optC := openPageFor(t, third, "extension/options.html", 4*time.Minute)
	setBrowserName(t, optC, "Tablet C")
	if got := turnOnSync(t, optC, srv.URL, newCode); got != newCode {
		t.Fatalf("c shows %q", got)
	}
	waitLedger(t, optC, "a's and b's entries reach c", func(l map[string]map[string]any) bool {
		return l["ledger/e/"+idA] != nil && l["ledger/e/"+idB] != nil
	})
	syncNow(t, optA)
	waitText(t, optA, "#sync-browsers", "Tablet C")
}
