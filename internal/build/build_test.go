package build

import (
	"encoding/json"
	"os"
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
