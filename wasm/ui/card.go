//go:build js && wasm

package main

import (
	"mailkey/wasm/dom"

	"mailkey/wasm/hint"
)

// renderCard draws a provider card.
func (a *app) renderCard(c *hint.Card) dom.Element {
	unc := func(it hint.Item) any {
		if it.Uncertain {
			return el("span", attrs{"class": "unc"}, " ("+c.Uncertain+")")
		}
		return nil
	}
	item := func(it hint.Item) dom.Element {
		if it.URL != "" {
			return el("li", nil, link(it.Text, it.URL), unc(it))
		}
		return el("li", nil, it.Text, unc(it))
	}
	card := el("article", attrs{"class": "card", "aria-label": c.Name},
		el("h2", nil, c.Title), el("p", nil, c.Access))
	if len(c.Notes) > 0 {
		ul := el("ul", nil)
		for _, n := range c.Notes {
			ul.AppendChild(item(n))
		}
		card.AppendChild(ul)
	}
	if len(c.Before) > 0 {
		ol := el("ol", nil)
		for _, b := range c.Before {
			ol.AppendChild(item(b))
		}
		card.AppendChild(el("h3", nil, a.t("hint_before")))
		card.AppendChild(ol)
	}
	if c.Steps != nil {
		card.AppendChild(el("h3", nil, a.t("hint_steps")))
		card.AppendChild(el("p", nil, c.Steps.Text, unc(*c.Steps)))
	}
	if c.Revoke != nil {
		card.AppendChild(el("h3", nil, a.t("card_revoke")))
		card.AppendChild(el("p", nil, c.Revoke.Text, unc(*c.Revoke)))
	}
	if len(c.Servers) > 0 {
		ul := el("ul", nil)
		for _, s := range c.Servers {
			ul.AppendChild(el("li", nil, s))
		}
		card.AppendChild(el("h3", nil, a.t("hint_servers")))
		card.AppendChild(ul)
	}
	links := el("p", attrs{"class": "links"})
	for _, l := range []*hint.Link{c.Create, c.Manage, c.Help} {
		if l != nil {
			links.AppendChild(link(l.Text, l.URL))
		}
	}
	card.AppendChild(links)
	return card
}
