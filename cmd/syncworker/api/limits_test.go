package api

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
)

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func randomSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func create(h *Handler, id, secret, enroll, body string) *httptest.ResponseRecorder {
	hd := map[string]string{"Authorization": "Bearer " + secret, "If-None-Match": "*"}
	if enroll != "" {
		hd[EnrollHeader] = enroll
	}
	return serve(h, "PUT", "/v1/vaults/"+id, hd, strings.NewReader(body))
}

func TestEnrollmentTokenRequiredToCreate(t *testing.T) {
	h, st := newHandler(Config{})
	for _, token := range []string{"", "wrong", testEnroll + "x", strings.ToUpper(testEnroll)} {
		w := create(h, testID, testSecret, token, "a")
		if w.Code != 403 || errCode(t, w) != "enrollment_required" {
			t.Fatalf("token %q: %d %s", token, w.Code, w.Body)
		}
	}
	if len(st.vaults) != 0 {
		t.Fatal("a vault was made without the enrollment token")
	}
	if w := create(h, testID, testSecret, testEnroll, "a"); w.Code != 201 {
		t.Fatalf("with the token: %d %s", w.Code, w.Body)
	}
	// Using a vault needs no token: only making one.
	if w := serve(h, "GET", "/v1/vaults/"+testID, map[string]string{"Authorization": "Bearer " + testSecret}, nil); w.Code != 200 {
		t.Fatalf("get: %d %s", w.Code, w.Body)
	}
	closed := &Handler{Config: Config{MaxVaultBytes: 100, MaxTotalBytes: 1000}, Store: newMem()}
	if w := create(closed, testID, testSecret, testEnroll, "a"); w.Code != 403 || errCode(t, w) != "enrollment_closed" {
		t.Fatalf("no token configured: %d %s", w.Code, w.Body)
	}
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if c, err := ConfigFromEnv(env(map[string]string{"ENROLL_TOKEN": " " + testEnroll + " "})); err != nil || c.EnrollToken != testEnroll {
		t.Fatalf("ENROLL_TOKEN: %+v %v", c, err)
	}
	if _, err := ConfigFromEnv(env(map[string]string{"ENROLL_TOKEN": "short"})); err == nil {
		t.Fatal("a guessable ENROLL_TOKEN was accepted")
	}
}

func TestTotalQuota(t *testing.T) {
	h, st := newHandler(Config{MaxVaultBytes: 600, MaxTotalBytes: 1000})
	a, b := randomHex(16), randomHex(16)
	if w := create(h, a, testSecret, testEnroll, strings.Repeat("a", 600)); w.Code != 201 {
		t.Fatal(w.Code, w.Body)
	}
	w := create(h, b, testSecret, testEnroll, strings.Repeat("b", 401))
	if w.Code != 507 || errCode(t, w) != "server_full" || st.vaults[b] != nil {
		t.Fatalf("over the total: %d %s", w.Code, w.Body)
	}
	if w := create(h, b, testSecret, testEnroll, strings.Repeat("b", 400)); w.Code != 201 {
		t.Fatalf("within the total: %d %s", w.Code, w.Body)
	}
	auth := "Bearer " + testSecret
	w = serve(h, "PUT", "/v1/vaults/"+a, map[string]string{"Authorization": auth, "If-Match": `"1"`}, strings.NewReader(strings.Repeat("a", 601)))
	if w.Code != 413 {
		t.Fatalf("over the vault cap: %d %s", w.Code, w.Body)
	}
	w = serve(h, "PUT", "/v1/vaults/"+b, map[string]string{"Authorization": auth, "If-Match": `"1"`}, strings.NewReader(strings.Repeat("b", 401)))
	if w.Code != 507 || errCode(t, w) != "server_full" || st.vaults[b].Version != 1 {
		t.Fatalf("replace over the total: %d %s", w.Code, w.Body)
	}
	// Shrinking one vault makes room for the other.
	if w := serve(h, "PUT", "/v1/vaults/"+a, map[string]string{"Authorization": auth, "If-Match": `"1"`}, strings.NewReader("a")); w.Code != 200 {
		t.Fatal(w.Code, w.Body)
	}
	if w := serve(h, "PUT", "/v1/vaults/"+b, map[string]string{"Authorization": auth, "If-Match": `"1"`}, strings.NewReader(strings.Repeat("b", 599))); w.Code != 200 {
		t.Fatal(w.Code, w.Body)
	}
}

