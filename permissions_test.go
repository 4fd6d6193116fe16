package mailkey

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"mailkey/wasm/vault"
)

// The manifest asks for exactly what the README's "Permissions" section
// justifies, line by line; anything else fails here until it is justified
// there and added here.
func TestPermissionsShortList(t *testing.T) {
	var m struct {
		Permissions             []string `json:"permissions"`
		OptionalPermissions     []string `json:"optional_permissions"`
		HostPermissions         []string `json:"host_permissions"`
		OptionalHostPermissions []string `json:"optional_host_permissions"`
		ContentScripts          []struct {
			Matches []string `json:"matches"`
		} `json:"content_scripts"`
		WebAccessible []any `json:"web_accessible_resources"`
		Externally    any   `json:"externally_connectable"`
	}
	if err := json.Unmarshal(Manifest, &m); err != nil {
		t.Fatal(err)
	}
	check := func(what string, got, allowed []string) {
		for _, p := range got {
			if !slices.Contains(allowed, p) {
				t.Errorf("%s: %q is not on the short list", what, p)
			}
		}
	}
	check("permissions", m.Permissions, []string{"storage", "alarms"})
	check("optional_permissions", m.OptionalPermissions, []string{"notifications"})
	check("host_permissions", m.HostPermissions, nil)
	check("optional_host_permissions", m.OptionalHostPermissions, []string{"https://*/*", "http://localhost/*", "http://127.0.0.1/*"})
	if m.WebAccessible != nil || m.Externally != nil {
		t.Error("web_accessible_resources and externally_connectable must stay absent: no page may load or message the extension")
	}
	// The content script runs on named https hosts only (generated from the
	// knowledge base, checked by internal/build): no wildcard host, no
	// <all_urls>, no http.
	for _, cs := range m.ContentScripts {
		for _, match := range cs.Matches {
			if !strings.HasPrefix(match, "https://") || strings.Contains(match, "*.") || strings.HasPrefix(match, "https://*") || match == "<all_urls>" {
				t.Errorf("content script match %q is wider than one https host", match)
			}
		}
	}
}

// Firefox: sync sends the (encrypted) ledger, addresses included, so the
// manifest declares it as optional data collection, the very kinds the
// options page requests when sync is turned on; nothing is required.
func TestFirefoxDataCollectionDeclared(t *testing.T) {
	var m struct {
		BSS struct {
			Gecko struct {
				DCP struct {
					Required []string `json:"required"`
					Optional []string `json:"optional"`
				} `json:"data_collection_permissions"`
			} `json:"gecko"`
		} `json:"browser_specific_settings"`
	}
	if err := json.Unmarshal(Manifest, &m); err != nil {
		t.Fatal(err)
	}
	dcp := m.BSS.Gecko.DCP
	if !slices.Equal(dcp.Required, []string{"none"}) || !slices.Equal(dcp.Optional, vault.DataCollection) {
		t.Fatalf("data_collection_permissions %+v, want required none and optional %v", dcp, vault.DataCollection)
	}
}
