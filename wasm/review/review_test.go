package review_test

import (
	"testing"
	"time"

	"mailkey/wasm/jsonv"
	"mailkey/wasm/kb"
	"mailkey/wasm/ledger"
	"mailkey/wasm/review"
)

func loadKB(t testing.TB) *kb.KB {
	t.Helper()
	k, err := kb.Load()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// today is 2025-06-15 in local time; late in the evening far east of UTC, so
// that a test using UTC dates would see the 15th already gone.
var today = time.Date(2025, 6, 15, 23, 30, 0, 0, time.FixedZone("UTC+14", 14*3600))

var nextID = 0

// entry makes a valid entry; opts change it.
func entry(provider, account, created string, opts ...func(*ledger.Entry)) ledger.Entry {
	nextID++
	e := ledger.Entry{ID: hex(nextID), Provider: provider, Account: account, Label: "label", Kind: ledger.KindAppPassword,
		Created: created, Source: ledger.FromManual, Updated: 1_700_000_000_000 + int64(nextID)}
	for _, o := range opts {
		o(&e)
	}
	if err := e.Check(); err != nil {
		panic(err)
	}
	return e
}

func hex(n int) string {
	const digits = "0123456789abcdef"
	s := ""
	for ; n > 0; n /= 16 {
		s = string(digits[n%16]) + s
	}
	return "e" + s
}

func confirmed(day string) func(*ledger.Entry) { return func(e *ledger.Entry) { e.Confirmed = day } }
func revoked(day string) func(*ledger.Entry) {
	return func(e *ledger.Entry) { e.Revoked, e.RevokedHow = day, "by hand" }
}
func deleted(e *ledger.Entry)             { e.Deleted = e.Updated }
func updated(n int64) func(*ledger.Entry) { return func(e *ledger.Entry) { e.Updated = n } }

func TestDue(t *testing.T) {
	for _, c := range []struct {
		name  string
		e     ledger.Entry
		limit int
		due   bool
		why   review.Reason
	}{
		{"made today", entry("google", "", "2025-06-15"), 180, false, ""},
		{"made tomorrow (time zones)", entry("google", "", "2025-06-16"), 180, false, ""},
		{"7 days, unconfirmed: grace", entry("google", "", "2025-06-08"), 180, false, ""},
		{"8 days, unconfirmed", entry("google", "", "2025-06-07"), 180, true, review.ReasonUnconfirmed},
		{"8 days, confirmed", entry("google", "", "2025-06-07", confirmed("2025-06-07")), 180, false, ""},
		{"180 days, confirmed at once", entry("google", "", "2024-12-17", confirmed("2024-12-17")), 180, false, ""},
		{"181 days, confirmed at once", entry("google", "", "2024-12-16", confirmed("2024-12-16")), 180, true, review.ReasonOld},
		{"181 days, confirmed 180 days ago", entry("google", "", "2024-12-16", confirmed("2024-12-17")), 180, false, ""},
		{"181 days, confirmed yesterday", entry("google", "", "2024-12-16", confirmed("2025-06-14")), 180, false, ""},
		{"181 days, never confirmed: old wins", entry("google", "", "2024-12-16"), 180, true, review.ReasonOld},
		{"3 years, confirmed last week", entry("google", "", "2022-06-15", confirmed("2025-06-08")), 180, false, ""},
		{"leap day", entry("google", "", "2024-02-29", confirmed("2024-02-29")), 365, true, review.ReasonOld},
		{"limit 30", entry("google", "", "2025-05-15", confirmed("2025-05-15")), 30, true, review.ReasonOld},
		{"limit 30, 30 days", entry("google", "", "2025-05-16", confirmed("2025-05-16")), 30, false, ""},
		{"limit 7 (minimum)", entry("google", "", "2025-06-07", confirmed("2025-06-07")), 7, true, review.ReasonOld},
		{"limit 5 is out of range: default", entry("google", "", "2025-05-15", confirmed("2025-05-15")), 5, false, ""},
		{"limit 0: default", entry("google", "", "2024-12-16", confirmed("2024-12-16")), 0, true, review.ReasonOld},
		{"limit 4000: default", entry("google", "", "2024-12-16", confirmed("2024-12-16")), 4000, true, review.ReasonOld},
		{"limit 3650", entry("google", "", "2024-12-16", confirmed("2024-12-16")), 3650, false, ""},
		{"revoked", entry("google", "", "2020-01-01", revoked("2020-02-01")), 180, false, ""},
		{"deleted", entry("google", "", "2020-01-01", deleted), 180, false, ""},
		{"revoked and deleted", entry("google", "", "2020-01-01", revoked("2020-02-01"), deleted), 180, false, ""},
		{"unknown provider is due too", entry("someprovider", "", "2020-01-01"), 180, true, review.ReasonOld},
	} {
		due, why := review.Due(c.e, today, c.limit)
		if due != c.due || why != c.why {
			t.Errorf("%s: Due = %v %q, want %v %q", c.name, due, why, c.due, c.why)
		}
	}
	// An invalid created date (never from Check) is not due rather than a panic.
	if due, _ := review.Due(ledger.Entry{Created: "2025-02-30"}, today, 180); due {
		t.Error("an entry with a bad date is due")
	}
}

func TestDueUsesLocalDate(t *testing.T) {
	e := entry("google", "", "2025-06-07")
	// 2025-06-15 00:30 in UTC-10 is already the 15th in UTC+14 and still
	// the 15th locally: 8 days, due.
	local := time.Date(2025, 6, 15, 0, 30, 0, 0, time.FixedZone("UTC-10", -10*3600))
	if due, _ := review.Due(e, local, 180); !due {
		t.Error("not due on the local 15th")
	}
	if due, _ := review.Due(e, local.Add(-time.Hour), 180); due {
		t.Error("due on the local 14th")
	}
}

func TestCountDue(t *testing.T) {
	es := []ledger.Entry{
		entry("google", "", "2025-06-15"),
		entry("google", "", "2025-06-01"),
		entry("qq", "", "2020-06-01", confirmed("2025-01-01")),
		entry("qq", "", "2020-06-01", confirmed("2024-01-01")),
		entry("qq", "", "2020-06-01", revoked("2021-01-01")),
		entry("qq", "", "2020-06-01", deleted),
	}
	for limit, want := range map[int]int{180: 2, 30: 3, 3650: 1} {
		if n := review.CountDue(es, today, limit); n != want {
			t.Errorf("CountDue(limit %d) = %d, want %d", limit, n, want)
		}
	}
	if n := review.CountDue(nil, today, 180); n != 0 {
		t.Errorf("CountDue(nil) = %d", n)
	}
}

func TestSettings(t *testing.T) {
	def := review.Settings{LimitDays: 180}
	for _, c := range []struct {
		json string
		want review.Settings
	}{
		{`{"v":1,"limitDays":90,"notify":true}`, review.Settings{LimitDays: 90, Notify: true}},
		{`{}`, def},
		{`null`, def},
		{`[]`, def},
		{`"x"`, def},
		{`{"limitDays":7}`, review.Settings{LimitDays: 7}},
		{`{"limitDays":3650}`, review.Settings{LimitDays: 3650}},
		{`{"limitDays":6}`, def},
		{`{"limitDays":3651}`, def},
		{`{"limitDays":-1}`, def},
		{`{"limitDays":30.0}`, review.Settings{LimitDays: 30}},
		{`{"limitDays":30.5}`, def},
		{`{"limitDays":"90"}`, def},
		{`{"limitDays":1e300}`, def},
		{`{"limitDays":null,"notify":"yes"}`, def},
		{`{"notify":true}`, review.Settings{LimitDays: 180, Notify: true}},
		{`{"v":9,"limitDays":60,"notify":false,"later":{"x":1}}`, review.Settings{LimitDays: 60}},
	} {
		v, err := jsonv.ParseString(c.json, jsonv.Limits{})
		if err != nil {
			t.Fatal(c.json, err)
		}
		if got := review.ParseSettings(v); got != c.want {
			t.Errorf("ParseSettings(%s) = %+v, want %+v", c.json, got, c.want)
		}
	}
	if got := review.DefaultSettings(); got != def {
		t.Errorf("DefaultSettings() = %+v", got)
	}
	for _, c := range []struct {
		s    review.Settings
		want string
	}{
		{review.Settings{LimitDays: 90, Notify: true}, `{"v":1,"limitDays":90,"notify":true}`},
		{review.Settings{}, `{"v":1,"limitDays":180,"notify":false}`},
		{review.Settings{LimitDays: 100000}, `{"v":1,"limitDays":180,"notify":false}`},
	} {
		if got := c.s.JSON().String(); got != c.want {
			t.Errorf("%+v.JSON() = %s, want %s", c.s, got, c.want)
		}
		if back := review.ParseSettings(c.s.JSON()); back.Notify != c.s.Notify || !review.ValidLimit(back.LimitDays) {
			t.Errorf("round trip of %+v gives %+v", c.s, back)
		}
	}
	if review.SettingsKey != "settings/review" {
		t.Error("SettingsKey changed: stored settings would be lost")
	}
}
