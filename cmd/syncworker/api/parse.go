package api

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/netip"
	"strconv"
	"strings"
)

// ValidID reports whether id is exactly 32 lowercase hex characters.
func ValidID(id string) bool {
	if len(id) != 32 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// SecretHash parses an Authorization header value "Bearer <secret>", where
// the secret is 32 bytes in unpadded base64url (43 characters), and returns
// hex(SHA-256(secret bytes)), the form the server stores.
func SecretHash(authorization string) (string, bool) {
	const prefix = "Bearer "
	if len(authorization) != len(prefix)+43 || !strings.EqualFold(authorization[:len(prefix)], prefix) {
		return "", false
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(authorization[len(prefix):])
	if err != nil || len(raw) != 32 {
		return "", false
	}
	sum := sha256.Sum256(raw)
	return hex.EncodeToString(sum[:]), true
}

// ETag formats a version as a strong entity tag.
func ETag(version int64) string { return `"` + strconv.FormatInt(version, 10) + `"` }

var errBadTag = errors.New("bad entity tag")

// parseVersionTag parses a strong tag `"n"`, n >= 1.
func parseVersionTag(s string) (int64, error) {
	s = strings.TrimSpace(s)
	if len(s) < 3 || s[0] != '"' || s[len(s)-1] != '"' {
		return 0, errBadTag
	}
	d := s[1 : len(s)-1]
	if d == "" || d[0] == '0' || len(d) > 18 {
		return 0, errBadTag
	}
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return 0, errBadTag
		}
	}
	n, err := strconv.ParseInt(d, 10, 64)
	if err != nil {
		return 0, errBadTag
	}
	return n, nil
}

// ParseIfMatch parses an If-Match header naming exactly one version.
// "*" and lists are refused: a replace must say which version it read.
func ParseIfMatch(s string) (int64, error) { return parseVersionTag(s) }

// IfNoneMatchMatches reports whether an If-None-Match header (a list of
// tags, weak or strong, or "*") matches the current version, with the weak
// comparison that RFC 9110 prescribes for If-None-Match.
func IfNoneMatchMatches(header string, version int64) bool {
	header = strings.TrimSpace(header)
	if header == "" {
		return false
	}
	if header == "*" {
		return true
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		t = strings.TrimPrefix(t, "W/")
		if n, err := parseVersionTag(t); err == nil && n == version {
			return true
		}
	}
	return false
}

// isExtensionOrigin reports whether o looks like a browser extension's
// origin: chrome-extension://<id> or moz-extension://<uuid>, nothing after.
func isExtensionOrigin(o string) bool {
	var rest string
	switch {
	case strings.HasPrefix(o, "chrome-extension://"):
		rest = o[len("chrome-extension://"):]
	case strings.HasPrefix(o, "moz-extension://"):
		rest = o[len("moz-extension://"):]
	default:
		return false
	}
	if rest == "" || len(rest) > 64 {
		return false
	}
	for i := 0; i < len(rest); i++ {
		c := rest[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// OriginAllowed reports whether a browser Origin gets CORS headers.
func (c Config) OriginAllowed(origin string) bool {
	if !isExtensionOrigin(origin) {
		return false
	}
	if len(c.AllowedOrigins) == 0 {
		return true
	}
	for _, a := range c.AllowedOrigins {
		if a == origin {
			return true
		}
	}
	return false
}

// addressBuckets is how many rate rows client addresses can ever occupy:
// the table of counts stays small whatever a flood of addresses does, and
// holds 16 bits of a hash, never an address.
const addressBuckets = 1 << 16

// addressKey is the rate key of a client address (CF-Connecting-IP): an
// IPv4 address, or the /64 of an IPv6 one, since one subscriber gets a whole
// /64 and can rotate through it freely. Anything unreadable is "local".
func addressKey(addr string) string {
	key := "local"
	if a, err := netip.ParseAddr(strings.TrimSpace(addr)); err == nil {
		a = a.Unmap().WithZone("")
		key = a.String()
		if a.Is6() {
			p, _ := a.Prefix(64)
			key = p.String()
		}
	}
	sum := sha256.Sum256([]byte("mailkey-rate:" + key))
	return "ip:" + hex.EncodeToString(sum[:2]) // 2 bytes: addressBuckets
}

// Enrolled reports whether token is the operator's enrollment token,
// comparing hashes in constant time (nothing learnt from timing, not even
// the length). No token is ever enrolled when none is configured.
func (c Config) Enrolled(token string) bool {
	if c.EnrollToken == "" {
		return false
	}
	a, b := sha256.Sum256([]byte(token)), sha256.Sum256([]byte(c.EnrollToken))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}
