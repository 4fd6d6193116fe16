//go:build js && wasm

package main

import (
	"strconv"
	"syscall/js"

	"mailkey/wasm/dom"
	"mailkey/wasm/i18n"
	"mailkey/wasm/jsbridge"
	"mailkey/wasm/jsonv"
	"mailkey/wasm/synckey"
	"mailkey/wasm/vault"
	"mailkey/wasm/wire"
)

// optionsPage is the settings page: sync across browsers. The passphrase
// stays in its field and in this page's Go: keys are made from it here and
// only the keys go to the service worker, which alone talks to the server.
type optionsPage struct {
	*app
	body, status, err dom.Element
	// pending is the server and passphrase of a vault the server does not
	// have yet, waiting for the person to say "create it" (the keys of a new
	// vault are made then, with a new sync code).
	pending *pendingVault
	// removing is the id of the browser whose removal is being confirmed;
	// showQR, whether the person asked to see the sync code's QR code.
	removing string
	showQR   bool
	// name is the name this browser was given when turning sync on.
	name string
}

type pendingVault struct{ server, passphrase string }

func (a *app) options(root dom.Element) {
	doc.Underlying().Set("title", a.t("opt_title"))
	o := &optionsPage{app: a}
	o.body = el("div", attrs{"id": "sync-body"})
	o.status = el("p", attrs{"id": "sync-status", "role": "status", "aria-live": "polite", "class": "status"})
	o.err = el("p", attrs{"id": "sync-err", "class": "err", "role": "alert"})
	replace(root,
		el("h1", nil, a.t("opt_title")),
		a.languageSection(),
		el("section", attrs{"aria-labelledby": "sync-h"},
			el("h2", attrs{"id": "sync-h"}, a.t("sync_h")),
			el("p", nil, a.t("sync_intro")),
			o.body, o.err, o.status),
		a.resolverSection())
	a.store.OnChanged("local", func(keys []string) {
		if o.removing != "" {
			return // a removal being confirmed is not redrawn under the person's hands
		}
		for _, k := range keys {
			if k == vault.ConfigKey || k == vault.StateKey {
				o.refresh()
				return
			}
		}
	})
	go o.refresh()
}

// ask sends a message to the service worker and returns its answer.
func ask(msg jsonv.Value) (jsonv.Value, error) {
	obj := js.Global().Get("JSON").Call("parse", msg.String())
	ans, err := jsbridge.Await(chrome().Get("runtime").Call("sendMessage", obj))
	if err != nil {
		return jsonv.Value{}, err
	}
	return jsonv.ParseString(js.Global().Get("JSON").Call("stringify", ans).String(), jsonv.Limits{})
}

func (o *optionsPage) refresh() {
	ans, err := ask(jsonv.Obj(jsonv.M("type", jsonv.Str(wire.SyncStatus))))
	if err != nil || !ans.GetBool("ok") {
		o.err.SetTextContent(o.t("sync_err_storage"))
		return
	}
	if ans.GetBool("on") {
		o.renderOn(ans)
	} else if o.pending == nil {
		o.renderOff()
	}
}

// fail shows a sync error code in words.
func (o *optionsPage) fail(code string) {
	replace(o.status)
	o.err.SetTextContent(o.t("sync_err_" + code))
}

