//go:build js && wasm

package kb

import (
	"os"
	"reflect"
	"strings"
	"testing"
)

// The Go values the browser binaries start with equal what decoding
// providers/*.json gives, field by field, less what the browser leaves out
// (asCompiled). Run with
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
		if !reflect.DeepEqual(withoutMatchers(*got), asCompiled(withoutMatchers(*want))) {
			t.Errorf("%s: the compiled values differ from the JSON", e.Name())
		}
		for i := range got.Refusals {
			if got.Refusals[i].Example != "" && !got.Refusals[i].Matches(got.Refusals[i].Example) {
				t.Errorf("%s: refusal %d does not match its example in the browser", got.ID, i)
			}
		}
	}
}

// asCompiled is p as the generator writes it: without Sources, with
// Unconfirmed for every reason a fact is uncertain.
func asCompiled(p Provider) Provider {
	project(reflect.ValueOf(&p).Elem())
	return p
}

func project(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			c := reflect.New(v.Elem().Type())
			c.Elem().Set(v.Elem())
			project(c.Elem())
			v.Set(c)
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Struct && !v.IsNil() {
			c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
			reflect.Copy(c, v)
			for i := range c.Len() {
				project(c.Index(i))
			}
			v.Set(c)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			f, fv := v.Type().Field(i), v.Field(i)
			switch {
			case !f.IsExported():
			case f.Name == "Sources":
				fv.Set(reflect.Zero(f.Type))
			case f.Name == "Uncertain" && fv.String() != "":
				fv.SetString(Unconfirmed)
			default:
				project(fv)
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
