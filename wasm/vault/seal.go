package vault

import (
	"errors"
	"strconv"
	"strings"
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
//	"MKV2" | lineage (16 bytes) | nonce (12 bytes) | AES-256-GCM(key, nonce, DEFLATE(payload), aad)
//	aad = "mailkey-vault/2" 0x00 vault-id 0x00 version-in-decimal 0x00 lineage-in-hex
//
// Binding the vault id, the version the server will give it and the
// vault's lineage means a blob replayed from an older version or another
// lineage, or swapped in from another vault, does not open as anything
// else. Vaults sealed before issue 12 are "MKV1" | nonce | ciphertext with
// aad = "mailkey-vault/1" 0x00 vault-id 0x00 version; they still open.
const (
	magic       = "MKV2"
	magicV1     = "MKV1"
	lineageSize = 16
	nonceSize   = 12
	tagSize     = 16
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

func aad(vaultID string, version int64, lineage string) []byte {
	if lineage == "" {
		b := append([]byte("mailkey-vault/1\x00"), vaultID...)
		b = append(b, 0)
		return strconv.AppendInt(b, version, 10)
	}
	b := append([]byte("mailkey-vault/2\x00"), vaultID...)
	b = append(b, 0)
	b = strconv.AppendInt(b, version, 10)
	b = append(b, 0)
	return append(b, lineage...)
}

// Seal compresses and encrypts a payload for the vault's given version and
// lineage (32 hex digits). An empty lineage seals the format of before
// issue 12 (for tests of vaults made then).
func Seal(c Crypto, k Keys, version int64, lineage string, payload []byte) ([]byte, error) {
	var head []byte
	switch {
	case lineage == "":
		head = []byte(magicV1)
	case IsHex128(lineage):
		head = append([]byte(magic), unhex(lineage)...)
	default:
		return nil, ErrTampered
	}
	packed, err := c.Deflate(payload)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, nonceSize)
	if err := c.Random(nonce); err != nil {
		return nil, err
	}
	sealed, err := c.SealGCM(k.Enc[:], nonce, packed, aad(k.VaultID, version, lineage))
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(head)+nonceSize+len(sealed))
	out = append(out, head...)
	out = append(out, nonce...)
	return append(out, sealed...), nil
}

// SealedLineage is the lineage in a sealed vault's header ("" for the
// format of before issue 12). It is authenticated once Open succeeds.
func SealedLineage(blob []byte) string {
	if len(blob) < len(magic)+lineageSize || string(blob[:len(magic)]) != magic {
		return ""
	}
	return Hex(blob[len(magic) : len(magic)+lineageSize])
}

// Open checks and decrypts a vault the server says is at version, and
// inflates its payload.
func Open(c Crypto, k Keys, version int64, blob []byte) ([]byte, error) {
	head := len(magicV1)
	lineage := SealedLineage(blob)
	switch {
	case lineage != "":
		head = len(magic) + lineageSize
	case len(blob) < len(magicV1) || string(blob[:len(magicV1)]) != magicV1:
		return nil, ErrTampered
	}
	if len(blob) < head+nonceSize+tagSize {
		return nil, ErrTampered
	}
	nonce := blob[head : head+nonceSize]
	packed, err := c.OpenGCM(k.Enc[:], nonce, blob[head+nonceSize:], aad(k.VaultID, version, lineage))
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

// unhex reads lowercase hex digits (checked by IsHex128).
func unhex(s string) []byte {
	out := make([]byte, len(s)/2)
	for i := range out {
		out[i] = byte(strings.IndexByte(hexDigits, s[2*i])<<4 | strings.IndexByte(hexDigits, s[2*i+1]))
	}
	return out
}
