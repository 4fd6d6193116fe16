package build

import "testing"

func TestPackageOf(t *testing.T) {
	for symbol, want := range map[string]string{
		"honnef.co_go_js_dom_v2.__HTMLAreaElement_.SetAttribute": "honnef.co/go/js/dom/v2",
		"mailkey_wasm_ledger.csvNeedsQuotes":                     "mailkey/wasm/ledger",
		"runtime.__stkframe_.argMapInternal":                     "runtime",
		"internal_runtime_maps.__Map_.Get":                       "internal/runtime/maps",
		"type_.eq.runtime.traceSchedResourceState":               "(type equality and hashing)",
		"golang.org_x_crypto_argon2.deriveKey":                   "golang.org/x/crypto/argon2",
		"main.main":                                              "main",
		"runtime.mapaccess1_fast32":                              "runtime",
		"sync.runtime_Semrelease":                                "sync",
		"":                                                       "(unnamed)",
	} {
		if got := packageOf(symbol); got != want {
			t.Errorf("packageOf(%q) = %q, want %q", symbol, got, want)
		}
	}
}

// A module by hand: one imported function, two bodies named in the name
// section (3 and 5 bytes), a 4-byte data section; the name section is not
// counted.
func TestWasmSizes(t *testing.T) {
	leb := func(n int) []byte { return []byte{byte(n)} } // every number here < 128
	section := func(id byte, body []byte) []byte { return append(append([]byte{id}, leb(len(body))...), body...) }
	str := func(s string) []byte { return append(leb(len(s)), s...) }
	var imports []byte
	imports = append(imports, 1)
	imports = append(append(imports, str("go")...), str("debug")...)
	imports = append(imports, 0, 0) // a function of type 0
	code := []byte{2, 3, 0, 0, 0x0b, 5, 0, 0, 0, 0, 0x0b}
	names := append(append([]byte{2, 1}, str("a_b.F")...), 2) // two names: function 1, then 2
	names = append(names, str("c.G")...)
	nameSec := append(str("name"), section(1, names)...)
	wasm := []byte("\x00asm\x01\x00\x00\x00")
	wasm = append(wasm, section(2, imports)...)
	wasm = append(wasm, section(10, code)...)
	wasm = append(wasm, section(11, []byte{1, 2, 3, 4})...)
	wasm = append(wasm, section(0, nameSec)...)
	named := len(section(0, nameSec))
	pkgs, data, rest, err := WasmSizes(wasm)
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) != 2 || pkgs[0] != (PackageSize{"c", 5}) || pkgs[1] != (PackageSize{"a/b", 3}) || data != 4 || rest != len(wasm)-12-named {
		t.Errorf("sizes %+v, data %d, rest %d (of %d)", pkgs, data, rest, len(wasm))
	}
}
