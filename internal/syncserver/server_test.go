package syncserver

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestMain(m *testing.M) {
	code := m.Run()
	RemoveBuild()
	os.Exit(code)
}

// The tests below run the Worker for real in workerd (wrangler dev).

func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}

// raw sends one request and returns status, headers and body.
func raw(t *testing.T, method, url string, h map[string]string, body io.Reader) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range h {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, res.Header, b
}

// wantError checks a JSON error answer and returns its body.
func wantError(t *testing.T, what string, status int, h http.Header, body []byte, wantStatus int, wantCode string) map[string]any {
	t.Helper()
	if status != wantStatus {
		t.Fatalf("%s: status %d, want %d; body %s", what, status, wantStatus, body)
	}
	if ct := h.Get("Content-Type"); ct != "application/json" {
		t.Errorf("%s: Content-Type %q", what, ct)
	}
	if cc := h.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("%s: Cache-Control %q", what, cc)
	}
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("%s: body %q is not JSON: %v", what, body, err)
	}
	if m["error"] != wantCode {
		t.Errorf("%s: error %v, want %s", what, m["error"], wantCode)
	}
	if msg, _ := m["message"].(string); msg == "" {
		t.Errorf("%s: no message in %s", what, body)
	}
	return m
}

func TestWorker(t *testing.T) {
	t.Parallel()
	began := time.Now()
	s := Start(t, Options{Vars: map[string]string{"RATE_VAULT_PER_MIN": "100000", "RATE_IP_PER_MIN": "100000"}})
	t.Logf("wrangler dev healthy after %v (%v with build and migrations)", s.StartupTime, time.Since(began))
	ctx := context.Background()
	c := &Client{BaseURL: s.URL, Enroll: TestEnrollToken}
	vault := func(id string) string { return s.URL + "/v1/vaults/" + id }
	bearer := func(secret string) string { return "Bearer " + secret }

	t.Run("health", func(t *testing.T) {
		st, h, b := raw(t, "GET", s.URL+"/v1/health", nil, nil)
		if st != 200 || strings.TrimSpace(string(b)) != `{"ok":true}` || h.Get("Cache-Control") != "no-store" {
			t.Fatalf("health: %d %s %v", st, b, h)
		}
	})

	t.Run("lifecycle", func(t *testing.T) {
		id, secret := NewID(), NewSecret()
		auth := bearer(secret)
		blob := randomBytes(8 << 10)
		st, h, b := raw(t, "PUT", vault(id), map[string]string{"Authorization": auth, "If-None-Match": "*", "Content-Type": "application/octet-stream", "Mailkey-Enrollment": TestEnrollToken}, bytes.NewReader(blob))
		if st != 201 || h.Get("ETag") != `"1"` || strings.TrimSpace(string(b)) != `{"version":1}` || h.Get("Cache-Control") != "no-store" {
			t.Fatalf("create: %d %v %s", st, h, b)
		}
		st, h, b = raw(t, "GET", vault(id), map[string]string{"Authorization": auth}, nil)
		if st != 200 || !bytes.Equal(b, blob) || h.Get("ETag") != `"1"` || h.Get("Content-Type") != "application/octet-stream" || h.Get("Cache-Control") != "no-store" {
			t.Fatalf("get: %d %v, %d bytes, same %v", st, h, len(b), bytes.Equal(b, blob))
		}
		st, h, b = raw(t, "GET", vault(id), map[string]string{"Authorization": auth, "If-None-Match": `"1"`}, nil)
		if st != 304 || len(b) != 0 || h.Get("ETag") != `"1"` {
			t.Fatalf("get If-None-Match: %d %v %q", st, h, b)
		}
		blob2 := randomBytes(9000)
		v, err := c.Replace(ctx, id, secret, 1, blob2)
		if err != nil || v != 2 {
			t.Fatalf("replace: %v %v", v, err)
		}
		st, h, b = raw(t, "GET", vault(id), map[string]string{"Authorization": auth, "If-None-Match": `"1"`}, nil)
		if st != 200 || !bytes.Equal(b, blob2) || h.Get("ETag") != `"2"` {
			t.Fatalf("get after replace: %d %v", st, h)
		}
		// Stale replace: 412 with the current version, nothing changed.
		st, h, b = raw(t, "PUT", vault(id), map[string]string{"Authorization": auth, "If-Match": `"1"`}, bytes.NewReader(blob))
		m := wantError(t, "stale replace", st, h, b, 412, "precondition_failed")
		if h.Get("ETag") != `"2"` || m["version"] != float64(2) {
			t.Fatalf("stale replace: ETag %q body %s", h.Get("ETag"), b)
		}
		if got, v, err := c.Get(ctx, id, secret); err != nil || v != 2 || !bytes.Equal(got, blob2) {
			t.Fatalf("stale replace changed the vault: v%d %v", v, err)
		}
		// Create over an existing vault: 412 with the version for the owner, 401 for anyone else.
		st, h, b = raw(t, "PUT", vault(id), map[string]string{"Authorization": auth, "If-None-Match": "*", "Mailkey-Enrollment": TestEnrollToken}, bytes.NewReader(blob))
		m = wantError(t, "create existing", st, h, b, 412, "precondition_failed")
		if h.Get("ETag") != `"2"` || m["version"] != float64(2) {
			t.Fatalf("create existing: ETag %q body %s", h.Get("ETag"), b)
		}
		st, h, b = raw(t, "PUT", vault(id), map[string]string{"Authorization": bearer(NewSecret()), "If-None-Match": "*", "Mailkey-Enrollment": TestEnrollToken}, bytes.NewReader(blob))
		wantError(t, "create existing, other secret", st, h, b, 401, "unauthorized")
		if h.Get("ETag") != "" || bytes.Contains(b, []byte("version")) {
			t.Fatalf("a stranger learned the version: %v %s", h, b)
		}
		// Replace with a wrong secret.
		st, h, b = raw(t, "PUT", vault(id), map[string]string{"Authorization": bearer(NewSecret()), "If-Match": `"2"`}, bytes.NewReader(blob))
		wantError(t, "replace, wrong secret", st, h, b, 401, "unauthorized")
		// Delete: a stale If-Match is refused, then it goes.
		st, h, b = raw(t, "DELETE", vault(id), map[string]string{"Authorization": auth, "If-Match": `"1"`}, nil)
		wantError(t, "stale delete", st, h, b, 412, "precondition_failed")
		st, h, b = raw(t, "DELETE", vault(id), map[string]string{"Authorization": bearer(NewSecret())}, nil)
		wantError(t, "delete, wrong secret", st, h, b, 401, "unauthorized")
		st, h, b = raw(t, "DELETE", vault(id), map[string]string{"Authorization": auth, "If-Match": `"2"`}, nil)
		if st != 204 || len(b) != 0 || h.Get("Cache-Control") != "no-store" {
			t.Fatalf("delete: %d %v %q", st, h, b)
		}
		st, h, b = raw(t, "GET", vault(id), map[string]string{"Authorization": auth}, nil)
		wantError(t, "get deleted", st, h, b, 404, "not_found")
		st, h, b = raw(t, "DELETE", vault(id), map[string]string{"Authorization": auth}, nil)
		wantError(t, "delete deleted", st, h, b, 404, "not_found")
		st, h, b = raw(t, "PUT", vault(id), map[string]string{"Authorization": auth, "If-Match": `"2"`}, bytes.NewReader(blob))
		wantError(t, "replace deleted", st, h, b, 404, "not_found")
		// The id stays taken: a tombstone, with neither data nor the
		// secret's hash, keeps anyone from making it again (finding 6).
		for _, sec := range []string{NewSecret(), secret} {
			if _, err := c.Create(ctx, id, sec, blob); err == nil || err.(*Error).Status != 410 || err.(*Error).Code != "gone" {
				t.Fatalf("create after delete: %v, want 410 gone", err)
			}
		}
		rows, err := s.SQL(ctx, fmt.Sprintf("SELECT auth_hash, length(data) AS n, size, deleted_at IS NOT NULL AS dead FROM vaults WHERE id = '%s'", id))
		if err != nil || len(rows) != 1 || rows[0]["auth_hash"] != "" || rows[0]["n"] != float64(0) || rows[0]["size"] != float64(0) || rows[0]["dead"] != float64(1) {
			t.Fatalf("tombstone row: %v %v", rows, err)
		}
	})

	t.Run("errors", func(t *testing.T) {
		id, secret := NewID(), NewSecret()
		if _, err := c.Create(ctx, id, secret, []byte("x")); err != nil {
			t.Fatal(err)
		}
		auth := bearer(secret)
		st, h, b := raw(t, "PUT", vault(id), map[string]string{"Authorization": auth}, strings.NewReader("y"))
		wantError(t, "PUT without precondition", st, h, b, 428, "precondition_required")
		for _, bad := range []string{"0123", strings.Repeat("A", 32), strings.Repeat("g", 32), strings.Repeat("a", 33), id + "/x"} {
			st, h, b = raw(t, "GET", vault(bad), map[string]string{"Authorization": auth}, nil)
			wantError(t, "bad id "+bad, st, h, b, 400, "bad_request")
		}
		st, h, b = raw(t, "GET", s.URL+"/v2/elsewhere", nil, nil)
		wantError(t, "unknown path", st, h, b, 404, "not_found")
		st, h, b = raw(t, "POST", vault(id), map[string]string{"Authorization": auth}, strings.NewReader("y"))
		wantError(t, "POST", st, h, b, 405, "method_not_allowed")
		if h.Get("Allow") != "GET, PUT, DELETE, OPTIONS" {
			t.Errorf("405 Allow %q", h.Get("Allow"))
		}
		st, h, b = raw(t, "GET", vault(NewID()), map[string]string{"Authorization": auth}, nil)
		wantError(t, "unknown vault", st, h, b, 404, "not_found")
		st, h, b = raw(t, "PUT", vault(id), map[string]string{"Authorization": auth, "If-Match": "*"}, strings.NewReader("y"))
		wantError(t, "If-Match *", st, h, b, 400, "bad_request")
		st, h, b = raw(t, "PUT", vault(id), map[string]string{"Authorization": auth, "If-Match": `"1"`}, strings.NewReader(""))
		wantError(t, "empty body", st, h, b, 400, "bad_request")
	})

	t.Run("unauthorized answers are identical", func(t *testing.T) {
		id, secret := NewID(), NewSecret()
		if _, err := c.Create(ctx, id, secret, []byte("x")); err != nil {
			t.Fatal(err)
		}
		var first []byte
		for _, a := range []string{"", "Bearer", "Bearer " + secret[:42], "Basic " + secret, "Bearer " + secret + "A", "Bearer " + strings.Repeat("!", 43), bearer(NewSecret())} {
			h := map[string]string{}
			if a != "" {
				h["Authorization"] = a
			}
			st, hd, b := raw(t, "GET", vault(id), h, nil)
			wantError(t, "auth "+a, st, hd, b, 401, "unauthorized")
			if first == nil {
				first = b
			} else if !bytes.Equal(first, b) {
				t.Errorf("401 bodies differ: %s vs %s", first, b)
			}
		}
	})

	t.Run("size limits", func(t *testing.T) {
		const max = 1 << 20
		id, secret := NewID(), NewSecret()
		auth := bearer(secret)
		// Exactly the limit is accepted, and comes back whole.
		full := randomBytes(max)
		if _, err := c.Create(ctx, id, secret, full); err != nil {
			t.Fatalf("create of exactly %d bytes: %v", max, err)
		}
		if got, _, err := c.Get(ctx, id, secret); err != nil || !bytes.Equal(got, full) {
			t.Fatalf("get of %d bytes: %d bytes back, %v", max, len(got), err)
		}
		// Over the limit, announced by Content-Length.
		st, h, b := raw(t, "PUT", vault(id), map[string]string{"Authorization": auth, "If-Match": `"1"`}, bytes.NewReader(randomBytes(max+1)))
		wantError(t, "413 by Content-Length", st, h, b, 413, "too_large")
		st, h, b = raw(t, "PUT", vault(NewID()), map[string]string{"Authorization": auth, "If-None-Match": "*", "Mailkey-Enrollment": TestEnrollToken}, bytes.NewReader(randomBytes(max+1)))
		wantError(t, "413 by Content-Length (create)", st, h, b, 413, "too_large")
		// Over the limit, streamed without a length (chunked): counted while read.
		for _, create := range []bool{false, true} {
			hd := map[string]string{"Authorization": auth, "If-Match": `"1"`}
			target := id
			if create {
				hd = map[string]string{"Authorization": auth, "If-None-Match": "*", "Mailkey-Enrollment": TestEnrollToken}
				target = NewID()
			}
			st, h, b = raw(t, "PUT", vault(target), hd, io.MultiReader(bytes.NewReader(randomBytes(max)), strings.NewReader("!")))
			wantError(t, fmt.Sprintf("413 streamed (create %v)", create), st, h, b, 413, "too_large")
		}
		// A streamed body within the limit is fine.
		small := randomBytes(1000)
		st, _, b = raw(t, "PUT", vault(id), map[string]string{"Authorization": auth, "If-Match": `"1"`}, io.MultiReader(bytes.NewReader(small)))
		if st != 200 {
			t.Fatalf("streamed small replace: %d %s", st, b)
		}
		if got, v, err := c.Get(ctx, id, secret); err != nil || v != 2 || !bytes.Equal(got, small) {
			t.Fatalf("after limits: v%d %v", v, err)
		}
		// Sizes on both sides of the store's hex/BLOB switch (1,000,000 bytes).
		for i, n := range []int{1_000_000, 1_000_001, 999_999} {
			blob := randomBytes(n)
			if _, err := c.Replace(ctx, id, secret, int64(2+i), blob); err != nil {
				t.Fatalf("replace with %d bytes: %v", n, err)
			}
			if got, _, err := c.Get(ctx, id, secret); err != nil || !bytes.Equal(got, blob) {
				t.Fatalf("get of %d bytes: %d bytes back, %v", n, len(got), err)
			}
		}
	})

	t.Run("CORS", func(t *testing.T) {
		id, secret := NewID(), NewSecret()
		if _, err := c.Create(ctx, id, secret, []byte("x")); err != nil {
			t.Fatal(err)
		}
		for _, origin := range []string{"chrome-extension://abcdefghijklmnopabcdefghijklmnop", "moz-extension://0b9c6f3e-8f5e-4d7b-9a51-2f3c4d5e6f70"} {
			st, h, _ := raw(t, "GET", vault(id), map[string]string{"Authorization": bearer(secret), "Origin": origin}, nil)
			if st != 200 || h.Get("Access-Control-Allow-Origin") != origin || !strings.Contains(h.Get("Access-Control-Expose-Headers"), "ETag") {
				t.Errorf("GET from %s: %d %v", origin, st, h)
			}
			st, h, b := raw(t, "OPTIONS", vault(id), map[string]string{"Origin": origin, "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "authorization, if-match"}, nil)
			if st != 204 || h.Get("Access-Control-Allow-Origin") != origin || h.Get("Access-Control-Max-Age") == "" {
				t.Errorf("preflight from %s: %d %v %s", origin, st, h, b)
			}
			for _, want := range []string{"GET", "PUT", "DELETE", "OPTIONS"} {
				if !strings.Contains(h.Get("Access-Control-Allow-Methods"), want) {
					t.Errorf("preflight Allow-Methods %q lacks %s", h.Get("Access-Control-Allow-Methods"), want)
				}
			}
			for _, want := range []string{"Authorization", "Content-Type", "If-Match", "If-None-Match"} {
				if !strings.Contains(h.Get("Access-Control-Allow-Headers"), want) {
					t.Errorf("preflight Allow-Headers %q lacks %s", h.Get("Access-Control-Allow-Headers"), want)
				}
			}
		}
		for _, origin := range []string{"https://evil.example", "null", "chrome-extension://x/y", "http://localhost"} {
			st, h, _ := raw(t, "GET", vault(id), map[string]string{"Authorization": bearer(secret), "Origin": origin}, nil)
			if h.Get("Access-Control-Allow-Origin") != "" || h.Get("Access-Control-Expose-Headers") != "" {
				t.Errorf("GET from %s got CORS headers: %d %v", origin, st, h)
			}
			st, h, b := raw(t, "OPTIONS", vault(id), map[string]string{"Origin": origin, "Access-Control-Request-Method": "PUT"}, nil)
			if st != 403 || h.Get("Access-Control-Allow-Origin") != "" || h.Get("Access-Control-Allow-Methods") != "" {
				t.Errorf("preflight from %s: %d %v %s", origin, st, h, b)
			}
		}
	})

	t.Run("8 concurrent writers lose no update", func(t *testing.T) {
		id, secret := NewID(), NewSecret()
		if _, err := c.Create(ctx, id, secret, []byte("[]")); err != nil {
			t.Fatal(err)
		}
		const writers, each = 8, 5
		var wg sync.WaitGroup
		var conflicts sync.Map
		errs := make(chan error, writers)
		for w := 0; w < writers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				n := 0
				for i := 0; i < each; i++ {
					token := fmt.Sprintf("w%d-%d", w, i)
					for attempt := 0; ; attempt++ {
						if attempt == 200 {
							errs <- fmt.Errorf("%s: no success after 200 attempts", token)
							return
						}
						data, v, err := c.Get(ctx, id, secret)
						if err != nil {
							errs <- err
							return
						}
						var tokens []string
						if err := json.Unmarshal(data, &tokens); err != nil {
							errs <- err
							return
						}
						next, _ := json.Marshal(append(tokens, token))
						if _, err := c.Replace(ctx, id, secret, v, next); err != nil {
							if _, ok := IsConflict(err); ok {
								n++
								continue
							}
							errs <- err
							return
						}
						break
					}
				}
				conflicts.Store(w, n)
			}(w)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		data, v, err := c.Get(ctx, id, secret)
		if err != nil {
			t.Fatal(err)
		}
		var tokens []string
		if err := json.Unmarshal(data, &tokens); err != nil {
			t.Fatal(err)
		}
		seen := map[string]int{}
		for _, tok := range tokens {
			seen[tok]++
		}
		for w := 0; w < writers; w++ {
			for i := 0; i < each; i++ {
				if tok := fmt.Sprintf("w%d-%d", w, i); seen[tok] != 1 {
					t.Errorf("token %s present %d times", tok, seen[tok])
				}
			}
		}
		total := 0
		conflicts.Range(func(_, n any) bool { total += n.(int); return true })
		if len(tokens) != writers*each || v != writers*each+1 {
			t.Errorf("%d tokens at version %d, want %d at %d", len(tokens), v, writers*each, writers*each+1)
		}
		t.Logf("%d writers × %d updates: final version %d, %d conflicts (412) retried", writers, each, v, total)
	})

	t.Run("header lists are refused in workerd", func(t *testing.T) {
		// The runtime hands Go each comma-separated part of a header as a
		// value of its own (finding 8): If-Match "2", "7" read as "2".
		id, secret := NewID(), NewSecret()
		if _, err := c.Create(ctx, id, secret, []byte("one")); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Replace(ctx, id, secret, 1, []byte("two")); err != nil {
			t.Fatal(err)
		}
		for _, list := range []string{`"2", "7"`, `"2","2"`, `"7", "2"`} {
			st, h, b := raw(t, "PUT", vault(id), map[string]string{"Authorization": bearer(secret), "If-Match": list}, strings.NewReader("three"))
			wantError(t, "If-Match "+list, st, h, b, 400, "bad_request")
			st, h, b = raw(t, "DELETE", vault(id), map[string]string{"Authorization": bearer(secret), "If-Match": list}, nil)
			wantError(t, "DELETE If-Match "+list, st, h, b, 400, "bad_request")
		}
		if got, v, err := c.Get(ctx, id, secret); err != nil || v != 2 || string(got) != "two" {
			t.Fatalf("after header lists: v%d %q %v", v, got, err)
		}
		st, _, _ := raw(t, "GET", vault(id), map[string]string{"Authorization": bearer(secret), "If-None-Match": `"7", "2"`}, nil)
		if st != 304 {
			t.Fatalf("If-None-Match list: %d, want 304", st)
		}
		st, h, b := raw(t, "PUT", vault(NewID()), map[string]string{"Authorization": bearer(secret), "If-None-Match": "*", "Mailkey-Enrollment": TestEnrollToken + ",x"}, strings.NewReader("x"))
		wantError(t, "enrollment token with a comma", st, h, b, 403, "enrollment_required")
	})

	t.Run("enrollment token", func(t *testing.T) {
		for _, token := range []string{"", "wrong", TestEnrollToken + "x"} {
			hd := map[string]string{"Authorization": bearer(NewSecret()), "If-None-Match": "*"}
			if token != "" {
				hd["Mailkey-Enrollment"] = token
			}
			st, h, b := raw(t, "PUT", vault(NewID()), hd, strings.NewReader("x"))
			wantError(t, "create with token "+token, st, h, b, 403, "enrollment_required")
		}
		st, h, _ := raw(t, "OPTIONS", vault(NewID()), map[string]string{"Origin": "chrome-extension://abcdefghijklmnopabcdefghijklmnop", "Access-Control-Request-Method": "PUT"}, nil)
		if st != 204 || !strings.Contains(h.Get("Access-Control-Allow-Headers"), "Mailkey-Enrollment") {
			t.Fatalf("preflight: %d %v", st, h)
		}
	})

	t.Run("cron expires untouched vaults; GET touches", func(t *testing.T) {
		oldID, freshID, readID, secret := NewID(), NewID(), NewID(), NewSecret()
		for _, id := range []string{oldID, freshID, readID} {
			if _, err := c.Create(ctx, id, secret, []byte("x")); err != nil {
				t.Fatal(err)
			}
		}
		now := time.Now().Unix()
		ancient := now - 401*24*3600 // EXPIRE_DAYS is 400 (the default)
		twoDays := now - 2*24*3600
		if _, err := s.SQL(ctx, fmt.Sprintf("UPDATE vaults SET touched_at = %d WHERE id = '%s'; UPDATE vaults SET touched_at = %d WHERE id = '%s'", ancient, oldID, twoDays, readID)); err != nil {
			t.Fatal(err)
		}
		if _, _, err := c.Get(ctx, readID, secret); err != nil {
			t.Fatal(err)
		}
		rows, err := s.SQL(ctx, fmt.Sprintf("SELECT touched_at FROM vaults WHERE id = '%s'", readID))
		if err != nil || len(rows) != 1 {
			t.Fatalf("%v %v", rows, err)
		}
		if ta, _ := rows[0]["touched_at"].(float64); int64(ta) < now-60 {
			t.Errorf("GET did not touch a vault last touched two days ago: touched_at %v", rows[0]["touched_at"])
		}
		if err := s.TriggerCron(ctx); err != nil {
			t.Fatal(err)
		}
		if _, _, err := c.Get(ctx, oldID, secret); err == nil || err.(*Error).Status != 404 {
			t.Errorf("expired vault: %v, want 404", err)
		}
		for _, id := range []string{freshID, readID} {
			if _, _, err := c.Get(ctx, id, secret); err != nil {
				t.Errorf("fresh vault after cron: %v", err)
			}
		}
	})

	t.Run("at rest: no secret, no client address", func(t *testing.T) {
		id, secret := NewID(), NewSecret()
		ip := "198.51.100.77"
		cl := &Client{BaseURL: s.URL, Header: http.Header{"Cf-Connecting-Ip": {ip}}, Enroll: TestEnrollToken}
		if _, err := cl.Create(ctx, id, secret, []byte("opaque ciphertext")); err != nil {
			t.Fatal(err)
		}
		if _, _, err := cl.Get(ctx, id, secret); err != nil {
			t.Fatal(err)
		}
		secretRaw, _ := base64.RawURLEncoding.DecodeString(secret)
		sum := sha256.Sum256(secretRaw)
		hash := hex.EncodeToString(sum[:])
		files, err := s.D1Files()
		if err != nil || len(files) == 0 {
			t.Fatalf("D1 files: %v %v", files, err)
		}
		var all []byte
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, b...)
		}
		for name, needle := range map[string][]byte{"secret": []byte(secret), "raw secret": secretRaw, "client address": []byte(ip)} {
			if bytes.Contains(all, needle) {
				t.Errorf("the %s is stored in D1", name)
			}
		}
		if !bytes.Contains(all, []byte(hash)) || !bytes.Contains(all, []byte(id)) || !bytes.Contains(all, []byte("opaque ciphertext")) {
			t.Errorf("expected the secret's hash, the id and the data in D1 (are these the right files? %v)", files)
		}
		rows, err := s.SQL(ctx, fmt.Sprintf("SELECT typeof(data) AS t, length(data) AS n, auth_hash FROM vaults WHERE id = '%s'", id))
		if err != nil || len(rows) != 1 || rows[0]["t"] != "blob" || rows[0]["n"] != float64(len("opaque ciphertext")) || rows[0]["auth_hash"] != hash {
			t.Errorf("stored row: %v %v", rows, err)
		}
	})

	t.Run("bench", func(t *testing.T) {
		r, err := Bench(ctx, s.URL, Blob100Entries, 10)
		if err != nil {
			t.Fatal(err)
		}
		if r.Get.N != 10 || r.Get.RPS <= 0 || r.Put.P99 < r.Put.P50 {
			t.Errorf("bench result %+v", r)
		}
		t.Log(r)
	})
}

