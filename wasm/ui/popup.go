//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"

	"mailkey/wasm/dom"
	"mailkey/wasm/hint"
	"mailkey/wasm/jsbridge"
	"mailkey/wasm/jsonv"
	"mailkey/wasm/review"
	"mailkey/wasm/wire"
)

// popup draws the popup: three tabs (This page, Ledger, Guide) following the
// WAI-ARIA tabs pattern, so arrow keys move between them.
func (a *app) popup(root dom.Element) {
	doc.Underlying().Set("title", a.t("extName"))
	tabs := el("div", attrs{"role": "tablist", "aria-label": a.t("extName"), "class": "tabs"})
	names := []struct{ id, label string }{{"page", a.t("popup_tab_page")}, {"ledger", a.t("popup_tab_ledger")}, {"guide", a.t("popup_tab_guide")}}
	var buttons, panels []dom.Element
	for _, n := range names {
		b := el("button", attrs{"role": "tab", "id": "tab-" + n.id, "aria-controls": "panel-" + n.id, "type": "button"}, n.label)
		p := el("section", attrs{"role": "tabpanel", "id": "panel-" + n.id, "aria-labelledby": "tab-" + n.id, "tabindex": "0"})
		tabs.AppendChild(b)
		buttons, panels = append(buttons, b), append(panels, p)
	}
	selectTab := func(i int, moveFocus bool) {
		for j := range buttons {
			sel := i == j
			buttons[j].SetAttribute("aria-selected", boolText(sel))
			buttons[j].SetAttribute("tabindex", map[bool]string{true: "0", false: "-1"}[sel])
			if sel {
				panels[j].RemoveAttribute("hidden")
			} else {
				panels[j].SetAttribute("hidden", "")
			}
		}
		if moveFocus {
			focus(buttons[i])
		}
	}
	for i, b := range buttons {
		on(b, "click", func(dom.Event) { selectTab(i, false) })
		on(b, "keydown", func(ev dom.Event) {
			switch ev.Underlying().Get("key").String() {
			case "ArrowRight":
				selectTab((i+1)%len(buttons), true)
			case "ArrowLeft":
				selectTab((i+len(buttons)-1)%len(buttons), true)
			case "Home":
				selectTab(0, true)
			case "End":
				selectTab(len(buttons)-1, true)
			default:
				return
			}
			ev.PreventDefault()
		})
	}
	checklist := el("a", attrs{"href": "checklist.html", "target": "_blank", "id": "open-checklist"}, a.t("popup_checklist"))
	settings := el("a", attrs{"href": "options.html", "target": "_blank", "id": "open-options"}, a.t("popup_settings"))
	replace(root, el("header", attrs{"class": "toolbar"}, el("h1", nil, a.t("extName")), el("span", nil, checklist, " · ", settings)), tabs, panels)
	// Opened by the hint's "look up who hosts this domain": the Guide, on
	// that domain (see brain.GuideLookupPage).
	lookup := lookupFromHash(js.Global().Get("location").Get("hash").String())
	if lookup != "" {
		selectTab(2, false)
	} else {
		selectTab(0, false)
	}
	a.thisPage(panels[0])
	a.ledger(panels[1])
	a.guide(panels[2], lookup)
}

