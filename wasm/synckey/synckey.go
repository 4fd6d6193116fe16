// Package synckey turns a sync passphrase into the sync keys (its strength
// is judged by wasm/strength). It runs in the options page only: the
// service worker receives the keys, never the passphrase.
package synckey

import (
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
