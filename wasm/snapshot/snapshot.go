// Package snapshot decodes and checks what the content-script sensor reports
// about a page: its URL and language, its form controls and the short texts
// near them. It is the boundary where page-controlled data enters Go, so it
// refuses anything malformed or oversized instead of trimming it silently.
package snapshot

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"mailkey/wasm/jsonv"
)

// Version is the snapshot format the sensor sends.
const Version = 1

// Limits on a snapshot. A real mail settings page stays far below them.
const (
	MaxBytes     = 64 << 10
	MaxFields    = 60
	MaxTexts     = 40
	MaxHeads     = 12
	MaxButtons   = 40
	MaxTextLen   = 500
	MaxShortLen  = 200 // labels, names, placeholders
	MaxValueLen  = 254 // an address or a host name
	MaxURLLen    = 2048
	maxJSONDepth = 6
)

// Field is one form control.
type Field struct {
	Index        int    // the sensor's handle for the element
	Tag          string // input, select, textarea
	Type         string // input type, lower case
	Name         string
	ID           string
	Autocomplete string
	Label        string // associated label text, aria-label or nearby text
	Placeholder  string
	Value        string // only an address or a host name; never a password
	Visible      bool
}

// IsPassword reports whether the field is a password field.
func (f Field) IsPassword() bool { return f.Tag == "input" && f.Type == "password" }

// Text is a short visible text near the form, or an alert.
type Text struct {
	Index int
	Text  string
	Alert bool // role=alert, aria-live or similar
}

// URL is a page address split into the parts the classifier uses.
// (net/url would pull fmt into the browser binary: +790 KB raw, measured.)
type URL struct {
	Raw      string
	Host     string // lower case, without port
	Path     string // "/" at least
	Query    string
	Fragment string
}

// ParseURL accepts only an absolute https URL without user info.
func ParseURL(raw string) (URL, error) {
	bad := errors.New("snapshot: url is not an https page")
	rest, ok := strings.CutPrefix(raw, "https://")
	if !ok {
		if len(raw) < 8 || !strings.EqualFold(raw[:8], "https://") {
			return URL{}, bad
		}
		rest = raw[8:]
	}
	u := URL{Raw: raw}
	rest, u.Fragment, _ = strings.Cut(rest, "#")
	rest, u.Query, _ = strings.Cut(rest, "?")
	authority, path, hasPath := strings.Cut(rest, "/")
	u.Path = "/" + path
	if !hasPath {
		u.Path = "/"
	}
	host, port, hasPort := strings.Cut(authority, ":")
	if hasPort && (port == "" || len(port) > 5 || strings.Trim(port, "0123456789") != "") {
		return URL{}, bad
	}
	host = strings.ToLower(host)
	if host == "" || len(host) > 253 || strings.Trim(host, "abcdefghijklmnopqrstuvwxyz0123456789.-") != "" {
		return URL{}, bad // also refuses user info ("@") and IPv6 literals
	}
	u.Host = host
	return u, nil
}

// Button is a visible button, by its text.
type Button struct {
	Index int
	Text  string
}

// Snapshot is one frame's description.
type Snapshot struct {
	URL         URL
	Top         bool
	PageLang    string // <html lang>
	BrowserLang string // navigator.language
	Title       string
	Heads       []string
	Fields      []Field
	Texts       []Text
	Buttons     []Button
	// Quiet: the sensor was told, at this very address, that the page is
	// where app passwords are made or listed, and sends no texts since.
	Quiet bool
	// First: the first snapshot of the frame's document. In a top frame it
	// means every frame of the tab is new.
	First bool
}

// ErrTooLarge is returned for a snapshot over MaxBytes.
var ErrTooLarge = errors.New("snapshot: too large")

type decoder struct{ err error }

func (d *decoder) fail(msg string) {
	if d.err == nil {
		d.err = errors.New("snapshot: " + msg)
	}
}

func (d *decoder) str(v jsonv.Value, key string, max int) string {
	x, ok := v.Get(key)
	if !ok || x.IsNull() {
		return ""
	}
	s, ok := x.Str()
	if !ok {
		d.fail(key + " is not a string")
		return ""
	}
	if utf8.RuneCountInString(s) > max {
		d.fail(key + " is longer than " + strconv.Itoa(max))
		return ""
	}
	return s
}

