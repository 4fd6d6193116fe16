package vault

import (
	"strconv"
	"strings"

	"mailkey/wasm/jsonv"
	"mailkey/wasm/ledger"
)

// Request is one call to the vault's address on the sync server.
type Request struct {
	Method      string // GET, PUT or DELETE
	IfMatch     string // a header value, or ""
	IfNoneMatch string
	Body        []byte
	// Enroll is the server operator's enrollment token, sent only to
	// create a vault (and never stored).
	Enroll string
}

// EnrollHeader carries Request.Enroll.
const EnrollHeader = "Mailkey-Enrollment"

// MaxResponse bounds what a browser reads of one answer: the largest vault
// a server may hold (D1 stores at most 2,000,000 bytes) with room to spare.
// A server that sends more gets too_large, not the browser's memory.
const MaxResponse = 4 << 20

// Headers are the request's headers for the vault whose keys are k, as
// name, value pairs: both transports send exactly these.
func (r Request) Headers(k Keys) [][2]string {
	h := [][2]string{{"Authorization", "Bearer " + k.AuthToken()}}
	if r.Body != nil {
		h = append(h, [2]string{"Content-Type", "application/octet-stream"})
	}
	if r.IfMatch != "" {
		h = append(h, [2]string{"If-Match", r.IfMatch})
	}
	if r.IfNoneMatch != "" {
		h = append(h, [2]string{"If-None-Match", r.IfNoneMatch})
	}
	if r.Enroll != "" {
		h = append(h, [2]string{EnrollHeader, r.Enroll})
	}
	return h
}

// URL is the address of the vault whose keys are k on server.
func URL(server string, k Keys) string { return server + "/v1/vaults/" + k.VaultID }

// NewResponse reads a response from its status, ETag and Retry-After
// header values and body.
func NewResponse(status int, etag, retryAfter string, body []byte) Response {
	r := Response{Status: status, Version: ParseETag(etag), Body: body}
	r.RetryAfter, _ = strconv.Atoi(retryAfter)
	return r
}

// Response is what the server answered. Version is the ETag's number (0
// when there is none).
type Response struct {
	Status     int
	Version    int64
	Body       []byte
	RetryAfter int // seconds
}

// Transport sends requests to one vault (server, vault id and secret are
// the transport's). Its error is a request that got no answer, or
// ErrTooLarge for an answer over MaxResponse bytes.
type Transport interface {
	Do(Request) (Response, error)
}

// Error is a sync that failed, with a code the extension's pages put in
// words (sync_err_<code> in _locales).
type Error struct {
	Code       string // offline, unauthorized, no_vault, gone, huge_answer, stalled, enrollment, server_full, tampered, rolled_back, too_large, rate_limited, server, conflict, newer_format (the brain adds storage, bad_config)
	RetryAfter int
}

func (e *Error) Error() string { return "vault: sync failed: " + e.Code }

// CodeOf is the code of a sync error ("server" for one that is not an *Error).
func CodeOf(err error) string {
	if e, ok := err.(*Error); ok {
		return e.Code
	}
	return "server"
}

// Offline is the error of a request that got no answer.
var Offline = &Error{Code: "offline"}

// transportError is the error of a request whose answer did not come whole.
func transportError(err error) error {
	if err == ErrTooLarge {
		return &Error{Code: "huge_answer"}
	}
	return Offline
}

// Mode says what a round does when the server has no vault.
type Mode int

const (
	// Normal rounds run while sync is on: a vault gone from the server
	// (expired, or deleted from another browser) is the error gone; the
	// server keeps its id taken, so sync must be turned on again.
	Normal Mode = iota
	// Join is turning sync on: a missing vault is ErrNoVault, since a
	// mistyped passphrase leads to a vault that does not exist.
	Join
	// Create is turning sync on for the first time: a missing vault is made.
	Create
)

// maxTries bounds the fetch-merge-replace retries when other browsers keep
// winning the race (412).
const maxTries = 6

// State is what a browser remembers between rounds (under StateKey).
type State struct {
	Version int64  // the vault version last merged or written
	Lineage string // that vault's lineage (see Contents)
	Digest  string // Digest of the local ledger right after that round
	Last    int64  // ms of the last round that succeeded
	Error   string // code of the last round's failure; "" after a success
	ErrorAt int64
	// Browsers is the vault's list of joined browsers as last read.
	Browsers []Browser
}

// JSON is the stored form of a State.
func (s State) JSON() jsonv.Value {
	return jsonv.Obj(jsonv.M("version", jsonv.Int(s.Version)), jsonv.M("lineage", jsonv.Str(s.Lineage)), jsonv.M("digest", jsonv.Str(s.Digest)),
		jsonv.M("last", jsonv.Int(s.Last)), jsonv.M("error", jsonv.Str(s.Error)), jsonv.M("errorAt", jsonv.Int(s.ErrorAt)),
		jsonv.M("browsers", BrowsersJSON(s.Browsers)))
}

