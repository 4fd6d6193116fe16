// Package strength estimates a sync passphrase's strength with zxcvbn. It
// is compiled into a binary of its own (wasm/strengthwasm, strength.wasm),
// loaded by the options page only: zxcvbn's dictionaries add about 4 MB to
// a wasm binary and build their indexes at start (48 ms natively), which
// the popup and checklist, sharing ui.wasm, must not pay.
package strength

import (
	"math"

	"github.com/trustelem/zxcvbn"
)

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