// lookupFromHash is the domain in "#lookup=<domain>", which the browser
// gives percent-encoded when it is not ASCII; "" when there is none.
func lookupFromHash(hash string) (domain string) {
	defer func() {
		if recover() != nil { // decodeURIComponent throws on a bad escape
			domain = ""
		}
	}()
	raw, ok := strings.CutPrefix(hash, "#lookup=")
	if !ok {
		return ""
	}
	return js.Global().Call("decodeURIComponent", raw).String()
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// thisPage asks the worker what the active tab's frames found (the latest
// finding of a frame that found something) and shows that provider's card.
func (a *app) thisPage(panel dom.Element) {
	replace(panel, el("p", attrs{"class": "muted"}, a.t("page_looking")))
	go func() {
		tabs, err := jsbridge.Await(chrome().Get("tabs").Call("query", map[string]any{"active": true, "currentWindow": true}))
		if err != nil || tabs.Length() == 0 {
			replace(panel, el("p", nil, a.t("page_nothing")))
			return
		}
		ans, err := ask(jsonv.Obj(jsonv.M("type", jsonv.Str(wire.TabFinding)), jsonv.M("tab", jsonv.Int(int64(tabs.Index(0).Get("id").Int())))))
		answer, found := ans.Get("finding")
		if err != nil || !found {
			replace(panel, el("p", nil, a.t("page_nothing")))
			return
		}
		page, provider, kind := answer.GetStr("page"), answer.GetStr("provider"), answer.GetStr("kind")
		var out []any
		if pp := a.kb.ByID(page); pp != nil {
			out = append(out, el("p", nil, a.t("page_on", a.t(pp.Name), a.t("kind_"+kind))))
		}
		if p := a.kb.ByID(provider); p != nil {
			out = append(out, a.renderCard(hint.CardFor(p, a.cat, a.locale)))
		} else if d := answer.GetStr("domain"); d != "" {
			out = append(out, el("p", nil, a.t("hint_unknown_body", d)), a.lookupSection(d))
		}
		if len(out) == 0 {
			out = append(out, el("p", nil, a.t("page_nothing")))
		}
		replace(panel, out...)
	}()
}

// guide shows the card of the provider of any address typed, and explains
// an error pasted below it, read together with that address. A domain given
// fills the address field as "@domain".
func (a *app) guide(panel dom.Element, domain string) {
	input := el("input", attrs{"type": "email", "id": "guide-address", "autocomplete": "off", "spellcheck": "false",
		"placeholder": a.t("guide_placeholder"), "aria-describedby": "guide-help"})
	out := el("div", attrs{"aria-live": "polite", "class": "guide-out"})
	show := func() {
		addr := strings.TrimSpace(value(input))
		p := a.kb.ByAddress(addr)
		switch {
		case addr == "":
			replace(out)
		case !strings.Contains(addr, "@") || strings.HasSuffix(addr, "@") || !strings.Contains(addr[strings.LastIndexByte(addr, '@'):], "."):
			replace(out, el("p", attrs{"class": "muted"}, a.t("guide_incomplete")))
		case p == nil:
			domain := addr[strings.LastIndexByte(addr, '@')+1:]
			replace(out, el("h2", nil, a.t("hint_title_unknown", domain)), el("p", nil, a.t("hint_unknown_body", domain)),
				a.lookupSection(domain))
		default:
			replace(out, a.renderCard(hint.CardFor(p, a.cat, a.locale)))
		}
	}
	go a.watchResolver()
	decoder, explain := a.decoder(input)
	input.AddEventListener("input", false, func(dom.Event) { show(); explain() })
	if domain != "" {
		setValue(input, "@"+domain)
		show()
	}
	replace(panel, el("label", attrs{"for": "guide-address"}, a.t("guide_label")),
		input, el("p", attrs{"id": "guide-help", "class": "muted"}, a.t("guide_help")), out,
		decoder)
}

// decoder explains an error a mail program showed: which provider (or which
// few it may be), what it means, what to do. The address typed above, when
// there is one, is read with it. It returns the section and the function
// that redraws the explanation.
func (a *app) decoder(address dom.Element) (dom.Element, func()) {
	box := el("textarea", attrs{"id": "decode-text", "rows": "3", "spellcheck": "false", "aria-describedby": "decode-help"})
	out := el("div", attrs{"aria-live": "polite", "id": "decode-out"})
	explain := func() {
		// Only what the decoder reads crosses into Go (one unit more, so it
		// still sees that the paste was cut): a 1 MB log costs what 8 KB does.
		paste := js.Global().Get("String").New(box.Underlying().Get("value")) // an object: syscall/js calls no methods on a primitive
		text := strings.TrimSpace(paste.Call("slice", 0, review.MaxDecodeBytes+1).String())
		if text == "" {
			replace(out)
			return
		}
		addr := strings.TrimSpace(value(address))
		r := review.DecodeFor(text, addr, a.kb)
		var parts []any
		if r.Repaired != "" {
			parts = append(parts, el("p", attrs{"class": "muted"}, a.t("decode_repaired", r.Repaired)))
		}
		switch {
		case len(r.Matches) == 0 && r.Generic:
			parts = append(parts, el("p", nil, a.t("decode_generic")))
		case len(r.Matches) == 0:
			parts = append(parts, el("p", nil, a.t("decode_none")))
		}
		if r.Shared {
			parts = append(parts, el("p", nil, a.t("decode_shared")))
		}
		if r.ByAddress {
			parts = append(parts, el("p", attrs{"class": "muted"}, a.t("decode_with_address", addr)))
		}
		for _, m := range r.Matches {
			name := a.t(m.Provider.Name)
			meaning := m.Meaning.MessageKey()
			if m.Refusal != nil {
				meaning = m.Refusal.Meaning
			}
			parts = append(parts, el("h3", nil, a.t("decode_from", name)), el("p", nil, a.t(meaning)))
			if m.Refusal != nil && m.Refusal.Ambiguous {
				parts = append(parts, el("p", nil, a.t("hint_refusal_ambiguous", name)))
			}
			parts = append(parts, a.renderCard(hint.CardFor(m.Provider, a.cat, a.locale)))
		}
		replace(out, parts...)
	}
	box.AddEventListener("input", false, func(dom.Event) { explain() })
	return el("section", attrs{"aria-labelledby": "decode-h"},
		el("h2", attrs{"id": "decode-h"}, a.t("decode_h")),
		el("label", attrs{"for": "decode-text"}, a.t("decode_label")), box,
		el("p", attrs{"id": "decode-help", "class": "muted"}, a.t("decode_help")), out), explain
}
