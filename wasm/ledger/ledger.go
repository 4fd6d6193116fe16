// Package ledger is the record of every app password and authorization code a
// person made: which provider and account, the label given at the provider,
// what uses it, when it was made. Never the password itself: there is no
// field for one, and a record holding anything like one is refused.
//
// Storage layout (chrome.storage.local): one key per entry, "ledger/e/<id>",
// each record carrying its own schema version "v" and updated time, so that
// several tabs and pages writing at once touch different keys and a record
// written by a newer Mailkey is recognised rather than misread.
package ledger

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"mailkey/wasm/jsonv"
)

// Version is the schema version of the records this code writes.
const Version = 1

// KeyPrefix starts the storage key of every entry.
const KeyPrefix = "ledger/e/"

// Key is the storage key of an entry.
func Key(id string) string { return KeyPrefix + id }

// Kind is what sort of secret the entry records the existence of.
type Kind string

// The kinds of entry.
const (
	KindAppPassword Kind = "app_password"
	KindAuthCode    Kind = "authorization_code"
	KindOAuth       Kind = "oauth_grant"
	KindOther       Kind = "other"
)

// Source is where an entry came from.
type Source string

// The sources of entries.
const (
	FromHint      Source = "hint"
	FromManual    Source = "manual"
	FromGenerator Source = "generator"
	FromImport    Source = "import"
)

// Limits on the text fields, in characters.
const (
	MaxLabel   = 100
	MaxUsedBy  = 200
	MaxAccount = 254
)

// Entry is one app password or authorization code that was made.
type Entry struct {
	ID       string
	Provider string // knowledge-base provider id
	Account  string // the mailbox address
	Label    string // as named at the provider
	UsedBy   string // the app or site that holds it
	Kind     Kind
	Created  string // YYYY-MM-DD, the person's local date
	Source   Source
	Updated  int64 // Unix milliseconds of the last change
}

// Errors a person can be told about; the caller localizes them.
var (
	ErrLabelEmpty = errors.New("ledger: label is empty")
	ErrLabelLong  = errors.New("ledger: label is too long")
	ErrAccount    = errors.New("ledger: account is not an email address")
	ErrProvider   = errors.New("ledger: unknown provider")
	ErrField      = errors.New("ledger: a field is malformed")
	ErrSecret     = errors.New("ledger: a record may not hold a password")
	ErrFuture     = errors.New("ledger: record from a newer schema version")
)

// New makes an entry from what a person typed, cleaning and checking it.
func New(id, provider, account, label, usedBy string, kind Kind, source Source, now time.Time) (Entry, error) {
	e := Entry{ID: id, Provider: provider, Account: strings.TrimSpace(account), Label: clean(label),
		UsedBy: clean(usedBy), Kind: kind, Source: source, Created: Day(now), Updated: now.UnixMilli()}
	return e, e.Check()
}

// clean trims a text and folds control characters and runs of spaces into one space.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// ValidAccount reports whether s is a plausible email address.
func ValidAccount(s string) bool {
	at := strings.LastIndexByte(s, '@')
	if at < 1 || at == len(s)-1 || len(s) > MaxAccount || strings.ContainsAny(s, " \t\r\n<>()[],;:\"\\") {
		return false
	}
	dom := s[at+1:]
	return strings.Contains(dom, ".") && !strings.HasPrefix(dom, ".") && !strings.HasSuffix(dom, ".") && !strings.Contains(dom, "..")
}

// Check validates an entry.
func (e Entry) Check() error {
	switch {
	case e.Label == "":
		return ErrLabelEmpty
	case utf8.RuneCountInString(e.Label) > MaxLabel:
		return ErrLabelLong
	case e.Account != "" && !ValidAccount(e.Account):
		return ErrAccount
	case e.Provider == "" || strings.Trim(e.Provider, "abcdefghijklmnopqrstuvwxyz0123456789") != "":
		return ErrProvider
	case e.ID == "" || len(e.ID) > 64 || strings.Trim(e.ID, "0123456789abcdef") != "",
		utf8.RuneCountInString(e.UsedBy) > MaxUsedBy,
		e.Updated <= 0:
		return ErrField
	}
	if !ValidDay(e.Created) {
		return ErrField
	}
	switch e.Kind {
	case KindAppPassword, KindAuthCode, KindOAuth, KindOther:
	default:
		return ErrField
	}
	switch e.Source {
	case FromHint, FromManual, FromGenerator, FromImport:
	default:
		return ErrField
	}
	return nil
}

