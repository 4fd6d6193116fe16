//go:build js && wasm

// Command ui is Mailkey's extension pages (the popup; later the checklist
// and options), drawn with mailkey/wasm/dom. What to show is decided
// in the pure packages (hint cards, ledger views); this layer draws it and
// turns a person's actions into ledger writes.
package main

import (
	"syscall/js"
	"time"

	"mailkey"
	"mailkey/wasm/i18n"
	"mailkey/wasm/jsbridge"
	"mailkey/wasm/kb"
	"mailkey/wasm/ledger"
	"mailkey/wasm/review"
)

type app struct {
	kb     *kb.KB
	cat    *i18n.Catalog
	locale string
	store  jsbridge.Store
	now    func() time.Time
}

func (a *app) t(key string, args ...string) string { return a.cat.Text(a.locale, key, args...) }

func main() {
	jsbridge.Mark("main")
	k, err := kb.Load()
	if err != nil {
		panic(err)
	}
	jsbridge.Mark("kb")
	cat, err := jsbridge.Catalog(mailkey.LocaleNames)
	if err != nil {
		panic(err)
	}
	jsbridge.Mark("locales")
	ui := chrome().Get("i18n").Call("getUILanguage").String()
	store := jsbridge.LocalStore()
	chosen, _ := store.Get(i18n.ChoiceKey) // unreadable: automatic, as if none was chosen
	jsbridge.Mark("choice")
	a := &app{kb: k, cat: cat, locale: cat.Choose(i18n.ChoiceFrom(chosen), "", ui), store: store, now: time.Now}
	root := doc.GetElementByID("app")
	doc.DocumentElement().SetAttribute("lang", i18n.LangTag(a.locale))
	switch doc.QuerySelector("body").GetAttribute("data-page") {
	case "checklist":
		a.checklist(root)
	case "options":
		a.options(root)
	case "kit":
		a.kit(root)
	default:
		a.popup(root)
	}
	root.RemoveAttribute("aria-busy")
	// When the page became usable, in ms since navigation: for tests and the benchmark.
	js.Global().Set("mailkeyUIReady", js.Global().Get("performance").Call("now"))
	select {}
}

// howText is how an entry was revoked, in words: the bulk "password changed"
// event stores a code, people store their own words.
func (a *app) howText(e ledger.Entry) string {
	if e.RevokedHow == review.HowPasswordChanged {
		return a.t("how_password_changed")
	}
	return e.RevokedHow
}

// reasonOf is the reason code of a ledger or review refusal.
func reasonOf(err error) string {
	if re, ok := err.(*review.Error); ok {
		return re.Reason
	}
	return ledger.ReasonOf(err)
}
