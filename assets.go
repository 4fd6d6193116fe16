// Package mailkey holds the files at the root of the extension that its Go
// code reads too: the locales, so the service worker can answer in the page's
// language rather than only the browser's, and the manifest, for tests.
package mailkey

import "embed"

// Locales holds _locales/<locale>/messages.json.
//
//go:embed _locales/*/messages.json
var Locales embed.FS

// Manifest is manifest.json as committed.
//
//go:embed manifest.json
var Manifest []byte
