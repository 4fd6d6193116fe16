// Package kb is Mailkey's provider knowledge base: for each mail provider, what
// a third-party program must use instead of the account password, where to
// make and revoke it, the servers, the refusal texts, and the provider's own
// pages. Every fact carries its sources and the date it was checked; the data
// lives in providers/*.json, one reviewed file per provider, and its prose in
// _locales under the message keys the data names.
package kb

import (
	"errors"
	"sort"
	"strings"
)

// Method is what a provider's IMAP/POP/SMTP servers accept from other programs.
type Method string

// The access methods.
const (
	AppPassword    Method = "app_password"       // a generated per-app password
	AuthCode       Method = "authorization_code" // 授权码 / 客户端授权密码
	OAuthOnly      Method = "oauth_only"         // passwords refused; the program must sign in with OAuth
	NormalPassword Method = "normal_password"    // the account password works
	BridgePassword Method = "bridge_password"    // a password from a local bridge program
	NoAccess       Method = "no_access"          // no IMAP, POP or SMTP at all: nothing can collect it
)

// Fact is the provenance every fact carries. The browser binaries carry
// less of it (see internal/kbgen): no Sources, and Unconfirmed for every
// Uncertain, since they only show whether a fact is confirmed.
type Fact struct {
	Sources   []string // refs into Provider.Sources
	Checked   string   // YYYY-MM-DD; the provider's date when the data leaves it out
	Uncertain string   // why the fact is not confirmed; empty when it is
	// A fact about a change is dated: Since is the day (YYYY-MM-DD) the
	// change took effect; Announced the day a change the provider has
	// announced takes effect, which must be checked again once it passes.
	// The hint says "as of" the check date for dated facts.
	Since     string
	Announced string
}

// Unconfirmed is every unconfirmed fact's Uncertain in the browser binaries,
// where the reason is left out.
const Unconfirmed = "not confirmed: the reason is in the provider's JSON"

// Dated reports whether the fact is about a change, and so true only as of
// its check date.
func (f Fact) Dated() bool { return f.Since != "" || f.Announced != "" }

// Source is one cited page.
type Source struct {
	Ref string
	URL string
}

// Link is a page the hint can send a person to, with the steps to take there.
type Link struct {
	URL   string // https
	Steps string // message key; may be empty
	Fact
}

// Precondition is something to do before the app password works.
type Precondition struct {
	Msg       string   // message key
	URL       string   // where to do it; may be empty
	Protocols []string // only relevant for these protocols; empty for all
	Fact
}

// Server is one mail server a program connects to.
type Server struct {
	Proto    string // pop3, imap, smtp
	Host     string
	Port     int
	Security string // ssl, starttls
	// Shared marks a server another provider runs and claims (Microsoft
	// 365 mailboxes use Outlook.com's outlook.office365.com): listed for
	// what to type, but the host names the other provider.
	Shared bool
}

// Refusal is a text a server or webmail shows when it refuses the password.
type Refusal struct {
	Pattern   string
	Example   string
	Meaning   string // message key
	Ambiguous bool   // the same text also means a plain wrong password
	Fact
	re matcher
}

// Matches reports whether the refusal's pattern occurs in text.
func (r *Refusal) Matches(text string) bool { return r.re != nil && r.re.MatchString(text) }

// matcher is a compiled pattern: Go's regexp natively, the browser's RegExp
// in wasm (Go's regexp would add 550 KB to the browser binary). Patterns keep
// to the syntax both engines read alike; see portablePattern.
type matcher interface{ MatchString(string) bool }

// PageKind is the kind of a provider's own page.
type PageKind string

// The page kinds the knowledge base records.
const (
	CollectorPage PageKind = "collector" // collects another mailbox (POP/IMAP fetcher)
	GeneratorPage PageKind = "generator" // makes app passwords / authorization codes
	RevokePage    PageKind = "revoke"    // lists and revokes them
	SetupPage     PageKind = "setup"     // client set-up help that asks for an address and password
)

