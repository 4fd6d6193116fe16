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

// Issue 12, "remove this browser": each browser is listed (name, last seen)
// inside the vault; removing one rotates the secret: a new vault under a
// new code holds everything, lists the others but not the removed one, the
// old vault is deleted, the removed browser finds it gone and keeps its
// ledger, and a remaining browser joins again with the new code.
func TestSyncRemoveBrowserRotatesSecret(t *testing.T) {
	srv := &vaultServer{vaults: map[string]*storedVault{}}
	env := SyncEnv{Crypto: vault.Native{}, Wrapper: vault.NativeWrapper{}, Transport: func(_ string, k vault.Keys) vault.Transport { return vaultTransport{srv, k} }}
	type browser struct {
		b    *Brain
		st   *MemStore
		page Sender
	}
	open := func() browser {
		b, st := newBrain(t), &MemStore{}
		b.ExtensionOrigin = "chrome-extension://" + b.ExtensionID
		b.SyncEnv = env
		return browser{b, st, Sender{ExtensionID: b.ExtensionID, URL: b.ExtensionOrigin + "/extension/options.html", TabID: 3}}
	}
	send := func(x browser, msg string) jsonv.Value { t.Helper(); return ask(t, x.b, x.st, x.page, msg) }
	server := "https://sync.example.com"
	key := func(b byte) [vault.KeySize]byte { var k [vault.KeySize]byte; k[0] = b; return k }
	first := vault.Config{Server: server, Keys: vault.Keys{VaultID: strings.Repeat("1", 32), Auth: key(1), Enc: key(2)}, Code: "MK2-FIRST"}
	second := vault.Config{Server: server, Keys: vault.Keys{VaultID: strings.Repeat("2", 32), Auth: key(3), Enc: key(4)}, Code: "MK2-SECOND"}
	add := func(x browser, id, label string) {
		e, err := ledger.New(strings.Repeat(id, 32), "google", "ann@gmail.com", label, "", ledger.KindAppPassword, ledger.FromManual, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if err := x.st.Set(jsonv.M(ledger.Key(e.ID), e.JSON())); err != nil {
			t.Fatal(err)
		}
	}
	enable := func(x browser, cfg vault.Config, mode, name string) jsonv.Value {
		t.Helper()
		ans := send(x, `{"type":"sync-enable","mode":"`+mode+`","name":`+jsonv.Str(name).String()+`,"enroll":"operator-token-abcdefghij","config":`+cfg.JSON().String()+`}`)
		if !ans.GetBool("ok") {
			t.Fatalf("sync-enable %s: %s", mode, ans)
		}
		return ans
	}
	names := func(ans jsonv.Value) string {
		list, _ := ans.Get("browsers")
		var out []string
		for _, b := range vault.BrowsersFrom(list) {
			out = append(out, b.Name)
		}
		return strings.Join(out, ",")
	}
	a, b, c := open(), open(), open()
	add(a, "a", "made in a")
	enable(a, first, "create", "Laptop")
	add(b, "b", "made in b")
	enable(b, first, "join", "Office PC")
	enable(c, first, "join", "Phone\u202e")
	ans := send(a, `{"type":"sync-now"}`)
	if got := names(ans); got != "Laptop,Office PC,Phone" {
		t.Fatalf("a's list: %q (%s)", got, ans)
	}
	for _, name := range []string{"Laptop", "Office PC"} {
		if bytes.Contains(srv.vaults[first.Keys.VaultID].data, []byte(name)) {
			t.Fatalf("the server sees %q", name)
		}
	}
	idB := ans.GetStr("self")
	list, _ := ans.Get("browsers")
	for _, x := range vault.BrowsersFrom(list) {
		if x.Name == "Office PC" {
			idB = x.ID
		}
	}
	remove := func(check, id string) jsonv.Value {
		return send(a, `{"type":"sync-remove","enroll":"operator-token-abcdefghij","check":"`+check+`","remove":"`+id+`","config":`+second.JSON().String()+`}`)
	}
	rightCheck := vault.Hex(first.Keys.Auth[:])
	if ans := send(a, `{"type":"sync-check","check":"`+vault.Hex(second.Keys.Auth[:])+`"}`); ans.GetStr("code") != "wrong_passphrase" {
		t.Fatalf("check of a wrong passphrase: %s", ans)
	}
	if ans := send(a, `{"type":"sync-check","check":"`+rightCheck+`"}`); !ans.GetBool("ok") {
		t.Fatalf("check of the right passphrase: %s", ans)
	}
	// A mistyped passphrase, this browser itself, a bad id: refused, nothing moves.
	for what, ans := range map[string]jsonv.Value{
		"wrong passphrase": remove(vault.Hex(second.Keys.Auth[:]), idB),
		"self":             remove(rightCheck, ans.GetStr("self")),
		"bad id":           remove(rightCheck, "b"),
	} {
		if ans.GetBool("ok") || srv.vaults[second.Keys.VaultID] != nil || srv.vaults[first.Keys.VaultID].dead {
			t.Fatalf("%s: %s", what, ans)
		}
	}
	if ans := remove(vault.Hex(second.Keys.Auth[:]), idB); ans.GetStr("code") != "wrong_passphrase" {
		t.Fatalf("wrong passphrase: %s", ans)
	}

	ans = remove(rightCheck, idB)
	if !ans.GetBool("ok") || ans.GetStr("code") != "MK2-SECOND" || !ans.GetBool("oldDeleted") {
		t.Fatalf("remove: %s", ans)
	}
	if got := names(ans); got != "Laptop,Phone" {
		t.Fatalf("the new vault lists %q", got)
	}
	if !srv.vaults[first.Keys.VaultID].dead || srv.vaults[second.Keys.VaultID] == nil {
		t.Fatal("the old vault is not deleted, or the new one not made")
	}
	if got := len(ledger.Load(a.st.M).Entries); got != 2 {
		t.Fatalf("a holds %d entries, want 2", got)
	}

	// b, removed, finds its vault gone and keeps its ledger and settings.
	add(b, "d", "made in b after its removal")
	if ans := send(b, `{"type":"sync-now"}`); ans.GetStr("error") != "gone" || !ans.GetBool("on") {
		t.Fatalf("b after its removal: %s", ans)
	}
	if got := len(ledger.Load(b.st.M).Entries); got != 3 {
		t.Fatalf("b holds %d entries, want 3", got)
	}
	// b's old keys open nothing of the new vault.
	if r, _ := (vaultTransport{srv, vault.Keys{VaultID: second.Keys.VaultID, Auth: first.Keys.Auth}}).Do(vault.Request{Method: "GET"}); r.Status != 401 {
		t.Fatalf("the old secret on the new vault: %d", r.Status)
	}
	// c finds it gone too, and joins again with the new code.
	if ans := send(c, `{"type":"sync-now"}`); ans.GetStr("error") != "gone" {
		t.Fatalf("c after the rotation: %s", ans)
	}
	add(c, "e", "made in c")
	send(c, `{"type":"sync-disable"}`)
	enable(c, second, "join", "")
	ans = send(a, `{"type":"sync-now"}`)
	if got := names(ans); got != "Laptop,Phone" {
		t.Fatalf("after c joined again: %q", got)
	}
	if got := len(ledger.Load(a.st.M).Entries); got != 3 {
		t.Fatalf("a holds %d entries, want 3", got)
	}
}