func (o *optionsPage) renderOff() {
	server := el("input", attrs{"type": "url", "id": "sync-server", "autocomplete": "url", "spellcheck": "false",
		"aria-describedby": "sync-server-help", "required": "required"})
	code := el("input", attrs{"type": "text", "id": "sync-code", "autocomplete": "off", "spellcheck": "false",
		"aria-describedby": "sync-code-help"})
	pass := el("input", attrs{"type": "password", "id": "sync-pass", "autocomplete": "new-password",
		"aria-describedby": "sync-pass-help sync-strength-text", "required": "required"})
	meter := el("meter", attrs{"id": "sync-strength", "min": "0", "max": "128", "optimum": "128", "value": "0", "aria-hidden": "true"})
	strength := el("p", attrs{"id": "sync-strength-text", "aria-live": "polite"})
	name := o.nameField("")
	showStrength := func() {
		est, ok := estimate(value(pass))
		if !ok {
			return
		}
		meter.SetAttribute("low", strconv.Itoa(est.min))
		meter.SetAttribute("high", strconv.Itoa(est.strong))
		meter.SetAttribute("value", strconv.Itoa(min(est.bits, 128)))
		strength.SetTextContent(o.t("sync_strength", o.t("sync_level_"+strconv.Itoa(est.level)), strconv.Itoa(est.bits)))
	}
	on(pass, "input", func(dom.Event) { showStrength() })
	// The estimator loads beside the page; sync waits for it to judge.
	turnOn := el("button", attrs{"type": "button", "id": "sync-on", "disabled": ""}, o.t("sync_on_btn"))
	go func() {
		if ready, err := jsbridge.Await(js.Global().Call("mailkeyLoadStrength")); err != nil || !ready.Bool() {
			o.fail("strength")
			return
		}
		turnOn.RemoveAttribute("disabled")
		showStrength()
	}()
	on(turnOn, "click", func(dom.Event) {
		addr, err := vault.NormalizeServer(value(server))
		if err != nil {
			o.fail("server_url")
			focus(server)
			return
		}
		if est, ok := estimate(value(pass)); !ok || est.level == 0 {
			o.fail("weak")
			focus(pass)
			return
		}
		var syncCode *synckey.Code
		if typed := value(code); typed != "" {
			c, err := synckey.ParseCode(typed)
			if err != nil {
				o.fail("bad_code")
				focus(code)
				return
			}
			syncCode = &c
		}
		o.err.SetTextContent("")
		// Asked now, in answer to the click: the host permission for this
		// server only and, in Firefox, consent to sending the (encrypted)
		// ledger, which holds addresses (manifest: data_collection_permissions).
		want := map[string]any{"origins": []any{vault.Origin(addr) + "/*"}}
		if firefox() {
			kinds := make([]any, len(vault.DataCollection))
			for i, k := range vault.DataCollection {
				kinds[i] = k
			}
			want["data_collection"] = kinds
		}
		perm := chrome().Get("permissions").Call("request", want)
		passphrase := value(pass)
		go func() {
			granted, err := jsbridge.Await(perm)
			if err != nil || !granted.Bool() {
				o.fail("permission")
				return
			}
			replace(o.status, o.t("sync_deriving"))
			turnOn.SetAttribute("disabled", "")
			paint()
			start := js.Global().Get("performance").Call("now").Float()
			// With a code: that vault. Without: a vault named by the
			// passphrase alone (made before sync codes), or a new one.
			cfg := vault.Config{Server: addr}
			if syncCode != nil {
				cfg.Keys, cfg.Code = synckey.DeriveWithCode(passphrase, *syncCode), syncCode.String()
			} else {
				cfg.Keys = synckey.Derive(passphrase, addr)
			}
			// How long the keys took, in ms: for the benchmark.
			js.Global().Set("mailkeyDeriveMs", js.Global().Get("performance").Call("now").Float()-start)
			setValue(pass, "")
			turnOn.RemoveAttribute("disabled")
			o.name = value(name)
			o.enable(cfg, "join", "", passphrase)
		}()
	})
	replace(o.body,
		el("div", attrs{"class": "settings"},
			el("label", attrs{"for": "sync-server"}, o.t("sync_server")), server,
			el("p", attrs{"id": "sync-server-help", "class": "muted"}, o.t("sync_server_help")),
			el("label", attrs{"for": "sync-code"}, o.t("sync_code")), code,
			el("p", attrs{"id": "sync-code-help", "class": "muted"}, o.t("sync_code_help")),
			el("label", attrs{"for": "sync-pass"}, o.t("sync_pass")), pass,
			el("p", attrs{"id": "sync-pass-help", "class": "muted"}, o.t("sync_pass_help")),
			meter, strength,
			el("label", attrs{"for": "sync-name"}, o.t("sync_name")), name,
			el("p", attrs{"id": "sync-name-help", "class": "muted"}, o.t("sync_name_help"))),
		el("p", nil, turnOn))
}

// estimation is what strength.wasm (wasm/strength) says of a passphrase:
// level 0 is too weak for sync, 1 fair, 2 strong; min and strong are the
// bits where fair and strong start.
type estimation struct{ bits, level, min, strong int }

// estimate asks strength.wasm; false until it has loaded.
func estimate(p string) (estimation, bool) {
	f := js.Global().Get("mailkeyStrength")
	if f.Type() != js.TypeFunction {
		return estimation{}, false
	}
	r := f.Invoke(p)
	return estimation{r.Get("bits").Int(), r.Get("level").Int(), r.Get("min").Int(), r.Get("strong").Int()}, true
}

// firefox reports whether this is Firefox (whose permissions.request knows
// data_collection; Chrome's refuses the unknown key).
func firefox() bool {
	b := js.Global().Get("browser")
	return b.Truthy() && b.Get("runtime").Get("getBrowserInfo").Truthy()
}

