package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestValidID(t *testing.T) {
	for id, want := range map[string]bool{
		"0123456789abcdef0123456789abcdef":  true,
		"0123456789ABCDEF0123456789abcdef":  false,
		"0123456789abcdef0123456789abcde":   false,
		"0123456789abcdef0123456789abcdef0": false,
		"0123456789abcdef0123456789abcdeg":  false,
		"":                                  false,
	} {
		if got := ValidID(id); got != want {
			t.Errorf("ValidID(%q) = %v", id, got)
		}
	}
}

func TestSecretHash(t *testing.T) {
	raw := bytes.Repeat([]byte{0xfb}, 32)
	secret := base64.RawURLEncoding.EncodeToString(raw)
	sum := sha256.Sum256(raw)
	got, ok := SecretHash("Bearer " + secret)
	if !ok || got != hex.EncodeToString(sum[:]) {
		t.Fatalf("SecretHash = %q %v", got, ok)
	}
	for _, bad := range []string{"", "Bearer", "Bearer " + secret[:42], "Bearer " + secret + "=",
		"Bearer " + base64.URLEncoding.EncodeToString(raw), "Bearer " + base64.StdEncoding.EncodeToString(raw)[:43],
		"Basic " + secret, "Bearer  " + secret[1:], "Bearer " + secret[:42] + "9"} {
		if _, ok := SecretHash(bad); ok {
			t.Errorf("SecretHash(%q) accepted", bad)
		}
	}
}

func TestTags(t *testing.T) {
	for s, want := range map[string]int64{`"1"`: 1, ` "42" `: 42, `"0"`: -1, `"01"`: -1, `1`: -1, `W/"1"`: -1, `*`: -1, `"1", "2"`: -1, `""`: -1, `"-1"`: -1, `"99999999999999999999"`: -1} {
		n, err := ParseIfMatch(s)
		if want < 0 && err == nil || want >= 0 && (err != nil || n != want) {
			t.Errorf("ParseIfMatch(%q) = %d %v", s, n, err)
		}
	}
	for s, want := range map[string]bool{`"3"`: true, `W/"3"`: true, `"1", "3"`: true, `*`: true, `"4"`: false, ``: false, `3`: false} {
		if got := IfNoneMatchMatches(s, 3); got != want {
			t.Errorf("IfNoneMatchMatches(%q, 3) = %v", s, got)
		}
	}
}

func TestConfig(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	c, err := ConfigFromEnv(env(nil))
	if err != nil || c.MaxVaultBytes != 1<<20 || c.RateVaultPerMin != 120 || c.RateIPPerMin != 600 || c.ExpireDays != 400 || c.AllowedOrigins != nil {
		t.Fatalf("defaults: %+v %v", c, err)
	}
	c, err = ConfigFromEnv(env(map[string]string{"MAX_VAULT_BYTES": "10", "RATE_IP_PER_MIN": "0", "ALLOWED_ORIGINS": " chrome-extension://abc/ , moz-extension://d-e "}))
	if err != nil || c.MaxVaultBytes != 10 || c.RateIPPerMin != 0 || len(c.AllowedOrigins) != 2 {
		t.Fatalf("set: %+v %v", c, err)
	}
	if !c.OriginAllowed("chrome-extension://abc") || c.OriginAllowed("chrome-extension://abd") || !c.OriginAllowed("moz-extension://d-e") {
		t.Error("pinned origins")
	}
	for _, bad := range []map[string]string{{"MAX_VAULT_BYTES": "0"}, {"EXPIRE_DAYS": "x"}, {"ALLOWED_ORIGINS": "https://example.com"}} {
		if _, err := ConfigFromEnv(env(bad)); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
	open := Config{}
	for o, want := range map[string]bool{"chrome-extension://abcdefghijklmnopabcdefghijklmnop": true, "moz-extension://0b9c6f3e-8f5e-4d7b": true,
		"https://example.com": false, "chrome-extension://": false, "chrome-extension://a/b": false, "null": false, "CHROME-EXTENSION://abc": false} {
		if got := open.OriginAllowed(o); got != want {
			t.Errorf("OriginAllowed(%q) = %v", o, got)
		}
	}
}

// memStore is a Store in memory; hooks let a test inject races and faults.
// writes logs every write: "hit <keys>", "create <id>", ...
type memStore struct {
	mu        sync.Mutex
	vaults    map[string]*Vault
	rate      map[string][2]int64
	failHit   error
	beforeRep func()
	writes    []string
}

func newMem() *memStore {
	return &memStore{vaults: map[string]*Vault{}, rate: map[string][2]int64{}}
}

func (m *memStore) Get(_ context.Context, id string, skip int64) (*Vault, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.vaults[id]
	if !ok {
		return nil, nil
	}
	c := *v
	if c.Version == skip {
		c.Data = nil
	}
	return &c, nil
}

func (m *memStore) Meta(ctx context.Context, id string) (*Vault, error) {
	v, err := m.Get(ctx, id, 0)
	if v != nil {
		v.Data = nil
	}
	return v, err
}

// used is the sum of the stored vaults' sizes; m.mu must be held.
func (m *memStore) used() int64 {
	var n int64
	for _, v := range m.vaults {
		n += int64(len(v.Data))
	}
	return n
}

func (m *memStore) Create(_ context.Context, id, hash string, data []byte, now, maxTotal int64) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.writes = append(m.writes, "create "+id)
	if _, ok := m.vaults[id]; ok || m.used()+int64(len(data)) > maxTotal {
		return false, nil
	}
	m.vaults[id] = &Vault{AuthHash: hash, Version: 1, Data: data, TouchedAt: now}
	return true, nil
}

