//go:build js && wasm

package main

import (
	"strconv"
	"syscall/js"

	"mailkey/wasm/dom"
	"mailkey/wasm/i18n"
	"mailkey/wasm/jsonv"
	"mailkey/wasm/qr"
	"mailkey/wasm/wire"
)

const svgNS = "http://www.w3.org/2000/svg"

// qrImage draws a sync code as a QR code: dark modules on a light square
// with the quiet zone, in every colour scheme (a scanner wants dark on
// light), named for screen readers.
func (a *app) qrImage(code string) dom.Element {
	c, err := qr.Draw(code)
	if err != nil {
		return el("p", attrs{"class": "err"}, a.t("sync_err_bad_code"))
	}
	svg := doc.CreateElementNS(svgNS, "svg")
	for k, v := range map[string]string{"viewBox": c.ViewBox(), "role": "img", "aria-label": a.t("sync_qr_label"), "class": "qr", "id": "sync-qr"} {
		svg.SetAttribute(k, v)
	}
	side := strconv.Itoa(c.Size + 2*qr.Quiet)
	bg := doc.CreateElementNS(svgNS, "rect")
	for k, v := range map[string]string{"x": strconv.Itoa(-qr.Quiet), "y": strconv.Itoa(-qr.Quiet), "width": side, "height": side, "fill": "#fff"} {
		bg.SetAttribute(k, v)
	}
	modules := doc.CreateElementNS(svgNS, "path")
	modules.SetAttribute("d", c.Path)
	modules.SetAttribute("fill", "#000")
	modules.SetAttribute("shape-rendering", "crispEdges")
	svg.AppendChild(bg)
	svg.AppendChild(modules)
	return svg
}

// kit is the emergency kit, a page to print: the server, the sync code and
// its QR code, a blank line for the passphrase written by hand (never the
// passphrase itself), the date, and what to do with it.
func (a *app) kit(root dom.Element) {
	doc.Underlying().Set("title", a.t("kit_title"))
	replace(root, el("h1", nil, a.t("kit_title")), el("p", attrs{"role": "status"}, a.t("sync_checking")))
	go func() {
		ans, err := ask(jsonv.Obj(jsonv.M("type", jsonv.Str(wire.SyncStatus))))
		if err != nil || !ans.GetBool("ok") || !ans.GetBool("on") || ans.GetStr("code") == "" {
			replace(root, el("h1", nil, a.t("kit_title")), el("p", attrs{"id": "kit-none"}, a.t("kit_none")))
			return
		}
		code := ans.GetStr("code")
		print := el("button", attrs{"type": "button", "id": "kit-print", "class": "primary no-print"}, a.t("kit_print"))
		on(print, "click", func(dom.Event) { js.Global().Call("print") })
		made := js.Global().Get("Date").New(float64(a.now().UnixMilli())).Call("toLocaleDateString", i18n.LangTag(a.locale),
			map[string]any{"year": "numeric", "month": "long", "day": "numeric"}).String()
		replace(root,
			el("h1", nil, a.t("kit_title")),
			el("p", attrs{"id": "kit-date"}, a.t("kit_made", made)),
			el("p", nil, a.t("kit_intro")),
			el("dl", attrs{"class": "kit"},
				el("dt", nil, a.t("kit_server")), el("dd", nil, el("code", attrs{"id": "kit-server"}, ans.GetStr("server"))),
				el("dt", nil, a.t("sync_code")), el("dd", nil, el("code", attrs{"id": "kit-code"}, code)),
				el("dt", nil, a.t("kit_qr")), el("dd", nil, a.qrImage(code)),
				el("dt", attrs{"id": "kit-pass-label"}, a.t("kit_pass")),
				el("dd", nil, el("span", attrs{"class": "kit-blank", "id": "kit-pass", "role": "img", "aria-labelledby": "kit-pass-label", "aria-describedby": "kit-pass-help"}),
					el("p", attrs{"id": "kit-pass-help", "class": "muted"}, a.t("kit_pass_help")))),
			el("h2", nil, a.t("kit_how_h")),
			el("ol", nil, el("li", nil, a.t("kit_how_keep")), el("li", nil, a.t("kit_how_join")), el("li", nil, a.t("kit_how_changed"))),
			el("p", nil, print))
	}()
}
