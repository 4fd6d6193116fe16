package review

import (
	"slices"
	"strings"
	"time"

	"mailkey/wasm/kb"
	"mailkey/wasm/ledger"
)

// HowPasswordChanged is the RevokedHow that PasswordChanged records. It is a
// code, not prose: the UI localizes it (for example as
// "revoked_how_password_changed") and shows any other RevokedHow as written.
const HowPasswordChanged = "password_changed"

// Error is a refusal of a bulk event; Reason is a stable code the UI
// localizes. Compare with the sentinels (err == ErrSurvives).
type Error struct{ Reason string }

func (e *Error) Error() string { return "review: " + e.Reason }

// Refusals of PasswordChanged. A day that is not a date, or is later than
// tomorrow, is refused with ledger.ErrDate ("bad_date").
var (
	ErrUnknownProvider = &Error{Reason: "unknown_provider"} // not in the knowledge base
	ErrSurvives        = &Error{Reason: "survives"}         // its app passwords survive a password change
	ErrRuleUnknown     = &Error{Reason: "rule_unknown"}     // not known whether they survive
)

// PasswordChangeProviders sorts the knowledge base's providers by what a
// change of the account password does to their app passwords or codes: it
// revokes them, they survive it, or it is not known. Each list is in
// knowledge-base order (by id).
func PasswordChangeProviders(k *kb.KB) (revokes, survives, unknown []*kb.Provider) {
	if k == nil {
		return nil, nil, nil
	}
	for _, p := range k.Providers {
		switch {
		case p.PasswordChangeRevokes == nil:
			unknown = append(unknown, p)
		case *p.PasswordChangeRevokes:
			revokes = append(revokes, p)
		default:
			survives = append(survives, p)
		}
	}
	return revokes, survives, unknown
}

// PasswordChanged is the bulk event "I changed my <provider> password" for
// one account on day. For a provider whose password change revokes app
// passwords it returns, revoked on day with RevokedHow HowPasswordChanged,
// every entry that
//
//   - is active (neither revoked nor deleted),
//   - is of providerID,
//   - has the same account: compared without surrounding spaces and ignoring
//     case; account "" matches only entries without an account (never every
//     account of the provider),
//   - was made on or before day (one made later was made after the change
//     and still works; one made on the day itself is included, so the UI
//     should show the list with undo).
//
// Only the changed entries are returned, for the caller to write; none is
// not an error. A provider whose app passwords survive returns ErrSurvives,
// one whose rule is not known ErrRuleUnknown, an id not in the knowledge base
// ErrUnknownProvider, and a bad day ledger.ErrDate; then nothing is returned.
func PasswordChanged(entries []ledger.Entry, k *kb.KB, providerID, account string, day string, now time.Time) ([]ledger.Entry, error) {
	var p *kb.Provider
	if k != nil {
		p = k.ByID(providerID)
	}
	switch {
	case p == nil:
		return nil, ErrUnknownProvider
	case p.PasswordChangeRevokes == nil:
		return nil, ErrRuleUnknown
	case !*p.PasswordChangeRevokes:
		return nil, ErrSurvives
	case !ledger.ValidDay(day) || day > ledger.Day(now.AddDate(0, 0, 1)):
		return nil, ledger.ErrDate
	}
	account = ledger.CleanAccount(account)
	out := []ledger.Entry{}
	for _, e := range entries {
		if !e.Active() || e.Provider != providerID || !sameAccount(e.Account, account) || e.Created > day {
			continue
		}
		r, err := e.Revoke(day, HowPasswordChanged, now)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// Accounts lists the accounts of a provider's active entries, once each,
// trimmed and in lower case as the bulk event compares them (see
// sameAccount), sorted; "" stands for entries without one.
func Accounts(entries []ledger.Entry, providerID string) []string {
	var out []string
	for _, e := range entries {
		a := strings.ToLower(strings.TrimSpace(e.Account))
		if e.Provider == providerID && e.Active() && !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	slices.Sort(out)
	return out
}

func sameAccount(a, b string) bool { return strings.EqualFold(strings.TrimSpace(a), b) }
