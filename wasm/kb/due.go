package kb

import (
	"strconv"
	"time"
)

// NamedFact is one fact of a provider, with where it sits in its file.
type NamedFact struct {
	What string // "method", "notes[2]", "pages[0].closed" ...
	Fact
}

// Facts lists every fact the provider states, with the place it sits.
func (p *Provider) Facts() []NamedFact {
	out := []NamedFact{{"method", p.MethodFact}}
	add := func(what string, f Fact, present bool) {
		if present {
			out = append(out, NamedFact{what, f})
		}
	}
	add("generates", p.GeneratesFact, p.Generates != "")
	add("domains", p.DomainsFact, len(p.Domains) > 0)
	add("hosts", p.HostsFact, true)
	add("servers", p.ServersFact, len(p.Servers) > 0)
	for i, pre := range p.Preconditions {
		add("preconditions["+strconv.Itoa(i)+"]", pre.Fact, true)
	}
	add("create", p.Create.Fact, p.Create.URL != "" || p.Create.Steps != "")
	add("manage", p.Manage.Fact, p.Manage.URL != "" || p.Manage.Steps != "")
	add("help", p.HelpPage.Fact, p.HelpPage.URL != "")
	add("password_change_revokes", p.PasswordChangeFact, p.PasswordChangeRevokes != nil)
	for i, r := range p.Refusals {
		add("refusals["+strconv.Itoa(i)+"]", r.Fact, true)
	}
	for i, pg := range p.Pages {
		what := "pages[" + strconv.Itoa(i) + "]"
		add(what, pg.Fact, true)
		if pg.Closed != nil {
			add(what+".closed", pg.Closed.Fact, true)
		}
	}
	for i, n := range p.Notes {
		add("notes["+strconv.Itoa(i)+"]", n.Fact, true)
	}
	return out
}

// Due is a fact to check again.
type Due struct {
	Provider string
	What     string
	Reason   string // DueStale or DueAnnounced
	Date     string // the check date, or the announced date that passed
}

// The reasons a fact is due.
const (
	DueStale     = "stale"     // checked longer ago than the allowed age
	DueAnnounced = "announced" // the change it announces was to take effect by now
)

// MaxFactAge is how long a fact may go unchecked, in days.
const MaxFactAge = 180

// DueFacts lists the facts to check again on the given day: those checked
// more than maxAge days before it, and those whose announced change should
// have taken effect by then, so the knowledge base cannot go stale silently.
func (k *KB) DueFacts(today time.Time, maxAge int) []Due {
	day := today.UTC().Format("2006-01-02")
	oldest := today.UTC().AddDate(0, 0, -maxAge).Format("2006-01-02")
	var out []Due
	for _, p := range k.Providers {
		for _, f := range p.Facts() {
			// YYYY-MM-DD dates compare as strings.
			if checked := p.CheckedOn(f.Fact); checked < oldest {
				out = append(out, Due{p.ID, f.What, DueStale, checked})
			}
			if f.Announced != "" && f.Announced <= day {
				out = append(out, Due{p.ID, f.What, DueAnnounced, f.Announced})
			}
		}
	}
	return out
}
