//go:build js && wasm

package main

import (
	"slices"
	"strconv"
	"strings"
	"syscall/js"

	"mailkey/wasm/dom"
	"mailkey/wasm/jsbridge"
	"mailkey/wasm/jsonv"
	"mailkey/wasm/kb"
	"mailkey/wasm/ledger"
	"mailkey/wasm/review"
)

// checklistPage is the revocation checklist: every active entry grouped by
// provider and account, with the provider's revoke page, the steps there,
// "mark revoked" with undo, progress, the review settings, the bulk
// "I changed my password" events, and a print view.
type checklistPage struct {
	*app
	entries []ledger.Entry
	// revision is the revision of the record an entry was read from.
	revision func(id string) string
	settings review.Settings
	filter   review.Filter
	// refocus is the data-key of the button to give the focus to when the
	// next drawing drops it (the entry acted on is drawn anew); waiting,
	// that the focus went to the filter only until that entry is drawn
	// (its change was still on its way to the worker's writer).
	refocus string
	waiting bool

	filters, progress, groups, status, err, bulk, prefs dom.Element
}

func (a *app) checklist(root dom.Element) {
	doc.Underlying().Set("title", a.t("check_title"))
	c := &checklistPage{app: a, filter: review.FilterDue}
	c.filters = el("fieldset", attrs{"class": "filters"}, el("legend", attrs{"class": "sr"}, a.t("check_show")))
	c.progress = el("p", attrs{"id": "check-progress"})
	c.groups = el("div", attrs{"id": "check-groups"})
	c.status = el("div", attrs{"role": "status", "aria-live": "polite", "class": "status"})
	c.err = el("p", attrs{"class": "err", "role": "alert"})
	c.bulk = el("section", attrs{"aria-labelledby": "bulk-h", "class": "no-print"})
	c.prefs = el("section", attrs{"aria-labelledby": "prefs-h", "class": "no-print"})
	printBtn := el("button", attrs{"type": "button", "id": "check-print"}, a.t("check_print"))
	on(printBtn, "click", func(dom.Event) { js.Global().Call("print") })
	replace(root,
		el("h1", nil, a.t("check_title")),
		el("p", attrs{"class": "no-print"}, a.t("check_intro")),
		el("p", attrs{"class": "print-only"}, a.t("check_print_intro")),
		c.filters, c.progress, c.err, c.status, c.groups,
		el("p", attrs{"class": "no-print"}, printBtn),
		c.bulk, c.prefs)
	a.store.OnChanged("local", func(keys []string) {
		if slices.ContainsFunc(keys, func(k string) bool { return strings.HasPrefix(k, ledger.KeyPrefix) || k == review.SettingsKey }) {
			c.load()
		}
	})
	c.load()
}

func (c *checklistPage) load() {
	items, err := c.store.All()
	if err != nil {
		c.err.SetTextContent(c.t("ledger_err_read"))
		return
	}
	c.settings = review.ParseSettings(items[review.SettingsKey])
	snap := ledger.Load(items)
	c.entries, c.revision = snap.Entries, snap.Revision
	c.render()
	c.renderBulk()
	c.renderPrefs()
}

func (c *checklistPage) render() {
	// Everything below is drawn anew: the focus goes back to the same
	// control, or to the entry acted on, or to the filter.
	// (Only when it was here to lose, or an action asked for it: a redraw
	// never takes the focus from a page nobody is using.)
	filterKey := "filter-" + string(c.filter)
	wasLost, keep := focusLost(), activeKey()
	waiting := c.waiting && keep == filterKey
	defer func() {
		root := doc.DocumentElement()
		if c.refocus != "" && (wasLost || waiting) {
			if focusKey(root, c.refocus) {
				c.refocus, c.waiting = "", false
				return
			}
			// The entry acted on is not drawn (its change may still be on
			// its way): the filter holds the focus until it is.
			c.waiting = refocus(root, filterKey) || waiting
			return
		}
		c.refocus, c.waiting = "", false
		if !wasLost {
			refocus(root, keep, filterKey)
		}
	}()
	today := c.now()
	counts := review.Counts(c.entries, today, c.settings.LimitDays, review.DefaultRecentDays)
	var radios []any
	for _, f := range []struct {
		f   review.Filter
		key string
	}{{review.FilterDue, "check_filter_due"}, {review.FilterActive, "check_filter_active"}, {review.FilterRevoked, "check_filter_revoked"}} {
		id := "filter-" + string(f.f)
		in := el("input", attrs{"type": "radio", "name": "check-filter", "id": id, "value": string(f.f)})
		if f.f == c.filter {
			in.SetAttribute("checked", "")
		}
		in.AddEventListener("change", false, func(dom.Event) { c.filter = f.f; c.render() })
		radios = append(radios, el("label", attrs{"for": id}, in, " "+c.t(f.key, strconv.Itoa(counts[f.f]))))
	}
	replace(c.filters, append([]any{el("legend", attrs{"class": "sr"}, c.t("check_show"))}, radios...)...)

	groups := review.Groups(c.entries, c.kb, c.filter, today, c.settings.LimitDays, review.DefaultRecentDays)
	done, total := review.Progress(groups)
	if total > 0 {
		bar := el("progress", attrs{"max": strconv.Itoa(total), "value": strconv.Itoa(done), "aria-label": c.t("check_progress_label")})
		replace(c.progress, bar, " ", c.t("check_progress", strconv.Itoa(done), strconv.Itoa(total)))
	} else {
		replace(c.progress)
	}
	if len(groups) == 0 {
		replace(c.groups, el("p", attrs{"class": "muted"}, c.t("check_empty_"+string(c.filter), strconv.Itoa(c.settings.LimitDays))))
		return
	}
	var out []any
	for _, g := range groups {
		out = append(out, c.groupEl(g))
	}
	replace(c.groups, out...)
}

