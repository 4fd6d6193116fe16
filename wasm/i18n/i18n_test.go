package i18n_test

import (
	"testing"

	"mailkey"
	"mailkey/wasm/i18n"
)

func load(t *testing.T) *i18n.Catalog {
	t.Helper()
	c, err := i18n.Load(mailkey.Locales)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestFormat(t *testing.T) {
	c := load(t)
	if got := c.Text("en", "hint_title_app_password", "Gmail"); got != "Gmail wants an app password here, not your normal password" {
		t.Fatalf("en: %q", got)
	}
	if got := c.Text("zh_CN", "hint_server_line", "POP3", "pop.gmail.com", "995", "SSL/TLS"); got != "POP3：pop.gmail.com，端口 995，SSL/TLS" {
		t.Fatalf("zh: %q", got)
	}
	if got := c.Text("fr", "hint_close"); got != "Close" {
		t.Fatalf("fallback: %q", got)
	}
	if got := c.Text("en", "no_such_key"); got != "no_such_key" {
		t.Fatalf("missing: %q", got)
	}
}

func TestPick(t *testing.T) {
	c := load(t)
	for _, tc := range []struct{ page, browser, want string }{
		{"zh-CN", "en-US", "zh_CN"},
		{"", "zh", "zh_CN"},
		{"en", "zh-CN", "zh_CN"},
		{"en", "en-GB", "en"},
		{"", "", "en"},
		{"de", "fr", "de"},
		{"fr", "it", "en"},
		{"ru-RU", "en-US", "ru"},
		{"ko", "", "ko"},
		{"ja-JP", "zh-CN", "ja"},
		{"de-AT", "ru", "de"},
		{"en", "ko-KR", "ko"}, // an English page tag is weak
		{"en-US", "fr-FR", "en"},
		{"fr", "ja", "ja"}, // the page's language is not Mailkey's: the browser's
		{"pt-BR", "", "en"},
		{"zhx", "", "en"},
		{"zh-TW", "en-US", "zh_TW"},
		{"zh-Hant-HK", "", "zh_TW"},
		{"", "zh-HK", "zh_TW"},
		{"zh-MO", "", "zh_TW"},
		{"zh-Hans-SG", "zh-TW", "zh_CN"},
	} {
		if got := c.Pick(tc.page, tc.browser); got != tc.want {
			t.Errorf("Pick(%q, %q) = %q, want %q", tc.page, tc.browser, got, tc.want)
		}
	}
}

// Every locale has exactly the keys of English, so nothing falls back silently.
func TestLocalesComplete(t *testing.T) {
	c := load(t)
	en := c.Keys("en")
	for _, loc := range c.Locales() {
		for _, k := range en {
			if !c.HasEverywhere(k) {
				t.Errorf("%s lacks %s", loc, k)
			}
		}
		if n := len(c.Keys(loc)); n != len(en) {
			t.Errorf("%s has %d keys, en has %d", loc, n, len(en))
		}
	}
}