// paint lets the browser draw what changed before Go computes for a while.
func paint() {
	p := js.Global().Get("Promise").New(js.FuncOf(func(_ js.Value, args []js.Value) any {
		js.Global().Call("setTimeout", args[0], 20)
		return nil
	}))
	_, _ = jsbridge.Await(p)
}

// enable hands the keys to the service worker, which looks for the vault
// (join) or makes it (create, with the operator's enrollment token, which
// is sent once and never stored), and keeps the keys if that worked.
// passphrase is kept, in this page's Go only, to make a new vault's keys
// when the server has none.
func (o *optionsPage) enable(cfg vault.Config, mode, enroll, passphrase string) {
	replace(o.status, o.t("sync_checking"))
	ans, err := ask(jsonv.Obj(jsonv.M("type", jsonv.Str(wire.SyncEnable)), jsonv.M("mode", jsonv.Str(mode)), jsonv.M("config", cfg.JSON()),
		jsonv.M("enroll", jsonv.Str(enroll)), jsonv.M("name", jsonv.Str(o.name))))
	switch {
	case err != nil:
		o.fail("storage")
	case ans.GetBool("ok"):
		o.pending = nil
		o.renderOn(ans)
		replace(o.status, o.t("sync_enabled_done"))
	case ans.GetStr("code") == "no_vault" && cfg.Code != "":
		o.fail("no_vault_code")
	case ans.GetStr("code") == "no_vault":
		o.pending = &pendingVault{server: cfg.Server, passphrase: passphrase}
		o.renderCreate()
	default:
		o.fail(ans.GetStr("code"))
	}
}

// renderCreate asks before making a new vault: a mistyped passphrase also
// leads to a vault that does not exist.
func (o *optionsPage) renderCreate() {
	replace(o.status)
	enroll := el("input", attrs{"type": "password", "id": "sync-enroll", "autocomplete": "off", "spellcheck": "false",
		"aria-describedby": "sync-enroll-help"})
	create := el("button", attrs{"type": "button", "id": "sync-create"}, o.t("sync_create"))
	cancel := el("button", attrs{"type": "button", "id": "sync-cancel"}, o.t("sync_cancel"))
	on(create, "click", func(dom.Event) {
		p := o.pending
		if p == nil {
			return
		}
		token := value(enroll)
		go func() {
			// A new vault: a random id and secret (its sync code), drawn here.
			code, err := synckey.NewCode(func(b []byte) error { return jsbridge.WebCrypto{}.Random(b) })
			if err != nil {
				o.fail("server")
				return
			}
			replace(o.status, o.t("sync_deriving"))
			paint()
			cfg := vault.Config{Server: p.server, Keys: synckey.DeriveWithCode(p.passphrase, code), Code: code.String()}
			o.enable(cfg, "create", token, "")
		}()
	})
	on(cancel, "click", func(dom.Event) {
		o.pending = nil
		o.renderOff()
	})
	replace(o.body, el("p", attrs{"id": "sync-no-vault"}, o.t("sync_no_vault")),
		el("div", attrs{"class": "settings"},
			el("label", attrs{"for": "sync-enroll"}, o.t("sync_enroll")), enroll,
			el("p", attrs{"id": "sync-enroll-help", "class": "muted"}, o.t("sync_enroll_help"))),
		el("p", nil, create, " ", cancel))
	focus(enroll)
}

