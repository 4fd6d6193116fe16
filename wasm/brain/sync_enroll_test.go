//go:build !js

package brain

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"mailkey/wasm/jsonv"
	"mailkey/wasm/ledger"
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
	b.SyncEnv = SyncEnv{Crypto: vault.Native{}, Wrapper: vault.NativeWrapper{}, Transport: func(string, vault.Keys) vault.Transport { return recorder{&got} }}
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

// vaultServer keeps vaults by id, by the sync server's contract, with
// tombstones and the enrollment token.
type vaultServer struct {
	vaults map[string]*storedVault
}

type storedVault struct {
	auth    string
	version int64
	data    []byte
	dead    bool
}

type vaultTransport struct {
	s *vaultServer
	k vault.Keys
}

func (t vaultTransport) Do(r vault.Request) (vault.Response, error) {
	v := t.s.vaults[t.k.VaultID]
	if v != nil && !v.dead && v.auth != t.k.AuthToken() {
		return vault.Response{Status: 401}, nil
	}
	switch {
	case r.Method == "GET" && (v == nil || v.dead):
		return vault.Response{Status: 404}, nil
	case r.Method == "GET":
		return vault.Response{Status: 200, Version: v.version, Body: v.data}, nil
	case r.Method == "PUT" && r.IfNoneMatch == "*":
		if r.Enroll != "operator-token-abcdefghij" {
			return vault.Response{Status: 403}, nil
		}
		if v != nil {
			return vault.Response{Status: 410}, nil
		}
		t.s.vaults[t.k.VaultID] = &storedVault{auth: t.k.AuthToken(), version: 1, data: r.Body}
		return vault.Response{Status: 201, Version: 1}, nil
	case r.Method == "PUT" && (v == nil || v.dead):
		return vault.Response{Status: 404}, nil
	case r.Method == "PUT":
		v.version++
		v.data = r.Body
		return vault.Response{Status: 200, Version: v.version}, nil
	case r.Method == "DELETE" && v != nil && !v.dead:
		*v = storedVault{dead: true}
		return vault.Response{Status: 204}, nil
	}
	return vault.Response{Status: 404}, nil
}

// Issue 12, migration: a vault named by the passphrase alone moves to a
// vault with a sync code at one round, without losing an entry (the other
// browser's, on the old vault, included); the old vault is then deleted
// (a tombstone), and the other browser, finding it gone, joins the new one
// with the code and loses nothing either.
func TestSyncMigrateToCode(t *testing.T) {
	srv := &vaultServer{vaults: map[string]*storedVault{}}
	env := SyncEnv{Crypto: vault.Native{}, Wrapper: vault.NativeWrapper{}, Transport: func(_ string, k vault.Keys) vault.Transport { return vaultTransport{srv, k} }}
	newBrowser := func() (*Brain, *MemStore, Sender) {
		b, st := newBrain(t), &MemStore{}
		b.ExtensionOrigin = "chrome-extension://" + b.ExtensionID
		b.SyncEnv = env
		return b, st, Sender{ExtensionID: b.ExtensionID, URL: b.ExtensionOrigin + "/extension/options.html", TabID: 3}
	}
	server := "https://sync.example.com"
	key := func(b byte) [vault.KeySize]byte { var k [vault.KeySize]byte; k[0] = b; return k }
	legacy := vault.Config{Server: server, Keys: vault.Keys{VaultID: strings.Repeat("1", 32), Auth: key(1), Enc: key(2)}}
	coded := vault.Config{Server: server, Keys: vault.Keys{VaultID: strings.Repeat("2", 32), Auth: key(3), Enc: key(4)}, Code: "MK2-TEST"}
	add := func(st *MemStore, id, label string) {
		e, err := ledger.New(strings.Repeat(id, 32), "google", "ann@gmail.com", label, "", ledger.KindAppPassword, ledger.FromManual, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Set(jsonv.M(ledger.Key(e.ID), e.JSON())); err != nil {
			t.Fatal(err)
		}
	}
	enable := func(b *Brain, st *MemStore, page Sender, cfg vault.Config, mode string) {
		t.Helper()
		ans := ask(t, b, st, page, `{"type":"sync-enable","mode":"`+mode+`","enroll":"operator-token-abcdefghij","config":`+cfg.JSON().String()+`}`)
		if !ans.GetBool("ok") {
			t.Fatalf("sync-enable %s: %s", mode, ans)
		}
	}
	a, stA, pageA := newBrowser()
	b, stB, pageB := newBrowser()
	add(stA, "a", "made in a")
	enable(a, stA, pageA, legacy, "create")
	enable(b, stB, pageB, legacy, "join")
	add(stB, "b", "made in b, synced")
	ask(t, b, stB, pageB, `{"type":"sync-now"}`)
	add(stB, "c", "made in b, not yet sent")

	ans := ask(t, a, stA, pageA, `{"type":"sync-migrate","enroll":"operator-token-abcdefghij","config":`+coded.JSON().String()+`}`)
	if !ans.GetBool("ok") || ans.GetStr("code") != "MK2-TEST" || !ans.GetBool("oldDeleted") {
		t.Fatalf("migrate: %s", ans)
	}
	if !srv.vaults[legacy.Keys.VaultID].dead {
		t.Fatal("the old vault was not deleted")
	}
	if got := len(ledger.Load(stA.M).Entries); got != 2 {
		t.Fatalf("a holds %d entries after the move, want 2", got)
	}
	// b finds the old vault gone, and joins the new one with the code.
	if ans := ask(t, b, stB, pageB, `{"type":"sync-now"}`); ans.GetStr("error") != "gone" {
		t.Fatalf("b after the move: %s", ans)
	}
	enable(b, stB, pageB, coded, "join")
	ask(t, a, stA, pageA, `{"type":"sync-now"}`)
	for name, st := range map[string]*MemStore{"a": stA, "b": stB} {
		if got := len(ledger.Load(st.M).Entries); got != 3 {
			t.Errorf("%s holds %d entries, want 3", name, got)
		}
	}
	// A coded vault is not moved again.
	if ans := ask(t, a, stA, pageA, `{"type":"sync-migrate","enroll":"operator-token-abcdefghij","config":`+coded.JSON().String()+`}`); ans.GetBool("ok") {
		t.Fatalf("a second move: %s", ans)
	}
}
