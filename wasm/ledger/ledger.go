// Package ledger is the record of every app password and authorization code a
// person made: which provider and account, the label given at the provider,
// what uses it, when it was made, last confirmed and revoked. Never the
// password itself: there is no field for one, and a record or an import
// holding a key or column that looks like one is refused.
//
// # Storage layout and concurrent writers
//
// chrome.storage.local holds one key per entry, "ledger/e/<id>", each record
// carrying its own schema version "v" and its own updated time. There is no
// index key and no list to read-modify-write: adding, editing, revoking,
// deleting and importing each write only the keys of the entries they change,
// with one storage set() call. Readers read every key with KeyPrefix (Load).
//
// Every record is written by one Writer, in the service worker (writer.go):
// the pages send their changes there, each naming the revision of the record
// it was made from (Revision, a digest of the stored record), and the writer
// stores a change only if that is still the stored record (compare and set,
// one mutex); otherwise it answers with the stored record, and the page
// carries its change over onto it (Rebase) or keeps the newer version and
// says so (Save). Hints' intents go through it too; sync rounds and imports
// merge through it (newer version wins whole). So a write made from an older
// read never replaces a newer record.
//
// A deleted entry is not removed: it stays as a tombstone (Deleted != 0) so
// that a later sync or import can tell "deleted here" from "never seen". The
// UI hides tombstones; undo clears Deleted.
//
// Every change stamps Updated with a time later than the entry's previous one,
// so that Merge (newer updated wins) always prefers the change.
//
// Records the code cannot read (malformed, from a newer schema, holding a
// password-like key, under another entry's key) are reported by Load in
// Snapshot.Aside and never deleted or rewritten. Records of an older schema
// are migrated on every read; Load also lists them in Snapshot.Rewrite so the
// js layer may write them back upgraded, through the Writer and based on the
// record read (Snapshot.RewriteChanges), so never over a newer record.
//
// The formats (stored record, JSON export, CSV export) are described in
// format.md next to this file.
package ledger

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"mailkey/wasm/jsonv"
)

// Version is the schema version of the records this code writes. Records of
// older versions are upgraded by the migrations (migrate.go).
const Version = 2

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

// Limits on the text fields, in characters (the account in bytes).
const (
	MaxLabel      = 100
	MaxUsedBy     = 200
	MaxRevokedHow = 200
	MaxNote       = 1000
	MaxAccount    = 254
	MaxProvider   = 64
	MaxID         = 64
)

// maxTime is the largest millisecond time stored: JavaScript numbers hold
// integers exactly only up to 2^53-1, and chrome.storage keeps numbers as such.
const maxTime = 1<<53 - 1

// Entry is one app password or authorization code that was made. It is a
// value: the methods return a changed copy. Dates are the person's local
// calendar dates, YYYY-MM-DD; times are Unix milliseconds.
type Entry struct {
	ID         string // 1 to 64 lowercase hex digits
	Provider   string // knowledge-base provider id
	Account    string // the mailbox address, or ""
	Label      string // as named at the provider
	UsedBy     string // the app or site that holds it
	Kind       Kind
	Created    string // the day it was made
	Confirmed  string // the day it was last confirmed in use, or ""
	Revoked    string // the day it was revoked, or ""
	RevokedHow string // how it was revoked ("deleted at the provider", "password changed"), or ""
	Note       string // free text; may hold line breaks
	Source     Source
	Updated    int64 // time of the last change
	Deleted    int64 // time of deletion; 0 when not deleted
}

// New makes an entry from a hint's "add to my ledger": made today.
func New(id, provider, account, label, usedBy string, kind Kind, source Source, now time.Time) (Entry, error) {
	e := Entry{ID: id, Provider: provider, Account: CleanAccount(account), Label: clean(label),
		UsedBy: clean(usedBy), Kind: kind, Source: source, Created: Day(now), Updated: now.UnixMilli()}
	if err := e.Check(); err != nil {
		return Entry{}, err
	}
	return e, nil
}

// NewManual makes an entry a person adds by hand, made on the day created
// ("" for today). The day may not be later than tomorrow (time zones).
func NewManual(id, provider, account, label, usedBy string, kind Kind, created string, now time.Time) (Entry, error) {
	created = strings.TrimSpace(created)
	if created == "" {
		created = Day(now)
	}
	e, err := New(id, provider, account, label, usedBy, kind, FromManual, now)
	if err != nil {
		return Entry{}, err
	}
	if !ValidDay(created) || created > latestDay(now) {
		return Entry{}, ErrDate
	}
	e.Created = created
	return e, nil
}

