package api

import (
	"context"
	"crypto/subtle"
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
	// EnrollHeader carries the enrollment token on a create.
	EnrollHeader = "Mailkey-Enrollment"
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

	c := &call{id: id, now: h.now(), addr: addressKey(header(r, "CF-Connecting-IP"))}
	c.hash, c.hashOK = SecretHash(header(r, "Authorization"))
	ctx := r.Context()
	if !h.addressOK(ctx, w, c) {
		return
	}
	switch r.Method {
	case http.MethodGet:
		h.get(ctx, w, r, c)
	case http.MethodPut:
		h.put(ctx, w, r, c)
	case http.MethodDelete:
		h.delete(ctx, w, r, c)
	}
}

// call is one request on a vault: its id, the hash of the secret it
// presents (hashOK false when the Authorization header is not one), the
// rate key of its address, and the time.
type call struct {
	id, hash, addr string
	hashOK         bool
	now            time.Time
}

// header is a request header's value as the client sent it. The Workers
// runtime hands the Go side each comma-separated part of a header as a
// separate value (github.com/syumai/workers' ToHeader splits on ","), so
// Get would return only the first: `If-Match: "2", "7"` would read as "2".
// Joining the parts back lets the parsers refuse lists.
func header(r *http.Request, name string) string {
	return strings.Join(r.Header.Values(name), ",")
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
	hd.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, If-Match, If-None-Match, "+EnrollHeader)
	hd.Set("Access-Control-Max-Age", "86400")
	w.WriteHeader(http.StatusNoContent)
}

// addressOK answers 429 when the client's address is over its limit for
// the current minute. It only reads: the count grows after authentication,
// in count or refuse.
func (h *Handler) addressOK(ctx context.Context, w http.ResponseWriter, c *call) bool {
	if h.Config.RateIPPerMin <= 0 {
		return true
	}
	n, err := h.Store.Count(ctx, c.addr, c.now.Unix()/60)
	if err != nil {
		h.internal(w, "rate count", err)
		return false
	}
	if n >= h.Config.RateIPPerMin {
		tooMany(w, c.now)
		return false
	}
	return true
}

// count counts an authenticated request against its address and, when it
// proved the vault's secret (ofVault), against the vault: only the owner's
// own requests spend the vault's budget, so strangers cannot lock it out.
// It answers 429 when either is over its limit.
func (h *Handler) count(ctx context.Context, w http.ResponseWriter, c *call, ofVault bool) bool {
	var keys []string
	var limits []int64
	if ofVault && h.Config.RateVaultPerMin > 0 {
		keys, limits = append(keys, "v:"+c.id), append(limits, h.Config.RateVaultPerMin)
	}
	if h.Config.RateIPPerMin > 0 {
		keys, limits = append(keys, c.addr), append(limits, h.Config.RateIPPerMin)
	}
	if len(keys) == 0 {
		return true
	}
	counts, err := h.Store.Hit(ctx, keys, c.now.Unix()/60)
	if err != nil {
		h.internal(w, "rate count", err)
		return false
	}
	for i, n := range counts {
		if n > limits[i] {
			tooMany(w, c.now)
			return false
		}
	}
	return true
}

// refuse answers a request that failed authentication with answer, or 429
// once its address is over the limit. The one write it makes is the
// address's count: a fixed-size row among at most addressBuckets.
func (h *Handler) refuse(ctx context.Context, w http.ResponseWriter, c *call, answer func(http.ResponseWriter)) {
	if h.Config.RateIPPerMin > 0 {
		counts, err := h.Store.Hit(ctx, []string{c.addr}, c.now.Unix()/60)
		if err != nil {
			h.internal(w, "rate count", err)
			return
		}
		if counts[0] > h.Config.RateIPPerMin {
			tooMany(w, c.now)
			return
		}
	}
	answer(w)
}

