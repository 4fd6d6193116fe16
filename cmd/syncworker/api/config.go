// Package api is the sync Worker's HTTP API: routing, header parsing, auth,
// limits, CORS and JSON errors, over a Store. It has no syscall/js so that it
// is tested natively; cmd/syncworker wires it to D1 inside workerd.
package api

import (
	"fmt"
	"strconv"
	"strings"
)

// Config holds the Worker's settings (wrangler vars).
type Config struct {
	// MaxVaultBytes is the largest vault body accepted (MAX_VAULT_BYTES).
	MaxVaultBytes int64
	// MaxTotalBytes bounds the sum of every stored vault (MAX_TOTAL_BYTES):
	// a write past it is refused with 507, so the database cannot be filled.
	MaxTotalBytes int64
	// EnrollToken is what creating a vault needs in the Mailkey-Enrollment
	// header (ENROLL_TOKEN, best set as a secret). Empty: no vault can be
	// created, only existing ones used.
	EnrollToken string
	// RateVaultPerMin and RateIPPerMin bound requests per fixed minute
	// window, per vault id and per client address (RATE_VAULT_PER_MIN,
	// RATE_IP_PER_MIN). Zero or less turns that limit off.
	RateVaultPerMin int64
	RateIPPerMin    int64
	// ExpireDays: the scheduled task deletes vaults untouched this long
	// (EXPIRE_DAYS).
	ExpireDays int64
	// AllowedOrigins, when not empty, pins the extension origins that get
	// CORS headers (ALLOWED_ORIGINS, comma separated). Empty allows every
	// chrome-extension:// and moz-extension:// origin.
	AllowedOrigins []string
}

// Defaults used when a var is unset or empty.
const (
	DefaultMaxVaultBytes   = 1 << 20
	DefaultMaxTotalBytes   = 256 << 20
	DefaultRateVaultPerMin = 120
	DefaultRateIPPerMin    = 600
	DefaultExpireDays      = 400
)

// MinEnrollTokenLen is the shortest enrollment token accepted: an operator's
// token must not be guessable within the rate limits.
const MinEnrollTokenLen = 20

// ConfigFromEnv reads the vars through get (cloudflare.Getenv in the Worker).
func ConfigFromEnv(get func(string) string) (Config, error) {
	c := Config{}
	var err error
	num := func(name string, def int64, min int64) int64 {
		s := strings.TrimSpace(get(name))
		if s == "" {
			return def
		}
		n, e := strconv.ParseInt(s, 10, 64)
		if e != nil || n < min {
			if err == nil {
				err = fmt.Errorf("var %s=%q: want an integer >= %d", name, s, min)
			}
			return def
		}
		return n
	}
	c.MaxVaultBytes = num("MAX_VAULT_BYTES", DefaultMaxVaultBytes, 1)
	c.MaxTotalBytes = num("MAX_TOTAL_BYTES", DefaultMaxTotalBytes, 1)
	c.RateVaultPerMin = num("RATE_VAULT_PER_MIN", DefaultRateVaultPerMin, 0)
	c.RateIPPerMin = num("RATE_IP_PER_MIN", DefaultRateIPPerMin, 0)
	c.ExpireDays = num("EXPIRE_DAYS", DefaultExpireDays, 1)
	c.EnrollToken = strings.TrimSpace(get("ENROLL_TOKEN"))
	if c.EnrollToken != "" && len(c.EnrollToken) < MinEnrollTokenLen {
		c.EnrollToken = ""
		if err == nil {
			err = fmt.Errorf("ENROLL_TOKEN: want at least %d characters (none is accepted until then)", MinEnrollTokenLen)
		}
	}
	for _, o := range strings.Split(get("ALLOWED_ORIGINS"), ",") {
		o = strings.TrimRight(strings.TrimSpace(o), "/")
		if o == "" {
			continue
		}
		if !isExtensionOrigin(o) {
			if err == nil {
				err = fmt.Errorf("var ALLOWED_ORIGINS: %q is not a chrome-extension:// or moz-extension:// origin", o)
			}
			continue
		}
		c.AllowedOrigins = append(c.AllowedOrigins, o)
	}
	return c, err
}
