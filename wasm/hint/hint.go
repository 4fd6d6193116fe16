// Package hint writes what Mailkey says next to a password field: from a
// finding and the knowledge base, a localized, self-contained description
// that the content script only has to draw (as text, never as HTML).
package hint

import (
	"strconv"
	"strings"

	"mailkey/wasm/classify"
	"mailkey/wasm/i18n"
	"mailkey/wasm/jsonv"
	"mailkey/wasm/kb"
	"mailkey/wasm/ledger"
)

// Item is one line, optionally with a link.
type Item struct {
	Text      string
	URL       string
	Uncertain bool
}

// Link is a link the hint offers.
type Link struct {
	Text string
	URL  string
}

// Context is what an intent from the hint refers to. It stays in the
// worker (the brain keeps it per frame); the page gets only the hint's key.
type Context struct {
	Site     string // host of the page the hint is on
	Provider string // provider id; "" for an unknown provider
	Domain   string // the address domain, for an unknown provider
	Account  string // the address typed, if any
	UsedBy   string
	Kind     ledger.Kind
	Source   ledger.Source // hint, or generator on a provider's own page
}

// AddForm is the "I made it: add to my ledger" form.
type AddForm struct {
	Button, Label, LabelHelp, Value, Save, Cancel string
	Open                                          bool // shown open, not behind its button
}

// Hint is the whole hint, localized.
type Hint struct {
	Key      string // changes when the content changes
	Locale   string
	Lang     string // BCP 47, for the lang attribute
	Region   string // accessible name
	Title    string
	Refusal  *Refusal
	Access   string
	Notes    []Item
	Before   []Item
	Steps    *Item
	Servers  []string
	Open     *Link
	Help     *Link
	Add      *AddForm
	Headings map[string]string // before, steps, servers
	Buttons  map[string]string // notNow, close, uncertain, revoke
	Context  Context
	// Trigger is the sensor index of the button after whose click the hint
	// appears (a provider's "create app password"); -1 to show it at once.
	Trigger int
	// Arrival is true where the page made a password as it opened: the
	// hint offers to log it at once.
	Arrival bool
	// NameLists are the sensor indexes of the lists a person picks the
	// password's name from, read where a step has no name field.
	NameLists []int
	// Offer is the hint that offers to log a password once it is made
	// (after the trigger, or at once on arrival).
	Offer  *Hint
	Fixed  bool // placed in a corner of the window, not beside a field
	Revoke []RevokeItem
	// Lookup is the label of the button that opens the Guide to look up
	// who hosts an unknown domain's mail; empty for a known provider.
	Lookup string
}

// Refusal explains a refusal text shown on the page.
type Refusal struct {
	Heading, Quote, Meaning, Ambiguous string
}

