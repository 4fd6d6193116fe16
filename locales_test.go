package mailkey

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every message in _locales is used: named in the Go code, the extension's
// scripts, the manifest or the knowledge base, or built from one of the
// prefixes the code completes with a code from data (a method, a reason...).
func TestEveryMessageUsed(t *testing.T) {
	var en map[string]json.RawMessage
	if err := json.Unmarshal(Locales["en"], &en); err != nil {
		t.Fatal(err)
	}
	var corpus strings.Builder
	for _, pattern := range []string{"wasm/*/*.go", "wasm/*.go", "extension/*.js", "manifest.json", "wasm/kb/providers/*.json"} {
		files, _ := filepath.Glob(pattern)
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			corpus.Write(b)
		}
	}
	text := corpus.String()
	// Prefixes completed at run time, each with the place that completes it.
	dynamic := regexp.MustCompile(`^(method_|hint_title_|security_|kind_|kind_name_|reason_|check_why_|check_empty_|import_status_|sync_err_|sync_level_)`)
	for key := range en {
		if dynamic.MatchString(key) {
			continue
		}
		if !strings.Contains(text, `"`+key+`"`) && !strings.Contains(text, "__MSG_"+key+"__") {
			t.Errorf("message %s is used nowhere", key)
		}
	}
}
