package build

import (
	"encoding/json"
	"fmt"
	"strings"

	"mailkey"
	"mailkey/wasm/wire"
)

// WireJS is extension/wire.js: the vocabulary of package wire, and the
// locale names, as the JavaScript reads them (globalThis.MailkeyWire).
// The build writes it; a test keeps the committed file equal to it.
func WireJS() []byte {
	jsonOf := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			panic(err) // only strings and numbers: cannot fail
		}
		return string(b)
	}
	re := func(src string) string { return "new RegExp(" + jsonOf(src) + ", 'i')" }
	l := wire.Limit
	var b strings.Builder
	b.WriteString("// Written by `go run ./cmd/mailkey build` from wasm/wire and _locales: do not edit.\n")
	b.WriteString("// The messages, limits and words the sensor, the hint and the pages share with Go.\n")
	b.WriteString("'use strict';\n\n")
	b.WriteString("globalThis.MailkeyWire = Object.freeze({\n")
	fmt.Fprintf(&b, "  type: Object.freeze({ snapshot: %s, intent: %s, click: %s, tabFinding: %s }),\n",
		jsonOf(wire.Snapshot), jsonOf(wire.Intent), jsonOf(wire.Click), jsonOf(wire.TabFinding))
	fmt.Fprintf(&b, "  action: Object.freeze({ add: %s, revoke: %s, dismiss: %s, lookup: %s }),\n",
		jsonOf(wire.Add), jsonOf(wire.Revoke), jsonOf(wire.Dismiss), jsonOf(wire.Lookup))
	fmt.Fprintf(&b, "  limit: Object.freeze({ fields: %d, texts: %d, heads: %d, buttons: %d, text: %d, short: %d, value: %d, url: %d, label: %d,\n",
		l.Fields, l.Texts, l.Heads, l.Buttons, l.Text, l.Short, l.Value, l.URL, l.Label)
	fmt.Fprintf(&b, "    walk: %d, roots: %d, controls: %d, near: %d }),\n", l.Walk, l.Roots, l.Controls, l.Near)
	w := wire.Word
	fmt.Fprintf(&b, "  word: Object.freeze({\n    serverField: %s,\n    pageText: %s,\n    search: %s,\n    secretShape: %s,\n  }),\n",
		re(w.ServerField), re(w.PageText), re(w.Search), re(w.SecretShape))
	fmt.Fprintf(&b, "  key: Object.freeze({ choice: %s, tabPrefix: %s }),\n", jsonOf(wire.ChoiceKey), jsonOf(wire.TabKeyPrefix))
	fmt.Fprintf(&b, "  locales: Object.freeze(%s),\n", jsonOf(mailkey.LocaleNames))
	b.WriteString("});\n")
	return []byte(b.String())
}