// StateFrom reads a stored State; anything unreadable is the zero State,
// which costs one full round, never data.
func StateFrom(v jsonv.Value) State {
	browsers, _ := v.Get("browsers")
	return State{Version: v.GetInt("version"), Lineage: v.GetStr("lineage"), Digest: v.GetStr("digest"), Last: v.GetInt("last"),
		Error: v.GetStr("error"), ErrorAt: v.GetInt("errorAt"), Browsers: BrowsersFrom(browsers)}
}

// Outcome is what a round did.
type Outcome struct {
	// Writes are the server's versions that win over the local ones: the
	// caller stores them (merging again with what is stored at that moment).
	Writes []ledger.Entry
	// Version, Lineage and Digest are the State to remember.
	Version int64
	Lineage string
	Digest  string
	// Browsers is the vault's list of joined browsers after the round.
	Browsers []Browser
	Pushed   int  // entries the server did not have, or had older
	Created  bool // the vault was created
	Dropped  int  // records on the server refused for a secret-like key
}

// Client runs sync rounds for one vault.
type Client struct {
	Keys      Keys
	Crypto    Crypto
	Transport Transport
	// Enroll is the enrollment token a Create round sends.
	Enroll string
	// Self is this browser as the vault lists it, seen now; a zero ID
	// leaves the list alone.
	Self Browser
	// Carried are browsers a Create round lists from the start: those of
	// the vault this one replaces (see the brain's rotation).
	Carried []Browser
}

// Round syncs the local ledger (every entry, tombstones included) with the
// vault: fetch, open, merge per entry (ledger.Merge), and if the server
// lacks anything, seal and replace it only if it is still the version read
// (If-Match), retrying from the fetch when another browser wrote first.
// A vault that does not open changes nothing and is an error, as is one
// older than the browser has seen of the same vault (rolled back).
func (c *Client) Round(local []ledger.Entry, st State, mode Mode) (Outcome, error) {
	digest := Digest(local)
	var out Outcome
	for try := 0; try < maxTries; try++ {
		get := Request{Method: "GET"}
		if try == 0 && mode == Normal && st.Version > 0 && st.Lineage != "" && st.Digest == digest && listedFresh(st.Browsers, c.Self) {
			get.IfNoneMatch = etag(st.Version) // nothing changed here: is anything new there?
		}
		r, err := c.Transport.Do(get)
		if err != nil {
			return out, transportError(err)
		}
		var remote Contents
		var version int64
		switch r.Status {
		case 304:
			if get.IfNoneMatch == "" {
				// "Not modified" to a question not asked: a server that
				// answers so would freeze this browser's unsent changes
				// (they would count as synced) without a word.
				return out, &Error{Code: "stalled"}
			}
			out.Version, out.Lineage, out.Digest, out.Browsers = st.Version, st.Lineage, digest, st.Browsers
			return out, nil
		case 200:
			if r.Version <= 0 {
				return out, &Error{Code: "server"}
			}
			plain, err := Open(c.Crypto, c.Keys, r.Version, r.Body)
			switch err {
			case nil:
			case ErrTooLarge:
				return out, &Error{Code: "too_large"}
			default:
				return out, &Error{Code: "tampered"}
			}
			if remote, err = Decode(plain); err != nil {
				return out, &Error{Code: "newer_format"}
			}
			if hl := SealedLineage(r.Body); hl != "" && hl != remote.Lineage {
				return out, &Error{Code: "tampered"}
			}
			if rolledBack(st, remote, r.Version) {
				// Merging it would lose nothing here, but it would hide
				// what other browsers wrote since, and say nothing.
				return out, &Error{Code: "rolled_back"}
			}
			version = r.Version
		case 404:
			switch mode {
			case Join:
				return out, &Error{Code: "no_vault"}
			case Normal:
				return out, &Error{Code: "gone"}
			}
		default:
			return out, statusError(r)
		}

		out.Writes = ledger.MergeAll(local, remote.Entries) // what this browser lacks
		ups := ledger.MergeAll(remote.Entries, local)       // what the server lacks
		merged, mergedDigest := local, digest
		if len(out.Writes) > 0 {
			merged = union(local, out.Writes)
			mergedDigest = Digest(merged)
		}
		out.Dropped = remote.Dropped
		// Joining starts a new lineage: after a rollback, turning sync off
		// and on in one browser is how a person accepts the server's copy,
		// and the other browsers then take it as a vault made again. A
		// vault without a lineage gets one.
		lineage := remote.Lineage
		browsers, renew := joinBrowsers(remote.Browsers, c.Carried, c.Self)
		if version > 0 && len(ups) == 0 && remote.Dropped == 0 && lineage != "" && mode != Join && !renew {
			out.Version, out.Lineage, out.Digest, out.Browsers = version, lineage, mergedDigest, remote.Browsers
			return out, nil
		}
		ancestors := remote.Ancestors
		if lineage == "" || mode == Join {
			if remote.Lineage != "" {
				ancestors = succeed(ancestors, remote.Lineage)
			}
			if lineage, err = newLineage(c.Crypto); err != nil {
				return out, &Error{Code: "server"}
			}
		}
		body, err := Seal(c.Crypto, c.Keys, version+1, lineage, Encode(Contents{Lineage: lineage, Ancestors: ancestors, Entries: merged, Browsers: browsers, Kept: remote.Kept}))
		if err != nil {
			return out, &Error{Code: "server"}
		}
		put := Request{Method: "PUT", Body: body, IfMatch: etag(version)}
		if version == 0 {
			put.IfMatch, put.IfNoneMatch, put.Enroll = "", "*", c.Enroll
		}
		r, err = c.Transport.Do(put)
		if err != nil {
			return out, transportError(err)
		}
		switch {
		case r.Status == 403 && version == 0:
			return out, &Error{Code: "enrollment"}
		case r.Status == 412:
			continue // another browser wrote first: fetch and merge again
		case r.Status != 200 && r.Status != 201:
			return out, statusError(r)
		case r.Version != version+1:
			// The seal is bound to version+1; any other number would not open.
			return out, &Error{Code: "server"}
		}
		out.Version, out.Lineage, out.Digest, out.Pushed, out.Created = r.Version, lineage, mergedDigest, len(ups), version == 0
		out.Browsers = browsers
		return out, nil
	}
	return out, &Error{Code: "conflict"}
}