// Active reports whether the entry is neither revoked nor deleted: a
// password that may still work somewhere.
func (e Entry) Active() bool { return e.Deleted == 0 && e.Revoked == "" }

// Age is the number of whole days from the day the entry was made to today's
// local date (0 for an entry made today or dated in the future).
func (e Entry) Age(today time.Time) int {
	made, ok := dayNumber(e.Created)
	if !ok {
		return 0
	}
	y, m, d := today.Date()
	n := int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()/86400) - made
	return max(n, 0)
}

// Confirm records that the entry was seen working on day.
func (e Entry) Confirm(day string, now time.Time) (Entry, error) {
	switch {
	case e.Deleted != 0:
		return e, ErrDeleted
	case e.Revoked != "":
		return e, ErrRevoked
	case !ValidDay(day) || day < e.Created || day > latestDay(now):
		return e, ErrDate
	}
	out := e
	out.Confirmed = day
	out.Updated = stamp(e.Updated, now)
	return checked(e, out)
}

// Revoke records that the entry was revoked on day, and how. Revoking a
// revoked entry corrects the day and how.
func (e Entry) Revoke(day, how string, now time.Time) (Entry, error) {
	how = clean(how)
	switch {
	case e.Deleted != 0:
		return e, ErrDeleted
	case !ValidDay(day) || day < e.Created || day > latestDay(now):
		return e, ErrDate
	case utf8.RuneCountInString(how) > MaxRevokedHow:
		return e, ErrTooLong
	}
	out := e
	out.Revoked, out.RevokedHow = day, how
	out.Updated = stamp(e.Updated, now)
	return checked(e, out)
}

// Unrevoke undoes Revoke: the entry is active again.
func (e Entry) Unrevoke(now time.Time) (Entry, error) {
	switch {
	case e.Deleted != 0:
		return e, ErrDeleted
	case e.Revoked == "":
		return e, ErrNotRevoked
	}
	out := e
	out.Revoked, out.RevokedHow = "", ""
	out.Updated = stamp(e.Updated, now)
	return checked(e, out)
}

// Delete makes the entry a tombstone: hidden, but kept so that sync and
// import know it was deleted.
func (e Entry) Delete(now time.Time) (Entry, error) {
	if e.Deleted != 0 {
		return e, ErrDeleted
	}
	out := e
	out.Updated = stamp(e.Updated, now)
	out.Deleted = out.Updated
	return checked(e, out)
}

// Undelete undoes Delete.
func (e Entry) Undelete(now time.Time) (Entry, error) {
	if e.Deleted == 0 {
		return e, ErrNotDeleted
	}
	out := e
	out.Deleted = 0
	out.Updated = stamp(e.Updated, now)
	return checked(e, out)
}

// Edit changes what a person may edit, cleaned as New cleans it. An edit
// that changes nothing returns the entry as it was (same Updated).
func (e Entry) Edit(label, usedBy, account, note string, now time.Time) (Entry, error) {
	if e.Deleted != 0 {
		return e, ErrDeleted
	}
	out := e
	out.Label, out.UsedBy, out.Account, out.Note = clean(label), clean(usedBy), CleanAccount(account), cleanNote(note)
	if out == e {
		return e, nil
	}
	out.Updated = stamp(e.Updated, now)
	return checked(e, out)
}

func checked(old, e Entry) (Entry, error) {
	if err := e.Check(); err != nil {
		return old, err
	}
	return e, nil
}

// stamp is the Updated time of a change made now to an entry last updated
// at prev: now, or just after prev if the clock says otherwise, so that the
// change wins every merge against the entry it changed.
func stamp(prev int64, now time.Time) int64 {
	return max(now.UnixMilli(), prev+1)
}

// latestDay is the latest date a person may give: tomorrow, for time zones.
func latestDay(now time.Time) string { return Day(now.AddDate(0, 0, 1)) }

// clean trims a text and folds control characters and runs of spaces into
// one space. Bidi embeddings, overrides and isolates are dropped: they can
// make a label read backwards (a spoof), and right-to-left text needs none.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case '\u202a' <= r && r <= '\u202e', '\u2066' <= r && r <= '\u2069':
			return -1
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// cleanNote is clean for each line of a note; line breaks are kept (as
// "\n"), blank lines at the start and end dropped.
func cleanNote(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		if r == '\r' || r == '\u2028' || r == '\u2029' {
			return '\n'
		}
		return r
	}, s)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = clean(l)
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
}