func TestAddressKeyPer64(t *testing.T) {
	same := []string{"2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:0db8:0001:0002:1234::9", " 2001:db8:1:2::7 ", "2001:db8:1:2::1%eth0"}
	for _, a := range same {
		if addressKey(a) != addressKey(same[0]) {
			t.Errorf("%q and %q are in one /64 but have different keys", a, same[0])
		}
	}
	if addressKey("2001:db8:1:3::1") == addressKey(same[0]) {
		t.Error("another /64 shares the key")
	}
	if addressKey("::ffff:198.51.100.7") != addressKey("198.51.100.7") || addressKey("198.51.100.7") == addressKey("198.51.100.8") {
		t.Error("IPv4 addresses are keyed one by one (mapped or not)")
	}
	if addressKey("") != addressKey("not an address") {
		t.Error("unreadable addresses share one key")
	}
	if k := addressKey(same[0]); len(k) != len("ip:")+4 || strings.Contains(k, "2001") {
		t.Errorf("key %q", k)
	}
}

// 620 requests rotated within one IPv6 /64 got no 429 before issue 12.
func TestRateLimitIPv6Per64(t *testing.T) {
	h, _ := newHandler(Config{RateIPPerMin: 20})
	limited := 0
	for i := 0; i < 40; i++ {
		addr := fmt.Sprintf("2001:db8:aa:bb:%x:%x:%x:%x", i, i*7, i*13, i*31)
		w := serve(h, "GET", "/v1/vaults/"+randomHex(16), map[string]string{"Authorization": "Bearer " + randomSecret(), "CF-Connecting-IP": addr}, nil)
		if w.Code == 429 {
			limited++
		}
	}
	if limited != 20 {
		t.Fatalf("%d of 40 requests from one /64 were limited, want 20", limited)
	}
	w := serve(h, "GET", "/v1/vaults/"+randomHex(16), map[string]string{"Authorization": "Bearer " + randomSecret(), "CF-Connecting-IP": "2001:db8:aa:bc::1"}, nil)
	if w.Code != 404 {
		t.Fatalf("another /64: %d", w.Code)
	}
}

// Requests that fail authentication write nothing but their address's
// count, among a bounded set of rows; with rate limits off, nothing.
func TestFailedAuthWritesOnlyBoundedCounter(t *testing.T) {
	for _, limit := range []int64{1 << 40, 0} {
		h, st := newHandler(Config{RateIPPerMin: limit, RateVaultPerMin: 5})
		if w := create(h, testID, testSecret, testEnroll, "a"); w.Code != 201 {
			t.Fatal(w.Code)
		}
		st.writes = nil
		for i := 0; i < 300; i++ {
			addr := fmt.Sprintf("2001:db8:%x::1", i)
			hd := map[string]string{"Authorization": "Bearer " + randomSecret(), "CF-Connecting-IP": addr}
			id := randomHex(16)
			if i%3 == 0 {
				id = testID // wrong secret on a real vault
			}
			for _, m := range []string{"GET", "DELETE"} {
				if w := serve(h, m, "/v1/vaults/"+id, hd, nil); w.Code != 401 && w.Code != 404 {
					t.Fatalf("%s: %d", m, w.Code)
				}
			}
			hd["If-Match"] = `"1"`
			if w := serve(h, "PUT", "/v1/vaults/"+id, hd, strings.NewReader("x")); w.Code != 401 && w.Code != 404 {
				t.Fatalf("PUT: %d", w.Code)
			}
			delete(hd, "If-Match")
			hd["If-None-Match"], hd[EnrollHeader] = "*", "guess-"+randomHex(8)
			if w := create(h, randomHex(16), randomSecret(), hd[EnrollHeader], "x"); w.Code != 403 {
				t.Fatalf("create: %d", w.Code)
			}
		}
		for _, wr := range st.writes {
			keys := strings.Fields(strings.TrimPrefix(wr, "hit "))
			if !strings.HasPrefix(wr, "hit ") || len(keys) != 1 || !strings.HasPrefix(keys[0], "ip:") || len(keys[0]) != 7 {
				t.Fatalf("rate limit %d: a failed request wrote %q", limit, wr)
			}
		}
		if limit == 0 && len(st.writes) != 0 {
			t.Fatalf("rate limits off: %d writes", len(st.writes))
		}
		if len(st.vaults) != 1 || st.vaults[testID].Version != 1 || len(st.rate) > addressBuckets+1 {
			t.Fatalf("%d vaults, %d rate rows", len(st.vaults), len(st.rate))
		}
	}
}

