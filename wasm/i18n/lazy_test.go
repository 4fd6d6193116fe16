package i18n

import (
	"errors"
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

// A catalog on demand reads one file per locale, when first asked for it;
// one it cannot read falls back to English.
func TestLoadOnDemand(t *testing.T) {
	var reads []string
	c, err := LoadOnDemand([]string{"en", "zh_CN", "ru"}, func(locale string) ([]byte, error) {
		reads = append(reads, locale)
		if locale == "ru" {
			return nil, errors.New("unreadable")
		}
		return mailkey.Locales[locale], nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Choose("", "zh-CN", "en-US"); got != "zh_CN" || len(reads) != 0 {
		t.Fatalf("Choose = %q after reading %v", got, reads)
	}
	want, _ := Load(map[string][]byte{"en": mailkey.Locales["en"], "zh_CN": mailkey.Locales["zh_CN"]})
	for range 2 {
		if got := c.Text("zh_CN", "hint_close"); got != want.Text("zh_CN", "hint_close") {
			t.Errorf("zh_CN: %q", got)
		}
	}
	if len(reads) != 1 || reads[0] != "zh_CN" {
		t.Errorf("read %v for two zh_CN messages", reads)
	}
	if got := c.Text("ru", "hint_close"); got != "Close" {
		t.Errorf("an unreadable locale falls back to English: %q", got)
	}
	if _, err := LoadOnDemand([]string{"zh_CN"}, nil); err == nil {
		t.Error("a catalog without English")
	}
}
