//go:build !js

package brain

import (
	"bytes"
	"strings"
	"testing"

	"mailkey/wasm/vault"
)

// recorder is a sync server that wants an enrollment token to create.
type recorder struct{ got *[]vault.Request }

func (r recorder) Do(q vault.Request) (vault.Response, error) {
	*r.got = append(*r.got, q)
	switch {
	case q.Method == "GET":
		return vault.Response{Status: 404}, nil
	case q.Enroll != "operator-token-abcdefghij":
		return vault.Response{Status: 403}, nil
	}
	return vault.Response{Status: 201, Version: 1}, nil
}

// Creating a vault sends the operator's enrollment token once; it is
// stored nowhere.
func TestSyncCreateSendsEnrollmentOnce(t *testing.T) {
	b, st := newBrain(t), &MemStore{}
	b.ExtensionOrigin = "chrome-extension://" + b.ExtensionID
	var got []vault.Request
	b.SyncEnv = SyncEnv{Crypto: vault.Native{}, Transport: func(string, vault.Keys) vault.Transport { return recorder{&got} }}
	page := Sender{ExtensionID: b.ExtensionID, URL: b.ExtensionOrigin + "/extension/options.html", TabID: 3}
	cfg := vault.Config{Server: "https://sync.example.com", Keys: vault.Keys{VaultID: strings.Repeat("a", 32)}}
	msg := func(enroll string) string {
		return `{"type":"sync-enable","mode":"create","enroll":"` + enroll + `","config":` + cfg.JSON().String() + `}`
	}
	if ans := ask(t, b, st, page, msg("wrong")); ans.GetBool("ok") || ans.GetStr("code") != "enrollment" {
		t.Fatalf("a wrong token: %s", ans)
	}
	if ans := ask(t, b, st, page, msg("operator-token-abcdefghij")); !ans.GetBool("ok") || !ans.GetBool("on") {
		t.Fatalf("the right token: %s", ans)
	}
	for k, v := range st.M {
		if bytes.Contains([]byte(v.String()), []byte("operator-token")) {
			t.Errorf("the token is stored under %s", k)
		}
	}
	ask(t, b, st, page, `{"type":"sync-now"}`)
	for _, q := range got[4:] {
		if q.Enroll != "" {
			t.Errorf("a later %s sent the token", q.Method)
		}
	}
}
