package vault

import (
	"errors"
	"strconv"
)

// Crypto is what the browser lends (Web Crypto and CompressionStream), or
// Go's own packages natively (see Native).
type Crypto interface {
	// SealGCM and OpenGCM are AES-256-GCM with a 12-byte nonce and a
	// 16-byte tag appended to the ciphertext.
	SealGCM(key, nonce, plaintext, aad []byte) ([]byte, error)
	OpenGCM(key, nonce, sealed, aad []byte) ([]byte, error)
	// Random fills b from a cryptographic source.
	Random(b []byte) error
	// Deflate and Inflate are raw DEFLATE (RFC 1951); Inflate fails with
	// ErrTooLarge past max bytes of output.
	Deflate(p []byte) ([]byte, error)
	Inflate(p []byte, max int) ([]byte, error)
}

// A sealed vault is
//
//	"MKV1" | nonce (12 bytes) | AES-256-GCM(key, nonce, DEFLATE(payload), aad)
//	aad = "mailkey-vault/1" 0x00 vault-id 0x00 version-in-decimal
//
// Binding the vault id and the version the server will give it means a
// blob replayed from an older version, or swapped in from another vault,
// does not open.
const (
	magic     = "MKV1"
	nonceSize = 12
	tagSize   = 16
)

// MaxPlain bounds a vault's payload once inflated: about 40 times the
// largest real ledger, and a stop for a decompression bomb.
const MaxPlain = 64 << 20

var (
	// ErrTampered is a vault that does not open with this key for this
	// vault id and version: changed, damaged, replayed or swapped, or
	// sealed with another passphrase.
	ErrTampered = errors.New("vault: the synced copy does not open")
	// ErrTooLarge is a payload over MaxPlain once inflated.
	ErrTooLarge = errors.New("vault: too large")
)

func aad(vaultID string, version int64) []byte {
	b := append([]byte("mailkey-vault/1\x00"), vaultID...)
	b = append(b, 0)
	return strconv.AppendInt(b, version, 10)
}

// Seal compresses and encrypts a payload for the vault's given version.
func Seal(c Crypto, k Keys, version int64, payload []byte) ([]byte, error) {
	packed, err := c.Deflate(payload)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, nonceSize)
	if err := c.Random(nonce); err != nil {
		return nil, err
	}
	sealed, err := c.SealGCM(k.Enc[:], nonce, packed, aad(k.VaultID, version))
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(magic)+nonceSize+len(sealed))
	out = append(out, magic...)
	out = append(out, nonce...)
	return append(out, sealed...), nil
}

// Open checks and decrypts a vault the server says is at version, and
// inflates its payload.
func Open(c Crypto, k Keys, version int64, blob []byte) ([]byte, error) {
	if len(blob) < len(magic)+nonceSize+tagSize || string(blob[:len(magic)]) != magic {
		return nil, ErrTampered
	}
	nonce := blob[len(magic) : len(magic)+nonceSize]
	packed, err := c.OpenGCM(k.Enc[:], nonce, blob[len(magic)+nonceSize:], aad(k.VaultID, version))
	if err != nil {
		return nil, ErrTampered
	}
	plain, err := c.Inflate(packed, MaxPlain)
	if errors.Is(err, ErrTooLarge) {
		return nil, ErrTooLarge
	}
	if err != nil {
		return nil, ErrTampered
	}
	return plain, nil
}
