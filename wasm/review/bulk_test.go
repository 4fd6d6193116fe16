package review_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"mailkey/wasm/kb"
	"mailkey/wasm/ledger"
	"mailkey/wasm/review"
)

func ids(ps []*kb.Provider) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.ID)
	}
	return out
}

func TestPasswordChangeProviders(t *testing.T) {
	k := loadKB(t)
	revokes, survives, unknown := review.PasswordChangeProviders(k)
	// The facts issue 4 names: Google and QQ revoke, Yahoo survives.
	for _, c := range []struct {
		list []*kb.Provider
		id   string
	}{{revokes, "google"}, {revokes, "qq"}, {survives, "yahoo"}} {
		if !slices.Contains(ids(c.list), c.id) {
			t.Errorf("%s is not where the knowledge base puts it: revokes %v survives %v", c.id, ids(revokes), ids(survives))
		}
	}
	// Every provider is in exactly one list, the one its fact says.
	seen := map[string]int{}
	for _, p := range revokes {
		if p.PasswordChangeRevokes == nil || !*p.PasswordChangeRevokes {
			t.Errorf("%s listed as revoking", p.ID)
		}
		seen[p.ID]++
	}
	for _, p := range survives {
		if p.PasswordChangeRevokes == nil || *p.PasswordChangeRevokes {
			t.Errorf("%s listed as surviving", p.ID)
		}
		seen[p.ID]++
	}
	for _, p := range unknown {
		if p.PasswordChangeRevokes != nil {
			t.Errorf("%s listed as unknown", p.ID)
		}
		seen[p.ID]++
	}
	for _, p := range k.Providers {
		if seen[p.ID] != 1 {
			t.Errorf("%s is in %d lists", p.ID, seen[p.ID])
		}
	}
	if !slices.IsSorted(ids(revokes)) || !slices.IsSorted(ids(unknown)) {
		t.Error("lists are not in knowledge-base order")
	}
	if r, s, u := review.PasswordChangeProviders(nil); r != nil || s != nil || u != nil {
		t.Error("nil knowledge base gives providers")
	}
}