func (c *checklistPage) groupEl(g review.Group) dom.Element {
	name := g.ProviderID
	if p := c.kb.ByID(g.ProviderID); p != nil {
		name = c.t(p.Name)
	}
	head := name
	if g.Account != "" {
		head += " · " + g.Account
	}
	sec := el("section", attrs{"class": "group", "aria-label": head},
		el("h2", nil, head),
		el("p", nil, el("progress", attrs{"max": strconv.Itoa(g.Total), "value": strconv.Itoa(g.Done), "aria-label": c.t("check_progress_label")}),
			" ", c.t("check_progress", strconv.Itoa(g.Done), strconv.Itoa(g.Total))))
	if g.ManageURL != "" {
		sec.AppendChild(el("p", nil, link(c.t("ledger_manage_at", name), g.ManageURL)))
	}
	if g.ManageSteps != "" {
		steps := el("p", nil, c.t(g.ManageSteps))
		if g.Uncertain {
			steps.AppendChild(el("span", attrs{"class": "unc"}, " ("+c.t("hint_uncertain")+")"))
		}
		sec.AppendChild(steps)
	}
	list := el("ul", nil)
	for _, it := range g.Entries {
		e := it.Entry
		line := []string{e.UsedBy, c.t("ledger_made", e.Created, strconv.Itoa(e.Age(c.now())))}
		if e.Revoked != "" {
			line = append(line, c.t("ledger_revoked_on", e.Revoked), c.howText(e))
		}
		li := el("li", nil, el("div", attrs{"class": "label"}, e.Label), el("div", attrs{"class": "meta"}, joinNonEmpty(line, " · ")))
		if it.Due {
			li.AppendChild(el("div", attrs{"class": "due"}, c.t("check_why_"+string(it.Why), strconv.Itoa(c.settings.LimitDays))))
		}
		actions := el("div", attrs{"class": "actions no-print"})
		first := "first:" + e.ID
		rev := c.revision(e.ID) // changes are made from this drawing of e
		if e.Revoked == "" {
			b := el("button", attrs{"type": "button", "data-key": first}, c.t("ledger_revoke_save"))
			on(b, "click", func(dom.Event) { c.markRevoked(e, rev) })
			actions.AppendChild(b)
			cb := el("button", attrs{"type": "button", "data-key": e.ID + ":confirm"}, c.t("ledger_confirm"))
			on(cb, "click", func(dom.Event) {
				c.refocus = e.ID + ":confirm"
				c.save(e, rev)(e.Confirm(ledger.Day(c.now()), c.now()))
			})
			actions.AppendChild(cb)
		} else {
			b := el("button", attrs{"type": "button", "data-key": first}, c.t("ledger_unrevoke"))
			on(b, "click", func(dom.Event) {
				c.refocus = first
				c.save(e, rev)(e.Unrevoke(c.now()))
			})
			actions.AppendChild(b)
		}
		li.AppendChild(actions)
		list.AppendChild(li)
	}
	sec.AppendChild(list)
	return sec
}

// save writes a change made from entry from, read from the record of
// revision rev, or shows why it cannot.
func (c *checklistPage) save(from ledger.Entry, rev string) func(ledger.Entry, error) {
	return func(to ledger.Entry, err error) {
		if err != nil {
			c.err.SetTextContent(c.t("ledger_err_reason", c.t("reason_"+ledger.ReasonOf(err))))
			return
		}
		c.saveEdits(c.err, nil, ledger.Edit{From: from, To: to, Base: rev})
	}
}

// markRevoked records today's revocation and offers undo.
func (c *checklistPage) markRevoked(e ledger.Entry, rev string) {
	done, err := e.Revoke(ledger.Day(c.now()), "", c.now())
	if err != nil {
		c.err.SetTextContent(c.t("ledger_err_reason", c.t("reason_"+ledger.ReasonOf(err))))
		return
	}
	c.save(e, rev)(done, nil)
	undo := el("button", attrs{"type": "button", "id": "check-undo"}, c.t("ledger_undo"))
	on(undo, "click", func(dom.Event) {
		if back, err := done.Unrevoke(c.now()); err == nil {
			c.refocus = "first:" + e.ID
			c.save(done, ledger.Revision(done.JSON()))(back, nil)
			replace(c.status, c.t("check_unrevoked", e.Label))
		}
	})
	replace(c.status, c.t("check_revoked", e.Label)+" ", undo)
	focus(undo)
}