// Page is one of a provider's own pages.
type Page struct {
	Kind      PageKind
	Host      string
	Path      string   // path prefix; "" for any
	Fragment  string   // fragment prefix (single-page apps); "" for any
	Protocols []string // collector: what it fetches with
	Label     string   // message key: the ledger label suggested for a password made for it
	UsedBy    string   // message key: the "used by" of that ledger entry
	// Generator pages: CreateWords are the words (lower case) on the control
	// of the step that makes the password, where the provider's wording is
	// not a generic "create" or "generate" (Mail.ru's Продолжить); and
	// MadeOnArrival says that opening the page makes a new password and
	// shows it, with no further step (Microsoft's).
	CreateWords   []string
	MadeOnArrival bool
	// Closed is set on a collector page whose provider no longer fetches
	// other mailboxes: what the hint says there instead of how to connect.
	Closed *Note
	Fact
}

// Note is a further fact worth telling, such as "no POP at all".
type Note struct {
	Msg string
	Fact
}

// Provider is everything known about one mail provider.
type Provider struct {
	ID      string
	Name    string // message key
	Checked string
	Sources []Source

	Method        Method
	MethodWith2FA Method // when two-step verification changes what is needed; "" otherwise
	Access        string // message key: what third-party access needs, in a sentence or two
	MethodFact    Fact

	// Generates is what the provider's generator pages make when Method
	// says mail programs need something else (Microsoft accounts make app
	// passwords although Outlook.com wants OAuth); "" otherwise. GeneratesFor
	// is a message key: what they are for.
	Generates     Method
	GeneratesFor  string
	GeneratesFact Fact

	Domains     []string // address domains
	DomainsFact Fact

	Webmail, Account, Help []string // hosts of the provider's own pages
	HostsFact              Fact
	// Unrecognised says no page on these hosts is one Mailkey recognises
	// (Tuta's web app has no collector and nothing to make): the content
	// script does not run there.
	Unrecognised bool

	Servers     []Server
	ServersFact Fact

	Preconditions []Precondition
	Create        Link
	Manage        Link
	HelpPage      Link

	// PasswordChangeRevokes is true when changing the account password
	// invalidates every app password; nil when not known.
	PasswordChangeRevokes *bool
	PasswordChangeFact    Fact

	Refusals []Refusal
	Pages    []Page
	Notes    []Note
}

// Hosts lists every host of the provider's own pages.
func (p *Provider) Hosts() []string {
	out := append(append(append([]string{}, p.Webmail...), p.Account...), p.Help...)
	for _, pg := range p.Pages {
		out = append(out, pg.Host)
	}
	return dedupe(out)
}

// CheckedOn is the day a fact of this provider was last checked: its own
// check date, or the provider's.
func (p *Provider) CheckedOn(f Fact) string {
	if f.Checked != "" {
		return f.Checked
	}
	return p.Checked
}

// ServerFor returns the provider's first server for a protocol.
func (p *Provider) ServerFor(proto string) (Server, bool) {
	for _, s := range p.Servers {
		if s.Proto == proto {
			return s, true
		}
	}
	return Server{}, false
}

// MakesPassword reports whether a mail program needs a password the person
// makes at the provider (an app password, an authorization code, a Bridge
// password): not for the account password, OAuth or no access at all.
func (p *Provider) MakesPassword() bool {
	switch p.Needs() {
	case AppPassword, AuthCode, BridgePassword:
		return true
	}
	return false
}

// Needs is what a mail program must be given: Method, or MethodWith2FA for
// a provider whose account password works only until two-step verification
// is on.
func (p *Provider) Needs() Method {
	if p.Method == NormalPassword && p.MethodWith2FA != "" {
		return p.MethodWith2FA
	}
	return p.Method
}

// KB is the loaded knowledge base.
type KB struct {
	Providers []*Provider
	byID      map[string]*Provider
	byDomain  map[string]*Provider
	byHost    map[string]*Provider
	byServer  map[string]*Provider
}

