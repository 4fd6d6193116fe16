package review_test

import (
	"slices"
	"strconv"
	"testing"

	"mailkey/wasm/ledger"
	"mailkey/wasm/review"
)

// groupView is a Group written out for comparison: "provider/account
// done/total: label label ...", with a "*" after the label of a due item.
func groupView(gs []review.Group) []string {
	var out []string
	for _, g := range gs {
		s := g.ProviderID + "/" + g.Account + " " + strconv.Itoa(g.Done) + "/" + strconv.Itoa(g.Total) + ":"
		for _, it := range g.Entries {
			s += " " + it.Entry.Label
			if it.Due {
				s += "*"
			}
		}
		out = append(out, s)
	}
	return out
}

func labeled(label string) func(*ledger.Entry) { return func(e *ledger.Entry) { e.Label = label } }

func TestGroups(t *testing.T) {
	k := loadKB(t)
	es := []ledger.Entry{
		entry("yahoo", "b@yahoo.com", "2025-06-01", labeled("y1")),                               // active, unconfirmed
		entry("google", "me@gmail.com", "2024-12-01", labeled("g1"), confirmed("2024-12-02")),    // active, old
		entry("google", "ME@gmail.com", "2025-06-14", labeled("g2"), updated(1_800_000_000_000)), // active, new, newest change
		entry("google", "me@gmail.com", "2025-03-01", labeled("g3"), revoked("2025-06-01")),      // revoked 14 days ago
		entry("google", "me@gmail.com", "2024-03-01", labeled("g4"), revoked("2025-01-01")),      // revoked long ago
		entry("google", "me@gmail.com", "2025-06-10", labeled("g5"), deleted),                    // tombstone
		entry("google", "me@gmail.com", "2025-06-10", labeled("g6"), revoked("2025-06-12"), deleted),
		entry("google", "", "2025-06-14", labeled("g7"), confirmed("2025-06-14")),              // no account
		entry("google", "other@gmail.com", "2025-06-14", labeled("g8"), revoked("2025-06-16")), // revoked "tomorrow"
		entry("someprovider", "x@example.com", "2020-01-01", labeled("s1")),                    // unknown provider
		entry("qq", "1@qq.com", "2025-06-15", labeled("q1"), revoked("2025-05-16")),            // revoked 30 days ago
		entry("qq", "1@qq.com", "2025-05-10", labeled("q2"), revoked("2025-05-15")),            // revoked 31 days ago
		entry("yahoo", "a@yahoo.com", "2025-06-14", labeled("y2"), deleted),                    // only a tombstone
	}
	for _, c := range []struct {
		f      review.Filter
		limit  int
		recent int
		want   []string
	}{
		{review.FilterActive, 180, 30, []string{
			"google/ 0/1: g7",
			"google/ME@gmail.com 1/3: g2 g1*",
			"someprovider/x@example.com 0/1: s1*",
			"yahoo/b@yahoo.com 0/1: y1*",
		}},
		{review.FilterDue, 180, 30, []string{
			"google/ME@gmail.com 1/3: g1*",
			"someprovider/x@example.com 0/1: s1*",
			"yahoo/b@yahoo.com 0/1: y1*",
		}},
		{review.FilterDue, 3650, 30, []string{
			"someprovider/x@example.com 0/1: s1*",
			"yahoo/b@yahoo.com 0/1: y1*",
		}},
		{review.FilterRevoked, 180, 30, []string{
			"google/ME@gmail.com 1/3: g3",
			"google/other@gmail.com 1/1: g8",
			"qq/1@qq.com 1/1: q1",
		}},
		{review.FilterRevoked, 180, 0, []string{ // 0: default 30
			"google/ME@gmail.com 1/3: g3",
			"google/other@gmail.com 1/1: g8",
			"qq/1@qq.com 1/1: q1",
		}},
		{review.FilterRevoked, 180, 1000, []string{
			"google/ME@gmail.com 2/4: g3 g4",
			"google/other@gmail.com 1/1: g8",
			"qq/1@qq.com 2/2: q1 q2",
		}},
		{review.FilterRevoked, 180, 1, []string{
			"google/other@gmail.com 1/1: g8",
		}},
		{"nonsense", 180, 30, []string{ // FilterActive
			"google/ 0/1: g7",
			"google/ME@gmail.com 1/3: g2 g1*",
			"someprovider/x@example.com 0/1: s1*",
			"yahoo/b@yahoo.com 0/1: y1*",
		}},
	} {
		gs := review.Groups(es, k, c.f, today, c.limit, c.recent)
		if got := groupView(gs); !slices.Equal(got, c.want) {
			t.Errorf("Groups(%s, limit %d, recent %d) =\n%q\nwant\n%q", c.f, c.limit, c.recent, got, c.want)
		}
		// Counts adds up what Groups shows, for every filter.
		shown := 0
		for _, g := range gs {
			shown += len(g.Entries)
		}
		f := c.f
		if f != review.FilterDue && f != review.FilterRevoked {
			f = review.FilterActive
		}
		if n := review.Counts(es, today, c.limit, c.recent)[f]; n != shown {
			t.Errorf("Counts(limit %d, recent %d)[%s] = %d, Groups show %d", c.limit, c.recent, f, n, shown)
		}
	}

	gs := review.Groups(es, k, review.FilterActive, today, 180, 30)
	if done, total := review.Progress(gs); done != 1 || total != 6 {
		t.Errorf("Progress = %d/%d, want 1/6", done, total)
	}
	if done, total := review.Progress(nil); done != 0 || total != 0 {
		t.Error("Progress(nil) is not 0/0")
	}
	// The links and steps are the knowledge base's.
	for _, g := range gs {
		p := k.ByID(g.ProviderID)
		if p == nil {
			if g.ManageURL != "" || g.ManageSteps != "" || g.Uncertain {
				t.Errorf("unknown provider %s has a link: %+v", g.ProviderID, g)
			}
			continue
		}
		if g.ManageURL != p.Manage.URL || g.ManageSteps != p.Manage.Steps || g.Uncertain != (p.Manage.Uncertain != "") {
			t.Errorf("%s: link %q steps %q uncertain %v, knowledge base %+v", g.ProviderID, g.ManageURL, g.ManageSteps, g.Uncertain, p.Manage)
		}
	}
	google, yahoo := gs[1], gs[3]
	if google.ManageURL != "https://myaccount.google.com/apppasswords" || google.Uncertain {
		t.Errorf("google's group: %+v", google)
	}
	if yahoo.ManageURL == "" || !yahoo.Uncertain {
		t.Errorf("yahoo's group is not marked uncertain: %+v", yahoo)
	}
	if it := google.Entries[1]; it.Why != review.ReasonOld || google.Entries[0].Why != "" {
		t.Errorf("google's items: %+v", google.Entries)
	}
	if it := yahoo.Entries[0]; it.Why != review.ReasonUnconfirmed {
		t.Errorf("yahoo's item: %+v", it)
	}

	if gs := review.Groups(nil, k, review.FilterActive, today, 180, 30); len(gs) != 0 {
		t.Error("groups without entries")
	}
	if gs := review.Groups(es, nil, review.FilterActive, today, 180, 30); len(gs) != 4 || gs[1].ManageURL != "" {
		t.Error("a nil knowledge base does not give plain groups")
	}
}

// Items are newest first: by day made, then by last change, then by id; in
// the revoked view by the day revoked first.
func TestGroupOrder(t *testing.T) {
	k := loadKB(t)
	es := []ledger.Entry{
		entry("google", "", "2025-01-01", labeled("a"), updated(5)),
		entry("google", "", "2025-03-01", labeled("b"), updated(1)),
		entry("google", "", "2025-01-01", labeled("c"), updated(9)),
		entry("google", "", "2025-02-01", labeled("d"), revoked("2025-06-14"), updated(1)),
		entry("google", "", "2025-04-01", labeled("e"), revoked("2025-06-01"), updated(1)),
	}
	if got := groupView(review.Groups(es, k, review.FilterActive, today, 180, 30)); !slices.Equal(got, []string{"google/ 2/5: b* c* a*"}) {
		t.Errorf("active order %q", got)
	}
	if got := groupView(review.Groups(es, k, review.FilterRevoked, today, 180, 30)); !slices.Equal(got, []string{"google/ 2/5: d e"}) {
		t.Errorf("revoked order %q", got)
	}
}
