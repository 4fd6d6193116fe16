// Package review decides what a person should revoke and why: which ledger
// entries are due for review (the toolbar badge, the reminder, the checklist's
// "due" filter), what a bulk event such as "I changed my Google password"
// revokes, how the checklist groups entries by provider and account with its
// progress, and what a refusal text pasted from a mail program means.
//
// It is pure Go for the browser binary: no fmt, encoding/json, regexp or
// time formatting (dates are ledger.Day strings).
//
// # Due for review
//
// Only an active entry (neither revoked nor deleted) can be due. Days are
// whole calendar days between ledger dates and today's local date. With
// limit the person's limit in days (DefaultLimitDays unless set):
//
//   - ReasonOld: the entry was made more than limit days ago, and it was
//     never confirmed in use or last confirmed more than limit days ago;
//   - otherwise ReasonUnconfirmed: it was never confirmed in use and was made
//     more than GraceDays days ago. An entry made today is not due; one made
//     on 1 March is due from 9 March on unless confirmed.
//
// When both hold, the reason is ReasonOld. Confirming an entry clears
// "unconfirmed" for good and "old" for limit days.
package review

import (
	"strconv"
	"time"

	"mailkey/wasm/jsonv"
	"mailkey/wasm/ledger"
)

// Reason says why an entry is due for review. The UI localizes it (for
// example as "review_why_"+Reason).
type Reason string

// The reasons an entry is due; "" when it is not.
const (
	NotDue            Reason = ""
	ReasonOld         Reason = "old"         // made (or last confirmed) more than the limit ago
	ReasonUnconfirmed Reason = "unconfirmed" // never confirmed in use, older than GraceDays
)

// Limits of the review settings, in days.
const (
	DefaultLimitDays  = 180
	MinLimitDays      = 7
	MaxLimitDays      = 3650
	GraceDays         = 7  // a new, unconfirmed entry is not due for this many days
	DefaultRecentDays = 30 // "recently revoked" in the checklist
	MaxRecentDays     = 3650
)

// Due reports whether an entry is due for review today, and why. A limit
// outside MinLimitDays..MaxLimitDays counts as DefaultLimitDays.
func Due(e ledger.Entry, today time.Time, limitDays int) (due bool, why Reason) {
	if !e.Active() {
		return false, NotDue
	}
	limit := limitOrDefault(limitDays)
	age, ok := daysSince(e.Created, today)
	if !ok {
		return false, NotDue
	}
	seen := age
	if e.Confirmed != "" {
		if seen, ok = daysSince(e.Confirmed, today); !ok {
			seen = age
		}
	}
	switch {
	case age > limit && seen > limit:
		return true, ReasonOld
	case e.Confirmed == "" && age > GraceDays:
		return true, ReasonUnconfirmed
	}
	return false, NotDue
}

// CountDue counts the entries due for review: the toolbar badge.
func CountDue(entries []ledger.Entry, today time.Time, limitDays int) int {
	n := 0
	for _, e := range entries {
		if due, _ := Due(e, today, limitDays); due {
			n++
		}
	}
	return n
}

// ValidLimit reports whether n days is a limit a person may set.
func ValidLimit(n int) bool { return n >= MinLimitDays && n <= MaxLimitDays }

func limitOrDefault(n int) int {
	if !ValidLimit(n) {
		return DefaultLimitDays
	}
	return n
}

func recentOrDefault(n int) int {
	if n < 1 || n > MaxRecentDays {
		return DefaultRecentDays
	}
	return n
}

// daysSince is the number of calendar days from the date day (YYYY-MM-DD) to
// today's local date: 0 today, negative for a later date.
func daysSince(day string, today time.Time) (int, bool) {
	if !ledger.ValidDay(day) {
		return 0, false
	}
	y, _ := strconv.Atoi(day[:4])
	m, _ := strconv.Atoi(day[5:7])
	d, _ := strconv.Atoi(day[8:])
	then := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	ty, tm, td := today.Date()
	now := time.Date(ty, tm, td, 0, 0, 0, 0, time.UTC)
	return int((now.Unix() - then.Unix()) / 86400), true
}

// SettingsKey is the chrome.storage.local key of the review settings.
const SettingsKey = "settings/review"

// settingsVersion is the "v" written into the stored settings.
const settingsVersion = 1

// Settings are the person's review settings.
type Settings struct {
	LimitDays int  // an entry is due after this many days; MinLimitDays..MaxLimitDays
	Notify    bool // a browser notification when entries are due; off by default
}

// DefaultSettings are the settings of a person who never changed them.
func DefaultSettings() Settings { return Settings{LimitDays: DefaultLimitDays} }

// ParseSettings reads the stored settings. It never fails: each field that is
// missing, of the wrong type or out of range takes its default (limit
// DefaultLimitDays, notify off), and unknown keys, such as those of a newer
// version, are ignored.
func ParseSettings(v jsonv.Value) Settings {
	s := DefaultSettings()
	if x, ok := v.Get("limitDays"); ok {
		if n, ok := x.Int(); ok && n >= MinLimitDays && n <= MaxLimitDays {
			s.LimitDays = int(n)
		}
	}
	if x, ok := v.Get("notify"); ok {
		if b, ok := x.Bool(); ok {
			s.Notify = b
		}
	}
	return s
}

// JSON is the stored form, {"v":1,"limitDays":180,"notify":false}. A limit
// out of range is written as the default.
func (s Settings) JSON() jsonv.Value {
	return jsonv.Obj(jsonv.M("v", jsonv.Int(settingsVersion)),
		jsonv.M("limitDays", jsonv.Int(int64(limitOrDefault(s.LimitDays)))),
		jsonv.M("notify", jsonv.BoolValue(s.Notify)))
}
