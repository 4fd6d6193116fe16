package variants

import (
	"fmt"
	"strings"

	"mailkey"
	"mailkey/wasm/i18n"
	"mailkey/wasm/kb"
)

// ProviderNames is the name of each address's provider in every shipped
// locale: a hint that names the provider holds one of them.
func ProviderNames() (map[string][]string, error) {
	k, err := kb.Load()
	if err != nil {
		return nil, err
	}
	cat, err := i18n.Load(mailkey.Locales)
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, a := range Addresses {
		p := k.ByID(a.Provider)
		if p == nil {
			return nil, fmt.Errorf("variants: no provider %q in the knowledge base", a.Provider)
		}
		for _, l := range cat.Locales() {
			out[a.Provider] = append(out[a.Provider], cat.Text(l, p.Name))
		}
	}
	return out, nil
}

// Names reports whether a hint's text holds one of names.
func Names(text string, names []string) bool {
	for _, n := range names {
		if n != "" && strings.Contains(text, n) {
			return true
		}
	}
	return false
}
