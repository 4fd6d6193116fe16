package build

import (
	"archive/zip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mailkey"
	"mailkey/wasm/kb"
)

// The committed manifest.json is what the build writes: its content script
// runs exactly on the knowledge base's hosts.
func TestManifestInSync(t *testing.T) {
	k, err := kb.Load()
	if err != nil {
		t.Fatal(err)
	}
	want, err := Manifest(mailkey.Manifest, k)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != string(mailkey.Manifest) {
		t.Fatal("manifest.json is stale: run `go run ./cmd/mailkey build`")
	}
}

func TestManifestRules(t *testing.T) {
	var m struct {
		Background struct {
			ServiceWorker string   `json:"service_worker"`
			Scripts       []string `json:"scripts"`
		}
		ContentScripts []struct {
			Matches   []string
			AllFrames bool `json:"all_frames"`
		} `json:"content_scripts"`
		Permissions     []string
		HostPermissions []string `json:"host_permissions"`
		CSP             struct {
			ExtensionPages string `json:"extension_pages"`
		} `json:"content_security_policy"`
		BSS struct {
			Gecko struct {
				ID                  string
				DataCollectionPerms struct{ Required []string } `json:"data_collection_permissions"`
			}
		} `json:"browser_specific_settings"`
	}
	if err := json.Unmarshal(mailkey.Manifest, &m); err != nil {
		t.Fatal(err)
	}
	if m.Background.ServiceWorker == "" || len(m.Background.Scripts) == 0 {
		t.Error("background needs service_worker (Chrome) and scripts (Firefox)")
	}
	if m.CSP.ExtensionPages != "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'" {
		t.Errorf("extension page CSP is %q", m.CSP.ExtensionPages)
	}
	if m.BSS.Gecko.ID == "" || len(m.BSS.Gecko.DataCollectionPerms.Required) != 1 || m.BSS.Gecko.DataCollectionPerms.Required[0] != "none" {
		t.Error("gecko id and data_collection_permissions required: [none] are needed for Firefox")
	}
	if len(m.ContentScripts) != 1 || !m.ContentScripts[0].AllFrames || len(m.ContentScripts[0].Matches) < 19 {
		t.Fatal("one content script in all frames of the knowledge base's hosts")
	}
	for _, p := range append(m.ContentScripts[0].Matches, m.HostPermissions...) {
		if !strings.HasPrefix(p, "https://") || strings.Contains(p, "*.") || p == "<all_urls>" {
			t.Errorf("match %q is broader than one https host", p)
		}
	}
	// storage: the ledger; alarms: the daily review badge. Nothing else.
	for _, p := range m.Permissions {
		if p != "storage" && p != "alarms" {
			t.Errorf("permission %q is not justified", p)
		}
	}
}

func TestChromeManifestDropsFirefoxKeys(t *testing.T) {
	out, err := ForBrowser(mailkey.Manifest, "chrome")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "gecko") || strings.Contains(string(out), `"scripts"`) {
		t.Fatalf("chrome manifest keeps Firefox keys:\n%s", out)
	}
	if _, err := os.Stat("../../manifest.json"); err != nil {
		t.Fatal(err)
	}
}

// Firefox's package keeps the background scripts and the gecko settings and
// drops the service_worker it ignores (web-ext lint warns about it).
func TestFirefoxManifestDropsServiceWorker(t *testing.T) {
	out, err := ForBrowser(mailkey.Manifest, "firefox")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Background map[string]any `json:"background"`
		BSS        struct {
			Gecko        map[string]any `json:"gecko"`
			GeckoAndroid map[string]any `json:"gecko_android"`
		} `json:"browser_specific_settings"`
	}
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatal(err)
	}
	if _, ok := m.Background["service_worker"]; ok || m.Background["scripts"] == nil {
		t.Errorf("firefox background: %v", m.Background)
	}
	if m.BSS.Gecko["id"] != "mailkey@mailkey" || m.BSS.GeckoAndroid["strict_min_version"] != "142.0" {
		t.Errorf("firefox settings: %+v", m.BSS)
	}
	if _, err := ForBrowser(mailkey.Manifest, "safari"); err == nil {
		t.Error("an unknown browser got a package")
	}
}

// The zips hold the manifest, _locales and extension/, and no hidden file
// (.DS_Store, an editor's swap file, a .git folder): the stores flag them.
func TestZipLeavesOutHiddenFiles(t *testing.T) {
	root := t.TempDir()
	for _, f := range []string{"_locales/en/messages.json", "extension/a.js", "extension/.DS_Store",
		"extension/.a.js.swp", "extension/.git/config", "extension/icons/i.png"} {
		p := filepath.Join(root, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "x.zip")
	if err := Zip(root, mailkey.Manifest, "firefox", out); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	want := []string{"manifest.json", "_locales/en/messages.json", "extension/a.js", "extension/icons/i.png"}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("zip holds %v, want %v", names, want)
	}
}

// The committed extension/wire.js is what the build writes from wasm/wire.
func TestWireJSInSync(t *testing.T) {
	got, err := os.ReadFile(filepath.Join("..", "..", "extension", "wire.js"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(WireJS()) {
		t.Fatal("extension/wire.js is stale: run `go run ./cmd/mailkey build`")
	}
}
