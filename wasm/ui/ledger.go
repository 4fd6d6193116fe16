//go:build js && wasm

package main

import (
	"slices"
	"strconv"
	"strings"
	"syscall/js"

	"mailkey/wasm/dom"
	"mailkey/wasm/ledger"
	"mailkey/wasm/ledgerview"
)

// ledgerPage is the Ledger tab. Everything it writes goes through the store
// one key per entry, and it reloads whenever the store changes, so a hint's
// "add to my ledger" in another tab shows up here at once.
type ledgerPage struct {
	*app
	entries []ledger.Entry // every entry, tombstones included
	// revision is the revision of the record an entry was read from (the
	// base of a change made from it).
	revision func(id string) string
	rows     []ledgerview.Row
	filter   ledgerview.Filter
	lines    ledgerList
	// drawn keeps each entry's element while the entry is unchanged, so a
	// keystroke re-arranges existing elements instead of building new ones
	// (and an open form keeps what was typed when another entry changes).
	drawn map[string]drawnEntry
	// refocus is the entry (and the action key of its button) that gets
	// the focus when that entry is drawn again after a change made on it:
	// its old element, holding the focus, is gone by then.
	refocus struct{ id, key string }
	pending dom.Element // that entry's new element, once drawn

	search, provider, state  dom.Element
	notice, status, list     dom.Element
	addArea, importArea, err dom.Element
}

func (a *app) ledger(panel dom.Element) {
	lp := &ledgerPage{app: a, drawn: map[string]drawnEntry{}}
	lp.lines.measured = map[string]float64{}
	lp.build(panel)
	lp.onScroll()
	a.store.OnChanged("local", func(keys []string) {
		if slices.ContainsFunc(keys, func(k string) bool { return strings.HasPrefix(k, ledger.KeyPrefix) }) {
			lp.load()
		}
	})
	// Loaded after the popup is drawn: the popup is usable at once, and the
	// ledger follows (for 1,000 entries, about 100 ms later).
	replace(lp.list, el("p", attrs{"class": "muted"}, lp.t("ledger_loading")))
	go func() {
		lp.load()
		js.Global().Set("mailkeyLedgerReady", js.Global().Get("performance").Call("now"))
	}()
}

func (lp *ledgerPage) build(panel dom.Element) {
	lp.search = el("input", attrs{"type": "search", "id": "ledger-search", "aria-label": lp.t("ledger_search"),
		"placeholder": lp.t("ledger_search"), "autocomplete": "off"})
	lp.provider = el("select", attrs{"id": "ledger-provider", "aria-label": lp.t("ledger_filter_provider")},
		el("option", attrs{"value": ""}, lp.t("ledger_all_providers")))
	for _, p := range lp.providersByName() {
		lp.provider.AppendChild(el("option", attrs{"value": p.id}, p.name))
	}
	lp.state = el("select", attrs{"id": "ledger-state", "aria-label": lp.t("ledger_filter_state")},
		el("option", attrs{"value": ledgerview.All}, lp.t("ledger_state_all")),
		el("option", attrs{"value": ledgerview.Active}, lp.t("ledger_state_active")),
		el("option", attrs{"value": ledgerview.Revoked}, lp.t("ledger_state_revoked")))
	add := el("button", attrs{"type": "button", "id": "ledger-add", "aria-expanded": "false"}, lp.t("ledger_add"))
	lp.notice = el("div", attrs{"class": "notice", "role": "note"})
	lp.status = el("div", attrs{"role": "status", "aria-live": "polite", "class": "status"})
	lp.err = el("p", attrs{"class": "err", "role": "alert"})
	lp.list = el("div", attrs{"id": "ledger-list", "tabindex": "-1"})
	lp.addArea = el("div", nil)
	lp.importArea = el("div", attrs{"id": "import-area"})

	refilter := func() {
		lp.filter = ledgerview.Filter{Query: value(lp.search), Provider: value(lp.provider), State: value(lp.state)}
		lp.list.Underlying().Set("scrollTop", 0)
		lp.render()
	}
	lp.search.AddEventListener("input", false, func(ev dom.Event) {
		start := ev.Underlying().Get("timeStamp").Float()
		refilter()
		js.Global().Set("mailkeyFilterMs", js.Global().Get("performance").Call("now").Float()-start)
	})
	lp.provider.AddEventListener("change", false, func(dom.Event) { refilter() })
	lp.state.AddEventListener("change", false, func(dom.Event) { refilter() })
	on(add, "click", func(dom.Event) { lp.toggleAdd(add) })

	exportJSON := el("button", attrs{"type": "button", "id": "export-json"}, lp.t("ledger_export_json"))
	exportCSV := el("button", attrs{"type": "button", "id": "export-csv"}, lp.t("ledger_export_csv"))
	on(exportJSON, "click", func(dom.Event) { lp.export("json") })
	on(exportCSV, "click", func(dom.Event) { lp.export("csv") })
	file := el("input", attrs{"type": "file", "id": "import-file", "accept": ".json,.csv,application/json,text/csv"})
	file.AddEventListener("change", false, func(dom.Event) { lp.startImport(file) })

	replace(panel,
		el("div", attrs{"class": "toolbar"}, lp.search, lp.provider, lp.state, add),
		lp.addArea, lp.notice, lp.err, lp.status, lp.list,
		el("h2", nil, lp.t("ledger_files")),
		el("div", attrs{"class": "toolbar"}, exportJSON, exportCSV),
		el("label", attrs{"for": "import-file"}, lp.t("ledger_import")), file, lp.importArea)
}

