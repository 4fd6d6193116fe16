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

//go:embed _locales/ru/messages.json
var localeRU []byte

//go:embed _locales/ko/messages.json
var localeKO []byte

//go:embed _locales/de/messages.json
var localeDE []byte

//go:embed _locales/ja/messages.json
var localeJA []byte

func init() {
	Locales["en"] = localeEN
	Locales["zh_CN"] = localeZhCN
	Locales["zh_TW"] = localeZhTW
	Locales["ru"] = localeRU
	Locales["ko"] = localeKO
	Locales["de"] = localeDE
	Locales["ja"] = localeJA
}

// Manifest is manifest.json as committed.
//
//go:embed manifest.json
var Manifest []byte
