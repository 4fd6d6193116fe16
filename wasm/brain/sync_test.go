package brain

import (
	"strings"
	"testing"

	"mailkey/wasm/vault"
)

// Only the extension's own pages may turn sync on or off: a content script
// (whose sender URL is the web page) or another extension is refused, and
// nothing is stored.
func TestSyncMessagesOnlyFromExtensionPages(t *testing.T) {
	b, st := newBrain(t), &MemStore{}
	b.ExtensionOrigin = "chrome-extension://" + b.ExtensionID
	cfg := vault.Config{Server: "https://sync.example.com", Keys: vault.Keys{VaultID: strings.Repeat("a", 32)}}
	msg := `{"type":"sync-enable","mode":"create","config":` + cfg.JSON().String() + `}`
	for _, from := range []Sender{
		{ExtensionID: b.ExtensionID, URL: "https://mail.qq.com/cgi-bin/frame_html", TabID: 3},
		{ExtensionID: "other", URL: "chrome-extension://other/extension/options.html", TabID: 3},
		{ExtensionID: b.ExtensionID, URL: "chrome-extension://" + b.ExtensionID + ".evil.example/x", TabID: 3},
	} {
		ans := ask(t, b, st, from, msg)
		if ans.GetBool("ok") || len(st.M) != 0 {
			t.Errorf("from %+v: answer %s, stored %v", from, ans, st.M)
		}
	}
	ans := ask(t, b, st, Sender{ExtensionID: b.ExtensionID, URL: b.ExtensionOrigin + "/extension/options.html", TabID: 3}, `{"type":"sync-status"}`)
	if !ans.GetBool("ok") || ans.GetBool("on") {
		t.Errorf("status from the options page: %s", ans)
	}
}

// Every sync error code the options page can show is worded in every locale.
func TestSyncErrorsWorded(t *testing.T) {
	b := newBrain(t)
	for _, code := range []string{"offline", "unauthorized", "no_vault", "tampered", "rolled_back", "too_large", "rate_limited", "server",
		"conflict", "newer_format", "storage", "bad_config", "server_url", "weak", "permission", "gone", "enrollment", "server_full", "huge_answer", "stalled", "strength", "bad_code", "no_vault_code", "wrong_passphrase"} {
		if !b.Catalog.HasEverywhere("sync_err_" + code) {
			t.Errorf("sync_err_%s is missing in a locale", code)
		}
	}
}