// drawnEntry is an item's element and what it was drawn from.
type drawnEntry struct {
	updated int64  // an entry's last change
	text    string // a heading's text
	el      dom.Element
	form    dom.Element // holds the entry's open edit or revoke form, if any
}

type providerName struct{ id, name string }

func (lp *ledgerPage) providersByName() []providerName {
	var out []providerName
	for _, p := range lp.kb.Providers {
		out = append(out, providerName{p.ID, lp.t(p.Name)})
	}
	slices.SortFunc(out, func(a, b providerName) int { return strings.Compare(strings.ToLower(a.name), strings.ToLower(b.name)) })
	return out
}

// load reads the ledger from the store, has the records a migration
// upgraded written back, and redraws.
func (lp *ledgerPage) load() {
	items, err := lp.store.All()
	if err != nil {
		lp.err.SetTextContent(lp.t("ledger_err_read"))
		return
	}
	snap := ledger.Load(items)
	rewriteMigrated(snap) // the page does not wait for it
	lp.entries, lp.revision = snap.Entries, snap.Revision
	lp.rows = ledgerview.Rows(snap.Entries, lp.kb, lp.cat, lp.locale, lp.now())
	if len(snap.Aside) > 0 {
		lp.notice.SetTextContent(lp.t("ledger_aside", strconv.Itoa(len(snap.Aside))))
	} else {
		lp.notice.SetTextContent("")
	}
	lp.render()
}

func (lp *ledgerPage) render() {
	v := ledgerview.Apply(lp.rows, lp.filter)
	if v.Total == 0 {
		lp.clearItems(el("p", attrs{"class": "muted"}, lp.t("ledger_empty")))
		return
	}
	if len(v.Active)+len(v.Revoked) == 0 {
		lp.clearItems(el("p", attrs{"class": "muted"}, lp.t("ledger_no_match")))
		return
	}
	lp.setItems(v)
	lp.draw()
	if lp.pending != nil {
		refocus(lp.pending, entryKey(lp.refocus.id, lp.refocus.key), "first:"+lp.refocus.id)
		lp.refocus.id, lp.pending = "", nil
	}
}

// entryKey is the data-key of an entry's action button.
func entryKey(id, action string) string { return id + ":" + action }

// focusAfter says which of the entry's buttons gets the focus once the
// change being saved is drawn: the same action, or its first one.
func (lp *ledgerPage) focusAfter(id, action string) {
	lp.refocus.id, lp.refocus.key = id, action
}

