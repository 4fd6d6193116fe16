package review

import (
	"strings"
	"time"

	"mailkey/wasm/kb"
	"mailkey/wasm/ledger"
)

// Filter is what the checklist shows.
type Filter string

// The checklist's filters.
const (
	FilterDue     Filter = "due"     // active entries due for review
	FilterActive  Filter = "active"  // every active entry
	FilterRevoked Filter = "revoked" // entries revoked in the last recentDays days
)

// Item is one entry in the checklist.
type Item struct {
	Entry ledger.Entry
	Due   bool
	Why   Reason
}

// Group is the checklist's entries of one provider and account.
type Group struct {
	ProviderID  string
	Account     string // as written in the group's most recently changed entry; "" for none
	ManageURL   string // the provider's page that lists and revokes them; "" if not known
	ManageSteps string // message key of the steps to revoke there; "" if none
	Uncertain   bool   // the knowledge base marks the link or steps unconfirmed
	Entries     []Item
	Done, Total int // progress: Total counts the active and recently revoked entries, Done the revoked
}

// Groups builds the checklist: entries grouped by provider and account (the
// account compared ignoring case and surrounding spaces), showing those that
// fit the filter. A group with nothing to show is left out, but Done and
// Total always count the whole group, whatever the filter: Total the entries
// that are active or were revoked within recentDays days, Done those revoked.
// Deleted entries never appear nor count. Entries of a provider the knowledge
// base does not know are grouped too, without a link.
//
// Groups are ordered by provider id, then account ("" first). Items are
// newest first: by the day made, then the last change; in FilterRevoked by
// the day revoked first. A revocation dated in the future (time zones)
// counts as recent. limitDays and recentDays out of range take
// DefaultLimitDays and DefaultRecentDays; an unknown filter is FilterActive.
func Groups(entries []ledger.Entry, k *kb.KB, f Filter, today time.Time, limitDays, recentDays int) []Group {
	recent := recentOrDefault(recentDays)
	if f != FilterDue && f != FilterRevoked {
		f = FilterActive
	}
	index := map[string]int{} // provider id, NUL, lowercased account
	var groups []Group
	var latest []int64 // Updated of the entry whose account the group shows
	for _, e := range entries {
		if e.Deleted != 0 {
			continue
		}
		active := e.Active()
		if !active && !revokedWithin(e, today, recent) {
			continue
		}
		gk := e.Provider + "\x00" + strings.ToLower(strings.TrimSpace(e.Account))
		i, ok := index[gk]
		if !ok {
			i = len(groups)
			index[gk] = i
			groups = append(groups, newGroup(e.Provider, k))
			latest = append(latest, -1)
		}
		g := &groups[i]
		if e.Updated > latest[i] {
			g.Account, latest[i] = strings.TrimSpace(e.Account), e.Updated
		}
		g.Total++
		if !active {
			g.Done++
		}
		it := Item{Entry: e}
		if active {
			it.Due, it.Why = Due(e, today, limitDays)
		}
		if f == FilterActive && active || f == FilterDue && it.Due || f == FilterRevoked && !active {
			g.Entries = append(g.Entries, it)
		}
	}
	var shown []Group
	for _, g := range groups {
		if len(g.Entries) == 0 {
			continue
		}
		items := g.Entries
		g.Entries = make([]Item, 0, len(items))
		for _, i := range ledger.Order(len(items), func(a, b int) int { return newer(items[a].Entry, items[b].Entry, f == FilterRevoked) }) {
			g.Entries = append(g.Entries, items[i])
		}
		shown = append(shown, g)
	}
	out := make([]Group, 0, len(shown))
	for _, i := range ledger.Order(len(shown), func(a, b int) int {
		x, y := &shown[a], &shown[b]
		if c := strings.Compare(x.ProviderID, y.ProviderID); c != 0 {
			return c
		}
		if c := strings.Compare(strings.ToLower(x.Account), strings.ToLower(y.Account)); c != 0 {
			return c
		}
		return strings.Compare(x.Account, y.Account)
	}) {
		out = append(out, shown[i])
	}
	return out
}

func newGroup(providerID string, k *kb.KB) Group {
	g := Group{ProviderID: providerID}
	if k == nil {
		return g
	}
	if p := k.ByID(providerID); p != nil {
		g.ManageURL, g.ManageSteps = p.Manage.URL, p.Manage.Steps
		g.Uncertain = p.Manage.Uncertain != "" && (p.Manage.URL != "" || p.Manage.Steps != "")
	}
	return g
}

// newer orders entries newest first.
func newer(a, b ledger.Entry, byRevoked bool) int {
	if byRevoked {
		if c := strings.Compare(b.Revoked, a.Revoked); c != 0 {
			return c
		}
	}
	return ledger.NewestFirst(a, b)
}

// revokedWithin reports whether e was revoked no more than days days ago.
func revokedWithin(e ledger.Entry, today time.Time, days int) bool {
	if e.Revoked == "" {
		return false
	}
	n, ok := daysSince(e.Revoked, today)
	return ok && n <= days
}

// Progress sums the groups' progress: the checklist's overall "done of total".
func Progress(groups []Group) (done, total int) {
	for _, g := range groups {
		done += g.Done
		total += g.Total
	}
	return done, total
}

// Counts is how many entries each filter shows, as the items of Groups would
// add up, in one pass and without grouping or sorting (the checklist's filter
// labels).
func Counts(entries []ledger.Entry, today time.Time, limitDays, recentDays int) map[Filter]int {
	recent := recentOrDefault(recentDays)
	out := map[Filter]int{FilterDue: 0, FilterActive: 0, FilterRevoked: 0}
	for _, e := range entries {
		switch {
		case e.Deleted != 0:
		case e.Active():
			out[FilterActive]++
			if due, _ := Due(e, today, limitDays); due {
				out[FilterDue]++
			}
		case revokedWithin(e, today, recent):
			out[FilterRevoked]++
		}
	}
	return out
}