// Finding 5: wrong-secret requests counted against the vault, so a
// stranger who knew the id locked its owner out.
func TestWrongSecretDoesNotLockOutOwner(t *testing.T) {
	h, _ := newHandler(Config{RateVaultPerMin: 5, RateIPPerMin: 10})
	if w := create(h, testID, testSecret, testEnroll, "a"); w.Code != 201 {
		t.Fatal(w.Code)
	}
	got := map[int]int{}
	for i := 0; i < 50; i++ {
		w := serve(h, "GET", "/v1/vaults/"+testID, map[string]string{"Authorization": "Bearer " + randomSecret(), "CF-Connecting-IP": "203.0.113.9"}, nil)
		got[w.Code]++
	}
	if got[401] != 10 || got[429] != 40 {
		t.Fatalf("the stranger's answers: %v", got)
	}
	owner := map[string]string{"Authorization": "Bearer " + testSecret, "CF-Connecting-IP": "198.51.100.1"}
	if w := serve(h, "GET", "/v1/vaults/"+testID, owner, nil); w.Code != 200 {
		t.Fatalf("the owner after a stranger's 50 wrong secrets: %d %s", w.Code, w.Body)
	}
}

// Finding 6: a deleted id could be created again with another secret.
func TestTombstoneKeepsDeletedID(t *testing.T) {
	h, st := newHandler(Config{})
	auth := map[string]string{"Authorization": "Bearer " + testSecret}
	if w := create(h, testID, testSecret, testEnroll, "a"); w.Code != 201 {
		t.Fatal(w.Code)
	}
	if w := serve(h, "DELETE", "/v1/vaults/"+testID, auth, nil); w.Code != 204 {
		t.Fatal(w.Code, w.Body)
	}
	if v := st.vaults[testID]; v == nil || !v.Deleted || v.AuthHash != "" || v.Data != nil {
		t.Fatalf("tombstone %+v", v)
	}
	for _, secret := range []string{randomSecret(), testSecret} {
		if w := create(h, testID, secret, testEnroll, "b"); w.Code != 410 || errCode(t, w) != "gone" {
			t.Fatalf("create over a tombstone: %d %s", w.Code, w.Body)
		}
	}
	for _, m := range []string{"GET", "DELETE"} {
		if w := serve(h, m, "/v1/vaults/"+testID, auth, nil); w.Code != 404 {
			t.Fatalf("%s of a tombstone: %d %s", m, w.Code, w.Body)
		}
	}
	if w := serve(h, "PUT", "/v1/vaults/"+testID, map[string]string{"Authorization": auth["Authorization"], "If-Match": `"1"`}, strings.NewReader("c")); w.Code != 404 {
		t.Fatalf("replace of a tombstone: %d %s", w.Code, w.Body)
	}
}

// Finding 8: in the Workers runtime a header's comma-separated parts reach
// Go as separate values; `If-Match: "2", "7"` read as "2".
func TestHeaderListsSplitByTheRuntime(t *testing.T) {
	h, st := newHandler(Config{})
	if w := create(h, testID, testSecret, testEnroll, "a"); w.Code != 201 {
		t.Fatal(w.Code)
	}
	split := func(method string, hd map[string][]string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, "/v1/vaults/"+testID, strings.NewReader("b"))
		req.Header.Set("Authorization", "Bearer "+testSecret)
		for k, vs := range hd {
			for _, v := range vs {
				req.Header.Add(k, v)
			}
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w
	}
	for _, vs := range [][]string{{`"1"`, ` "7"`}, {`"1", "7"`}, {`"1"`, `"1"`}} {
		if w := split("PUT", map[string][]string{"If-Match": vs}); w.Code != 400 {
			t.Fatalf("If-Match %q: %d %s", vs, w.Code, w.Body)
		}
		if w := split("DELETE", map[string][]string{"If-Match": vs}); w.Code != 400 {
			t.Fatalf("DELETE If-Match %q: %d %s", vs, w.Code, w.Body)
		}
	}
	if st.vaults[testID].Version != 1 || st.vaults[testID].Deleted {
		t.Fatal("a header list changed the vault")
	}
	// A list is fine where HTTP allows one: If-None-Match.
	if w := split("GET", map[string][]string{"If-None-Match": {`"7"`, ` "1"`}}); w.Code != 304 {
		t.Fatalf("If-None-Match list: %d", w.Code)
	}
	// Two Authorization values are no secret.
	if w := split("GET", map[string][]string{"Authorization": {"Bearer " + testSecret}}); w.Code != 401 {
		t.Fatalf("two Authorization values: %d", w.Code)
	}
}
