package synckey

import (
	"crypto/rand"
	"strings"
	"testing"
)

func TestCodeRoundTrip(t *testing.T) {
	c, err := NewCode(func(b []byte) error { _, err := rand.Read(b); return err })
	if err != nil {
		t.Fatal(err)
	}
	s := c.String()
	if !strings.HasPrefix(s, "MK2-") || len(s) != 3+56+14 {
		t.Fatalf("code %q (%d characters)", s, len(s))
	}
	for _, typed := range []string{s, strings.ToLower(s), strings.ReplaceAll(s, "-", " "), strings.ReplaceAll(strings.ReplaceAll(s, "-", ""), "0", "O")} {
		got, err := ParseCode(typed)
		if err != nil || got != c {
			t.Fatalf("ParseCode(%q): %v", typed, err)
		}
	}
	// One character changed, one cut: refused by the checksum or length.
	b := []byte(s)
	i := strings.LastIndexByte(s, '-') + 2
	b[i] = codeAlphabet[(strings.IndexByte(codeAlphabet, b[i])+1)%32]
	for _, bad := range []string{string(b), s[:len(s)-1], "MK1" + s[3:], ""} {
		if _, err := ParseCode(bad); err == nil {
			t.Errorf("ParseCode(%q) accepted", bad)
		}
	}
}

// Issue 12, finding 1: the vault was named by the passphrase alone, so two
// people with one passphrase shared a vault. With codes they never meet,
// and the passphrase is normalised (NFC) before the key derivation.
func TestDeriveWithCode(t *testing.T) {
	random := func(b []byte) error { _, err := rand.Read(b); return err }
	c1, _ := NewCode(random)
	c2, _ := NewCode(random)
	const pass = "P@ssw0rd2024! but longer"
	a, b := DeriveWithCode(pass, c1), DeriveWithCode(pass, c2)
	if a.VaultID == b.VaultID || a.Auth == b.Auth || a.Enc == b.Enc {
		t.Fatal("two codes with one passphrase share a key part")
	}
	if a.Auth == a.Enc {
		t.Fatal("the server secret and the vault key are the same")
	}
	old := Derive(pass, "https://sync.example.com")
	if a.VaultID == old.VaultID || a.Enc == old.Enc {
		t.Fatal("the code's keys are the passphrase's alone")
	}
	// "é" typed as one code point or as e + combining acute: one key.
	if DeriveWithCode("caf\u00e9 river lantern", c1) != DeriveWithCode("cafe\u0301 river lantern", c1) {
		t.Fatal("the passphrase is not normalised")
	}
	var fixed Code
	for i := range fixed.VaultID {
		fixed.VaultID[i], fixed.Secret[i] = byte(i), byte(100+i)
	}
	if got := DeriveWithCode("correct horse battery staple", fixed); got.VaultID != "000102030405060708090a0b0c0d0e0f" || got.AuthToken() != knownCodeAuth {
		t.Fatalf("known answer: %s %s", got.VaultID, got.AuthToken())
	}
}

const knownCodeAuth = "2eEZif9y5NeZ6we8EAH7UI4c4mG1Ml3QBqYusmyIBPw"
