package i18n

import "mailkey/wasm/jsonv"

// ChoiceKey is where chrome.storage.local keeps the language a person chose
// on the options page, as {"locale":"ru"}; no key means automatic (the
// page's language for the hint, the browser's for the extension's pages).
// It applies everywhere: the hint, the popup, the checklist, the options
// page, the badge and the notification.
const ChoiceKey = "settings/lang"

// ChoiceFrom reads the chosen locale from storage items ("" when none).
func ChoiceFrom(items map[string]jsonv.Value) string {
	return items[ChoiceKey].GetStr("locale")
}

// ChoiceValue is what ChoiceKey holds for a chosen locale.
func ChoiceValue(locale string) jsonv.Value {
	return jsonv.Obj(jsonv.M("locale", jsonv.Str(locale)))
}
