package synckey

import (
	"crypto/sha256"
	"errors"
	"strings"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"

	"mailkey/wasm/vault"
)

// Code is a vault's sync code, on the model of 1Password's Secret Key: a
// random vault id and a random 128-bit secret, drawn in the browser that
// makes the vault and copied by hand to the others. With the passphrase it
// makes the keys (DeriveWithCode): without the code nothing can be guessed,
// online or offline, and two people who choose one passphrase never meet.
type Code struct {
	VaultID [16]byte
	Secret  [16]byte
}

// NewCode draws a code from random (crypto.getRandomValues in the page).
func NewCode(random func([]byte) error) (Code, error) {
	var c Code
	b := make([]byte, 32)
	if err := random(b); err != nil {
		return c, err
	}
	copy(c.VaultID[:], b[:16])
	copy(c.Secret[:], b[16:])
	return c, nil
}

// codeAlphabet is Crockford's base 32: no I, L, O or U to misread.
const codeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// String writes a code as "MK2-" and 56 characters of base 32 in groups of
// four: the id, the secret and a 3-byte checksum that catches a mistyped
// character.
func (c Code) String() string {
	raw := append(append([]byte(nil), c.VaultID[:]...), c.Secret[:]...)
	sum := sha256.Sum256(append([]byte("mailkey-code"), raw...))
	raw = append(raw, sum[:3]...) // 35 bytes = 280 bits = 56 characters
	var out strings.Builder
	out.WriteString("MK2")
	var acc, bits uint
	n := 0
	for _, b := range raw {
		acc, bits = acc<<8|uint(b), bits+8
		for bits >= 5 {
			bits -= 5
			if n%4 == 0 {
				out.WriteByte('-')
			}
			out.WriteByte(codeAlphabet[acc>>bits&31])
			n++
		}
	}
	return out.String()
}

// ErrCode is a sync code that is not one (mistyped, cut short).
var ErrCode = errors.New("synckey: not a sync code")

// ParseCode reads a code as String writes it, forgiving case, spaces and
// dashes, and the letters people confuse (O for 0, I and L for 1).
func ParseCode(s string) (Code, error) {
	var c Code
	s = strings.ToUpper(strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\t' || r == '\n' {
			return -1
		}
		return r
	}, s))
	if !strings.HasPrefix(s, "MK2") {
		return c, ErrCode
	}
	s = strings.NewReplacer("O", "0", "I", "1", "L", "1").Replace(s[3:])
	if len(s) != 56 {
		return c, ErrCode
	}
	raw := make([]byte, 0, 35)
	var acc, bits uint
	for i := 0; i < len(s); i++ {
		v := strings.IndexByte(codeAlphabet, s[i])
		if v < 0 {
			return c, ErrCode
		}
		acc, bits = acc<<5|uint(v), bits+5
		if bits >= 8 {
			bits -= 8
			raw = append(raw, byte(acc>>bits))
		}
	}
	sum := sha256.Sum256(append([]byte("mailkey-code"), raw[:32]...))
	if string(sum[:3]) != string(raw[32:35]) {
		return c, ErrCode
	}
	copy(c.VaultID[:], raw[:16])
	copy(c.Secret[:], raw[16:32])
	return c, nil
}

// DeriveWithCode makes a vault's keys from the passphrase and its code:
// Argon2id (the parameters of Derive) over the passphrase in Unicode NFC
// (the same visible passphrase typed on any system gives the same bytes),
// salted per vault with its id and secret. The vault id is the code's.
func DeriveWithCode(passphrase string, c Code) vault.Keys {
	salt := append([]byte("mailkey-sync/2|"), c.VaultID[:]...)
	salt = append(salt, c.Secret[:]...)
	out := argon2.IDKey([]byte(norm.NFC.String(passphrase)), salt, argonTime, argonMemory, argonLanes, 2*vault.KeySize)
	var k vault.Keys
	k.VaultID = vault.Hex(c.VaultID[:])
	copy(k.Auth[:], out[:vault.KeySize])
	copy(k.Enc[:], out[vault.KeySize:])
	return k
}