// CleanAccount trims an address and drops the invisible characters that
// can make one read as another: bidi embeddings, overrides, isolates and
// marks, zero-width spaces and joiners, the BOM (every format character,
// Unicode category Cf). "ad\u202emoc.elgoog@gmail.com" reads as
// "admoc.elgoog@gmail.com" with it dropped, not as a Google address.
func CleanAccount(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s))
}

// ValidAccount reports whether s is a plausible email address, without
// control or format characters (what arrives by sync or import unclean is
// refused, see CleanAccount).
func ValidAccount(s string) bool {
	at := strings.LastIndexByte(s, '@')
	if at < 1 || at == len(s)-1 || len(s) > MaxAccount || strings.ContainsAny(s, " \t\r\n<>()[],;:\"\\") {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.IsSpace(r) {
			return false
		}
	}
	dom := s[at+1:]
	return strings.Contains(dom, ".") && !strings.HasPrefix(dom, ".") && !strings.HasSuffix(dom, ".") && !strings.Contains(dom, "..")
}

func validID(id string) bool {
	return id != "" && len(id) <= MaxID && strings.Trim(id, "0123456789abcdef") == ""
}

// Check validates an entry, returning one of the model's sentinel errors.
func (e Entry) Check() error {
	if err, _ := e.check(); err != nil {
		return err
	}
	return nil
}

// check is Check, also naming the field at fault.
func (e Entry) check() (*Error, string) {
	switch {
	case e.Label == "":
		return ErrLabelEmpty, "label"
	case utf8.RuneCountInString(e.Label) > MaxLabel:
		return ErrLabelLong, "label"
	case e.Account != "" && !ValidAccount(e.Account):
		return ErrAccount, "account"
	case e.Provider == "" || len(e.Provider) > MaxProvider || strings.Trim(e.Provider, "abcdefghijklmnopqrstuvwxyz0123456789") != "":
		return ErrProvider, "provider"
	case !validID(e.ID):
		return ErrID, "id"
	case utf8.RuneCountInString(e.UsedBy) > MaxUsedBy:
		return ErrTooLong, "usedBy"
	case utf8.RuneCountInString(e.RevokedHow) > MaxRevokedHow:
		return ErrTooLong, "revokedHow"
	case utf8.RuneCountInString(e.Note) > MaxNote:
		return ErrTooLong, "note"
	case !ValidDay(e.Created):
		return ErrDate, "created"
	case e.Confirmed != "" && !ValidDay(e.Confirmed):
		return ErrDate, "confirmed"
	case e.Revoked != "" && !ValidDay(e.Revoked):
		return ErrDate, "revoked"
	case e.RevokedHow != "" && e.Revoked == "":
		return ErrField, "revokedHow"
	case e.Updated <= 0 || e.Updated > maxTime:
		return ErrUpdated, "updated"
	case e.Deleted < 0 || e.Deleted > maxTime:
		return ErrField, "deleted"
	}
	switch e.Kind {
	case KindAppPassword, KindAuthCode, KindOAuth, KindOther:
	default:
		return ErrKind, "kind"
	}
	switch e.Source {
	case FromHint, FromManual, FromGenerator, FromImport:
	default:
		return ErrSource, "source"
	}
	return nil, ""
}

// The fields of a record, in the order they are written. The stored record
// has all of them, after "v"; the exports have all but "deleted".
const (
	fID = iota
	fProvider
	fAccount
	fLabel
	fUsedBy
	fKind
	fCreated
	fConfirmed
	fRevoked
	fRevokedHow
	fNote
	fSource
	fUpdated
	fDeleted
	nFields
)

var fieldNames = [nFields]string{"id", "provider", "account", "label", "usedBy", "kind", "created", "confirmed",
	"revoked", "revokedHow", "note", "source", "updated", "deleted"}

// text returns the string field i of e (fID ... fSource).
func (e *Entry) text(i int) *string {
	switch i {
	case fID:
		return &e.ID
	case fProvider:
		return &e.Provider
	case fAccount:
		return &e.Account
	case fLabel:
		return &e.Label
	case fUsedBy:
		return &e.UsedBy
	case fKind:
		return (*string)(&e.Kind)
	case fCreated:
		return &e.Created
	case fConfirmed:
		return &e.Confirmed
	case fRevoked:
		return &e.Revoked
	case fRevokedHow:
		return &e.RevokedHow
	case fNote:
		return &e.Note
	case fSource:
		return (*string)(&e.Source)
	}
	return nil
}

