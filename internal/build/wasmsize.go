package build

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// PackageSize is how many bytes of a wasm binary's code one Go package's
// functions take.
type PackageSize struct {
	Package string
	Bytes   int
}

// WasmSizes attributes a Go wasm binary's bytes: the code of each function
// to its package (by the name section Go writes), the data segments as one
// part, and the rest (types, imports, headers) as another; the name section
// itself, which the shipped binary is built without (-s), is not counted.
// Packages come largest first.
func WasmSizes(wasm []byte) (packages []PackageSize, data, rest int, err error) {
	if len(wasm) < 8 || string(wasm[:4]) != "\x00asm" {
		return nil, 0, 0, errors.New("wasm size: not a wasm binary")
	}
	r := &reader{b: wasm, at: 8}
	imported := 0
	var bodies []int
	names := map[int]string{}
	nameSection := 0
	for r.at < len(r.b) {
		start := r.at
		id := r.byte()
		size := r.uint()
		end := r.at + size
		if r.err != nil || end > len(r.b) {
			return nil, 0, 0, errors.New("wasm size: truncated section")
		}
		sec := &reader{b: r.b[:end], at: r.at}
		switch id {
		case 2: // imports: functions imported come first in the index space
			imported = sec.importedFuncs()
		case 10: // code
			for n := sec.uint(); n > 0 && sec.err == nil; n-- {
				body := sec.uint()
				bodies = append(bodies, body)
				sec.at += body
			}
		case 11: // data
			data += size
		case 0:
			if sec.name() == "name" {
				nameSection = end - start
				sec.funcNames(names)
			}
		}
		if sec.err != nil {
			return nil, 0, 0, sec.err
		}
		r.at = end
	}
	byPkg := map[string]int{}
	code := 0
	for i, n := range bodies {
		byPkg[packageOf(names[imported+i])] += n
		code += n
	}
	for p, n := range byPkg {
		packages = append(packages, PackageSize{p, n})
	}
	sort.Slice(packages, func(i, j int) bool {
		if packages[i].Bytes != packages[j].Bytes {
			return packages[i].Bytes > packages[j].Bytes
		}
		return packages[i].Package < packages[j].Package
	})
	return packages, data, len(wasm) - code - data - nameSection, nil
}

// packageOf is the import path of a function's name as Go's wasm name
// section spells it, with "/" written "_":
// "honnef.co_go_js_dom_v2.__Element_.Foo" -> "honnef.co/go/js/dom/v2".
func packageOf(symbol string) string {
	if symbol == "" {
		return "(unnamed)"
	}
	start := 0
	if u := strings.IndexByte(symbol, '_'); u > 0 && domain.MatchString(symbol[:u]) {
		start = u // a module path's host: its dots are not the package's end
	}
	dot := strings.IndexByte(symbol[start:], '.')
	if dot < 0 {
		return symbol
	}
	pkg := symbol[:start+dot]
	if pkg == "type_" {
		return "(type equality and hashing)"
	}
	return strings.ReplaceAll(pkg, "_", "/")
}

// domain is a module path's host as the name section starts it
// ("golang.org_x_..."): a top-level domain of module hosts, so that a
// runtime symbol such as "runtime.mapaccess1_fast32" is not taken for one.
var domain = regexp.MustCompile(`^[a-z0-9-]+(\.[a-z0-9-]+)*\.(com|org|net|io|co|dev|in|me|app|info)$`)

type reader struct {
	b   []byte
	at  int
	err error
}

func (r *reader) byte() byte {
	if r.at >= len(r.b) {
		r.err = errors.New("wasm size: truncated")
		return 0
	}
	r.at++
	return r.b[r.at-1]
}

// uint reads an unsigned LEB128 number.
func (r *reader) uint() int {
	n, shift := 0, 0
	for r.err == nil {
		c := r.byte()
		n |= int(c&0x7f) << shift
		if c < 0x80 || shift > 28 {
			break
		}
		shift += 7
	}
	return n
}

func (r *reader) name() string {
	n := r.uint()
	if r.err != nil || r.at+n > len(r.b) {
		r.err = errors.New("wasm size: truncated name")
		return ""
	}
	r.at += n
	return string(r.b[r.at-n : r.at])
}

func (r *reader) limits() {
	if r.byte()&1 != 0 {
		r.uint()
	}
	r.uint()
}

func (r *reader) importedFuncs() int {
	funcs := 0
	for n := r.uint(); n > 0 && r.err == nil; n-- {
		r.name()
		r.name()
		switch r.byte() {
		case 0:
			r.uint()
			funcs++
		case 1:
			r.byte()
			r.limits()
		case 2:
			r.limits()
		case 3:
			r.byte()
			r.byte()
		}
	}
	return funcs
}

// funcNames reads the name section's function names (subsection 1).
func (r *reader) funcNames(names map[int]string) {
	for r.at < len(r.b) && r.err == nil {
		id := r.byte()
		size := r.uint()
		end := r.at + size
		if id == 1 {
			for n := r.uint(); n > 0 && r.err == nil; n-- {
				idx := r.uint()
				names[idx] = r.name()
			}
		}
		r.at = end
	}
}

// SizeReport compiles pkg (./wasm/ui or ./wasm/worker) once more with its
// function names kept, and says what its bytes are: the top packages by
// code, the data, the rest.
func SizeReport(root, pkg string, top int) (string, error) {
	dir, err := os.MkdirTemp("", "mailkey-size-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "named.wasm")
	if err := goBuildWasm(root, pkg, out, "-ldflags=-w"); err != nil {
		return "", err
	}
	b, err := os.ReadFile(out)
	if err != nil {
		return "", err
	}
	pkgs, data, rest, err := WasmSizes(b)
	if err != nil {
		return "", err
	}
	var w strings.Builder
	fmt.Fprintf(&w, "%s by package (bytes of code; the shipped binary has no names section):\n", pkg)
	others := 0
	for i, p := range pkgs {
		if i < top {
			fmt.Fprintf(&w, "  %9d  %s\n", p.Bytes, p.Package)
		} else {
			others += p.Bytes
		}
	}
	fmt.Fprintf(&w, "  %9d  %d other packages\n  %9d  data (strings, tables, the runtime's type data)\n  %9d  the rest (types, imports, headers)\n",
		others, max(0, len(pkgs)-top), data, rest)
	return w.String(), nil
}
