//go:build js && wasm

package main

import (
	"cmp"
	"strings"
	"syscall/js"

	"mailkey/wasm/doh"
	"mailkey/wasm/dom"
	"mailkey/wasm/hint"
	"mailkey/wasm/jsbridge"
	"mailkey/wasm/jsonv"
	"mailkey/wasm/kb/mx"
)

// ResolverKey is where chrome.storage.local keeps the DNS-over-HTTPS
// resolver the person chose on the options page, as {"url":"https://..."};
// no key means doh.DefaultResolver. Nothing else about a lookup is stored.
const ResolverKey = "settings/doh"

// lookupTimeoutMs bounds the one request; a resolver that has not answered
// by then gets a message, not a spinner.
const lookupTimeoutMs = 5000

// chosenResolver is the resolver the lookup asks: read from storage once
// the page starts (watchResolver) and again whenever it changes, because the
// click must ask for its permission at once, without waiting for storage.
// Empty until read: the button waits, so that a quick click never sends
// the question to the default resolver when the person chose another.
var chosenResolver string

// watchResolver keeps chosenResolver current. Call it on a goroutine.
func (a *app) watchResolver() {
	read := func() {
		items, err := a.store.Get(ResolverKey)
		if err != nil {
			return // unreadable: the button stays waiting rather than guess
		}
		chosenResolver = doh.DefaultResolver
		if u, err := doh.CheckResolver(items[ResolverKey].GetStr("url")); err == nil {
			chosenResolver = u
		}
		if btn := doc.GetElementByID("lookup-mx"); btn != nil {
			btn.RemoveAttribute("disabled")
		}
	}
	read()
	a.store.OnChanged("local", func(keys []string) {
		for _, k := range keys {
			if k == ResolverKey {
				read()
			}
		}
	})
}

// lookupSection offers, for an address on a domain the knowledge base does
// not know, to ask one DNS-over-HTTPS resolver which provider hosts the
// domain's mail. Nothing is sent until the button is clicked; the click
// asks for the resolver's host permission first.
func (a *app) lookupSection(domain string) dom.Element {
	out := el("div", attrs{"id": "lookup-out", "aria-live": "polite"})
	btn := el("button", attrs{"type": "button", "id": "lookup-mx"}, a.t("lookup_btn"))
	if chosenResolver == "" {
		btn.SetAttribute("disabled", "")
	}
	on(btn, "click", func(dom.Event) {
		resolver := chosenResolver
		if resolver == "" {
			return
		}
		name := asciiDomain(domain)
		if _, err := doh.Query(name); err != nil {
			a.lookupFailed(out, errCode(err), domain, resolver) // nothing to ask: no permission either
			return
		}
		// Asked now, inside the click: the browser requires the gesture.
		perm := chrome().Get("permissions").Call("request", map[string]any{"origins": []any{doh.Origin(resolver)}})
		btn.SetAttribute("disabled", "")
		replace(out, el("p", attrs{"class": "muted"}, a.t("lookup_asking", domain, resolver)))
		go func() {
			defer btn.RemoveAttribute("disabled")
			if granted, err := jsbridge.Await(perm); err != nil || !granted.Bool() {
				a.lookupFailed(out, "permission", domain, resolver)
				return
			}
			hosts, code := a.askMX(resolver, name)
			if code != "" {
				a.lookupFailed(out, code, domain, resolver)
				return
			}
			a.showHosts(out, domain, hosts)
		}()
	})
	return el("div", attrs{"class": "lookup"},
		el("p", attrs{"class": "muted", "id": "lookup-help"}, a.t("lookup_help")),
		el("p", nil, btn), out)
}

// asciiDomain is domain as DNS asks for it: an internationalised name
// (例子.中国) in its ASCII form (xn--fsqu00a.xn--fiqs8s), converted by the
// browser's URL parser, which knows IDNA; Go's tables for it would add to
// the binary. A name the parser refuses is returned as it is, for doh to
// refuse.
func asciiDomain(domain string) (name string) {
	defer func() {
		if recover() != nil {
			name = domain
		}
	}()
	return js.Global().Get("URL").New("https://" + domain + "/").Get("hostname").String()
}

// askMX sends the one GET request and reads the answer; code says why there
// are no hosts ("" when there are).
func (a *app) askMX(resolver, domain string) ([]string, string) {
	url, err := doh.Request(resolver, domain)
	if err != nil {
		return nil, errCode(err)
	}
	init := map[string]any{
		"headers": map[string]any{"accept": doh.ContentType}, "credentials": "omit", "redirect": "error",
		"referrerPolicy": "no-referrer", "signal": js.Global().Get("AbortSignal").Call("timeout", lookupTimeoutMs),
	}
	resp, err := jsbridge.Await(js.Global().Call("fetch", url, init))
	if err != nil {
		if strings.Contains(err.Error(), "TimeoutError") || strings.Contains(err.Error(), "timed out") {
			return nil, "timeout"
		}
		return nil, "network"
	}
	if !resp.Get("ok").Bool() {
		return nil, "http"
	}
	buf, err := jsbridge.Await(resp.Call("arrayBuffer"))
	if err != nil {
		if strings.Contains(err.Error(), "TimeoutError") {
			return nil, "timeout"
		}
		return nil, "network"
	}
	arr := js.Global().Get("Uint8Array").New(buf)
	if arr.Length() > doh.MaxAnswer {
		return nil, "garbage"
	}
	body := make([]byte, arr.Length())
	js.CopyBytesToGo(body, arr)
	hosts, err := doh.MX(domain, body)
	if err != nil {
		return nil, errCode(err)
	}
	return hosts, ""
}

