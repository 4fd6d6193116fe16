//go:build js && wasm

package kb

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

// The Go values the browser binaries start with equal what decoding
// providers/*.json gives, field by field. Run with
// GOOS=js GOARCH=wasm go test -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" ./wasm/kb/
func TestCompiledEqualsJSON(t *testing.T) {
	k, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir("providers")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(k.Providers) {
		t.Fatalf("%d providers compiled, %d files in providers/", len(k.Providers), len(entries))
	}
	for _, e := range entries {
		data, err := os.ReadFile("providers/" + e.Name())
		if err != nil {
			t.Fatal(err)
		}
		want, err := decodeProvider(data)
		if err != nil {
			t.Fatal(e.Name(), err)
		}
		got := k.ByID(strings.TrimSuffix(e.Name(), ".json"))
		if got == nil {
			t.Fatalf("%s: not compiled", e.Name())
		}
		if !reflect.DeepEqual(withoutMatchers(*got), withoutMatchers(*want)) {
			t.Errorf("%s: the compiled values differ from the JSON", e.Name())
		}
		for i := range got.Refusals {
			if got.Refusals[i].Example != "" && !got.Refusals[i].Matches(got.Refusals[i].Example) {
				t.Errorf("%s: refusal %d does not match its example in the browser", got.ID, i)
			}
		}
	}
}

// withoutMatchers copies p with its compiled patterns left out, which
// compare by the browser's object identity.
func withoutMatchers(p Provider) Provider {
	p.Refusals = append([]Refusal(nil), p.Refusals...)
	for i := range p.Refusals {
		p.Refusals[i].re = nil
	}
	return p
}
