// Package mailkey holds the files at the root of the extension that its Go
// code reads too: the locales, so that Go can answer in the page's language
// rather than only the browser's, and the manifest, for tests.
package mailkey

// LocaleNames are the directories under _locales. In the browser, Go reads
// them from the extension's own files at start (see jsbridge.Catalog):
// embedding them would carry a second copy of every string in each wasm
// binary. A test keeps this list complete.
var LocaleNames = []string{"en", "zh_CN", "zh_TW", "ru", "ko", "de", "ja"}

// Locales maps a locale directory name to its messages.json, in native code
// (tests, the build and bench tool); empty in the browser.
var Locales = map[string][]byte{}