// entryEl draws an entry; it returns the element and the holder of its forms.
func (lp *ledgerPage) entryEl(r ledgerview.Row) (dom.Element, dom.Element) {
	e := r.Entry
	id := "e-" + e.ID
	art := el("article", attrs{"class": "entry", "aria-labelledby": id})
	meta := []string{r.ProviderName, e.Account, lp.t("kind_name_" + string(e.Kind))}
	lines := []any{el("div", attrs{"class": "label", "id": id}, e.Label), el("div", attrs{"class": "meta"}, joinNonEmpty(meta, " · "))}
	if e.UsedBy != "" {
		lines = append(lines, el("div", attrs{"class": "meta"}, lp.t("ledger_used_by", e.UsedBy)))
	}
	dates := []string{lp.t("ledger_made", e.Created, strconv.Itoa(r.Age))}
	if e.Confirmed != "" {
		dates = append(dates, lp.t("ledger_confirmed", e.Confirmed))
	}
	if e.Revoked != "" {
		dates = append(dates, lp.t("ledger_revoked_on", e.Revoked))
		dates = append(dates, lp.howText(e))
	}
	lines = append(lines, el("div", attrs{"class": "meta"}, joinNonEmpty(dates, " · ")))
	if e.Note != "" {
		lines = append(lines, el("div", attrs{"class": "meta note"}, e.Note))
	}
	form := el("div", nil)
	actions := el("div", attrs{"class": "actions"})
	button := func(key string, fn func(b dom.Element)) {
		k := entryKey(e.ID, key)
		if !actions.HasChildNodes() {
			k += " first:" + e.ID
		}
		b := el("button", attrs{"type": "button", "aria-describedby": id, "data-key": k}, lp.t(key))
		on(b, "click", func(dom.Event) { fn(b) })
		actions.AppendChild(b)
	}
	today := ledger.Day(lp.now())
	save := lp.saver(e, lp.revision(e.ID)) // changes made from this drawing of e
	if e.Revoked == "" {
		button("ledger_confirm", func(dom.Element) {
			lp.focusAfter(e.ID, "ledger_confirm")
			save(e.Confirm(today, lp.now()))
		})
		button("ledger_revoke", func(b dom.Element) { replace(form, lp.revokeForm(e, save, b)) })
	} else {
		button("ledger_unrevoke", func(dom.Element) {
			lp.focusAfter(e.ID, "")
			save(e.Unrevoke(lp.now()))
		})
	}
	button("ledger_edit", func(b dom.Element) { replace(form, lp.editForm(e, save, b)) })
	button("ledger_delete", func(dom.Element) { lp.remove(e, save) })
	if r.ManageURL != "" {
		actions.AppendChild(link(lp.t("ledger_manage_at", r.ProviderName), r.ManageURL))
	}
	appendAll(art, lines...)
	art.AppendChild(actions)
	art.AppendChild(form)
	return art, form
}