func (d *decoder) flag(v jsonv.Value, key string) bool {
	x, ok := v.Get(key)
	if !ok {
		return false
	}
	b, ok := x.Bool()
	if !ok {
		d.fail(key + " is not a boolean")
	}
	return b
}

func (d *decoder) index(v jsonv.Value, limit int) int {
	x, _ := v.Get("i")
	n, ok := x.Int()
	if !ok || n < 0 || n >= int64(limit) {
		d.fail("bad element index")
		return -1
	}
	return int(n)
}

func (d *decoder) list(v jsonv.Value, key string, max int) []jsonv.Value {
	x, ok := v.Get(key)
	if !ok {
		return nil
	}
	if x.Kind() != jsonv.Array {
		d.fail(key + " is not a list")
		return nil
	}
	if len(x.Items()) > max {
		d.fail(key + " has more than " + strconv.Itoa(max) + " items")
		return nil
	}
	return x.Items()
}

// Decode reads a snapshot from the JSON the sensor sent.
func Decode(data []byte) (*Snapshot, error) {
	if len(data) > MaxBytes {
		return nil, ErrTooLarge
	}
	v, err := jsonv.Parse(data, jsonv.Limits{MaxBytes: MaxBytes, MaxDepth: maxJSONDepth})
	if err != nil {
		return nil, errors.New("snapshot: " + err.Error())
	}
	return FromValue(v)
}

// FromValue reads a snapshot from an already parsed value.
func FromValue(v jsonv.Value) (*Snapshot, error) {
	if v.Kind() != jsonv.Object {
		return nil, errors.New("snapshot: not an object")
	}
	d := &decoder{}
	if ver, _ := v.Get("v"); func() bool { n, ok := ver.Int(); return !ok || n != Version }() {
		return nil, errors.New("snapshot: unsupported version")
	}
	raw := d.str(v, "url", MaxURLLen)
	u, err := ParseURL(raw)
	if err != nil {
		return nil, err
	}
	s := &Snapshot{URL: u, Top: d.flag(v, "top"), Quiet: d.flag(v, "quiet"), First: d.flag(v, "first"), PageLang: d.str(v, "lang", 35),
		BrowserLang: d.str(v, "ui", 35), Title: d.str(v, "title", MaxTextLen)}
	for _, h := range d.list(v, "heads", MaxHeads) {
		t, ok := h.Str()
		if !ok || utf8.RuneCountInString(t) > MaxTextLen {
			d.fail("bad heading")
			break
		}
		s.Heads = append(s.Heads, t)
	}
	seen := map[int]bool{}
	for _, f := range d.list(v, "fields", MaxFields) {
		fld := Field{Index: d.index(f, 10000), Tag: strings.ToLower(d.str(f, "tag", 16)), Type: strings.ToLower(d.str(f, "type", 32)),
			Name: d.str(f, "name", MaxShortLen), ID: d.str(f, "id", MaxShortLen), Autocomplete: strings.ToLower(d.str(f, "ac", MaxShortLen)),
			Label: d.str(f, "label", MaxShortLen), Placeholder: d.str(f, "ph", MaxShortLen), Value: d.str(f, "value", MaxValueLen),
			Visible: d.flag(f, "visible")}
		if fld.Tag != "input" && fld.Tag != "select" && fld.Tag != "textarea" {
			d.fail("unknown field tag")
		}
		if fld.IsPassword() && fld.Value != "" {
			d.fail("a password field carries a value") // the sensor never reads one
		}
		if seen[fld.Index] {
			d.fail("duplicate element index")
		}
		seen[fld.Index] = true
		s.Fields = append(s.Fields, fld)
	}
	for _, t := range d.list(v, "texts", MaxTexts) {
		txt := Text{Index: d.index(t, 10000), Text: d.str(t, "text", MaxTextLen), Alert: d.flag(t, "alert")}
		if seen[txt.Index] {
			d.fail("duplicate element index")
		}
		seen[txt.Index] = true
		s.Texts = append(s.Texts, txt)
	}
	for _, b := range d.list(v, "buttons", MaxButtons) {
		btn := Button{Index: d.index(b, 10000), Text: d.str(b, "text", MaxShortLen)}
		if seen[btn.Index] {
			d.fail("duplicate element index")
		}
		seen[btn.Index] = true
		s.Buttons = append(s.Buttons, btn)
	}
	if d.err != nil {
		return nil, d.err
	}
	return s, nil
}
