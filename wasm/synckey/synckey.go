// Package synckey turns a sync passphrase into the sync keys, and judges
// the passphrase's strength. It runs in the options page only: the service
// worker receives the keys, never the passphrase.
package synckey

import (
	"math"

	"github.com/trustelem/zxcvbn"
	"golang.org/x/crypto/argon2"

	"mailkey/wasm/vault"
)

// Argon2id parameters: RFC 9106's second recommended option (t=3, 64 MiB),
// with one lane since Go in the browser runs on one thread. About 0.3 s in
// the browser on the test machine.
const (
	argonTime   = 3
	argonMemory = 64 * 1024 // KiB
	argonLanes  = 1
)

// Derive turns a passphrase into the vault id, the server secret and the
// vault key, all from one Argon2id output of 80 bytes. The salt is the
// server's normalized address: two browsers given the same server and
// passphrase find the same vault without any other shared value, which is
// why the passphrase must be strong (see Strength) and the KDF slow.
func Derive(passphrase, server string) vault.Keys {
	out := argon2.IDKey([]byte(passphrase), []byte("mailkey-sync/1|"+server), argonTime, argonMemory, argonLanes, 16+2*vault.KeySize)
	var k vault.Keys
	k.VaultID = vault.Hex(out[:16])
	copy(k.Auth[:], out[16:16+vault.KeySize])
	copy(k.Enc[:], out[16+vault.KeySize:])
	return k
}

// Level is a passphrase's strength in words a person reads.
type Level int

// The levels; sync needs at least Fair.
const (
	Weak Level = iota
	Fair
	Strong
)

// MinBits is the least estimated strength sync accepts, and StrongBits
// where "strong" starts: log2 of the guesses zxcvbn expects an attacker to
// need. 2^50 guesses of Argon2id at 64 MiB each are thousands of GPU-years.
const (
	MinBits    = 50
	StrongBits = 64
	// MinRunes is the shortest passphrase accepted, whatever its estimate.
	MinRunes = 12
	// maxRunes bounds what the estimator reads (its matching grows faster
	// than the length): the estimate of a longer passphrase is that of its
	// start, a lower bound.
	maxRunes = 100
)

// knownWords are guessed first by anyone who knows the passphrase is for
// Mailkey's sync.
var knownWords = []string{"mailkey", "sync", "passphrase", "ledger", "vault"}

// Strength estimates how many guesses a passphrase would take, in bits,
// with zxcvbn (github.com/trustelem/zxcvbn, a Go port of Dropbox's
// estimator): dictionary words and names, leet spellings, dates, keyboard
// walks, repeats and sequences are each one guess among their kind, so
// "P@ssw0rd2024!" and "1q2w3e4r5t6y" are weak though they mix classes of
// characters. It is an estimate for guidance, not a measurement.
func Strength(p string) (bits int, level Level) {
	runes := []rune(p)
	if len(runes) == 0 {
		return 0, Weak
	}
	if len(runes) > maxRunes {
		p = string(runes[:maxRunes])
	}
	bits = int(math.Log2(math.Max(1, zxcvbn.PasswordStrength(p, knownWords).Guesses)))
	switch {
	case bits >= StrongBits && len(runes) >= MinRunes:
		return bits, Strong
	case bits >= MinBits && len(runes) >= MinRunes:
		return bits, Fair
	}
	return bits, Weak
}
