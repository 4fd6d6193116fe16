// Package build makes the extension loadable from the repository root and
// packs it for the stores: it writes the content script's host matches into
// manifest.json from the knowledge base, the shared vocabulary into
// extension/wire.js, compiles the Go brain to
// extension/worker.wasm and the pages to extension/ui.wasm, copies the Go
// toolchain's wasm_exec.js beside them,
// and zips the result for Chrome and for Firefox into dist/.
package build

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"mailkey/internal/kbgen"
	"mailkey/wasm/kb"
)

// Result says what a build wrote.
type Result struct {
	WasmPath   string // the service worker's
	WasmBytes  int64
	UIWasmPath string // the extension pages'

	ChromeZip   string
	FirefoxZip  string
	ManifestNew bool // manifest.json changed
	KBNew       bool // wasm/kb/compiled.go was written anew from the JSON
}

// Matches returns the content script's match patterns: every host of the
// knowledge base, over https only.
func Matches(k *kb.KB) []string {
	var out []string
	for _, h := range k.Hosts() {
		out = append(out, "https://"+h+"/*")
	}
	return out
}

// Manifest returns manifest with its content script matches set from the
// knowledge base, formatted as committed.
func Manifest(manifest []byte, k *kb.KB) ([]byte, error) {
	var m map[string]any
	if err := json.Unmarshal(manifest, &m); err != nil {
		return nil, fmt.Errorf("manifest.json: %w", err)
	}
	cs, ok := m["content_scripts"].([]any)
	if !ok || len(cs) != 1 {
		return nil, errors.New("manifest.json: want exactly one content_scripts entry")
	}
	cs[0].(map[string]any)["matches"] = Matches(k)
	return format(m)
}

// format writes JSON the way manifest.json is kept: two-space indent, keys in
// the order a person reads a manifest.
func format(m map[string]any) ([]byte, error) {
	order := []string{"manifest_version", "name", "description", "version", "default_locale", "icons", "action",
		"background", "options_ui", "content_scripts", "permissions", "optional_permissions", "optional_host_permissions", "host_permissions",
		"content_security_policy", "web_accessible_resources", "browser_specific_settings"}
	rank := map[string]int{}
	for i, k := range order {
		rank[k] = i + 1
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.SliceStable(keys, func(i, j int) bool {
		ri, rj := rank[keys[i]], rank[keys[j]]
		if ri == 0 || rj == 0 {
			return ri != 0 || (rj == 0 && keys[i] < keys[j])
		}
		return ri < rj
	})
	var buf bytes.Buffer
	buf.WriteString("{\n")
	for i, k := range keys {
		v, err := json.MarshalIndent(m[k], "  ", "  ")
		if err != nil {
			return nil, err
		}
		kj, _ := json.Marshal(k)
		fmt.Fprintf(&buf, "  %s: %s", kj, v)
		if i < len(keys)-1 {
			buf.WriteString(",")
		}
		buf.WriteString("\n")
	}
	buf.WriteString("}\n")
	return buf.Bytes(), nil
}

// workerGCFlags compile the service worker's binary without inlining except
// in the standard library's internal packages (maps, strconv's core, the
// runtime's atomics): less code for the browser to fetch and compile at
// every cold start, for Go code that runs well under a millisecond per
// answer (BENCH.md). Measured on 2026-12-03 (raw / gzip -9): inlining
// everywhere 3,375,662 / 953,000 bytes; nowhere 3,536,385 / 888,722;
// nowhere but internal/... 3,468,732 / 884,261, the smallest both ways.
var workerGCFlags = []string{"-gcflags=all=-l", "-gcflags=internal/...="}

// Wasm compiles one of the browser binaries: pkg is ./wasm/worker,
// ./wasm/ui or ./wasm/strengthwasm.
func Wasm(root, pkg, out string) error {
	return goBuildWasm(root, pkg, out, "-ldflags=-s -w")
}

func goBuildWasm(root, pkg, out, ldflags string) error {
	args := []string{"build", "-trimpath", ldflags}
	if pkg == "./wasm/worker" {
		args = append(args, workerGCFlags...)
	}
	cmd := exec.Command("go", append(args, "-o", out, pkg)...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %v\n%s", pkg, err, b)
	}
	return nil
}

// WasmExec returns the path of the toolchain's wasm_exec.js.
func WasmExec() (string, error) {
	b, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return "", err
	}
	root := strings.TrimSpace(string(b))
	for _, p := range []string{"lib/wasm/wasm_exec.js", "misc/wasm/wasm_exec.js"} {
		if _, err := os.Stat(filepath.Join(root, p)); err == nil {
			return filepath.Join(root, p), nil
		}
	}
	return "", errors.New("wasm_exec.js not found in GOROOT " + root)
}