// authorize loads the vault (with its data, unless the stored version is
// skipDataAt, when withData) and compares the secret's hash in constant
// time. It answers a failure itself (404 or 401, see refuse) and returns
// nil then; a success is counted (see count).
func (h *Handler) authorize(ctx context.Context, w http.ResponseWriter, c *call, withData bool, skipDataAt int64) *Vault {
	if !c.hashOK {
		h.refuse(ctx, w, c, unauthorized)
		return nil
	}
	var v *Vault
	var err error
	if withData {
		v, err = h.Store.Get(ctx, c.id, skipDataAt)
	} else {
		v, err = h.Store.Meta(ctx, c.id)
	}
	if err != nil {
		h.internal(w, "get", err)
		return nil
	}
	switch {
	case v == nil || v.Deleted:
		h.refuse(ctx, w, c, notFound)
		return nil
	case subtle.ConstantTimeCompare([]byte(v.AuthHash), []byte(c.hash)) != 1:
		h.refuse(ctx, w, c, unauthorized)
		return nil
	}
	if !h.count(ctx, w, c, true) {
		return nil
	}
	return v
}

func (h *Handler) get(ctx context.Context, w http.ResponseWriter, r *http.Request, c *call) {
	inm := header(r, "If-None-Match")
	skip := int64(-1)
	if inm != "" && inm != "*" {
		for _, t := range strings.Split(inm, ",") {
			if n, err := parseVersionTag(strings.TrimPrefix(strings.TrimSpace(t), "W/")); err == nil {
				skip = n
				break
			}
		}
	}
	v := h.authorize(ctx, w, c, true, skip)
	if v == nil {
		return
	}
	if unix := c.now.Unix(); unix-v.TouchedAt >= touchEvery {
		if err := h.Store.Touch(ctx, c.id, unix); err != nil && h.Logf != nil {
			h.Logf("touch %s: %v", c.id, err)
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

func (h *Handler) put(ctx context.Context, w http.ResponseWriter, r *http.Request, c *call) {
	ifMatch := header(r, "If-Match")
	ifNoneMatch := header(r, "If-None-Match")
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
	if ifMatch == "" {
		h.create(ctx, w, r, c)
		return
	}
	want, err := ParseIfMatch(ifMatch)
	if err != nil {
		writeError(w, http.StatusBadRequest, "bad_request", `If-Match must name one version, like "3".`, 0)
		return
	}
	if r.ContentLength > h.Config.MaxVaultBytes {
		writeTooLarge(w, h.Config.MaxVaultBytes)
		return
	}
	// Authorize first (404/401 before reading the body), refuse a stale
	// version early, then one conditional UPDATE decides.
	v := h.authorize(ctx, w, c, false, 0)
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
	replaced, err := h.Store.Replace(ctx, c.id, c.hash, data, want, c.now.Unix(), h.Config.MaxTotalBytes)
	if err != nil {
		h.internal(w, "replace", err)
		return
	}
	if !replaced {
		cur, err := h.Store.Meta(ctx, c.id)
		switch {
		case err != nil:
			h.internal(w, "get", err)
		case cur == nil || cur.Deleted || subtle.ConstantTimeCompare([]byte(cur.AuthHash), []byte(c.hash)) != 1:
			notFound(w)
		case cur.Version != want:
			preconditionFailed(w, cur.Version, "The vault changed since it was read.")
		default:
			serverFull(w)
		}
		return
	}
	w.Header().Set("ETag", ETag(want+1))
	writeJSON(w, http.StatusOK, map[string]int64{"version": want + 1})
}

// create makes a vault: the request must carry the operator's enrollment
// token, and the id must never have been used (a tombstone keeps a deleted
// one taken) and the server have room.
func (h *Handler) create(ctx context.Context, w http.ResponseWriter, r *http.Request, c *call) {
	switch {
	case h.Config.EnrollToken == "":
		h.refuse(ctx, w, c, enrollmentClosed)
		return
	case !h.Config.Enrolled(header(r, EnrollHeader)):
		h.refuse(ctx, w, c, enrollmentRequired)
		return
	case !c.hashOK:
		h.refuse(ctx, w, c, unauthorized)
		return
	}
	if !h.count(ctx, w, c, false) {
		return
	}
	if r.ContentLength > h.Config.MaxVaultBytes {
		writeTooLarge(w, h.Config.MaxVaultBytes)
		return
	}
	data, ok := h.readBody(w, r)
	if !ok {
		return
	}
	created, err := h.Store.Create(ctx, c.id, c.hash, data, c.now.Unix(), h.Config.MaxTotalBytes)
	if err != nil {
		h.internal(w, "create", err)
		return
	}
	if created {
		w.Header().Set("ETag", ETag(1))
		writeJSON(w, http.StatusCreated, map[string]int64{"version": 1})
		return
	}
	v, err := h.Store.Meta(ctx, c.id)
	switch {
	case err != nil:
		h.internal(w, "get", err)
	case v == nil:
		serverFull(w)
	case v.Deleted:
		writeError(w, http.StatusGone, "gone", "This vault id was deleted and cannot be used again.", 0)
	case subtle.ConstantTimeCompare([]byte(v.AuthHash), []byte(c.hash)) != 1:
		unauthorized(w)
	default:
		preconditionFailed(w, v.Version, "The vault exists already.")
	}
}

func (h *Handler) delete(ctx context.Context, w http.ResponseWriter, r *http.Request, c *call) {
	var want int64
	if im := header(r, "If-Match"); im != "" {
		n, err := ParseIfMatch(im)
		if err != nil {
			writeError(w, http.StatusBadRequest, "bad_request", `If-Match must name one version, like "3".`, 0)
			return
		}
		want = n
	}
	v := h.authorize(ctx, w, c, false, 0)
	if v == nil {
		return
	}
	if want != 0 && v.Version != want {
		preconditionFailed(w, v.Version, "The vault changed since it was read.")
		return
	}
	deleted, err := h.Store.Delete(ctx, c.id, c.hash, want, c.now.Unix())
	if err != nil {
		h.internal(w, "delete", err)
		return
	}
	if !deleted {
		cur, err := h.Store.Meta(ctx, c.id)
		switch {
		case err != nil:
			h.internal(w, "get", err)
		case cur != nil && !cur.Deleted && want != 0 && subtle.ConstantTimeCompare([]byte(cur.AuthHash), []byte(c.hash)) == 1:
			preconditionFailed(w, cur.Version, "The vault changed since it was read.")
		default:
			notFound(w)
		}
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

// Expire is the scheduled task: it turns vaults untouched for ExpireDays
// into tombstones and deletes rate rows of past windows.
func (h *Handler) Expire(ctx context.Context) (int64, error) {
	unix := h.now().Unix()
	return h.Store.Expire(ctx, unix-h.Config.ExpireDays*24*60*60, unix/60-1, unix)
}

func unauthorized(w http.ResponseWriter) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="mailkey-sync"`)
	writeError(w, http.StatusUnauthorized, "unauthorized", "The vault secret is missing or wrong.", 0)
}

func notFound(w http.ResponseWriter) {
	writeError(w, http.StatusNotFound, "not_found", "There is no vault with this id.", 0)
}

func tooMany(w http.ResponseWriter, now time.Time) {
	w.Header().Set("Retry-After", strconv.FormatInt(60-now.Unix()%60, 10))
	writeError(w, http.StatusTooManyRequests, "rate_limited", "Too many requests; try again later.", 0)
}

func enrollmentClosed(w http.ResponseWriter) {
	writeError(w, http.StatusForbidden, "enrollment_closed", "This server accepts no new vaults: its operator has set no ENROLL_TOKEN.", 0)
}

func enrollmentRequired(w http.ResponseWriter) {
	writeError(w, http.StatusForbidden, "enrollment_required", "Creating a vault needs the enrollment token that the server's operator set.", 0)
}

func serverFull(w http.ResponseWriter) {
	writeError(w, http.StatusInsufficientStorage, "server_full", "The server has no room for this vault.", 0)
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
