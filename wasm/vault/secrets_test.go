//go:build !js

package vault

import (
	"strings"
	"testing"

	"mailkey/wasm/jsonv"
)

type mapKV map[string]jsonv.Value

func (m mapKV) Get(keys ...string) (map[string]jsonv.Value, error) {
	out := map[string]jsonv.Value{}
	for _, k := range keys {
		if v, ok := m[k]; ok {
			out[k] = v
		}
	}
	return out, nil
}

func (m mapKV) Set(items ...jsonv.Member) error {
	for _, it := range items {
		m[it.Key] = it.Value
	}
	return nil
}

func (m mapKV) Remove(keys ...string) error {
	for _, k := range keys {
		delete(m, k)
	}
	return nil
}

func testConfig() Config {
	c := Config{Server: "https://sync.example.com", Since: 1700000000000, Code: "MK2-ABCD-EFGH"}
	c.Keys.VaultID = strings.Repeat("c", 32)
	for i := range c.Keys.Auth {
		c.Keys.Auth[i], c.Keys.Enc[i] = byte(0xa0+i), byte(0x50+i)
	}
	return c
}

// what a reader of the storage area must not find: each secret as stored
// before issue 12 (hex), and the sync code and server.
func secretsOf(c Config) []string {
	return []string{Hex(c.Keys.Auth[:]), Hex(c.Keys.Enc[:]), c.Keys.AuthToken(), c.Code, c.Keys.VaultID, c.Server}
}

func newSecrets(kv mapKV, key byte) Secrets {
	var w NativeWrapper
	w.Key[0] = key
	return Secrets{Store: kv, Wrapper: w, Random: Native{}.Random}
}

// Issue 12, finding 3: the Config is stored only wrapped; it opens with the
// browser's key and with no other.
func TestSecretsStoredOnlyWrapped(t *testing.T) {
	kv, c := mapKV{}, testConfig()
	s := newSecrets(kv, 1)
	if err := s.Save(c); err != nil {
		t.Fatal(err)
	}
	stored := kv[ConfigKey].String()
	for _, secret := range secretsOf(c) {
		if strings.Contains(stored, secret) {
			t.Errorf("stored in plain: %q in %s", secret, stored)
		}
	}
	got, ok, err := s.Load()
	if err != nil || !ok || got != c {
		t.Fatalf("Load = %+v %v %v, want %+v", got, ok, err, c)
	}
	if _, ok, err := newSecrets(kv, 2).Load(); ok || err != nil {
		t.Fatalf("opened with another key: %v %v", ok, err)
	}
	// One changed byte and it does not open: sync is as if off.
	rec := kv[ConfigKey]
	sealed := []byte(rec.GetStr("sealed"))
	if sealed[10] == '0' {
		sealed[10] = '1'
	} else {
		sealed[10] = '0'
	}
	kv[ConfigKey] = jsonv.Obj(jsonv.M("v", jsonv.Int(2)), jsonv.M("nonce", jsonv.Str(rec.GetStr("nonce"))), jsonv.M("sealed", jsonv.Str(string(sealed))))
	if _, ok, err := s.Load(); ok || err != nil {
		t.Fatalf("opened after tampering: %v %v", ok, err)
	}
	if err := s.Clear(); err != nil || len(kv) != 0 {
		t.Fatalf("Clear left %v (%v)", kv, err)
	}
}

// Existing installs: at the start that makes the wrapping key (the first
// after the update), a plain Config is wrapped, its plain copy replaced in
// the same write, and sync stays on. Load alone never takes a plain record.
func TestSecretsMigratePlain(t *testing.T) {
	kv, c := mapKV{}, testConfig()
	kv[ConfigKey] = c.JSON()
	s := newSecrets(kv, 1)
	if _, ok, err := s.Load(); ok || err != nil {
		t.Fatalf("Load used a plain record: %v %v", ok, err)
	}
	s.Wrapper = NativeWrapper{Key: s.Wrapper.(NativeWrapper).Key, Fresh: true}
	if moved, err := s.Migrate(); err != nil || !moved {
		t.Fatalf("Migrate = %v %v", moved, err)
	}
	stored := kv[ConfigKey].String()
	for _, secret := range secretsOf(c) {
		if strings.Contains(stored, secret) {
			t.Errorf("after migrating, still in plain: %q", secret)
		}
	}
	if got, ok, err := s.Load(); err != nil || !ok || got != c {
		t.Fatalf("after migrating, Load = %+v %v %v", got, ok, err)
	}
	if moved, err := s.Migrate(); err != nil || moved {
		t.Fatalf("a second Migrate = %v %v", moved, err)
	}
}

// A plain record written once the key exists is not Mailkey's (a content
// script can write storage.local): it would point sync at a server and
// keys of the writer's choosing. Migrate removes it; nothing uses it.
func TestSecretsRefusePlantedPlain(t *testing.T) {
	kv, mine := mapKV{}, testConfig()
	s := newSecrets(kv, 1)
	if err := s.Save(mine); err != nil {
		t.Fatal(err)
	}
	planted := testConfig()
	planted.Server = "https://attacker.example"
	kv[ConfigKey] = planted.JSON()
	if _, ok, err := s.Load(); ok || err != nil {
		t.Fatalf("Load used a planted record: %v %v", ok, err)
	}
	if moved, err := s.Migrate(); err != nil || moved {
		t.Fatalf("Migrate took a planted record: %v %v", moved, err)
	}
	if _, ok := kv[ConfigKey]; ok {
		t.Fatalf("the planted record is still stored: %s", kv[ConfigKey])
	}
}