// TestLimits runs the limits of issue 12 in workerd: the per-vault budget
// is spent only by the vault's owner, addresses are counted per IPv6 /64,
// failed requests write nothing but a bounded counter, and the total quota.
func TestLimits(t *testing.T) {
	t.Parallel()
	s := Start(t, Options{Vars: map[string]string{"RATE_VAULT_PER_MIN": "5", "RATE_IP_PER_MIN": "15",
		"MAX_VAULT_BYTES": "2000", "MAX_TOTAL_BYTES": "5000"}})
	ctx := context.Background()
	from := func(addr string) *Client {
		return &Client{BaseURL: s.URL, Enroll: TestEnrollToken, Header: http.Header{"Cf-Connecting-Ip": {addr}}}
	}
	check429 := func(what string, err error) bool {
		t.Helper()
		e, ok := err.(*Error)
		if !ok || e.Status != 429 {
			return false
		}
		if e.Code != "rate_limited" {
			t.Errorf("%s: code %q", what, e.Code)
		}
		if ra, err := strconv.Atoi(e.RetryAfter); err != nil || ra < 1 || ra > 60 {
			t.Errorf("%s: Retry-After %q", what, e.RetryAfter)
		}
		return true
	}
	status := func(err error) int {
		if e, ok := err.(*Error); ok {
			return e.Status
		}
		if err != nil {
			t.Fatal(err)
		}
		return 200
	}

	// Per vault: 5 a minute of the owner's own requests. 11 span at most
	// two windows, so one of them has more than 5.
	owner := from("198.51.100.1")
	id, secret := NewID(), NewSecret()
	if _, err := owner.Create(ctx, id, secret, []byte("x")); err != nil {
		t.Fatal(err)
	}
	limited := false
	for i := 0; i < 11 && !limited; i++ {
		_, _, err := owner.Get(ctx, id, secret)
		if limited = check429("per vault", err); !limited && err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
	}
	if !limited {
		t.Fatal("11 requests on one vault were not rate limited at 5 a minute")
	}

	// Finding 5: a stranger's wrong secrets do not spend the owner's budget.
	id2, secret2 := NewID(), NewSecret()
	owner2 := from("198.51.100.2")
	if _, err := owner2.Create(ctx, id2, secret2, []byte("y")); err != nil {
		t.Fatal(err)
	}
	stranger := from("203.0.113.66")
	codes := map[int]int{}
	for i := 0; i < 25; i++ {
		_, _, err := stranger.Get(ctx, id2, NewSecret())
		codes[status(err)]++
	}
	if codes[401] == 0 || codes[429] == 0 || codes[200] != 0 {
		t.Fatalf("the stranger's answers: %v", codes)
	}
	if _, _, err := owner2.Get(ctx, id2, secret2); err != nil {
		t.Fatalf("the owner after a stranger's 25 wrong secrets: %v", err)
	}

	// Per address: 15 a minute, counted per IPv6 /64 (finding 4: 620
	// requests rotated within one /64 got no 429).
	limited = false
	for i := 0; i < 31 && !limited; i++ {
		_, _, err := from(fmt.Sprintf("2001:db8:77:77:%x::%x", i, i*31+1)).Get(ctx, NewID(), NewSecret())
		if limited = check429("per /64", err); !limited && status(err) != 404 {
			t.Fatalf("request %d: %v", i, err)
		}
	}
	if !limited {
		t.Fatal("31 requests rotated within one IPv6 /64 were not rate limited at 15 a minute")
	}
	if _, _, err := from("2001:db8:77:78::1").Get(ctx, NewID(), NewSecret()); status(err) != 404 {
		t.Fatalf("another /64: %v (want 404)", err)
	}

	// Failed requests wrote nothing but address counters: no vault row, no
	// per-vault count of an id that a stranger named.
	rows, err := s.SQL(ctx, `SELECT key FROM rate`)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		k, _ := r["key"].(string)
		if !(strings.HasPrefix(k, "ip:") && len(k) == 7 || k == "v:"+id || k == "v:"+id2) {
			t.Errorf("rate row %q", k)
		}
	}
	if rows, err := s.SQL(ctx, `SELECT count(*) AS n FROM vaults`); err != nil || rows[0]["n"] != float64(2) {
		t.Fatalf("vault rows: %v %v", rows, err)
	}

	// The total quota: 2 + 2000 + 2000 bytes fit in 5000, 2000 more do not.
	filler := from("192.0.2.9")
	for i := 0; i < 2; i++ {
		if _, err := filler.Create(ctx, NewID(), NewSecret(), randomBytes(2000)); err != nil {
			t.Fatal(err)
		}
	}
	_, err = filler.Create(ctx, NewID(), NewSecret(), randomBytes(2000))
	if e, ok := err.(*Error); !ok || e.Status != 507 || e.Code != "server_full" {
		t.Fatalf("past the total quota: %v, want 507 server_full", err)
	}
	if _, err := owner2.Replace(ctx, id2, secret2, 1, randomBytes(1000)); status(err) != 507 {
		t.Fatalf("replace past the total quota: %v", err)
	}
	if _, err := owner2.Replace(ctx, id2, secret2, 1, randomBytes(990)); err != nil {
		t.Fatalf("replace within the total quota: %v", err)
	}

	// Health is never limited.
	if st, _, _ := raw(t, "GET", s.URL+"/v1/health", nil, nil); st != 200 {
		t.Fatalf("health under rate limit: %d", st)
	}
}
