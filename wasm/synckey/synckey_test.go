package synckey

import (
	"testing"

	"mailkey/wasm/vault"
)

func TestDerive(t *testing.T) {
	a := Derive("correct horse battery staple", "https://sync.example.com")
	if a != Derive("correct horse battery staple", "https://sync.example.com") {
		t.Fatal("Derive is not deterministic")
	}
	if !vault.IsHex128(a.VaultID) {
		t.Fatalf("vault id %q", a.VaultID)
	}
	if a.Auth == a.Enc {
		t.Fatal("the server secret and the vault key are the same")
	}
	for _, b := range []vault.Keys{
		Derive("correct horse battery staplf", "https://sync.example.com"),
		Derive("correct horse battery staple", "https://sync.example.org"),
	} {
		if b.VaultID == a.VaultID || b.Auth == a.Auth || b.Enc == a.Enc {
			t.Fatal("another passphrase or server gives a shared key part")
		}
	}
	// A known answer, so that a change to the parameters or the split
	// (which would orphan every vault) cannot pass unnoticed.
	if a.VaultID != knownVaultID {
		t.Fatalf("vault id %s, want %s", a.VaultID, knownVaultID)
	}
}

const knownVaultID = "73e91b1fcd4317c661b963bb7eec0592"

func TestStrength(t *testing.T) {
	for _, tc := range []struct {
		p    string
		want Level
	}{
		{"", Weak},
		{"password1234", Weak},
		{"aaaaaaaaaaaaaaaaaaaa", Weak},
		{"qwertyuiop123", Weak},
		{"abcdefghijklmnop", Weak},
		{"Tr0ub4dor&3", Weak}, // short
		{"iloveyou iloveyou", Weak},
		{"plum river seven lantern", Strong},
		{"correct horse battery staple", Strong},
		{"blue-Kite-93-oven", Strong},
		{"mountain river", Fair},
		{"我的邮箱不要告诉别人啊啊", Strong},
	} {
		bits, got := Strength(tc.p)
		if got != tc.want {
			t.Errorf("Strength(%q) = %d bits, level %d; want level %d", tc.p, bits, got, tc.want)
		}
	}
}
