package ledger

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"mailkey"
	"mailkey/wasm/i18n"
)

// Every reason code the ledger can give (refusals, import results) has a
// message in every locale, so the pages never show a bare code.
func TestEveryReasonLocalized(t *testing.T) {
	cat, err := i18n.Load(mailkey.Locales)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("*.go")
	reason := regexp.MustCompile(`Reason: "([a-z_]+)"`)
	n := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range reason.FindAllSubmatch(src, -1) {
			n++
			if !cat.HasEverywhere("reason_" + string(m[1])) {
				t.Errorf("no message reason_%s", m[1])
			}
		}
	}
	for _, code := range []string{Identical, LocalNewer, LocalDeleted} {
		if !cat.HasEverywhere("reason_" + code) {
			t.Errorf("no message reason_%s", code)
		}
	}
	if n < 20 {
		t.Fatalf("found only %d reason codes", n)
	}
}