// Build makes root loadable as an unpacked extension and writes the zips.
// It writes the knowledge base's Go values (kbgen) before compiling.
func Build(root string) (Result, error) {
	var r Result
	old, manifest, err := manifests(root)
	if err != nil {
		return r, err
	}
	if !bytes.Equal(old, manifest) {
		r.ManifestNew = true
		if err := os.WriteFile(filepath.Join(root, "manifest.json"), manifest, 0o644); err != nil {
			return r, err
		}
	}
	if err := writeIfChanged(filepath.Join(root, "extension", "wire.js"), WireJS()); err != nil {
		return r, err
	}
	if r.KBNew, err = kbgen.Write(root); err != nil {
		return r, err
	}
	if err := compile(root, root); err != nil {
		return r, err
	}
	r.WasmPath = filepath.Join(root, "extension", "worker.wasm")
	r.UIWasmPath = filepath.Join(root, "extension", "ui.wasm")
	st, err := os.Stat(r.WasmPath)
	if err != nil {
		return r, err
	}
	r.WasmBytes = st.Size()
	dist := filepath.Join(root, "dist")
	if err := os.MkdirAll(dist, 0o755); err != nil {
		return r, err
	}
	r.ChromeZip = filepath.Join(dist, "mailkey-chrome.zip")
	r.FirefoxZip = filepath.Join(dist, "mailkey-firefox.zip")
	if err := Zip(root, manifest, "chrome", r.ChromeZip); err != nil {
		return r, err
	}
	return r, Zip(root, manifest, "firefox", r.FirefoxZip)
}

// ForBrowser adapts the one manifest to a store: Chrome's gets neither the
// Firefox settings nor the background scripts list it would warn about;
// Firefox's drops the background service_worker, which Firefox ignores and
// web-ext lint warns about (BACKGROUND_SERVICE_WORKER_IGNORED).
func ForBrowser(manifest []byte, browser string) ([]byte, error) {
	var m map[string]any
	if err := json.Unmarshal(manifest, &m); err != nil {
		return nil, err
	}
	bg, _ := m["background"].(map[string]any)
	switch browser {
	case "chrome":
		delete(m, "browser_specific_settings")
		delete(bg, "scripts")
	case "firefox":
		delete(bg, "service_worker")
	default:
		return nil, fmt.Errorf("no store package for browser %q", browser)
	}
	return format(m)
}

// Zip packs what the browser loads: the manifest, _locales and extension/.
// Hidden files and directories (.DS_Store, an editor's .swp, .git) are left
// out, as web-ext build leaves them out: the stores flag them.
func Zip(root string, manifest []byte, browser, out string) error {
	mf, err := ForBrowser(manifest, browser)
	if err != nil {
		return err
	}
	var files []string
	for _, dir := range []string{"_locales", "extension"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			rel, _ := filepath.Rel(root, p)
			files = append(files, filepath.ToSlash(rel))
			return nil
		})
		if err != nil {
			return err
		}
	}
	sort.Strings(files)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name string, r io.Reader) error {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		if err != nil {
			return err
		}
		_, err = io.Copy(w, r)
		return err
	}
	if err := add("manifest.json", bytes.NewReader(mf)); err != nil {
		return err
	}
	for _, f := range files {
		fh, err := os.Open(filepath.Join(root, f))
		if err != nil {
			return err
		}
		err = add(f, fh)
		fh.Close()
		if err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

// Stage builds, in dir, what the browser loads, without writing anything in
// root: the manifest with its matches from the knowledge base, _locales,
// extension/ with freshly compiled wasm and the toolchain's wasm_exec.js. It
// returns the manifest. Tests package from a staged copy so that they do not
// race other packages' tests that build in root.
func Stage(root, dir string) ([]byte, error) {
	_, manifest, err := manifests(root)
	if err != nil {
		return nil, err
	}
	if ok, err := kbgen.Current(root); err != nil {
		return nil, err
	} else if !ok {
		return nil, errors.New(kbgen.File + " is not up to date with the knowledge base's JSON: run `go generate ./wasm/kb`")
	}
	generated := map[string]bool{"extension/worker.wasm": true, "extension/ui.wasm": true, "extension/strength.wasm": true, "extension/wasm_exec.js": true}
	for _, top := range []string{"_locales", "extension"} {
		err := filepath.WalkDir(filepath.Join(root, top), func(p string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			if d.IsDir() {
				return os.MkdirAll(filepath.Join(dir, rel), 0o755)
			}
			if generated[filepath.ToSlash(rel)] {
				return nil
			}
			return CopyFile(p, filepath.Join(dir, rel))
		})
		if err != nil {
			return nil, err
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), manifest, 0o644); err != nil {
		return nil, err
	}
	return manifest, compile(root, dir)
}

// manifests returns manifest.json as committed in root and as it should be,
// its content-script matches generated from the knowledge base.
func manifests(root string) (old, manifest []byte, err error) {
	k, err := kb.Load()
	if err != nil {
		return nil, nil, err
	}
	if old, err = os.ReadFile(filepath.Join(root, "manifest.json")); err != nil {
		return nil, nil, err
	}
	manifest, err = Manifest(old, k)
	return old, manifest, err
}

// writeIfChanged writes a generated source file only when its content
// changes, so a build leaves the work tree clean.
func writeIfChanged(path string, data []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return nil
	}
	return os.WriteFile(path, data, 0o644)
}

// compile writes the wasm binaries built from root's Go (the service
// worker's, the pages', and the options page's passphrase estimator), and
// the Go toolchain's wasm_exec.js, into dir's extension/.
func compile(root, dir string) error {
	ext := filepath.Join(dir, "extension")
	if err := Wasm(root, "./wasm/worker", filepath.Join(ext, "worker.wasm")); err != nil {
		return err
	}
	if err := Wasm(root, "./wasm/ui", filepath.Join(ext, "ui.wasm")); err != nil {
		return err
	}
	if err := Wasm(root, "./wasm/strengthwasm", filepath.Join(ext, "strength.wasm")); err != nil {
		return err
	}
	src, err := WasmExec()
	if err != nil {
		return err
	}
	return CopyFile(src, filepath.Join(ext, "wasm_exec.js"))
}

// CopyFile copies the file src to dst.
func CopyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}
