//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"

	"mailkey/wasm/dom"
	"mailkey/wasm/i18n"
	"mailkey/wasm/jsbridge"
	"mailkey/wasm/jsonv"
	"mailkey/wasm/synckey"
	"mailkey/wasm/vault"
	"mailkey/wasm/wire"
)

// defaultBrowserName is what a browser is called until the person names it:
// the browser and the system it runs on ("Firefox on Linux").
func (a *app) defaultBrowserName() string {
	nav := js.Global().Get("navigator")
	platform := nav.Get("platform").String()
	if d := nav.Get("userAgentData"); d.Truthy() && d.Get("platform").String() != "" {
		platform = d.Get("platform").String()
	}
	system := platform
	for _, s := range []struct{ prefix, name string }{{"win", "Windows"}, {"mac", "macOS"}, {"cros", "ChromeOS"}, {"chrome os", "ChromeOS"},
		{"android", "Android"}, {"linux", "Linux"}, {"iphone", "iOS"}, {"ipad", "iPadOS"}} {
		if strings.HasPrefix(strings.ToLower(platform), s.prefix) {
			system = s.name
			break
		}
	}
	name := "Chrome"
	if firefox() {
		name = "Firefox"
	}
	return vault.CleanName(a.t("sync_name_default", name, system))
}

// nameField is the field for this browser's name, as the vault lists it.
func (a *app) nameField(current string) dom.Element {
	if current == "" {
		current = a.defaultBrowserName()
	}
	f := el("input", attrs{"type": "text", "id": "sync-name", "autocomplete": "off", "maxlength": "40", "aria-describedby": "sync-name-help"})
	if prev := doc.GetElementByID("sync-name"); prev != nil {
		current = value(prev) // the page is drawn again after every round: what was typed stays
	}
	setValue(f, current)
	return f
}

// browsersSection lists the browsers that joined (name, last seen), with
// this browser's name to change and "remove this browser" on the others.
func (o *optionsPage) browsersSection(ans jsonv.Value) dom.Element {
	listV, _ := ans.Get("browsers")
	self := ans.GetStr("self")
	items := []dom.Element{}
	for _, b := range vault.BrowsersFrom(listV) {
		seen := o.t("sync_browser_seen", when(b.Seen, o.locale))
		name := b.Name
		if name == "" {
			name = o.t("sync_browser_unnamed")
		}
		li := el("li", attrs{"class": "browser", "data-id": b.ID}, el("strong", nil, name), " ")
		if b.ID == self {
			appendAll(li, el("span", attrs{"class": "muted"}, o.t("sync_browser_this")), " ")
		}
		appendAll(li, el("span", attrs{"class": "muted"}, seen))
		if b.ID != self && ans.GetStr("code") != "" {
			remove := el("button", attrs{"type": "button", "class": "remove-browser", "aria-label": o.t("sync_remove_label", name)}, o.t("sync_remove_btn"))
			id := b.ID
			on(remove, "click", func(dom.Event) {
				o.removing = id
				go o.refresh()
			})
			appendAll(li, " ", remove)
			if o.removing == b.ID {
				appendAll(li, o.removeForm(ans, b))
			}
		}
		items = append(items, li)
	}
	name := o.nameField(ans.GetStr("name"))
	rename := el("button", attrs{"type": "button", "id": "sync-rename"}, o.t("sync_rename"))
	on(rename, "click", func(dom.Event) {
		go func() {
			replace(o.status, o.t("sync_running"))
			got, err := ask(jsonv.Obj(jsonv.M("type", jsonv.Str(wire.SyncRename)), jsonv.M("name", jsonv.Str(value(name)))))
			o.answered(got, err, func() {
				o.renderOn(got)
				replace(o.status, o.t("sync_done"))
			})
		}()
	})
	return el("section", attrs{"aria-labelledby": "sync-browsers-h", "class": "settings"},
		el("h3", attrs{"id": "sync-browsers-h"}, o.t("sync_browsers_h")),
		el("ul", attrs{"id": "sync-browsers"}, items),
		el("label", attrs{"for": "sync-name"}, o.t("sync_name")), name,
		el("p", attrs{"id": "sync-name-help", "class": "muted"}, o.t("sync_name_help")),
		el("p", nil, rename))
}