func (m *memStore) Replace(_ context.Context, id, hash string, data []byte, ifVersion, now, maxTotal int64) (bool, error) {
	if m.beforeRep != nil {
		m.beforeRep()
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.writes = append(m.writes, "replace "+id)
	v, ok := m.vaults[id]
	if !ok || v.Deleted || v.Version != ifVersion || v.AuthHash != hash || m.used()-int64(len(v.Data))+int64(len(data)) > maxTotal {
		return false, nil
	}
	v.Version++
	v.Data, v.TouchedAt = data, now
	return true, nil
}

func (m *memStore) Delete(_ context.Context, id, hash string, ifVersion, now int64) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.writes = append(m.writes, "delete "+id)
	v, ok := m.vaults[id]
	if !ok || v.Deleted || v.AuthHash != hash || ifVersion != 0 && v.Version != ifVersion {
		return false, nil
	}
	m.vaults[id] = &Vault{Deleted: true, Version: v.Version, TouchedAt: v.TouchedAt}
	return true, nil
}

func (m *memStore) Touch(_ context.Context, id string, now int64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.writes = append(m.writes, "touch "+id)
	if v, ok := m.vaults[id]; ok {
		v.TouchedAt = now
	}
	return nil
}

func (m *memStore) Hit(_ context.Context, keys []string, win int64) ([]int64, error) {
	if m.failHit != nil {
		return nil, m.failHit
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.writes = append(m.writes, "hit "+strings.Join(keys, " "))
	out := make([]int64, len(keys))
	for i, k := range keys {
		r := m.rate[k]
		if r[0] != win {
			r = [2]int64{win, 0}
		}
		r[1]++
		m.rate[k] = r
		out[i] = r[1]
	}
	return out, nil
}

func (m *memStore) Count(_ context.Context, key string, win int64) (int64, error) {
	if m.failHit != nil {
		return 0, m.failHit
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if r := m.rate[key]; r[0] == win {
		return r[1], nil
	}
	return 0, nil
}

func (m *memStore) Expire(_ context.Context, before, oldWin, _ int64) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var n int64
	for id, v := range m.vaults {
		if !v.Deleted && v.TouchedAt < before {
			m.vaults[id] = &Vault{Deleted: true, Version: v.Version, TouchedAt: v.TouchedAt}
			n++
		}
	}
	for k, r := range m.rate {
		if r[0] < oldWin {
			delete(m.rate, k)
		}
	}
	return n, nil
}

const testID = "0123456789abcdef0123456789abcdef"

const testEnroll = "operator-enrollment-token-1"

var testSecret = base64.RawURLEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))

func newHandler(cfg Config) (*Handler, *memStore) {
	if cfg.MaxVaultBytes == 0 {
		cfg.MaxVaultBytes = 100
	}
	if cfg.MaxTotalBytes == 0 {
		cfg.MaxTotalBytes = 1000
	}
	if cfg.EnrollToken == "" {
		cfg.EnrollToken = testEnroll
	}
	st := newMem()
	return &Handler{Config: cfg, Store: st, Now: func() time.Time { return time.Unix(1_800_000_030, 0) }}, st
}

func serve(h http.Handler, method, path string, hd map[string]string, body io.Reader) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, body)
	for k, v := range hd {
		req.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

func errCode(t *testing.T, w *httptest.ResponseRecorder) string {
	t.Helper()
	var e APIError
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Message == "" {
		t.Fatalf("not a JSON error: %q", w.Body.String())
	}
	return e.Error
}

// endless yields bytes forever and counts what was read.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	e.n += int64(len(p))
	return len(p), nil
}

