package api

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Handler serves the API:
//
//	GET    /v1/health
//	GET    /v1/vaults/{id}   fetch (ETag, If-None-Match)
//	PUT    /v1/vaults/{id}   create (If-None-Match: *) or replace (If-Match: "n")
//	DELETE /v1/vaults/{id}   delete (optional If-Match)
type Handler struct {
	Config Config
	Store  Store
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Logf, if set, receives internal errors (never sent to clients).
	Logf func(format string, args ...any)
}

const (
	vaultPrefix  = "/v1/vaults/"
	healthPath   = "/v1/health"
	touchEvery   = 24 * 60 * 60
	vaultMethods = "GET, PUT, DELETE, OPTIONS"
	localAddress = "local"
)

// APIError is the JSON error body.
type APIError struct {
	Error   string `json:"error"`
	Message string `json:"message"`
	Version int64  `json:"version,omitempty"`
}

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Content-Type-Options", "nosniff")

	origin := r.Header.Get("Origin")
	corsOK := origin != "" && h.Config.OriginAllowed(origin)
	if corsOK {
		hd.Set("Access-Control-Allow-Origin", origin)
		hd.Set("Access-Control-Expose-Headers", "ETag, Retry-After")
		hd.Add("Vary", "Origin")
	}

	path := r.URL.Path
	if path == healthPath {
		switch r.Method {
		case http.MethodGet:
			writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
		case http.MethodOptions:
			h.options(w, origin, corsOK, "GET, OPTIONS")
		default:
			hd.Set("Allow", "GET, OPTIONS")
			writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", "This method is not allowed here.", 0)
		}
		return
	}
	if !strings.HasPrefix(path, vaultPrefix) {
		writeError(w, http.StatusNotFound, "not_found", "There is nothing at this address.", 0)
		return
	}
	id := path[len(vaultPrefix):]
	if !ValidID(id) {
		writeError(w, http.StatusBadRequest, "bad_request", "The vault id must be 32 lowercase hexadecimal characters.", 0)
		return
	}
	switch r.Method {
	case http.MethodGet, http.MethodPut, http.MethodDelete:
	case http.MethodOptions:
		h.options(w, origin, corsOK, vaultMethods)
		return
	default:
		hd.Set("Allow", vaultMethods)
		writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", "This method is not allowed here.", 0)
		return
	}

	ctx := r.Context()
	now := h.now()
	if !h.rateOK(ctx, w, r, id, now) {
		return
	}
	hash, ok := SecretHash(r.Header.Get("Authorization"))
	if !ok {
		unauthorized(w)
		return
	}
	switch r.Method {
	case http.MethodGet:
		h.get(ctx, w, r, id, hash, now)
	case http.MethodPut:
		h.put(ctx, w, r, id, hash, now)
	case http.MethodDelete:
		h.delete(ctx, w, r, id, hash)
	}
}