// New indexes providers, refusing one that claims a domain or host another claims.
func New(ps []*Provider) (*KB, error) {
	k := &KB{Providers: ps, byID: map[string]*Provider{}, byDomain: map[string]*Provider{},
		byHost: map[string]*Provider{}, byServer: map[string]*Provider{}}
	claim := func(m map[string]*Provider, what, key string, p *Provider) error {
		if q, ok := m[key]; ok && q != p {
			return errors.New(what + " " + key + " is claimed by both " + q.ID + " and " + p.ID)
		}
		m[key] = p
		return nil
	}
	for _, p := range ps {
		if err := claim(k.byID, "id", p.ID, p); err != nil {
			return nil, err
		}
		for _, d := range p.Domains {
			if err := claim(k.byDomain, "address domain", d, p); err != nil {
				return nil, err
			}
		}
		for _, h := range p.Hosts() {
			if err := claim(k.byHost, "host", h, p); err != nil {
				return nil, err
			}
		}
		for _, s := range p.Servers {
			if s.Shared {
				continue
			}
			if err := claim(k.byServer, "server", s.Host, p); err != nil {
				return nil, err
			}
		}
	}
	for _, p := range ps {
		for _, s := range p.Servers {
			if q := k.byServer[s.Host]; s.Shared && (q == nil || q == p) {
				return nil, errors.New("server " + s.Host + " of " + p.ID + " is marked shared, but no other provider claims it")
			}
		}
	}
	// By id. An insertion sort: there are a few dozen, and sort.Slice would
	// bring reflection into the browser binary.
	for i := 1; i < len(k.Providers); i++ {
		for j := i; j > 0 && k.Providers[j].ID < k.Providers[j-1].ID; j-- {
			k.Providers[j], k.Providers[j-1] = k.Providers[j-1], k.Providers[j]
		}
	}
	return k, nil
}

// ByID returns a provider by its id.
func (k *KB) ByID(id string) *Provider { return k.byID[id] }

// ByAddress answers "which provider is this address": by its domain, or nil.
func (k *KB) ByAddress(addr string) *Provider {
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return nil
	}
	return k.byDomain[strings.ToLower(strings.TrimSuffix(strings.TrimSpace(addr[at+1:]), "."))]
}

// ByHost returns the provider whose own page is on host, or nil.
func (k *KB) ByHost(host string) *Provider { return k.byHost[strings.ToLower(host)] }

// ByServer returns the provider that runs a mail server host, or nil.
func (k *KB) ByServer(host string) *Provider {
	return k.byServer[strings.ToLower(strings.TrimSuffix(strings.TrimSpace(host), "."))]
}

// PagesOn returns the provider pages recorded for a host.
func (k *KB) PagesOn(host string) []Page {
	p := k.ByHost(host)
	if p == nil {
		return nil
	}
	var out []Page
	for _, pg := range p.Pages {
		if pg.Host == host {
			out = append(out, pg)
		}
	}
	return out
}

// Hosts returns every host Mailkey runs on, sorted: the content script's
// matches. A provider whose pages Mailkey does not recognise adds none.
func (k *KB) Hosts() []string {
	var out []string
	for h, p := range k.byHost {
		if !p.Unrecognised {
			out = append(out, h)
		}
	}
	sort.Strings(out)
	return out
}

// RefusalMatch is a refusal text recognised in some page or log text.
type RefusalMatch struct {
	Provider *Provider
	Refusal  *Refusal
}

// MatchRefusals returns the refusals whose pattern occurs in text, in
// knowledge-base order.
func (k *KB) MatchRefusals(text string) []RefusalMatch {
	var out []RefusalMatch
	for _, p := range k.Providers {
		for i := range p.Refusals {
			if p.Refusals[i].Matches(text) {
				out = append(out, RefusalMatch{p, &p.Refusals[i]})
			}
		}
	}
	return out
}

func dedupe(in []string) []string {
	seen := map[string]bool{}
	out := in[:0]
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