func errCode(err error) string {
	if e, ok := err.(*doh.Error); ok {
		return e.Code
	}
	return "garbage"
}

// lookupErrors are the messages for why a lookup gave no answer, by code:
// the doh package's codes and the fetch's own.
var lookupErrors = map[string]string{
	"permission": "lookup_err_permission", "timeout": "lookup_err_timeout", "network": "lookup_err_network",
	"http": "lookup_err_http", "nxdomain": "lookup_err_nxdomain", "no_mx": "lookup_err_no_mx",
	"garbage": "lookup_err_garbage", "resolver": "lookup_err_resolver", "domain": "lookup_err_domain",
}

func (a *app) lookupFailed(out dom.Element, code, domain, resolver string) {
	key, ok := lookupErrors[code]
	if !ok {
		key = lookupErrors["garbage"]
	}
	replace(out, el("p", attrs{"class": "err", "role": "alert", "id": "lookup-err", "data-code": code},
		a.t(key, domain, resolver)))
}

// showHosts names the provider (or the few) the MX hosts belong to, with
// each one's card, or says that none is known, naming the hosts.
func (a *app) showHosts(out dom.Element, domain string, hosts []string) {
	tab, err := mx.Load(a.kb)
	if err != nil {
		a.lookupFailed(out, "garbage", domain, "")
		return
	}
	matches := tab.Providers(hosts)
	list := strings.Join(hosts, ", ")
	parts := []any{}
	switch len(matches) {
	case 0:
		parts = append(parts, el("p", attrs{"id": "lookup-result"}, a.t("lookup_unknown", domain, list)))
	case 1:
		parts = append(parts, el("p", attrs{"id": "lookup-result"}, a.t("lookup_found", domain, a.t(a.kb.ByID(matches[0].Provider).Name), matches[0].Host)))
	default:
		parts = append(parts, el("p", attrs{"id": "lookup-result"}, a.t("lookup_several", domain, list)))
	}
	for _, m := range matches {
		if m.Uncertain {
			parts = append(parts, el("p", attrs{"class": "muted"}, a.t("lookup_uncertain", a.t(a.kb.ByID(m.Provider).Name))))
		}
		parts = append(parts, a.renderCard(hint.CardFor(a.kb.ByID(m.Provider), a.cat, a.locale)))
	}
	replace(out, parts...)
}

// resolverSection is the options page's setting: which resolver the lookup
// asks. Only a valid https URL is saved; anything else is refused with a
// message and changes nothing.
func (a *app) resolverSection() dom.Element {
	field := el("input", attrs{"type": "url", "id": "doh-resolver", "spellcheck": "false", "autocomplete": "off",
		"aria-describedby": "doh-help doh-status"})
	go func() {
		a.watchResolver()
		if value(field) == "" { // not over what the person typed meanwhile
			setValue(field, cmp.Or(chosenResolver, doh.DefaultResolver))
		}
	}()
	status := el("p", attrs{"id": "doh-status", "role": "status", "aria-live": "polite"})
	save := el("button", attrs{"type": "button", "id": "doh-save"}, a.t("doh_save"))
	reset := el("button", attrs{"type": "button", "id": "doh-reset"}, a.t("doh_reset"))
	write := func(items []jsonv.Member, remove bool, shown string) {
		go func() {
			var err error
			if remove {
				err = a.store.Remove(ResolverKey)
			} else {
				err = a.store.Set(items...)
			}
			if err != nil {
				status.SetAttribute("class", "err")
				status.SetTextContent(a.t("doh_err_storage"))
				return
			}
			setValue(field, shown)
			status.SetAttribute("class", "status")
			status.SetTextContent(a.t("doh_saved", shown))
		}()
	}
	on(save, "click", func(dom.Event) {
		u, err := doh.CheckResolver(value(field))
		if err != nil {
			status.SetAttribute("class", "err")
			status.SetTextContent(a.t("doh_err_url"))
			focus(field)
			return
		}
		write([]jsonv.Member{jsonv.M(ResolverKey, jsonv.Obj(jsonv.M("url", jsonv.Str(u))))}, false, u)
	})
	on(reset, "click", func(dom.Event) { write(nil, true, doh.DefaultResolver) })
	return el("section", attrs{"aria-labelledby": "doh-h"},
		el("h2", attrs{"id": "doh-h"}, a.t("doh_h")),
		el("p", attrs{"id": "doh-help"}, a.t("doh_help", doh.DefaultResolver)),
		el("div", attrs{"class": "settings"}, el("label", attrs{"for": "doh-resolver"}, a.t("doh_label")), field),
		el("p", nil, save, " ", reset), status)
}
