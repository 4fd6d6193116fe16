//go:build js && wasm

package main

import (
	"syscall/js"

	"mailkey/wasm/dom"
	"mailkey/wasm/i18n"
	"mailkey/wasm/jsonv"
)

// languageSection is the options page's language choice. Each language is
// listed by its own name (lang_name of that locale, marked with its lang),
// so a person finds theirs whatever the page is in now. The choice is kept
// under i18n.ChoiceKey and applies everywhere; this page redraws in it.
func (a *app) languageSection() dom.Element {
	pick := el("select", attrs{"id": "lang-choice", "aria-describedby": "lang-help"},
		el("option", attrs{"value": ""}, a.t("opt_lang_auto")))
	for _, loc := range a.cat.Locales() {
		pick.AppendChild(el("option", attrs{"value": loc, "lang": i18n.LangTag(loc)}, a.cat.Text(loc, "lang_name")))
	}
	chosen := ""
	if items, err := a.store.Get(i18n.ChoiceKey); err == nil {
		chosen = i18n.ChoiceFrom(items)
	}
	setValue(pick, chosen)
	errLine := el("p", attrs{"id": "lang-err", "class": "err", "role": "alert"})
	on(pick, "change", func(dom.Event) {
		loc := value(pick)
		go func() {
			var err error
			if loc == "" {
				err = a.store.Remove(i18n.ChoiceKey)
			} else {
				err = a.store.Set(jsonv.M(i18n.ChoiceKey, i18n.ChoiceValue(loc)))
			}
			if err != nil {
				errLine.SetTextContent(a.t("err_save"))
				return
			}
			js.Global().Get("location").Call("reload")
		}()
	})
	return el("section", attrs{"aria-labelledby": "lang-h"},
		el("h2", attrs{"id": "lang-h"}, a.t("opt_lang_h")),
		el("label", attrs{"for": "lang-choice"}, a.t("opt_lang_label")), pick,
		el("p", attrs{"id": "lang-help", "class": "muted"}, a.t("opt_lang_help")),
		errLine)
}