func TestBodyLimitDoesNotBufferUnbounded(t *testing.T) {
	h, _ := newHandler(Config{})
	src := &endless{}
	req := httptest.NewRequest("PUT", "/v1/vaults/"+testID, src)
	req.ContentLength = -1
	req.Header.Set("Authorization", "Bearer "+testSecret)
	req.Header.Set("If-None-Match", "*")
	req.Header.Set(EnrollHeader, testEnroll)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != 413 || errCode(t, w) != "too_large" {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	if src.n > 100+1+4096 {
		t.Errorf("read %d bytes of an endless body with a 100-byte limit", src.n)
	}
}

func TestReplaceRaceAndFaults(t *testing.T) {
	h, st := newHandler(Config{RateIPPerMin: 100})
	auth := map[string]string{"Authorization": "Bearer " + testSecret}
	w := serve(h, "PUT", "/v1/vaults/"+testID, map[string]string{"Authorization": auth["Authorization"], "If-None-Match": "*", EnrollHeader: testEnroll}, strings.NewReader("a"))
	if w.Code != 201 {
		t.Fatal(w.Code, w.Body)
	}
	// Another writer commits between the version check and the UPDATE:
	// the conditional UPDATE refuses, and the answer names the new version.
	st.beforeRep = func() {
		st.mu.Lock()
		st.vaults[testID].Version = 7
		st.mu.Unlock()
	}
	w = serve(h, "PUT", "/v1/vaults/"+testID, map[string]string{"Authorization": auth["Authorization"], "If-Match": `"1"`}, strings.NewReader("b"))
	if w.Code != 412 || w.Header().Get("ETag") != `"7"` || !strings.Contains(w.Body.String(), `"version":7`) {
		t.Fatalf("race: %d %v %s", w.Code, w.Header(), w.Body)
	}
	st.beforeRep = nil
	// A store failure is a 500 that says nothing about it.
	st.failHit = errors.New("D1_ERROR: secret internals")
	var logged string
	h.Logf = func(f string, a ...any) { logged = f }
	w = serve(h, "GET", "/v1/vaults/"+testID, auth, nil)
	if w.Code != 500 || errCode(t, w) != "internal" || strings.Contains(w.Body.String(), "D1") || logged == "" {
		t.Fatalf("fault: %d %s (logged %q)", w.Code, w.Body, logged)
	}
}

func TestRateLimitRetryAfter(t *testing.T) {
	h, _ := newHandler(Config{RateVaultPerMin: 3})
	auth := map[string]string{"Authorization": "Bearer " + testSecret}
	if w := serve(h, "PUT", "/v1/vaults/"+testID, map[string]string{"Authorization": auth["Authorization"], "If-None-Match": "*", EnrollHeader: testEnroll}, strings.NewReader("a")); w.Code != 201 {
		t.Fatal(w.Code, w.Body)
	}
	for i := 0; i < 3; i++ {
		if w := serve(h, "GET", "/v1/vaults/"+testID, auth, nil); w.Code != 200 {
			t.Fatal(w.Code)
		}
	}
	w := serve(h, "GET", "/v1/vaults/"+testID, auth, nil)
	// The clock is 30 s into its minute.
	if w.Code != 429 || errCode(t, w) != "rate_limited" || w.Header().Get("Retry-After") != "30" {
		t.Fatalf("%d %v %s", w.Code, w.Header(), w.Body)
	}
}

func TestExpireCutoffs(t *testing.T) {
	h, st := newHandler(Config{ExpireDays: 10})
	now := h.Now().Unix()
	st.vaults["a"] = &Vault{TouchedAt: now - 10*86400 - 1, AuthHash: "h"}
	st.vaults["b"] = &Vault{TouchedAt: now - 10*86400 + 1, AuthHash: "h"}
	st.rate["old"] = [2]int64{now/60 - 2, 1}
	st.rate["prev"] = [2]int64{now/60 - 1, 1}
	n, err := h.Expire(context.Background())
	if err != nil || n != 1 || st.vaults["b"].Deleted || !st.vaults["a"].Deleted || st.vaults["a"].AuthHash != "" {
		t.Fatalf("%d %v %v", n, err, st.vaults)
	}
	if _, ok := st.rate["old"]; ok {
		t.Error("old rate row kept")
	}
	if _, ok := st.rate["prev"]; !ok {
		t.Error("previous window's rate row removed")
	}
}

func TestHealthAndOptionsWithoutOrigin(t *testing.T) {
	h, _ := newHandler(Config{})
	if w := serve(h, "GET", "/v1/health", nil, nil); w.Code != 200 || w.Body.String() != `{"ok":true}` || w.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	if w := serve(h, "OPTIONS", "/v1/vaults/"+testID, nil, nil); w.Code != 204 || w.Header().Get("Allow") == "" || w.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Fatalf("%d %v", w.Code, w.Header())
	}
	pinned, _ := newHandler(Config{AllowedOrigins: []string{"chrome-extension://mine"}})
	if w := serve(pinned, "OPTIONS", "/v1/vaults/"+testID, map[string]string{"Origin": "chrome-extension://other"}, nil); w.Code != 403 {
		t.Fatalf("pinned: %d", w.Code)
	}
	if w := serve(pinned, "OPTIONS", "/v1/vaults/"+testID, map[string]string{"Origin": "chrome-extension://mine"}, nil); w.Code != 204 || w.Header().Get("Access-Control-Allow-Origin") != "chrome-extension://mine" {
		t.Fatalf("pinned: %d %v", w.Code, w.Header())
	}
}