// JSON is the stored record, schema Version.
func (e Entry) JSON() jsonv.Value {
	m := make([]jsonv.Member, 0, nFields+1)
	m = append(m, jsonv.M("v", jsonv.Int(Version)))
	for i := range fUpdated {
		m = append(m, jsonv.M(fieldNames[i], jsonv.Str(*e.text(i))))
	}
	m = append(m, jsonv.M("updated", jsonv.Int(e.Updated)), jsonv.M("deleted", jsonv.Int(e.Deleted)))
	return jsonv.Obj(m...)
}

// secretWords are parts of a key or column name that name a password, an
// authorization code or a similar secret, in the languages of the providers.
var secretWords = []string{"pass", "pwd", "secret", "token", "credential", "apikey", "privatekey", "otp",
	"密码", "密碼", "授权码", "授權碼", "口令", "验证码", "驗證碼", "暗証", "パスワード", "비밀번호", "암호",
	"пароль", "kennwort", "contraseña", "senha", "wachtwoord", "haslo", "hasło", "heslo", "parola", "salasana",
	"lösenord", "jelszó"}

// LooksLikeSecret reports whether a key or column name names a password or
// similar secret; such a field is refused wherever a record is read. The name
// is compared lowercased, with full-width letters folded and everything but
// letters and digits dropped, so "App Password", "app-pwd" and "ｐａｓｓ"
// are all caught.
func LooksLikeSecret(name string) bool {
	// The names of the formats are not secrets (a test holds them to
	// secretName); skipping them keeps reading 10,000 records fast.
	switch name {
	case "v", "format", "version", "entries", "id", "provider", "account", "label", "usedBy", "kind", "created",
		"confirmed", "revoked", "revokedHow", "note", "source", "updated", "deleted":
		return false
	}
	return secretName(name)
}

func secretName(name string) bool {
	n := strings.Map(func(r rune) rune {
		if r >= '！' && r <= '～' { // full-width ASCII
			r -= '！' - '!'
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, name)
	for _, w := range secretWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	return n == "pin" || n == "key" || strings.HasSuffix(n, "code") || strings.HasSuffix(n, "kode")
}

// Decode reads a stored record, migrating an older one to Version. A record
// from a newer schema returns ErrFuture so that the caller keeps it aside
// instead of dropping it; one with a key that looks like a password returns
// ErrSecret.
func Decode(v jsonv.Value) (Entry, error) {
	e, _, err := decode(v)
	return e, err
}

// decode is Decode, also reporting whether the record was migrated.
func decode(v jsonv.Value) (Entry, bool, error) {
	v, migrated, err := Migrate(v)
	if err != nil {
		return Entry{}, false, err
	}
	e, err := decodeCurrent(v)
	return e, migrated, err
}

// decodeCurrent reads a record of schema Version.
func decodeCurrent(v jsonv.Value) (Entry, error) {
	var seen [nFields]bool
	var e Entry
	for _, m := range v.Members() {
		if m.Key == "v" {
			continue
		}
		i := fieldIndex(m.Key)
		if i < 0 {
			return Entry{}, ErrUnknownKey
		}
		if seen[i] {
			return Entry{}, ErrMalformed
		}
		seen[i] = true
		if i == fUpdated || i == fDeleted {
			n, ok := m.Value.Int()
			if !ok {
				return Entry{}, ErrField
			}
			if i == fUpdated {
				e.Updated = n
			} else {
				e.Deleted = n
			}
			continue
		}
		s, ok := m.Value.Str()
		if !ok {
			return Entry{}, ErrField
		}
		*e.text(i) = s
	}
	for _, ok := range seen {
		if !ok {
			return Entry{}, ErrField
		}
	}
	if err := e.Check(); err != nil {
		return Entry{}, err
	}
	return e, nil
}

func fieldIndex(name string) int {
	for i, n := range fieldNames {
		if n == name {
			return i
		}
	}
	return -1
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
	_, ok := dayNumber(s)
	return ok
}

// dayNumber is the number of days from 1970-01-01 to the date s.
func dayNumber(s string) (int, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	for i := range len(s) {
		if i != 4 && i != 7 && (s[i] < '0' || s[i] > '9') {
			return 0, false
		}
	}
	y, _ := strconv.Atoi(s[:4])
	m, _ := strconv.Atoi(s[5:7])
	d, _ := strconv.Atoi(s[8:])
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return 0, false
	}
	return int(t.Unix() / 86400), true
}
