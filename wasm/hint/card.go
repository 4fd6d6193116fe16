package hint

import (
	"strconv"

	"mailkey/wasm/i18n"
	"mailkey/wasm/kb"
)

// Card is everything Mailkey knows about one provider, localized: what the
// popup's Guide and "This page" show.
type Card struct {
	Provider  string // id
	Name      string
	Title     string // what it needs, as a sentence
	Access    string
	Before    []Item
	Steps     *Item
	Create    *Link
	Manage    *Link
	Revoke    *Item // how to revoke there
	Help      *Link
	Servers   []string
	Notes     []Item
	Uncertain string // the localized "not confirmed" marker
}

// CardFor builds a provider's card.
func CardFor(p *kb.Provider, cat *i18n.Catalog, locale string) *Card {
	t := func(key string, args ...string) string { return cat.Text(locale, key, args...) }
	name := t(p.Name)
	c := &Card{Provider: p.ID, Name: name, Title: t(titleKey(p), name), Access: dated(t, t(p.Access), p, p.MethodFact), Uncertain: t("hint_uncertain")}
	for _, pre := range p.Preconditions {
		c.Before = append(c.Before, preItem(t, p, pre))
	}
	if p.Create.Steps != "" {
		c.Steps = &Item{Text: t(p.Create.Steps), Uncertain: p.Create.Uncertain != ""}
	}
	if p.Create.URL != "" {
		c.Create = &Link{Text: t("hint_open_create", name), URL: p.Create.URL}
	}
	if p.Manage.URL != "" {
		c.Manage = &Link{Text: t("card_open_manage", name), URL: p.Manage.URL}
	}
	if p.Manage.Steps != "" {
		c.Revoke = &Item{Text: t(p.Manage.Steps), Uncertain: p.Manage.Uncertain != ""}
	}
	if p.HelpPage.URL != "" {
		c.Help = &Link{Text: t("hint_help", name), URL: p.HelpPage.URL}
	}
	for _, s := range p.Servers {
		c.Servers = append(c.Servers, t("hint_server_line", protoName(s.Proto), s.Host, strconv.Itoa(s.Port), t("security_"+s.Security)))
	}
	for _, n := range p.Notes {
		c.Notes = append(c.Notes, noteItem(t, p, n))
	}
	return c
}
