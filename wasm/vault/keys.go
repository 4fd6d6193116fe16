// Package vault is the extension's side of sync: the ledger sealed for the
// sync server (which stores ciphertext only), the server's address, and one
// sync round: fetch, open, merge per entry, seal, replace if unchanged.
// It is pure Go: the browser lends it AES-GCM, DEFLATE, randomness and fetch
// (see Crypto and Transport), so the service worker's binary carries no
// cipher or HTTP code of its own.
package vault

import (
	"errors"
	"strings"

	"mailkey/wasm/jsonv"
)

// KeySize is the size of the authentication secret and of the vault key.
const KeySize = 32

// Keys are what a passphrase becomes (see wasm/synckey). The server sees
// VaultID and Auth (and stores only a hash of Auth); Enc never leaves the
// browser.
type Keys struct {
	VaultID string // 32 lowercase hex digits
	Auth    [KeySize]byte
	Enc     [KeySize]byte
}

// AuthToken is Auth as the server expects it: base64url without padding.
// (Written out here: encoding/base64 would cost the service worker's binary
// 12 KB for 43 characters.)
func (k Keys) AuthToken() string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	out := make([]byte, 0, (len(k.Auth)*8+5)/6)
	var acc, bits uint
	for _, b := range k.Auth {
		acc, bits = acc<<8|uint(b), bits+8
		for bits >= 6 {
			bits -= 6
			out = append(out, alphabet[acc>>bits&63])
		}
	}
	if bits > 0 {
		out = append(out, alphabet[acc<<(6-bits)&63])
	}
	return string(out)
}

