// Package synckey turns a sync passphrase into the sync keys, and judges
// the passphrase's strength. It runs in the options page only: the service
// worker receives the keys, never the passphrase.
package synckey

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

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
// where "strong" starts.
const (
	MinBits    = 56
	StrongBits = 80
	// MinRunes is the shortest passphrase accepted, whatever its estimate.
	MinRunes = 12
)

// Strength estimates a passphrase's entropy in bits, conservatively: the
// alphabet its characters come from times its length, less what repeats,
// runs (abcd, 4321), keyboard rows and common passwords give away. It is an
// estimate for guidance, not a measurement.
func Strength(p string) (bits int, level Level) {
	runes := []rune(p)
	if len(runes) == 0 {
		return 0, Weak
	}
	var lower, upper, digit, symbol, other bool
	for _, r := range runes {
		switch {
		case r < utf8.RuneSelf && unicode.IsLower(r):
			lower = true
		case r < utf8.RuneSelf && unicode.IsUpper(r):
			upper = true
		case r < utf8.RuneSelf && unicode.IsDigit(r):
			digit = true
		case r < utf8.RuneSelf:
			symbol = true
		default:
			other = true
		}
	}
	pool := 0
	for _, c := range []struct {
		on   bool
		size int
	}{{lower, 26}, {upper, 26}, {digit, 10}, {symbol, 33}, {other, 3000}} {
		if c.on {
			pool += c.size
		}
	}
	perChar := math.Log2(float64(pool))
	// Characters that continue a repeat, a run or a keyboard row add little.
	effective := 0.0
	low := strings.ToLower(p)
	lowRunes := []rune(low)
	for i := range lowRunes {
		switch {
		case i > 0 && lowRunes[i] == lowRunes[i-1]:
			effective += 0.25
		case i > 0 && (lowRunes[i] == lowRunes[i-1]+1 || lowRunes[i] == lowRunes[i-1]-1):
			effective += 0.25
		case i > 0 && adjacentOnKeyboard(lowRunes[i-1], lowRunes[i]):
			effective += 0.5
		default:
			effective++
		}
	}
	estimate := effective * perChar
	for _, w := range common {
		// Each common part counts as one guess among a few thousand.
		estimate -= float64(strings.Count(low, w)) * (float64(utf8.RuneCountInString(w))*perChar - 12)
	}
	bits = int(math.Max(0, estimate))
	switch {
	case bits >= StrongBits && len(runes) >= MinRunes:
		return bits, Strong
	case bits >= MinBits && len(runes) >= MinRunes:
		return bits, Fair
	}
	return bits, Weak
}

var keyboardRows = []string{"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"}

func adjacentOnKeyboard(a, b rune) bool {
	for _, row := range keyboardRows {
		i, j := strings.IndexRune(row, a), strings.IndexRune(row, b)
		if i >= 0 && j >= 0 && (i-j == 1 || j-i == 1) {
			return true
		}
	}
	return false
}

// common are fragments of the most used passwords (lower case), longest
// first so that the estimate is not cut twice for one fragment.
var common = []string{
	"password", "iloveyou", "princess", "sunshine", "football", "baseball", "dragon", "monkey",
	"letmein", "welcome", "admin", "qwerty", "abc123", "123456", "111111", "mailkey", "woaini", "mima",
}
