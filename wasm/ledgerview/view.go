// Package ledgerview decides what the ledger page shows: entries newest
// first, active and revoked apart, matched against a search across every
// field a person reads, and filtered by provider and state. Rows are built
// once per load; a keystroke only filters, so it stays fast at 10,000 entries.
package ledgerview

import (
	"strings"
	"time"

	"mailkey/wasm/i18n"
	"mailkey/wasm/kb"
	"mailkey/wasm/ledger"
)

// Row is one entry as the page draws it.
type Row struct {
	Entry        ledger.Entry
	ProviderName string
	ManageURL    string // where the provider lists and revokes it; "" if not known
	Age          int    // days since it was made
	haystack     string // every readable field, lower case
}

// States a filter can ask for.
const (
	All     = ""
	Active  = "active"
	Revoked = "revoked"
)

// Filter is what the person asked to see.
type Filter struct {
	Query    string
	Provider string // provider id; "" for all
	State    string
}

// View is the filtered ledger. It points into the rows it was made from
// (copying a Row per match made a keystroke at 10,000 entries several times
// slower), so those rows must not change while it is used.
type View struct {
	Active, Revoked []*Row
	Total           int // entries before filtering (tombstones excluded)
}

// Rows prepares the entries for display, newest first; deleted ones are left out.
func Rows(entries []ledger.Entry, k *kb.KB, cat *i18n.Catalog, locale string, today time.Time) []Row {
	rows := make([]Row, 0, len(entries))
	for _, e := range entries {
		if e.Deleted != 0 {
			continue
		}
		r := Row{Entry: e, ProviderName: e.Provider, Age: e.Age(today)}
		if p := k.ByID(e.Provider); p != nil {
			r.ProviderName = cat.Text(locale, p.Name)
			r.ManageURL = p.Manage.URL
		}
		r.haystack = strings.ToLower(strings.Join([]string{r.ProviderName, e.Provider, e.Account, e.Label, e.UsedBy,
			e.Note, e.RevokedHow, string(e.Kind), e.Created, e.Confirmed, e.Revoked}, "\x00"))
		rows = append(rows, r)
	}
	sorted := make([]Row, 0, len(rows))
	for _, i := range ledger.Order(len(rows), func(i, j int) int { return ledger.NewestFirst(rows[i].Entry, rows[j].Entry) }) {
		sorted = append(sorted, rows[i])
	}
	return sorted
}

// Apply filters prepared rows. Every word of the query must occur somewhere.
func Apply(rows []Row, f Filter) View {
	words := strings.Fields(strings.ToLower(f.Query))
	v := View{Total: len(rows)}
	for i := range rows {
		r := &rows[i]
		if f.Provider != "" && r.Entry.Provider != f.Provider {
			continue
		}
		revoked := r.Entry.Revoked != ""
		if f.State == Active && revoked || f.State == Revoked && !revoked {
			continue
		}
		match := true
		for _, w := range words {
			if !strings.Contains(r.haystack, w) {
				match = false
				break
			}
		}
		if !match {
			continue
		}
		if revoked {
			v.Revoked = append(v.Revoked, r)
		} else {
			v.Active = append(v.Active, r)
		}
	}
	return v
}