// IsHex128 reports whether s is 32 lowercase hex digits (128 bits): the
// form of a vault id and of a vault's lineage.
func IsHex128(s string) bool {
	if len(s) != 32 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// Config is sync turned on: the server and the keys. It is stored in
// chrome.storage.local under ConfigKey only wrapped (see Secrets); the
// passphrase never is.
type Config struct {
	Server string // normalized, see NormalizeServer
	Keys   Keys
	Since  int64 // ms when sync was turned on
	// Code is the vault's sync code as written (wasm/synckey), kept so that
	// the options page can show it to join another browser; "" for a vault
	// named by the passphrase alone (made before sync codes).
	Code string
}

// DataCollection are the optional Firefox data_collection_permissions
// (manifest.json) that turning sync on requests: the synced ledger, though
// encrypted, holds account addresses (personal) and which app passwords
// exist for them (authentication).
var DataCollection = []string{"authenticationInfo", "personallyIdentifyingInfo"}

// Storage keys of sync's own records (never under the ledger's prefix).
const (
	ConfigKey = "sync/config"
	StateKey  = "sync/state"
	// BrowserKey is this browser's id and name as the vaults list it
	// (Browser, without Seen): not a secret, kept when sync is turned off.
	BrowserKey = "sync/browser"
)

var errConfig = errors.New("vault: bad sync config")

// JSON is the stored form of a Config.
func (c Config) JSON() jsonv.Value {
	return jsonv.Obj(
		jsonv.M("server", jsonv.Str(c.Server)),
		jsonv.M("vault", jsonv.Str(c.Keys.VaultID)),
		jsonv.M("auth", jsonv.Str(Hex(c.Keys.Auth[:]))),
		jsonv.M("key", jsonv.Str(Hex(c.Keys.Enc[:]))),
		jsonv.M("since", jsonv.Int(c.Since)),
		jsonv.M("code", jsonv.Str(c.Code)))
}

// ConfigFrom reads a stored or sent Config, checking every field.
func ConfigFrom(v jsonv.Value) (Config, error) {
	var c Config
	server, err := NormalizeServer(v.GetStr("server"))
	if err != nil || server != v.GetStr("server") {
		return c, errConfig
	}
	c.Server = server
	c.Keys.VaultID = v.GetStr("vault")
	if !IsHex128(c.Keys.VaultID) {
		return c, errConfig
	}
	if !decodeKey(v.GetStr("auth"), &c.Keys.Auth) || !decodeKey(v.GetStr("key"), &c.Keys.Enc) {
		return c, errConfig
	}
	c.Since = v.GetInt("since")
	if code := v.GetStr("code"); strings.HasPrefix(code, "MK2-") && len(code) <= 80 {
		c.Code = code
	}
	return c, nil
}

const hexDigits = "0123456789abcdef"

// Hex is b in lowercase hex digits (encoding/hex would bring fmt into the
// browser's binaries).
func Hex(b []byte) string {
	out := make([]byte, 2*len(b))
	for i, c := range b {
		out[2*i], out[2*i+1] = hexDigits[c>>4], hexDigits[c&15]
	}
	return string(out)
}

// decodeKey reads 64 lowercase hex digits.
func decodeKey(s string, out *[KeySize]byte) bool {
	b, ok := decodeHex(s)
	if !ok || len(b) != KeySize {
		return false
	}
	copy(out[:], b)
	return true
}

// decodeHex reads lowercase hex digits, the inverse of Hex.
func decodeHex(s string) ([]byte, bool) {
	if len(s)%2 != 0 {
		return nil, false
	}
	out := make([]byte, len(s)/2)
	for i := range out {
		hi, lo := strings.IndexByte(hexDigits, s[2*i]), strings.IndexByte(hexDigits, s[2*i+1])
		if hi < 0 || lo < 0 {
			return nil, false
		}
		out[i] = byte(hi<<4 | lo)
	}
	return out, true
}

// ErrServerURL is a server address that is not https (or http on this
// computer), or has parts a server address has no use for.
var ErrServerURL = errors.New("vault: bad server address")

// NormalizeServer checks a sync server's address and returns it in one
// spelling: scheme and host in lower case, no trailing slash. It must be
// https, or http to this computer (a server run with wrangler dev); no user
// name, query or fragment. A path is kept: a Worker may live under one.
func NormalizeServer(raw string) (string, error) {
	s := strings.TrimSpace(raw)
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		return "", ErrServerURL
	}
	scheme = strings.ToLower(scheme)
	hostport, path, _ := strings.Cut(rest, "/")
	if strings.ContainsAny(rest, "?#@\\ \t") || hostport == "" {
		return "", ErrServerURL
	}
	hostport = strings.ToLower(hostport)
	host, port := hostport, ""
	if i := strings.LastIndexByte(hostport, ':'); i >= 0 && !strings.HasSuffix(hostport, "]") {
		host, port = hostport[:i], hostport[i+1:]
		if !validPort(port) {
			return "", ErrServerURL
		}
	}
	local := host == "localhost" || host == "127.0.0.1" || host == "[::1]"
	switch {
	case scheme == "https":
	case scheme == "http" && local:
	default:
		return "", ErrServerURL
	}
	if !local && !validHost(host) {
		return "", ErrServerURL
	}
	path = strings.TrimRight(path, "/")
	for _, seg := range strings.Split(path, "/") {
		if path != "" && (seg == "" || seg == "." || seg == ".." || !validSegment(seg)) {
			return "", ErrServerURL
		}
	}
	out := scheme + "://" + hostport
	if path != "" {
		out += "/" + path
	}
	return out, nil
}

// Origin is the scheme and host of a normalized server address: what the
// host permission is asked for.
func Origin(server string) string {
	scheme, rest, _ := strings.Cut(server, "://")
	hostport, _, _ := strings.Cut(rest, "/")
	return scheme + "://" + hostport
}

func validPort(p string) bool {
	if p == "" || len(p) > 5 {
		return false
	}
	n := 0
	for i := 0; i < len(p); i++ {
		if p[i] < '0' || p[i] > '9' {
			return false
		}
		n = n*10 + int(p[i]-'0')
	}
	return n > 0 && n < 65536
}

// validHost accepts a DNS name of letters, digits and hyphens with at least
// one dot (IDNs must be given in their xn-- form).
func validHost(h string) bool {
	if len(h) > 253 || !strings.Contains(h, ".") {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

func validSegment(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~", c) >= 0) {
			return false
		}
	}
	return true
}