func (o *optionsPage) renderOn(ans jsonv.Value) {
	last := ans.GetInt("last")
	lastText := o.t("sync_never")
	if last > 0 {
		lastText = o.t("sync_last", when(last, o.locale))
	}
	info := []dom.Element{el("p", attrs{"id": "sync-on-text"}, o.t("sync_on_text", ans.GetStr("server"))), el("p", attrs{"id": "sync-last"}, lastText)}
	if ans.GetStr("code") == "" {
		info = append(info, o.migrateForm(ans.GetStr("server")))
	}
	if code := ans.GetStr("code"); code != "" {
		// The code joins another browser (with the passphrase).
		info = append(info, o.codeSection(code))
	}
	info = append(info, o.browsersSection(ans))
	if code := ans.GetStr("error"); code != "" {
		info = append(info, el("p", attrs{"id": "sync-last-error", "class": "err"},
			o.t("sync_failed_at", when(ans.GetInt("errorAt"), o.locale), o.t("sync_err_"+code))))
	}
	now := el("button", attrs{"type": "button", "id": "sync-now"}, o.t("sync_now"))
	on(now, "click", func(dom.Event) {
		replace(o.status, o.t("sync_running"))
		go func() {
			ans, err := ask(jsonv.Obj(jsonv.M("type", jsonv.Str(wire.SyncNow))))
			if err != nil || !ans.GetBool("ok") {
				o.fail("storage")
				return
			}
			o.renderOn(ans)
			if ans.GetStr("error") == "" {
				replace(o.status, o.t("sync_done"))
			} else {
				replace(o.status)
			}
		}()
	})
	del := el("input", attrs{"type": "checkbox", "id": "sync-delete"})
	off := el("button", attrs{"type": "button", "id": "sync-off"}, o.t("sync_off_btn"))
	on(off, "click", func(dom.Event) {
		drop := "no"
		if del.Underlying().Get("checked").Bool() {
			drop = "yes"
		}
		go func() {
			ans, err := ask(jsonv.Obj(jsonv.M("type", jsonv.Str(wire.SyncDisable)), jsonv.M("delete", jsonv.Str(drop))))
			o.answered(ans, err, func() {
				o.renderOff()
				replace(o.status, o.t("sync_off_done"))
			})
		}()
	})
	replace(o.body, info, el("p", nil, now),
		el("div", attrs{"class": "settings"}, el("label", attrs{"for": "sync-delete"}, del, " "+o.t("sync_delete"))),
		el("p", nil, off))
}

// migrateForm offers to move a vault named by the passphrase alone to one
// with a sync code: the passphrase (checked against the keys in use) makes
// the new keys, the enrollment token lets the server make the new vault.
func (o *optionsPage) migrateForm(server string) dom.Element {
	pass := el("input", attrs{"type": "password", "id": "sync-migrate-pass", "autocomplete": "current-password"})
	enroll := el("input", attrs{"type": "password", "id": "sync-migrate-enroll", "autocomplete": "off", "spellcheck": "false"})
	// The page is drawn again after every round: what was typed stays.
	for _, f := range []dom.Element{pass, enroll} {
		if prev := doc.GetElementByID(f.ID()); prev != nil {
			setValue(f, value(prev))
		}
	}
	move := el("button", attrs{"type": "button", "id": "sync-migrate"}, o.t("sync_migrate_btn"))
	on(move, "click", func(dom.Event) {
		passphrase, token := value(pass), value(enroll)
		go func() {
			replace(o.status, o.t("sync_deriving"))
			move.SetAttribute("disabled", "")
			paint()
			defer move.RemoveAttribute("disabled")
			got, err := ask(jsonv.Obj(jsonv.M("type", jsonv.Str(wire.SyncKeys))))
			if err != nil || !got.GetBool("ok") {
				o.fail("storage")
				return
			}
			if synckey.Derive(passphrase, server).VaultID != got.GetStr("vault") {
				o.fail("wrong_passphrase")
				setValue(pass, "")
				focus(pass)
				return
			}
			code, err := synckey.NewCode(func(b []byte) error { return jsbridge.WebCrypto{}.Random(b) })
			if err != nil {
				o.fail("server")
				return
			}
			cfg := vault.Config{Server: server, Keys: synckey.DeriveWithCode(passphrase, code), Code: code.String()}
			setValue(pass, "")
			replace(o.status, o.t("sync_running"))
			ans, err := ask(jsonv.Obj(jsonv.M("type", jsonv.Str(wire.SyncMigrate)), jsonv.M("config", cfg.JSON()), jsonv.M("enroll", jsonv.Str(token))))
			o.answered(ans, err, func() {
				o.renderOn(ans)
				replace(o.status, o.t("sync_migrated"))
			})
		}()
	})
	return el("div", attrs{"class": "settings", "id": "sync-migrate-form"},
		el("p", nil, o.t("sync_migrate_intro")),
		el("label", attrs{"for": "sync-migrate-pass"}, o.t("sync_pass")), pass,
		el("label", attrs{"for": "sync-migrate-enroll"}, o.t("sync_enroll")), enroll,
		el("p", nil, move))
}

// when is a time in ms as the person's locale writes a date and time.
func when(ms int64, locale string) string {
	return js.Global().Get("Date").New(float64(ms)).Call("toLocaleString", i18n.LangTag(locale)).String()
}

// answered shows why the worker refused a request, or clears the last error
// and runs then.
func (o *optionsPage) answered(ans jsonv.Value, err error, then func()) {
	switch {
	case err != nil:
		o.fail("storage")
	case !ans.GetBool("ok"):
		o.fail(ans.GetStr("code"))
	default:
		o.err.SetTextContent("")
		then()
	}
}
