package syncserver

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// Client is a small native client of the sync API, for tests and the
// benchmark. (The extension has its own.)
type Client struct {
	// BaseURL is the server, e.g. Server.URL, without a trailing slash.
	BaseURL string
	// HTTP is the client to use; nil means http.DefaultClient.
	HTTP *http.Client
	// Header is added to every request (e.g. Origin, CF-Connecting-IP).
	Header http.Header
	// Enroll is the enrollment token Create sends; Start's servers accept
	// TestEnrollToken.
	Enroll string
}

// Error is a non-success answer of the server.
type Error struct {
	Status     int
	Code       string // "precondition_failed", "rate_limited", ...
	Message    string
	Version    int64  // the current version, with precondition_failed
	ETag       string // the ETag header, if any
	RetryAfter string // the Retry-After header, if any
}

func (e *Error) Error() string {
	return fmt.Sprintf("sync server: %d %s: %s", e.Status, e.Code, e.Message)
}

// IsConflict reports whether err is a 412 and returns the current version.
func IsConflict(err error) (int64, bool) {
	var e *Error
	if errors.As(err, &e) && e.Status == http.StatusPreconditionFailed {
		return e.Version, true
	}
	return 0, false
}

// NewID returns a random vault id (32 lowercase hex characters).
func NewID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// NewSecret returns a random vault secret: 32 bytes, unpadded base64url.
func NewSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Health checks GET /v1/health.
func (c *Client) Health(ctx context.Context) error {
	res, err := c.do(ctx, http.MethodGet, "/v1/health", "", nil, nil)
	if err != nil {
		return err
	}
	res.Body.Close()
	return nil
}

// Create creates the vault (PUT If-None-Match: *) and returns its version, 1.
func (c *Client) Create(ctx context.Context, id, secret string, data []byte) (int64, error) {
	return c.put(ctx, id, secret, http.Header{"If-None-Match": {"*"}, "Mailkey-Enrollment": {c.Enroll}}, data)
}

// Replace replaces the vault if its version is still ifVersion and returns
// the new version; a stale version gives an *Error that IsConflict accepts.
func (c *Client) Replace(ctx context.Context, id, secret string, ifVersion int64, data []byte) (int64, error) {
	return c.put(ctx, id, secret, http.Header{"If-Match": {etag(ifVersion)}}, data)
}

func (c *Client) put(ctx context.Context, id, secret string, h http.Header, data []byte) (int64, error) {
	h.Set("Content-Type", "application/octet-stream")
	res, err := c.do(ctx, http.MethodPut, "/v1/vaults/"+id, secret, h, data)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	var v struct {
		Version int64 `json:"version"`
	}
	if err := json.NewDecoder(res.Body).Decode(&v); err != nil {
		return 0, fmt.Errorf("sync server: bad answer: %v", err)
	}
	if got := res.Header.Get("ETag"); got != etag(v.Version) {
		return 0, fmt.Errorf("sync server: ETag %q disagrees with version %d", got, v.Version)
	}
	return v.Version, nil
}

// Get fetches the vault and its version.
func (c *Client) Get(ctx context.Context, id, secret string) ([]byte, int64, error) {
	res, err := c.do(ctx, http.MethodGet, "/v1/vaults/"+id, secret, nil, nil)
	if err != nil {
		return nil, 0, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, 0, err
	}
	v, err := parseETag(res.Header.Get("ETag"))
	if err != nil {
		return nil, 0, err
	}
	return data, v, nil
}

// Delete deletes the vault; ifVersion 0 deletes whatever version is current.
func (c *Client) Delete(ctx context.Context, id, secret string, ifVersion int64) error {
	var h http.Header
	if ifVersion != 0 {
		h = http.Header{"If-Match": {etag(ifVersion)}}
	}
	res, err := c.do(ctx, http.MethodDelete, "/v1/vaults/"+id, secret, h, nil)
	if err != nil {
		return err
	}
	res.Body.Close()
	return nil
}

// do sends a request and turns any status >= 400 into an *Error.
func (c *Client) do(ctx context.Context, method, path, secret string, h http.Header, body []byte) (*http.Response, error) {
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.BaseURL+path, r)
	if err != nil {
		return nil, err
	}
	for k, vs := range c.Header {
		req.Header[k] = append([]string(nil), vs...)
	}
	for k, vs := range h {
		req.Header[k] = vs
	}
	if secret != "" {
		req.Header.Set("Authorization", "Bearer "+secret)
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	res, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	if res.StatusCode < 400 {
		return res, nil
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(res.Body, 1<<16))
	e := &Error{Status: res.StatusCode, ETag: res.Header.Get("ETag"), RetryAfter: res.Header.Get("Retry-After")}
	var body2 struct {
		Error   string `json:"error"`
		Message string `json:"message"`
		Version int64  `json:"version"`
	}
	if err := json.Unmarshal(b, &body2); err != nil {
		e.Code, e.Message = "?", strings.TrimSpace(string(b))
	} else {
		e.Code, e.Message, e.Version = body2.Error, body2.Message, body2.Version
	}
	return nil, e
}

func etag(v int64) string { return `"` + strconv.FormatInt(v, 10) + `"` }

func parseETag(s string) (int64, error) {
	if len(s) < 3 || s[0] != '"' || s[len(s)-1] != '"' {
		return 0, fmt.Errorf("sync server: bad ETag %q", s)
	}
	n, err := strconv.ParseInt(s[1:len(s)-1], 10, 64)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("sync server: bad ETag %q", s)
	}
	return n, nil
}
