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
