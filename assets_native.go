//go:build !js

package mailkey

import _ "embed"

// Native code (tests, the build and bench tool) reads the same files from
// the repository, embedded by name: walking an embed.FS through io/fs costs
// more than it saves.

//go:embed _locales/en/messages.json
var localeEN []byte

//go:embed _locales/zh_CN/messages.json
var localeZhCN []byte

//go:embed _locales/zh_TW/messages.json
var localeZhTW []byte

func init() {
	Locales["en"] = localeEN
	Locales["zh_CN"] = localeZhCN
	Locales["zh_TW"] = localeZhTW
}

// Manifest is manifest.json as committed.
//
//go:embed manifest.json
var Manifest []byte