func (h *Handler) options(w http.ResponseWriter, origin string, corsOK bool, methods string) {
	hd := w.Header()
	if origin == "" {
		hd.Set("Allow", methods)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if !corsOK {
		writeError(w, http.StatusForbidden, "forbidden", "This origin may not use the sync server.", 0)
		return
	}
	hd.Set("Access-Control-Allow-Methods", methods)
	hd.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, If-Match, If-None-Match")
	hd.Set("Access-Control-Max-Age", "86400")
	w.WriteHeader(http.StatusNoContent)
}

// rateOK counts the request against its vault and its client address and
// answers 429 when either is over its limit for the current minute.
func (h *Handler) rateOK(ctx context.Context, w http.ResponseWriter, r *http.Request, id string, now time.Time) bool {
	var keys []string
	var limits []int64
	if h.Config.RateVaultPerMin > 0 {
		keys = append(keys, "v:"+id)
		limits = append(limits, h.Config.RateVaultPerMin)
	}
	if h.Config.RateIPPerMin > 0 {
		addr := strings.TrimSpace(r.Header.Get("CF-Connecting-IP"))
		if addr == "" {
			addr = localAddress
		}
		// The address is kept only as a hash, and only until the window is old.
		sum := sha256.Sum256([]byte("mailkey-rate:" + addr))
		keys = append(keys, "ip:"+hex.EncodeToString(sum[:16]))
		limits = append(limits, h.Config.RateIPPerMin)
	}
	if len(keys) == 0 {
		return true
	}
	unix := now.Unix()
	counts, err := h.Store.Hit(ctx, keys, unix/60)
	if err != nil {
		h.internal(w, "rate count", err)
		return false
	}
	for i, n := range counts {
		if n > limits[i] {
			w.Header().Set("Retry-After", strconv.FormatInt(60-unix%60, 10))
			writeError(w, http.StatusTooManyRequests, "rate_limited", "Too many requests; try again later.", 0)
			return false
		}
	}
	return true
}

// authorize loads the vault and compares the secret's hash in constant time.
// It answers 404 or 401 itself and returns nil then.
// With withData false the vault's data is not loaded.
func (h *Handler) authorize(ctx context.Context, w http.ResponseWriter, id, hash string, withData bool, skipDataAt int64) *Vault {
	var v *Vault
	var err error
	if withData {
		v, err = h.Store.Get(ctx, id, skipDataAt)
	} else {
		v, err = h.Store.Meta(ctx, id)
	}
	if err != nil {
		h.internal(w, "get", err)
		return nil
	}
	if v == nil {
		writeError(w, http.StatusNotFound, "not_found", "There is no vault with this id.", 0)
		return nil
	}
	if subtle.ConstantTimeCompare([]byte(v.AuthHash), []byte(hash)) != 1 {
		unauthorized(w)
		return nil
	}
	return v
}

func (h *Handler) get(ctx context.Context, w http.ResponseWriter, r *http.Request, id, hash string, now time.Time) {
	inm := r.Header.Get("If-None-Match")
	skip := int64(-1)
	if inm != "" && inm != "*" {
		for _, t := range strings.Split(inm, ",") {
			if n, err := parseVersionTag(strings.TrimPrefix(strings.TrimSpace(t), "W/")); err == nil {
				skip = n
				break
			}
		}
	}
	v := h.authorize(ctx, w, id, hash, true, skip)
	if v == nil {
		return
	}
	if unix := now.Unix(); unix-v.TouchedAt >= touchEvery {
		if err := h.Store.Touch(ctx, id, unix); err != nil && h.Logf != nil {
			h.Logf("touch %s: %v", id, err)
		}
	}
	w.Header().Set("ETag", ETag(v.Version))
	if IfNoneMatchMatches(inm, v.Version) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if v.Data == nil {
		// The version moved between the header's parse and the read; not
		// possible in one statement, but never answer 200 without a body.
		h.internal(w, "get", errors.New("vault data missing"))
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.Itoa(len(v.Data)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(v.Data)
}

func (h *Handler) put(ctx context.Context, w http.ResponseWriter, r *http.Request, id, hash string, now time.Time) {
	ifMatch := r.Header.Get("If-Match")
	ifNoneMatch := r.Header.Get("If-None-Match")
	switch {
	case ifMatch == "" && ifNoneMatch == "":
		writeError(w, http.StatusPreconditionRequired, "precondition_required",
			`A write needs If-None-Match: * to create the vault or If-Match: "<version>" to replace it.`, 0)
		return
	case ifMatch != "" && ifNoneMatch != "":
		writeError(w, http.StatusBadRequest, "bad_request", "Send either If-Match or If-None-Match, not both.", 0)
		return
	case ifNoneMatch != "" && strings.TrimSpace(ifNoneMatch) != "*":
		writeError(w, http.StatusBadRequest, "bad_request", "To create a vault send If-None-Match: *.", 0)
		return
	}
	var want int64
	if ifMatch != "" {
		n, err := ParseIfMatch(ifMatch)
		if err != nil {
			writeError(w, http.StatusBadRequest, "bad_request", `If-Match must name one version, like "3".`, 0)
			return
		}
		want = n
	}
	if r.ContentLength > h.Config.MaxVaultBytes {
		writeTooLarge(w, h.Config.MaxVaultBytes)
		return
	}

	unix := now.Unix()
	if want == 0 {
		data, ok := h.readBody(w, r)
		if !ok {
			return
		}
		created, err := h.Store.Create(ctx, id, hash, data, unix)
		if err != nil {
			h.internal(w, "create", err)
			return
		}
		if created {
			w.Header().Set("ETag", ETag(1))
			writeJSON(w, http.StatusCreated, map[string]int64{"version": 1})
			return
		}
		v := h.authorize(ctx, w, id, hash, false, 0)
		if v == nil {
			return
		}
		preconditionFailed(w, v.Version, "The vault exists already.")
		return
	}

	// Replace: authorize first (404/401 before reading the body), refuse a
	// stale version early, then one conditional UPDATE decides.
	v := h.authorize(ctx, w, id, hash, false, 0)
	if v == nil {
		return
	}
	if v.Version != want {
		preconditionFailed(w, v.Version, "The vault changed since it was read.")
		return
	}
	data, ok := h.readBody(w, r)
	if !ok {
		return
	}
	replaced, err := h.Store.Replace(ctx, id, hash, data, want, unix)
	if err != nil {
		h.internal(w, "replace", err)
		return
	}
	if !replaced {
		cur, err := h.Store.Meta(ctx, id)
		if err != nil {
			h.internal(w, "get", err)
			return
		}
		if cur == nil || subtle.ConstantTimeCompare([]byte(cur.AuthHash), []byte(hash)) != 1 {
			writeError(w, http.StatusNotFound, "not_found", "There is no vault with this id.", 0)
			return
		}
		preconditionFailed(w, cur.Version, "The vault changed since it was read.")
		return
	}
	w.Header().Set("ETag", ETag(want+1))
	writeJSON(w, http.StatusOK, map[string]int64{"version": want + 1})
}

func (h *Handler) delete(ctx context.Context, w http.ResponseWriter, r *http.Request, id, hash string) {
	var want int64
	if im := r.Header.Get("If-Match"); im != "" {
		n, err := ParseIfMatch(im)
		if err != nil {
			writeError(w, http.StatusBadRequest, "bad_request", `If-Match must name one version, like "3".`, 0)
			return
		}
		want = n
	}
	v := h.authorize(ctx, w, id, hash, false, 0)
	if v == nil {
		return
	}
	if want != 0 && v.Version != want {
		preconditionFailed(w, v.Version, "The vault changed since it was read.")
		return
	}
	deleted, err := h.Store.Delete(ctx, id, hash, want)
	if err != nil {
		h.internal(w, "delete", err)
		return
	}
	if !deleted {
		cur, err := h.Store.Meta(ctx, id)
		if err != nil {
			h.internal(w, "get", err)
			return
		}
		if cur != nil && want != 0 && subtle.ConstantTimeCompare([]byte(cur.AuthHash), []byte(hash)) == 1 {
			preconditionFailed(w, cur.Version, "The vault changed since it was read.")
			return
		}
		writeError(w, http.StatusNotFound, "not_found", "There is no vault with this id.", 0)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// readBody reads 1..MaxVaultBytes bytes, never buffering more than that.
func (h *Handler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	max := h.Config.MaxVaultBytes
	if r.Body == nil {
		writeError(w, http.StatusBadRequest, "bad_request", "The vault body is empty.", 0)
		return nil, false
	}
	size := 512
	if r.ContentLength > 0 {
		size = int(r.ContentLength) + 1 // +1 so that reading to EOF does not grow it
	}
	buf := make([]byte, 0, size)
	lr := io.LimitReader(r.Body, max+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > max {
			writeTooLarge(w, max)
			return nil, false
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			writeError(w, http.StatusBadRequest, "bad_request", "The request body could not be read.", 0)
			return nil, false
		}
	}
	if len(buf) == 0 {
		writeError(w, http.StatusBadRequest, "bad_request", "The vault body is empty.", 0)
		return nil, false
	}
	return buf, true
}

func (h *Handler) internal(w http.ResponseWriter, what string, err error) {
	if h.Logf != nil {
		h.Logf("%s: %v", what, err)
	}
	writeError(w, http.StatusInternalServerError, "internal", "The server failed; try again later.", 0)
}

// Expire is the scheduled task: it deletes vaults untouched for ExpireDays
// and rate rows of past windows.
func (h *Handler) Expire(ctx context.Context) (int64, error) {
	unix := h.now().Unix()
	return h.Store.Expire(ctx, unix-h.Config.ExpireDays*24*60*60, unix/60-1)
}

func unauthorized(w http.ResponseWriter) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="mailkey-sync"`)
	writeError(w, http.StatusUnauthorized, "unauthorized", "The vault secret is missing or wrong.", 0)
}

func preconditionFailed(w http.ResponseWriter, current int64, msg string) {
	w.Header().Set("ETag", ETag(current))
	writeError(w, http.StatusPreconditionFailed, "precondition_failed", msg, current)
}

func writeTooLarge(w http.ResponseWriter, max int64) {
	writeError(w, http.StatusRequestEntityTooLarge, "too_large",
		fmt.Sprintf("The vault is larger than this server accepts (%d bytes).", max), 0)
}

func writeError(w http.ResponseWriter, status int, code, msg string, version int64) {
	writeJSON(w, status, APIError{Error: code, Message: msg, Version: version})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		b = []byte(`{"error":"internal","message":"The server failed; try again later."}`)
		status = http.StatusInternalServerError
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
