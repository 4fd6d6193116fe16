// Package mailkey holds the files at the root of the extension that its Go
// code reads too: the locales, so the service worker can answer in the page's
// language rather than only the browser's, and the manifest, for tests.
package mailkey

import _ "embed"

// Each locale is embedded by name: walking an embed.FS through io/fs would
// add 290 KB to the browser binary. A test keeps this list complete.

//go:embed _locales/en/messages.json
var localeEN []byte

//go:embed _locales/zh_CN/messages.json
var localeZhCN []byte

// Locales maps a locale directory name to its messages.json.
var Locales = map[string][]byte{
	"en":    localeEN,
	"zh_CN": localeZhCN,
}

// Manifest is manifest.json as committed.
//
//go:embed manifest.json
var Manifest []byte
