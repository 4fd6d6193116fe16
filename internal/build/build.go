// Package build makes the extension loadable from the repository root and
// packs it for the stores: it writes the content script's host matches into
// manifest.json from the knowledge base, compiles the Go brain to
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

// Wasm compiles one of the browser binaries: pkg is ./wasm/worker or ./wasm/ui.
func Wasm(root, pkg, out string) error {
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, pkg)
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
func Build(root string) (Result, error) {
	var r Result
	k, err := kb.Load()
	if err != nil {
		return r, err
	}
	mpath := filepath.Join(root, "manifest.json")
	old, err := os.ReadFile(mpath)
	if err != nil {
		return r, err
	}
	manifest, err := Manifest(old, k)
	if err != nil {
		return r, err
	}
	if !bytes.Equal(old, manifest) {
		r.ManifestNew = true
		if err := os.WriteFile(mpath, manifest, 0o644); err != nil {
			return r, err
		}
	}
	r.WasmPath = filepath.Join(root, "extension", "worker.wasm")
	if err := Wasm(root, "./wasm/worker", r.WasmPath); err != nil {
		return r, err
	}
	r.UIWasmPath = filepath.Join(root, "extension", "ui.wasm")
	if err := Wasm(root, "./wasm/ui", r.UIWasmPath); err != nil {
		return r, err
	}
	st, err := os.Stat(r.WasmPath)
	if err != nil {
		return r, err
	}
	r.WasmBytes = st.Size()
	src, err := WasmExec()
	if err != nil {
		return r, err
	}
	if err := copyFile(src, filepath.Join(root, "extension", "wasm_exec.js")); err != nil {
		return r, err
	}
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
// Firefox settings nor the background scripts list it would warn about.
func ForBrowser(manifest []byte, browser string) ([]byte, error) {
	if browser != "chrome" {
		return manifest, nil
	}
	var m map[string]any
	if err := json.Unmarshal(manifest, &m); err != nil {
		return nil, err
	}
	delete(m, "browser_specific_settings")
	if bg, ok := m["background"].(map[string]any); ok {
		delete(bg, "scripts")
	}
	return format(m)
}

// Zip packs what the browser loads: the manifest, _locales and extension/.
func Zip(root string, manifest []byte, browser, out string) error {
	mf, err := ForBrowser(manifest, browser)
	if err != nil {
		return err
	}
	var files []string
	for _, dir := range []string{"_locales", "extension"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
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

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}