func joinNonEmpty(parts []string, sep string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

// saveFunc writes a change made from one version of an entry, or shows why
// it cannot; it reports whether the change was sent.
type saveFunc func(to ledger.Entry, err error) bool

// saver is the saveFunc of changes made from entry from, read from the
// record of revision rev (ledger.NoRecord for a new entry).
func (lp *ledgerPage) saver(from ledger.Entry, rev string) saveFunc {
	return func(to ledger.Entry, err error) bool {
		if err != nil {
			lp.refocus.id = ""
			lp.err.SetTextContent(lp.errText(err))
			return false
		}
		lp.err.SetTextContent("")
		lp.saveEdits(lp.err, nil, ledger.Edit{From: from, To: to, Base: rev})
		return true
	}
}

// remove soft-deletes an entry (a tombstone stays for sync) and offers undo.
func (lp *ledgerPage) remove(e ledger.Entry, save saveFunc) {
	gone, err := e.Delete(lp.now())
	if !save(gone, err) {
		return
	}
	undo := el("button", attrs{"type": "button", "id": "undo"}, lp.t("ledger_undo"))
	on(undo, "click", func(dom.Event) {
		lp.focusAfter(e.ID, "")
		lp.saver(gone, ledger.Revision(gone.JSON()))(gone.Undelete(lp.now()))
		replace(lp.status, lp.t("ledger_restored", e.Label))
	})
	replace(lp.status, lp.t("ledger_deleted", e.Label)+" ", undo)
	focus(undo)
}

func (lp *ledgerPage) errText(err error) string {
	switch reason := ledger.ReasonOf(err); reason {
	case "label_empty":
		return lp.t("err_label_empty")
	case "label_long":
		return lp.t("err_label_long", strconv.Itoa(ledger.MaxLabel))
	default:
		return lp.t("ledger_err_reason", lp.t("reason_"+reason))
	}
}

// field is a labelled input for the inline forms.
func field(id, label, typ, val string) (dom.Element, dom.Element) {
	in := el("input", attrs{"type": typ, "id": id, "autocomplete": "off"})
	setValue(in, val)
	return el("label", attrs{"for": id}, label), in
}

// revokeForm and editForm are opened by the button opener, which gets the
// focus back when they are cancelled. Each removes itself when cancelled
// (a redraw of its entry may have moved it, see render); once saved, the
// next drawing of the entry closes it.
func (lp *ledgerPage) revokeForm(e ledger.Entry, save saveFunc, opener dom.Element) dom.Element {
	dl, day := field("rv-day-"+e.ID, lp.t("ledger_revoked_when"), "date", ledger.Day(lp.now()))
	hl, how := field("rv-how-"+e.ID, lp.t("ledger_revoked_how"), "text", "")
	how.SetAttribute("placeholder", lp.t("ledger_revoked_how_ph"))
	ok := el("button", attrs{"type": "submit", "class": "primary"}, lp.t("ledger_revoke_save"))
	cancel := el("button", attrs{"type": "button"}, lp.t("hint_cancel"))
	f := el("form", attrs{"class": "edit"}, dl, day, hl, how, el("div", attrs{"class": "actions"}, ok, cancel))
	on(f, "submit", func(ev dom.Event) {
		ev.PreventDefault()
		lp.focusAfter(e.ID, "ledger_revoke")
		if save(e.Revoke(value(day), value(how), lp.now())) {
			f.SetAttribute("data-saved", "") // the next drawing of the entry closes it
		}
	})
	on(cancel, "click", func(dom.Event) { remove(f); focus(opener) })
	go func() { focus(day) }()
	return f
}

func (lp *ledgerPage) editForm(e ledger.Entry, save saveFunc, opener dom.Element) dom.Element {
	ll, label := field("ed-label-"+e.ID, lp.t("hint_label"), "text", e.Label)
	ul, used := field("ed-used-"+e.ID, lp.t("ledger_field_used_by"), "text", e.UsedBy)
	al, acct := field("ed-acct-"+e.ID, lp.t("ledger_field_account"), "email", e.Account)
	nl := el("label", attrs{"for": "ed-note-" + e.ID}, lp.t("ledger_field_note"))
	note := el("textarea", attrs{"id": "ed-note-" + e.ID, "rows": "2"})
	setValue(note, e.Note)
	ok := el("button", attrs{"type": "submit", "class": "primary"}, lp.t("ledger_save"))
	cancel := el("button", attrs{"type": "button"}, lp.t("hint_cancel"))
	f := el("form", attrs{"class": "edit"}, ll, label, ul, used, al, acct, nl, note, el("div", attrs{"class": "actions"}, ok, cancel))
	on(f, "submit", func(ev dom.Event) {
		ev.PreventDefault()
		lp.focusAfter(e.ID, "ledger_edit")
		if save(e.Edit(value(label), value(used), value(acct), value(note), lp.now())) {
			f.SetAttribute("data-saved", "")
		}
	})
	on(cancel, "click", func(dom.Event) { remove(f); focus(opener) })
	go func() { focus(label) }()
	return f
}

// toggleAdd shows the form for adding an entry by hand.
func (lp *ledgerPage) toggleAdd(button dom.Element) {
	if lp.addArea.HasChildNodes() {
		replace(lp.addArea)
		button.SetAttribute("aria-expanded", "false")
		return
	}
	button.SetAttribute("aria-expanded", "true")
	pl := el("label", attrs{"for": "add-provider"}, lp.t("ledger_field_provider"))
	prov := el("select", attrs{"id": "add-provider", "required": "required"}, el("option", attrs{"value": ""}, lp.t("ledger_pick_provider")))
	for _, p := range lp.providersByName() {
		prov.AppendChild(el("option", attrs{"value": p.id}, p.name))
	}
	al, acct := field("add-account", lp.t("ledger_field_account"), "email", "")
	ll, label := field("add-label", lp.t("hint_label"), "text", "")
	ul, used := field("add-used", lp.t("ledger_field_used_by"), "text", "")
	dl, day := field("add-day", lp.t("ledger_field_made"), "date", ledger.Day(lp.now()))
	ok := el("button", attrs{"type": "submit", "class": "primary"}, lp.t("ledger_add_save"))
	cancel := el("button", attrs{"type": "button"}, lp.t("hint_cancel"))
	f := el("form", attrs{"class": "edit", "aria-label": lp.t("ledger_add")}, pl, prov, al, acct, ll, label, ul, used, dl, day,
		el("div", attrs{"class": "actions"}, ok, cancel))
	on(f, "submit", func(ev dom.Event) {
		ev.PreventDefault()
		p := lp.kb.ByID(value(prov))
		if p == nil {
			lp.err.SetTextContent(lp.t("ledger_err_provider"))
			focus(prov)
			return
		}
		if a := strings.TrimSpace(value(acct)); a != "" && lp.kb.ByAddress(a) != nil && lp.kb.ByAddress(a) != p {
			lp.err.SetTextContent(lp.t("ledger_err_account_other", a, lp.t(lp.kb.ByAddress(a).Name)))
			focus(acct)
			return
		}
		e, err := ledger.NewManual(lp.newID(), p.ID, value(acct), value(label), value(used), kindFor(p), value(day), lp.now())
		if lp.saver(ledger.Entry{}, ledger.NoRecord)(e, err) {
			replace(lp.addArea)
			button.SetAttribute("aria-expanded", "false")
			replace(lp.status, lp.t("ledger_added", e.Label))
			focus(lp.search)
		}
	})
	on(cancel, "click", func(dom.Event) { replace(lp.addArea); button.SetAttribute("aria-expanded", "false"); focus(button) })
	replace(lp.addArea, f)
	focus(prov)
}