// entryByID is the entry as read (the zero Entry if there is none).
func (c *checklistPage) entryByID(id string) ledger.Entry {
	for _, e := range c.entries {
		if e.ID == id {
			return e
		}
	}
	return ledger.Entry{}
}

// renderBulk offers "I changed my password" for the providers that revoke
// every app password on a password change, and says which do not.
func (c *checklistPage) renderBulk() {
	revokes, survives, unknown := review.PasswordChangeProviders(c.kb)
	prov := el("select", attrs{"id": "bulk-provider"})
	for _, p := range revokes {
		prov.AppendChild(el("option", attrs{"value": p.ID}, c.t(p.Name)))
	}
	acct := el("select", attrs{"id": "bulk-account"})
	fillAccounts := func() {
		var opts []any
		for _, a := range review.Accounts(c.entries, value(prov)) {
			label := a
			if a == "" {
				label = c.t("check_no_account")
			}
			opts = append(opts, el("option", attrs{"value": a}, label))
		}
		if len(opts) == 0 {
			opts = append(opts, el("option", attrs{"value": "", "disabled": "disabled"}, c.t("check_no_active")))
		}
		replace(acct, opts...)
	}
	prov.AddEventListener("change", false, func(dom.Event) { fillAccounts() })
	fillAccounts()
	run := el("button", attrs{"type": "button", "id": "bulk-run"}, c.t("check_bulk_run"))
	on(run, "click", func(dom.Event) {
		p := c.kb.ByID(value(prov))
		if p == nil {
			return
		}
		changed, err := review.PasswordChanged(c.entries, c.kb, p.ID, value(acct), ledger.Day(c.now()), c.now())
		if err != nil {
			c.err.SetTextContent(c.t("reason_" + reasonOf(err)))
			return
		}
		edits := make([]ledger.Edit, len(changed))
		for i, e := range changed {
			edits[i] = ledger.Edit{From: c.entryByID(e.ID), To: e, Base: c.revision(e.ID)}
		}
		c.saveEdits(c.err, func() { replace(c.status, c.t("check_bulk_done", strconv.Itoa(len(changed)), c.t(p.Name))) }, edits...)
	})
	names := func(ps []*kb.Provider) string {
		var out []string
		for _, p := range ps {
			out = append(out, c.t(p.Name))
		}
		return strings.Join(out, c.t("list_sep"))
	}
	replace(c.bulk, el("h2", attrs{"id": "bulk-h"}, c.t("check_bulk_h")),
		el("p", nil, c.t("check_bulk_revokes", names(revokes))),
		el("p", nil, c.t("check_bulk_survives", names(survives))),
		el("p", attrs{"class": "muted"}, c.t("check_bulk_unknown", names(unknown))),
		el("div", attrs{"class": "toolbar"}, el("label", attrs{"for": "bulk-provider"}, c.t("ledger_field_provider")), prov,
			el("label", attrs{"for": "bulk-account"}, c.t("ledger_field_account")), acct, run))
}

// renderPrefs shows the review settings: the age limit and notifications
// (off by default; turning them on asks the browser for the permission).
func (c *checklistPage) renderPrefs() {
	days := el("input", attrs{"type": "number", "id": "pref-days", "min": strconv.Itoa(review.MinLimitDays), "max": strconv.Itoa(review.MaxLimitDays), "step": "1"})
	setValue(days, strconv.Itoa(c.settings.LimitDays))
	notify := el("input", attrs{"type": "checkbox", "id": "pref-notify"})
	if c.settings.Notify {
		notify.SetAttribute("checked", "")
	}
	save := el("button", attrs{"type": "button", "id": "pref-save"}, c.t("ledger_save"))
	on(save, "click", func(dom.Event) {
		n, err := strconv.Atoi(strings.TrimSpace(value(days)))
		if err != nil || !review.ValidLimit(n) {
			c.err.SetTextContent(c.t("check_days_bad"))
			focus(days)
			return
		}
		want := notify.Underlying().Get("checked").Bool()
		go func() {
			if want {
				// Asked here, in answer to the person's click.
				granted, err := jsbridge.Await(chrome().Get("permissions").Call("request", map[string]any{"permissions": []any{"notifications"}}))
				if err != nil || !granted.Bool() {
					want = false
					notify.Underlying().Set("checked", false)
				}
			}
			s := review.Settings{LimitDays: n, Notify: want}
			if err := c.store.Set(jsonv.M(review.SettingsKey, s.JSON())); err != nil {
				c.err.SetTextContent(c.t("err_save"))
				return
			}
			c.err.SetTextContent("")
			replace(c.status, c.t("check_prefs_saved"))
		}()
	})
	replace(c.prefs, el("h2", attrs{"id": "prefs-h"}, c.t("check_prefs_h")),
		el("div", attrs{"class": "settings"},
			el("label", attrs{"for": "pref-days"}, c.t("check_days")), days,
			el("label", attrs{"for": "pref-notify"}, notify, " "+c.t("check_notify")), save))
}