// removeForm confirms removing browser b: the secret is rotated, so the
// passphrase (checked against the vault in use) makes the new keys and the
// operator's enrollment token lets the server make the new vault.
func (o *optionsPage) removeForm(ans jsonv.Value, b vault.Browser) dom.Element {
	pass := el("input", attrs{"type": "password", "id": "sync-remove-pass", "autocomplete": "current-password"})
	enroll := el("input", attrs{"type": "password", "id": "sync-remove-enroll", "autocomplete": "off", "spellcheck": "false"})
	for _, f := range []dom.Element{pass, enroll} {
		if prev := doc.GetElementByID(f.ID()); prev != nil {
			setValue(f, value(prev))
		}
	}
	confirm := el("button", attrs{"type": "button", "id": "sync-remove-confirm"}, o.t("sync_remove_confirm"))
	cancel := el("button", attrs{"type": "button", "id": "sync-remove-cancel"}, o.t("sync_cancel"))
	on(cancel, "click", func(dom.Event) {
		o.removing = ""
		go o.refresh()
	})
	server, current, id := ans.GetStr("server"), ans.GetStr("code"), b.ID
	on(confirm, "click", func(dom.Event) {
		passphrase, token := value(pass), value(enroll)
		go func() {
			code, err := synckey.ParseCode(current)
			if err != nil {
				o.fail("bad_code")
				return
			}
			replace(o.status, o.t("sync_deriving"))
			confirm.SetAttribute("disabled", "")
			paint()
			defer confirm.RemoveAttribute("disabled")
			old := synckey.DeriveWithCode(passphrase, code)
			check := vault.Hex(old.Auth[:])
			setValue(pass, "")
			if got, err := ask(jsonv.Obj(jsonv.M("type", jsonv.Str(wire.SyncCheck)), jsonv.M("check", jsonv.Str(check)))); err != nil || !got.GetBool("ok") {
				o.answered(got, err, nil)
				focus(pass)
				return
			}
			next, err := synckey.NewCode(func(b []byte) error { return jsbridge.WebCrypto{}.Random(b) })
			if err != nil {
				o.fail("server")
				return
			}
			cfg := vault.Config{Server: server, Keys: synckey.DeriveWithCode(passphrase, next), Code: next.String()}
			replace(o.status, o.t("sync_running"))
			got, err := ask(jsonv.Obj(jsonv.M("type", jsonv.Str(wire.SyncRemove)), jsonv.M("config", cfg.JSON()),
				jsonv.M("check", jsonv.Str(check)), jsonv.M("enroll", jsonv.Str(token)), jsonv.M("remove", jsonv.Str(id))))
			o.answered(got, err, func() {
				o.removing, o.showQR = "", true
				o.renderOn(got)
				replace(o.status, o.t("sync_removed"))
			})
		}()
	})
	return el("div", attrs{"class": "settings", "id": "sync-remove-form"},
		el("p", nil, o.t("sync_remove_intro", b.Name)),
		el("label", attrs{"for": "sync-remove-pass"}, o.t("sync_pass")), pass,
		el("label", attrs{"for": "sync-remove-enroll"}, o.t("sync_enroll")), enroll,
		el("p", nil, confirm, " ", cancel))
}

// codeSection shows the sync code as text to copy and, when asked, as a QR
// code to scan, with the emergency kit to print.
func (o *optionsPage) codeSection(code string) dom.Element {
	show := el("button", attrs{"type": "button", "id": "sync-qr-btn", "aria-expanded": "false", "aria-controls": "sync-qr-box"}, o.t("sync_qr_show"))
	box := el("div", attrs{"id": "sync-qr-box", "hidden": "hidden"})
	if o.showQR {
		show.SetAttribute("aria-expanded", "true")
		box.RemoveAttribute("hidden")
		appendAll(box, o.qrImage(code))
	}
	on(show, "click", func(dom.Event) {
		o.showQR = !o.showQR
		go o.refresh()
	})
	kit := el("a", attrs{"href": "kit.html", "target": "_blank", "id": "sync-kit"}, o.t("sync_kit_link"))
	return el("div", attrs{"class": "settings"},
		el("p", attrs{"id": "sync-code-label"}, o.t("sync_code_on")),
		el("p", nil, el("code", attrs{"id": "sync-code-text", "lang": i18n.LangTag("en")}, code)),
		el("p", attrs{"class": "muted"}, o.t("sync_code_on_help")),
		el("p", nil, show, " ", kit), box)
}