// For builds the hint for a finding, or returns nil when there is nothing to
// say: no form that connects a mailbox, or no provider to speak of yet.
func For(f classify.Finding, k *kb.KB, cat *i18n.Catalog, locale string) *Hint {
	switch f.Kind {
	case classify.Collector, classify.Setup, classify.Refusal:
	default:
		return nil
	}
	if f.Anchor < 0 {
		return nil
	}
	t := func(key string, args ...string) string { return cat.Text(locale, key, args...) }
	h := &Hint{Locale: locale, Lang: i18n.LangTag(locale), Trigger: -1,
		Headings: map[string]string{"before": t("hint_before"), "steps": t("hint_steps"), "servers": t("hint_servers")},
		Buttons:  buttons(t),
		Context:  Context{Site: f.Site, Domain: f.Domain, Account: f.Address, Source: ledger.FromHint}}
	if pg := f.PageInfo; pg != nil && pg.Closed != nil && f.Form == classify.Collector && f.Page != nil {
		return closedCollector(h, f, t)
	}
	p := f.Provider
	if p == nil {
		if f.Domain == "" {
			return nil // nothing typed yet that says whose mailbox this is
		}
		h.Region = t("hint_region_unknown")
		h.Title = t("hint_title_unknown", f.Domain)
		h.Access = t("hint_unknown_body", f.Domain)
		if f.Refused != nil {
			h.Refusal = &Refusal{Heading: t("hint_refusal_heading"), Quote: f.Refused.Text}
		}
		h.Key = "unknown|" + f.Domain + "|" + string(f.Kind)
		h.Lookup = t("lookup_btn")
		return h
	}
	name := t(p.Name)
	h.Context.Provider = p.ID
	h.Region = t("hint_region", name)
	h.Title = t(titleKey(p), name)
	h.Access = dated(t, t(p.Access), p, p.MethodFact)
	if f.Refused != nil {
		h.Refusal = refusal(f, p, name, t)
	}
	// Only when the provider's servers are known: an empty list means
	// "not known", not "none".
	if f.Protocol != "" && f.Form == classify.Collector && len(p.Servers) > 0 {
		if _, ok := p.ServerFor(f.Protocol); !ok {
			h.Notes = append(h.Notes, Item{Text: t("hint_no_protocol", name, protoName(f.Protocol))})
		}
	}
	for _, n := range p.Notes {
		h.Notes = append(h.Notes, noteItem(t, p, n))
	}
	for _, pre := range p.Preconditions {
		if f.Protocol != "" && len(pre.Protocols) > 0 && !contains(pre.Protocols, f.Protocol) {
			continue
		}
		h.Before = append(h.Before, preItem(t, p, pre))
	}
	if p.Create.Steps != "" {
		h.Steps = &Item{Text: t(p.Create.Steps), Uncertain: p.Create.Uncertain != ""}
	}
	for _, s := range servers(p, f) {
		h.Servers = append(h.Servers, t("hint_server_line", protoName(s.Proto), s.Host, strconv.Itoa(s.Port), t("security_"+s.Security)))
	}
	if p.Create.URL != "" {
		h.Open = &Link{Text: t("hint_open_create", name), URL: p.Create.URL}
	}
	if p.HelpPage.URL != "" {
		h.Help = &Link{Text: t("hint_help", name), URL: p.HelpPage.URL}
	}
	if kind, ok := LedgerKind(p); ok {
		h.Context.Kind = kind
		label, usedBy := defaultLabels(f, t)
		h.Context.UsedBy = usedBy
		h.Add = &AddForm{Button: t("hint_add"), Label: t("hint_label"), LabelHelp: t("hint_label_help", name),
			Value: label, Save: t("hint_save"), Cancel: t("hint_cancel")}
	}
	h.Key = p.ID + "|" + string(f.Kind) + "|" + f.Protocol
	if f.Refused != nil {
		h.Key += "|" + f.Refused.Text
	}
	return h
}

// closedCollector is the hint on a collector page whose provider no longer
// fetches other mailboxes (Gmail's "Check mail from other accounts"): that,
// and what to do instead; nothing about making a password for it.
func closedCollector(h *Hint, f classify.Finding, t func(string, ...string) string) *Hint {
	closed := f.PageInfo.Closed
	site := t(f.Page.Name)
	h.Region = t("hint_region", site)
	h.Title = t("hint_title_collector_closed", site)
	h.Access = dated(t, t(closed.Msg), f.Page, closed.Fact)
	mailbox := f.Domain
	if f.Provider != nil {
		mailbox = t(f.Provider.Name)
		h.Context.Provider = f.Provider.ID
	}
	instead := t("hint_collector_closed_instead_any", site)
	if mailbox != "" {
		instead = t("hint_collector_closed_instead", site, mailbox)
	}
	h.Notes = append(h.Notes, Item{Text: instead})
	if f.Refused != nil {
		h.Refusal = &Refusal{Heading: t("hint_refusal_heading"), Quote: f.Refused.Text}
	}
	h.Key = "closed|" + f.Site + "|" + mailbox
	return h
}

// dated adds "as of" the check date to the text of a fact about a change.
func dated(t func(string, ...string) string, text string, p *kb.Provider, f kb.Fact) string {
	if !f.Dated() {
		return text
	}
	return t("hint_as_of", text, p.CheckedOn(f))
}

func noteItem(t func(string, ...string) string, p *kb.Provider, n kb.Note) Item {
	return Item{Text: dated(t, t(n.Msg), p, n.Fact), Uncertain: n.Uncertain != ""}
}

func preItem(t func(string, ...string) string, p *kb.Provider, pre kb.Precondition) Item {
	return Item{Text: dated(t, t(pre.Msg), p, pre.Fact), URL: pre.URL, Uncertain: pre.Uncertain != ""}
}

func titleKey(p *kb.Provider) string {
	switch {
	case p.Method == kb.NormalPassword && p.MethodWith2FA != "":
		return "hint_title_if_2fa"
	default:
		return "hint_title_" + string(p.Method)
	}
}