func TestPasswordChanged(t *testing.T) {
	k := loadKB(t)
	now := time.Date(2025, 6, 15, 12, 0, 0, 0, time.Local)
	es := []ledger.Entry{
		entry("google", "me@gmail.com", "2025-01-01"),                                 // 0 revoked
		entry("google", "Me@GMail.com", "2025-03-01", confirmed("2025-05-01")),        // 1 revoked: case
		entry("google", "ME@GMAIL.COM", "2025-06-10"),                                 // 2 revoked: case
		entry("google", "me@gmail.com", "2025-06-15"),                                 // 3 revoked: made on the day
		entry("google", "me@gmail.com", "2025-06-16"),                                 // 4 kept: made after the day
		entry("google", "other@gmail.com", "2025-01-01"),                              // 5 kept: other account
		entry("google", "", "2025-01-01"),                                             // 6 kept: no account
		entry("google", "me@gmail.com", "2025-01-01", revoked("2025-02-01")),          // 7 kept: revoked already
		entry("google", "me@gmail.com", "2025-01-01", deleted),                        // 8 kept: tombstone
		entry("yahoo", "me@gmail.com", "2025-01-01"),                                  // 9 kept: other provider
		entry("qq", "me@gmail.com", "2025-01-01"),                                     // 10 kept: other provider
		entry("google", "me@gmail.com", "2025-01-01", revoked("2025-02-01"), deleted), // 11 kept
	}
	orig := slices.Clone(es)
	check := func(name string, got []ledger.Entry, want []int, day string) {
		t.Helper()
		var gotIDs, wantIDs []string
		for _, e := range got {
			gotIDs = append(gotIDs, e.ID)
		}
		for _, i := range want {
			wantIDs = append(wantIDs, es[i].ID)
		}
		if !slices.Equal(gotIDs, wantIDs) {
			t.Errorf("%s: revoked %v, want %v", name, gotIDs, wantIDs)
		}
		for _, e := range got {
			if e.Revoked != day || e.RevokedHow != review.HowPasswordChanged || e.Check() != nil || e.Active() {
				t.Errorf("%s: %+v is not revoked on %s by password change", name, e, day)
			}
			i := slices.IndexFunc(orig, func(o ledger.Entry) bool { return o.ID == e.ID })
			if e.Updated <= orig[i].Updated {
				t.Errorf("%s: %s not stamped as changed", name, e.ID)
			}
			if o := orig[i]; e.Label != o.Label || e.Account != o.Account || e.Created != o.Created || e.Confirmed != o.Confirmed {
				t.Errorf("%s: %s changed beyond the revocation", name, e.ID)
			}
		}
	}

	got, err := review.PasswordChanged(es, k, "google", "ME@gmail.com ", "2025-06-15", now)
	if err != nil {
		t.Fatal(err)
	}
	check("me@gmail.com", got, []int{0, 1, 2, 3}, "2025-06-15")
	if !slices.Equal(es, orig) {
		t.Error("the entries given were changed")
	}

	got, err = review.PasswordChanged(es, k, "google", "me@gmail.com", "2025-03-01", now)
	check("on an earlier day", got, []int{0, 1}, "2025-03-01")
	if err != nil {
		t.Error(err)
	}

	got, err = review.PasswordChanged(es, k, "google", "", "2025-06-15", now)
	check("no account", got, []int{6}, "2025-06-15")
	if err != nil {
		t.Error(err)
	}

	got, err = review.PasswordChanged(es, k, "qq", "me@gmail.com", "2025-06-16", now) // tomorrow: time zones
	check("qq", got, []int{10}, "2025-06-16")
	if err != nil {
		t.Error(err)
	}

	got, err = review.PasswordChanged(es, k, "google", "nobody@gmail.com", "2025-06-15", now)
	if err != nil || got == nil || len(got) != 0 {
		t.Errorf("no matching entries: %v, %v; want an empty list", got, err)
	}

	for _, c := range []struct {
		name, provider, day string
		k                   *kb.KB
		want                error
	}{
		{"yahoo survives", "yahoo", "2025-06-15", k, review.ErrSurvives},
		{"aol survives", "aol", "2025-06-15", k, review.ErrSurvives},
		{"fastmail not known", "fastmail", "2025-06-15", k, review.ErrRuleUnknown},
		{"unknown provider", "nosuch", "2025-06-15", k, review.ErrUnknownProvider},
		{"empty provider", "", "2025-06-15", k, review.ErrUnknownProvider},
		{"nil kb", "google", "2025-06-15", nil, review.ErrUnknownProvider},
		{"bad day", "google", "2025-02-30", k, ledger.ErrDate},
		{"not a day", "google", "15.06.2025", k, ledger.ErrDate},
		{"day after tomorrow", "google", "2025-06-17", k, ledger.ErrDate},
	} {
		got, err := review.PasswordChanged(es, k, c.provider, "me@gmail.com", c.day, now)
		if c.k == nil {
			got, err = review.PasswordChanged(es, nil, c.provider, "me@gmail.com", c.day, now)
		}
		if !errors.Is(err, c.want) || got != nil {
			t.Errorf("%s: %v, %v; want %v and nothing", c.name, got, err, c.want)
		}
	}
	if review.ErrSurvives.Reason != "survives" || review.ErrSurvives.Error() != "review: survives" {
		t.Error("reason codes changed; the UI localizes them")
	}
}

// The checklist's account list compares accounts as the bulk event does:
// ignoring case; revoked entries and other providers
// are left out.
func TestAccounts(t *testing.T) {
	es := []ledger.Entry{
		entry("google", "Me@Gmail.com", "2025-06-01"),
		entry("google", "me@gmail.com", "2025-06-02"),
		entry("google", "", "2025-06-03"),
		entry("google", "old@gmail.com", "2025-01-01", revoked("2025-02-01")),
		entry("yahoo", "b@yahoo.com", "2025-06-01"),
	}
	if got, want := review.Accounts(es, "google"), []string{"", "me@gmail.com"}; !slices.Equal(got, want) {
		t.Fatalf("Accounts = %q, want %q", got, want)
	}
}