// JSON is the stored record.
func (e Entry) JSON() jsonv.Value {
	return jsonv.Obj(
		jsonv.M("v", jsonv.Int(Version)), jsonv.M("id", jsonv.Str(e.ID)), jsonv.M("provider", jsonv.Str(e.Provider)),
		jsonv.M("account", jsonv.Str(e.Account)), jsonv.M("label", jsonv.Str(e.Label)), jsonv.M("usedBy", jsonv.Str(e.UsedBy)),
		jsonv.M("kind", jsonv.Str(string(e.Kind))), jsonv.M("created", jsonv.Str(e.Created)),
		jsonv.M("source", jsonv.Str(string(e.Source))), jsonv.M("updated", jsonv.Int(e.Updated)))
}

var fields = map[string]bool{"v": true, "id": true, "provider": true, "account": true, "label": true, "usedBy": true,
	"kind": true, "created": true, "source": true, "updated": true}

// LooksLikeSecret reports whether a key or column name names a password or
// similar secret; such a field is refused wherever a record is read.
func LooksLikeSecret(name string) bool {
	n := strings.ToLower(name)
	for _, w := range []string{"pass", "pwd", "secret", "token", "密码", "授权码", "口令", "пароль", "kennwort"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return n == "code" || strings.HasSuffix(n, "_code") || strings.HasSuffix(n, "code")
}

// Decode reads a stored record. A record from a newer schema returns
// ErrFuture so that the caller keeps it aside instead of dropping it.
func Decode(v jsonv.Value) (Entry, error) {
	if v.Kind() != jsonv.Object {
		return Entry{}, ErrField
	}
	ver, _ := v.Get("v")
	n, ok := ver.Int()
	switch {
	case !ok || n < 1:
		return Entry{}, ErrField
	case n > Version:
		return Entry{}, ErrFuture
	}
	for _, m := range v.Members() {
		if LooksLikeSecret(m.Key) {
			return Entry{}, ErrSecret
		}
		if !fields[m.Key] {
			return Entry{}, ErrField
		}
		if m.Key != "v" && m.Key != "updated" {
			if _, ok := m.Value.Str(); !ok {
				return Entry{}, ErrField
			}
		}
	}
	up, _ := v.Get("updated")
	updated, ok := up.Int()
	if !ok {
		return Entry{}, ErrField
	}
	e := Entry{ID: v.GetStr("id"), Provider: v.GetStr("provider"), Account: v.GetStr("account"), Label: v.GetStr("label"),
		UsedBy: v.GetStr("usedBy"), Kind: Kind(v.GetStr("kind")), Created: v.GetStr("created"),
		Source: Source(v.GetStr("source")), Updated: updated}
	return e, e.Check()
}

// Day is t's local calendar date as YYYY-MM-DD. (time.Format and time.Parse
// would add 250 KB to the browser binary.)
func Day(t time.Time) string {
	y, m, d := t.Date()
	return pad(y, 4) + "-" + pad(int(m), 2) + "-" + pad(d, 2)
}

func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

// ValidDay reports whether s is a real calendar date written YYYY-MM-DD.
func ValidDay(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	y, err1 := strconv.Atoi(s[:4])
	m, err2 := strconv.Atoi(s[5:7])
	d, err3 := strconv.Atoi(s[8:])
	if err1 != nil || err2 != nil || err3 != nil || strings.ContainsAny(s, "+ ") {
		return false
	}
	t := time.Date(y, time.Month(m), d, 12, 0, 0, 0, time.UTC)
	return t.Year() == y && int(t.Month()) == m && t.Day() == d
}
