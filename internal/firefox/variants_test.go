package firefox

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mailkey/internal/sites"
	"mailkey/internal/variants"
)

// TestFirefoxVariants runs generated forms in Firefox, one in each place a
// webmail puts them (top page, iframe, blank frame written by script,
// srcdoc, open shadow roots, nested), each late or after a route change,
// and a negative: the hint names the provider of the address typed, and
// shows nowhere on the negative.
func TestFirefoxVariants(t *testing.T) {
	if _, err := os.Stat(firefoxBin); err != nil {
		t.Skip("no " + firefoxBin + ": scripts/setup installs Debian's firefox-esr")
	}
	site, err := sites.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer site.Close()
	var hosts []string
	for _, h := range variants.Hosts {
		hosts = append(hosts, h.Name)
	}
	site.Generate(hosts, variants.Serve)
	_, port, _ := strings.Cut(site.Addr(), ":")

	var list []variants.Variant
	seen := map[string]bool{}
	for _, v := range variants.Sample(44) {
		if v.Kind == "collector" && !seen[v.Place] {
			seen[v.Place] = true
			list = append(list, v)
		}
	}
	list = append(list, variants.Negatives()[0], variants.Negatives()[4])
	type job struct {
		URL   string `json:"url"`
		Field string `json:"field"`
		Text  string `json:"text"`
		// Settle: ms to wait for a form the page draws again.
		Settle int `json:"settle"`
	}
	var jobs []job
	for _, v := range list {
		field, text := "addr", v.Addr
		if v.Kind == "changepw" {
			field, text = "old", "sentinel-Pa55"
		}
		settle := 0
		if v.Timing == "rerender" {
			settle = 800
		}
		jobs = append(jobs, job{"https://" + v.Host + ":" + port + v.Path(), field, text, settle})
	}
	opts, _ := json.Marshal(map[string]any{
		"firefox": firefoxBin, "extension": pkg, "hosts": hosts, "variants": jobs,
		"uuid": "3c8e1a2b-4d5f-4a6b-9c7d-0e1f2a3b4c5d", "timeoutMs": 60000,
	})
	cmd := nodeCmd(t, 4*time.Minute, filepath.Join(root, "internal", "firefox", "variants.mjs"), string(opts))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("variants.mjs: %v\nstdout: %s\nstderr: %s", err, stdout.String(), stderr.String())
	}
	var got []struct {
		URL    string
		Hosts  int
		Titles []string
		Error  string
	}
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil || len(got) != len(list) {
		t.Fatalf("variants.mjs output: %v\n%s", err, stdout.String())
	}
	names, err := variants.ProviderNames()
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range list {
		g := got[i]
		want := v.Want()
		switch {
		case g.Error != "":
			t.Errorf("%s: %s", v.Name(), g.Error)
		case want == "" && g.Hosts > 0:
			t.Errorf("%s: a hint on a form that connects no mailbox: %q", v.Name(), g.Titles)
		case want != "" && (g.Hosts != 1 || !variants.Names(g.Titles[0], names[want])):
			t.Errorf("%s: %d hint(s), titles %q, want one naming %s", v.Name(), g.Hosts, g.Titles, want)
		}
	}
	t.Logf("%d variants in Firefox", len(list))
}
