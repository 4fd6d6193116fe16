package synckey

import (
	"strings"
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
		// Issue 12, finding 2: these passed as Fair or Strong before.
		{"1q2w3e4r5t6y", Weak},
		{"Summer2024!!", Weak},
		{"michael19850101", Weak},
		{"P@ssw0rd2024!", Weak},
		{"mailkey sync passphrase", Weak},
		{"plum river SENTINEL7 lantern", Strong},
		{"correct horse battery staple", Strong},
		{"xkq7-vmz2-plr9-tw4c", Fair},
		{"我的邮箱不要告诉别人啊啊", Weak}, // 12 characters of one script: about 36 bits
	} {
		bits, got := Strength(tc.p)
		if got != tc.want {
			t.Errorf("Strength(%q) = %d bits, level %d; want level %d", tc.p, bits, got, tc.want)
		}
	}
	long := strings.Repeat("plum river SENTINEL7 lantern ", 100)
	if _, got := Strength(long); got != Strong {
		t.Errorf("a 2,900-character passphrase: level %d", got)
	}
}
