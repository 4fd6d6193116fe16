//go:build !js

package vault

import (
	"encoding/base64"
	"testing"

	"mailkey/wasm/jsonv"
)

func TestNormalizeServer(t *testing.T) {
	for in, want := range map[string]string{
		"https://Sync.Example.com/":          "https://sync.example.com",
		" https://sync.example.com ":         "https://sync.example.com",
		"https://example.com:8443/mailkey/":  "https://example.com:8443/mailkey",
		"http://127.0.0.1:8787":              "http://127.0.0.1:8787",
		"http://localhost:8787/":             "http://localhost:8787",
		"HTTPS://a.workers.dev":              "https://a.workers.dev",
		"http://sync.example.com":            "",
		"ftp://sync.example.com":             "",
		"https://user:pw@sync.example.com":   "",
		"https://sync.example.com/?x=1":      "",
		"https://sync.example.com/#a":        "",
		"https://sync.example.com/a/../b":    "",
		"https://sync.example.com:0":         "",
		"https://sync.example.com:99999":     "",
		"https://localhost.example.com:8787": "https://localhost.example.com:8787",
		"https://nodot":                      "",
		"https://-bad.example.com":           "",
		"sync.example.com":                   "",
		"":                                   "",
		"javascript://alert(1)":              "",
		"https://例子.com":                     "",
	} {
		got, err := NormalizeServer(in)
		if got != want || (err != nil) != (want == "") {
			t.Errorf("NormalizeServer(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if o := Origin("https://example.com:8443/mailkey"); o != "https://example.com:8443" {
		t.Errorf("Origin = %q", o)
	}
}

func TestConfigRoundTrip(t *testing.T) {
	c := Config{Server: "https://sync.example.com", Keys: testKeys(7), Since: 1764000000000}
	got, err := ConfigFrom(c.JSON())
	if err != nil || got != c {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	for _, bad := range []jsonv.Value{
		jsonv.Obj(),
		jsonv.Obj(jsonv.M("server", jsonv.Str("https://sync.example.com/")), jsonv.M("vault", jsonv.Str(c.Keys.VaultID)), jsonv.M("auth", jsonv.Str(c.Keys.AuthToken())), jsonv.M("key", jsonv.Str(c.Keys.AuthToken()))),
		jsonv.Obj(jsonv.M("server", jsonv.Str(c.Server)), jsonv.M("vault", jsonv.Str("XYZ")), jsonv.M("auth", jsonv.Str(Hex(c.Keys.Auth[:]))), jsonv.M("key", jsonv.Str(Hex(c.Keys.Enc[:])))),
		jsonv.Obj(jsonv.M("server", jsonv.Str(c.Server)), jsonv.M("vault", jsonv.Str(c.Keys.VaultID)), jsonv.M("auth", jsonv.Str("short")), jsonv.M("key", jsonv.Str(Hex(c.Keys.Enc[:])))),
	} {
		if _, err := ConfigFrom(bad); err == nil {
			t.Errorf("ConfigFrom(%s) accepted", bad)
		}
	}
}

func TestAuthToken(t *testing.T) {
	for i := 0; i < 256; i += 37 {
		k := testKeys(byte(i))
		for j := range k.Auth {
			k.Auth[j] = byte(i*7 + j*13)
		}
		if got, want := k.AuthToken(), base64.RawURLEncoding.EncodeToString(k.Auth[:]); got != want {
			t.Fatalf("AuthToken = %s, want %s", got, want)
		}
	}
}

func TestParseETag(t *testing.T) {
	for in, want := range map[string]int64{`"1"`: 1, `W/"42"`: 42, `42`: 0, `"x"`: 0, `""`: 0, `"-1"`: 0} {
		if got := ParseETag(in); got != want {
			t.Errorf("ParseETag(%s) = %d, want %d", in, got, want)
		}
	}
}