func refusal(f classify.Finding, p *kb.Provider, name string, t func(string, ...string) string) *Refusal {
	r := &Refusal{Heading: t("hint_refusal_heading"), Quote: f.Refused.Text}
	if m := f.Refused.Match; m != nil {
		r.Meaning = t(m.Refusal.Meaning)
		if m.Refusal.Ambiguous {
			r.Ambiguous = t("hint_refusal_ambiguous", t(m.Provider.Name))
		}
		return r
	}
	r.Meaning = t("hint_refusal_generic", name, t("method_"+string(p.Needs())))
	return r
}

// servers lists what to type in the form: the fetch protocol's server for a
// collector; incoming and outgoing servers for a mail program.
func servers(p *kb.Provider, f classify.Finding) []kb.Server {
	var want []string
	switch {
	case f.Form == classify.Collector && f.Protocol != "":
		want = []string{f.Protocol}
	case f.Form == classify.Collector:
		want = []string{"pop3", "imap"}
	default:
		want = []string{"imap", "pop3", "smtp"}
	}
	var out []kb.Server
	for _, proto := range want {
		if s, ok := p.ServerFor(proto); ok {
			out = append(out, s)
		}
	}
	return out
}

// GeneratedKind says what the provider's own generator pages make, and
// whether it can be logged: what LedgerKind says, or else what the knowledge
// base says the pages make (Microsoft accounts make app passwords although
// Outlook.com wants OAuth).
func GeneratedKind(p *kb.Provider) (ledger.Kind, bool) {
	if k, ok := LedgerKind(p); ok {
		return k, true
	}
	switch p.Generates {
	case kb.AppPassword:
		return ledger.KindAppPassword, true
	case kb.AuthCode:
		return ledger.KindAuthCode, true
	}
	return "", false
}

// LedgerKind says what a ledger entry for this provider records, and
// whether there is anything to record at all (not for OAuth-only providers
// or those whose account password works).
func LedgerKind(p *kb.Provider) (ledger.Kind, bool) {
	switch p.Needs() {
	case kb.AppPassword:
		return ledger.KindAppPassword, true
	case kb.AuthCode:
		return ledger.KindAuthCode, true
	case kb.BridgePassword:
		return ledger.KindOther, true
	}
	return "", false
}

// defaultLabels suggests the ledger label and "used by" from where the person is.
func defaultLabels(f classify.Finding, t func(string, ...string) string) (label, usedBy string) {
	if pg := f.PageInfo; pg != nil && pg.Label != "" && (pg.Kind == kb.CollectorPage) == (f.Form == classify.Collector) {
		return t(pg.Label), t(pg.UsedBy)
	}
	page := t(f.Page.Name)
	if f.Form == classify.Collector {
		return t("label_default_collector", page), t("usedby_default_collector", page, f.Site)
	}
	return t("label_default_setup"), t("usedby_default_setup", f.Site)
}

