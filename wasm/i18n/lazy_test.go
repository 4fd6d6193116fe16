package i18n

import (
	"testing"

	"mailkey"
)

// A lazy catalog answers as an eager one, parsing only the locales asked for.
func TestLoadLazy(t *testing.T) {
	eager, err := Load(mailkey.Locales)
	if err != nil {
		t.Fatal(err)
	}
	lazy, err := LoadLazy(mailkey.Locales)
	if err != nil {
		t.Fatal(err)
	}
	if got := lazy.Pick("zh-CN", "en-US"); got != "zh_CN" || len(lazy.locales) != 0 {
		t.Fatalf("Pick = %q, parsed %d locales", got, len(lazy.locales))
	}
	if got, want := lazy.Text("zh_CN", "hint_close"), eager.Text("zh_CN", "hint_close"); got != want {
		t.Errorf("zh_CN: %q, want %q", got, want)
	}
	if _, parsed := lazy.locales["zh_CN"]; !parsed || len(lazy.locales) != 1 {
		t.Errorf("parsed after one zh_CN message: %d locales", len(lazy.locales))
	}
	for _, l := range eager.Locales() {
		for _, k := range eager.Keys(l) {
			if got, want := lazy.Text(l, k, "a", "b", "c"), eager.Text(l, k, "a", "b", "c"); got != want {
				t.Fatalf("%s %s: %q, want %q", l, k, got, want)
			}
		}
	}
	if got := lazy.Locales(); len(got) != len(eager.Locales()) || !lazy.HasEverywhere("hint_close") {
		t.Errorf("locales %v", got)
	}
	if _, err := LoadLazy(map[string][]byte{"zh_CN": nil}); err == nil {
		t.Error("a catalog without English")
	}
	broken, _ := LoadLazy(map[string][]byte{"en": mailkey.Locales["en"], "zh_CN": []byte("{")})
	if got := broken.Text("zh_CN", "hint_close"); got != "Close" {
		t.Errorf("a locale that does not parse falls back to English: %q", got)
	}
}
