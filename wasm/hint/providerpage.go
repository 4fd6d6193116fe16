package hint

import (
	"strconv"
	"time"

	"mailkey/wasm/classify"
	"mailkey/wasm/i18n"
	"mailkey/wasm/kb"
	"mailkey/wasm/ledger"
)

// RevokeItem is a ledger entry still active for the provider whose page
// lists its app passwords, offered for "mark revoked".
type RevokeItem struct {
	ID, Label, Meta string
}

// ForProviderPage builds the hint for a provider's own page: where app
// passwords are made, offer (after the person makes one) to log it under the
// name they gave it; where they are listed, show the ledger's entries for
// this provider that are still active. active is the ledger's active
// entries for the provider. Nil when there is nothing to offer.
func ForProviderPage(f classify.Finding, k *kb.KB, cat *i18n.Catalog, locale string, active []ledger.Entry, today time.Time) *Hint {
	p := f.Page
	if p == nil || f.Anchor < 0 && !f.MadeOnArrival || (f.Kind != classify.Generator && f.Kind != classify.Revoke) {
		return nil
	}
	t := func(key string, args ...string) string { return cat.Text(locale, key, args...) }
	name := t(p.Name)
	h := &Hint{Locale: locale, Lang: i18n.LangTag(locale), Region: t("gen_region", name),
		Headings: map[string]string{"before": t("hint_before"), "steps": t("hint_steps"), "servers": t("hint_servers"), "revoke": t("gen_still_active")},
		Buttons:  buttons(t),
		Context:  Context{Site: f.Site, Provider: p.ID, Source: ledger.FromGenerator}}
	h.Buttons["revoke"] = t("ledger_revoke_save")
	kind, canLog := GeneratedKind(p)
	h.Trigger = -1
	if f.Kind == classify.Generator && (f.Trigger >= 0 || f.MadeOnArrival) && canLog {
		h.Trigger, h.Arrival, h.NameLists = f.Trigger, f.MadeOnArrival, f.NameLists
		h.Context.Kind = kind
		h.Add = &AddForm{Button: t("hint_add"), Label: t("hint_label"), LabelHelp: t("hint_label_help", name),
			Save: t("hint_save"), Cancel: t("hint_cancel")}
		if p.GeneratesFor != "" {
			// What these passwords are for, where mail programs want
			// something else.
			h.Notes = append(h.Notes, Item{Text: t(p.GeneratesFor), Uncertain: p.GeneratesFact.Uncertain != ""})
		}
	}
	if f.Revocable {
		for _, e := range active {
			meta := e.UsedBy
			if e.Account != "" {
				meta = e.Account + " · " + meta
			}
			h.Revoke = append(h.Revoke, RevokeItem{ID: e.ID, Label: e.Label,
				Meta: meta + " · " + t("ledger_made", e.Created, strconv.Itoa(e.Age(today)))})
		}
		if h.Add == nil && len(h.Revoke) == 0 {
			return nil
		}
		h.Title = t("gen_revoke_title", name)
		h.Access = t("gen_revoke_body")
	} else if h.Add == nil {
		return nil
	}
	madeTitle, madeAccess := t("gen_title", name), t("gen_body")
	if h.Title == "" { // shown only after a password is made
		h.Title, h.Access = madeTitle, madeAccess
	}
	h.Key = p.ID + "|" + string(f.Kind) + "|" + strconv.Itoa(len(h.Revoke))
	for _, r := range h.Revoke {
		h.Key += "|" + r.ID
	}
	if h.Add != nil {
		// The offer, shown once the person has made one: fixed in a corner
		// (providers hide their form once the password is made), the form
		// open for the name the sensor read from the provider's name field,
		// and the entries still active beside it (the new password often
		// replaces one of them).
		offer := *h
		offer.Key = p.ID + "|made"
		offer.Title, offer.Access = madeTitle, madeAccess
		offer.Fixed, offer.Trigger, offer.Arrival, offer.NameLists = true, -1, false, nil
		add := *h.Add
		add.Open = true
		offer.Add = &add
		h.Offer = &offer
	}
	return h
}