// Delete removes the vault from the server.
func (c *Client) Delete() error {
	r, err := c.Transport.Do(Request{Method: "DELETE"})
	switch {
	case err != nil:
		return transportError(err)
	case r.Status == 204 || r.Status == 200 || r.Status == 404:
		return nil
	}
	return statusError(r)
}

// rolledBack reports whether a vault the server serves at version is older
// than what this browser has seen: a lower version of the lineage it knows
// (or of a vault sealed before lineages), or another lineage that does not
// name the one it knows among its ancestors (an older lineage served again,
// or a vault made again behind its back). Turning sync on again in a
// browser starts a lineage that names its predecessor: that is how a
// person accepts a restored copy for every browser.
func rolledBack(st State, remote Contents, version int64) bool {
	switch {
	case st.Lineage == "":
		return false
	case remote.Lineage == st.Lineage || remote.Lineage == "":
		return version < st.Version
	}
	for _, a := range remote.Ancestors {
		if a == st.Lineage {
			return false
		}
	}
	return true
}

func statusError(r Response) error {
	switch {
	case r.Status == 401 || r.Status == 403:
		return &Error{Code: "unauthorized"}
	case r.Status == 413:
		return &Error{Code: "too_large"}
	case r.Status == 410:
		return &Error{Code: "gone"}
	case r.Status == 507:
		return &Error{Code: "server_full"}
	case r.Status == 429:
		return &Error{Code: "rate_limited", RetryAfter: r.RetryAfter}
	}
	return &Error{Code: "server"}
}

func etag(v int64) string { return `"` + strconv.FormatInt(v, 10) + `"` }

// ParseETag reads a strong or weak ETag holding a version number.
func ParseETag(s string) int64 {
	s = strings.TrimPrefix(strings.TrimSpace(s), "W/")
	if len(s) < 3 || s[0] != '"' || s[len(s)-1] != '"' {
		return 0
	}
	n, err := strconv.ParseInt(s[1:len(s)-1], 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// union is local with writes applied, by id.
func union(local, writes []ledger.Entry) []ledger.Entry {
	out := make([]ledger.Entry, 0, len(local)+len(writes))
	pos := make(map[string]int, len(local)+len(writes))
	for _, list := range [][]ledger.Entry{local, writes} {
		for _, e := range list {
			if i, ok := pos[e.ID]; ok {
				out[i] = ledger.Merge(out[i], e)
				continue
			}
			pos[e.ID] = len(out)
			out = append(out, e)
		}
	}
	return byID(out)
}

// byID returns entries in id order (through ledger.Order: slices.SortFunc
// would compile a sort of its own into the browser binary).
func byID(entries []ledger.Entry) []ledger.Entry {
	idx := ledger.Order(len(entries), func(a, b int) int { return strings.Compare(entries[a].ID, entries[b].ID) })
	out := make([]ledger.Entry, len(entries))
	for i, j := range idx {
		out[i] = entries[j]
	}
	return out
}

// Digest identifies a ledger's content (every entry, in id order): FNV-1a
// 64 over the stored records. A round whose local digest is unchanged since
// the last one only asks the server whether anything is new.
func Digest(entries []ledger.Entry) string {
	sorted := byID(entries)
	h := uint64(14695981039346656037)
	var buf []byte
	for _, e := range sorted {
		buf = e.JSON().AppendJSON(buf[:0])
		buf = append(buf, '\n')
		for _, c := range buf {
			h ^= uint64(c)
			h *= 1099511628211
		}
	}
	return strconv.FormatUint(h, 16) + "-" + strconv.Itoa(len(sorted))
}