func protoName(p string) string {
	switch p {
	case "pop3":
		return "POP3"
	case "imap":
		return "IMAP"
	default:
		return strings.ToUpper(p)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// JSON is the hint as the content script reads it.
func (h *Hint) JSON() jsonv.Value {
	items := func(list []Item) jsonv.Value {
		out := make([]jsonv.Value, len(list))
		for i, it := range list {
			out[i] = jsonv.Obj(jsonv.M("text", jsonv.Str(it.Text)), jsonv.M("url", jsonv.Str(it.URL)), jsonv.M("uncertain", jsonv.BoolValue(it.Uncertain)))
		}
		return jsonv.Arr(out...)
	}
	link := func(l *Link) jsonv.Value {
		if l == nil {
			return jsonv.Value{}
		}
		return jsonv.Obj(jsonv.M("text", jsonv.Str(l.Text)), jsonv.M("url", jsonv.Str(l.URL)))
	}
	strmap := func(m map[string]string, keys ...string) jsonv.Value {
		var ms []jsonv.Member
		for _, k := range keys {
			ms = append(ms, jsonv.M(k, jsonv.Str(m[k])))
		}
		return jsonv.Obj(ms...)
	}
	v := []jsonv.Member{
		jsonv.M("key", jsonv.Str(h.Key)), jsonv.M("lang", jsonv.Str(h.Lang)), jsonv.M("region", jsonv.Str(h.Region)),
		jsonv.M("title", jsonv.Str(h.Title)), jsonv.M("access", jsonv.Str(h.Access)),
		jsonv.M("notes", items(h.Notes)), jsonv.M("before", items(h.Before)),
		jsonv.M("servers", jsonv.Strings(h.Servers)), jsonv.M("open", link(h.Open)), jsonv.M("help", link(h.Help)),
		jsonv.M("headings", strmap(h.Headings, "before", "steps", "servers", "revoke")),
		jsonv.M("buttons", strmap(h.Buttons, "notNow", "close", "uncertain", "more", "revoke")),
		jsonv.M("trigger", jsonv.Int(int64(h.Trigger))),
		jsonv.M("arrival", jsonv.BoolValue(h.Arrival)),
	}
	if len(h.NameLists) > 0 {
		lists := make([]jsonv.Value, len(h.NameLists))
		for i, n := range h.NameLists {
			lists[i] = jsonv.Int(int64(n))
		}
		v = append(v, jsonv.M("nameLists", jsonv.Arr(lists...)))
	}
	var revoke []jsonv.Value
	for _, r := range h.Revoke {
		revoke = append(revoke, jsonv.Obj(jsonv.M("id", jsonv.Str(r.ID)), jsonv.M("label", jsonv.Str(r.Label)), jsonv.M("meta", jsonv.Str(r.Meta))))
	}
	v = append(v, jsonv.M("revoke", jsonv.Arr(revoke...)))
	if h.Offer != nil {
		v = append(v, jsonv.M("offer", h.Offer.JSON()))
	}
	if h.Fixed {
		v = append(v, jsonv.M("fixed", jsonv.BoolValue(true)))
	}
	if h.Lookup != "" {
		v = append(v, jsonv.M("lookup", jsonv.Str(h.Lookup)))
	}
	if h.Refusal != nil {
		v = append(v, jsonv.M("refusal", jsonv.Obj(jsonv.M("heading", jsonv.Str(h.Refusal.Heading)),
			jsonv.M("quote", jsonv.Str(h.Refusal.Quote)), jsonv.M("meaning", jsonv.Str(h.Refusal.Meaning)),
			jsonv.M("ambiguous", jsonv.Str(h.Refusal.Ambiguous)))))
	}
	if h.Steps != nil {
		v = append(v, jsonv.M("steps", items([]Item{*h.Steps}).Items()[0]))
	}
	if a := h.Add; a != nil {
		v = append(v, jsonv.M("add", jsonv.Obj(jsonv.M("button", jsonv.Str(a.Button)), jsonv.M("label", jsonv.Str(a.Label)),
			jsonv.M("labelHelp", jsonv.Str(a.LabelHelp)), jsonv.M("value", jsonv.Str(a.Value)),
			jsonv.M("save", jsonv.Str(a.Save)), jsonv.M("cancel", jsonv.Str(a.Cancel)), jsonv.M("open", jsonv.BoolValue(a.Open)))))
	}
	return jsonv.Obj(v...)
}

// JSON is the context as the brain keeps it.
func (c Context) JSON() jsonv.Value {
	return jsonv.Obj(jsonv.M("site", jsonv.Str(c.Site)), jsonv.M("provider", jsonv.Str(c.Provider)),
		jsonv.M("domain", jsonv.Str(c.Domain)), jsonv.M("account", jsonv.Str(c.Account)),
		jsonv.M("usedBy", jsonv.Str(c.UsedBy)), jsonv.M("kind", jsonv.Str(string(c.Kind))), jsonv.M("source", jsonv.Str(string(c.Source))))
}

// ContextFrom reads a kept context back.
func ContextFrom(v jsonv.Value) Context {
	return Context{Site: v.GetStr("site"), Provider: v.GetStr("provider"), Domain: v.GetStr("domain"),
		Account: v.GetStr("account"), UsedBy: v.GetStr("usedBy"), Kind: ledger.Kind(v.GetStr("kind")), Source: ledger.Source(v.GetStr("source"))}
}

// buttons are the captions every hint has: "not now", "close", the mark of
// an unconfirmed fact, and "more" (the details folded under the action).
func buttons(t func(key string, args ...string) string) map[string]string {
	return map[string]string{"notNow": t("hint_not_now"), "close": t("hint_close"), "uncertain": t("hint_uncertain"), "more": t("hint_more")}
}
