package i18n_test

import (
	"strings"
	"testing"

	"mailkey/wasm/i18n"
)

func TestPluralClass(t *testing.T) {
	for _, tc := range []struct {
		locale string
		want   map[string][]string // class -> numbers
	}{
		{"ru", map[string][]string{
			"one":   {"1", "21", "31", "101", "1001"},
			"few":   {"2", "3", "4", "22", "24", "102", "1003"},
			"many":  {"0", "5", "9", "10", "11", "12", "14", "19", "20", "25", "100", "111", "112", "114"},
			"other": {"1.5", "", "x"},
		}},
		{"de", map[string][]string{"one": {"1"}, "other": {"0", "2", "11", "21", "101"}}},
		{"en", map[string][]string{"one": {"1"}, "other": {"0", "2", "21"}}},
		{"ko", map[string][]string{"other": {"0", "1", "2", "21"}}},
		{"ja", map[string][]string{"other": {"0", "1", "2", "21"}}},
		{"zh_TW", map[string][]string{"other": {"1", "2"}}},
	} {
		for class, ns := range tc.want {
			for _, n := range ns {
				if got := i18n.PluralClass(tc.locale, n); got != class {
					t.Errorf("PluralClass(%s, %q) = %s, want %s", tc.locale, n, got, class)
				}
			}
		}
	}
}

// The count messages read right in every language: Russian inflects by
// plural class, German and English by one/other, Korean and Japanese count
// with counters (개, 件, 日) and never inflect.
func TestPluralMessages(t *testing.T) {
	c := load(t)
	for _, tc := range []struct{ locale, key, n, want string }{
		{"ru", "badge_due", "1", "Mailkey: пора проверить 1 пароль приложения"},
		{"ru", "badge_due", "3", "Mailkey: пора проверить 3 пароля приложений"},
		{"ru", "badge_due", "5", "Mailkey: пора проверить 5 паролей приложений"},
		{"ru", "badge_due", "11", "Mailkey: пора проверить 11 паролей приложений"},
		{"ru", "badge_due", "21", "Mailkey: пора проверить 21 пароль приложения"},
		{"ru", "import_confirm", "22", "Импортировать 22 записи"},
		{"ru", "import_confirm", "12", "Импортировать 12 записей"},
		{"de", "badge_due", "1", "Mailkey: 1 App-Passwort zu prüfen"},
		{"de", "badge_due", "2", "Mailkey: 2 App-Passwörter zu prüfen"},
		{"de", "import_done", "1", "1 Eintrag importiert."},
		{"en", "badge_due", "1", "Mailkey: 1 app password due for review"},
		{"en", "badge_due", "4", "Mailkey: 4 app passwords due for review"},
		{"en", "import_confirm", "1", "Import 1 entry"},
		{"ko", "badge_due", "1", "Mailkey: 점검할 앱 비밀번호 1개"},
		{"ko", "badge_due", "7", "Mailkey: 점검할 앱 비밀번호 7개"},
		{"ja", "badge_due", "1", "Mailkey：見直しが必要なアプリ パスワード 1 件"},
		{"ja", "import_done", "30", "30 件をインポートしました。"},
	} {
		if got := c.Text(tc.locale, tc.key, tc.n); got != tc.want {
			t.Errorf("%s %s(%s) = %q, want %q", tc.locale, tc.key, tc.n, got, tc.want)
		}
	}
	// Two placeholders, the plural one second.
	for _, tc := range []struct{ locale, days, want string }{
		{"en", "1", "made 2026-11-02 (1 day ago)"},
		{"en", "31", "made 2026-11-02 (31 days ago)"},
		{"ru", "1", "создан 02.11.2026 (1 день назад)"},
		{"ru", "2", "создан 02.11.2026 (2 дня назад)"},
		{"ru", "31", "создан 02.11.2026 (31 день назад)"},
		{"ru", "0", "создан 02.11.2026 (0 дней назад)"},
		{"de", "1", "erstellt am 02.11.2026 (vor 1 Tag)"},
		{"de", "31", "erstellt am 02.11.2026 (vor 31 Tagen)"},
		{"ko", "31", "2026. 11. 2. 만듦(31일 전)"},
		{"ja", "31", "2026年11月2日 作成（31 日前）"},
		{"zh_CN", "31", "2026年11月2日"},
	} {
		got := c.Text(tc.locale, "ledger_made", "2026-11-02", tc.days)
		if tc.locale == "zh_CN" {
			if !strings.Contains(got, tc.want) {
				t.Errorf("zh_CN ledger_made = %q, want the date %s", got, tc.want)
			}
			continue
		}
		if got != tc.want {
			t.Errorf("%s ledger_made(%s days) = %q, want %q", tc.locale, tc.days, got, tc.want)
		}
	}
}

func TestDate(t *testing.T) {
	for _, tc := range []struct{ locale, want string }{
		{"en", "2026-03-07"}, {"ru", "07.03.2026"}, {"de", "07.03.2026"},
		{"ko", "2026. 3. 7."}, {"ja", "2026年3月7日"}, {"zh_CN", "2026年3月7日"}, {"zh_TW", "2026年3月7日"},
	} {
		if got := i18n.Date(tc.locale, "2026-03-07"); got != tc.want {
			t.Errorf("Date(%s) = %q, want %q", tc.locale, got, tc.want)
		}
	}
	for _, bad := range []string{"not a date", "2026-02-30", "2026-13-01", "2026-3-07", "+026-03-07", "2026-03-07 "} {
		if got := i18n.Date("ru", bad); got != bad {
			t.Errorf("a non-date changed: %q became %q", bad, got)
		}
	}
}

// A broken block shows as written rather than vanishing.
func TestBrokenPluralBlockStays(t *testing.T) {
	c, err := i18n.Load(map[string][]byte{"en": []byte(`{"k":{"message":"{$N$ items} and {$N$|one:x}","placeholders":{"n":{"content":"$1"}}}}`)})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Text("en", "k", "2"); got != "{2 items} and {2|one:x}" {
		t.Errorf("got %q", got)
	}
}

func TestChoose(t *testing.T) {
	c := load(t)
	for _, tc := range []struct{ choice, page, browser, want string }{
		{"", "ru", "en", "ru"},
		{"ja", "ru", "de", "ja"},
		{"de", "", "", "de"},
		{"xx", "ko", "", "ko"}, // a choice Mailkey lacks is ignored
		{"zh_TW", "en", "ru", "zh_TW"},
	} {
		if got := c.Choose(tc.choice, tc.page, tc.browser); got != tc.want {
			t.Errorf("Choose(%q, %q, %q) = %q, want %q", tc.choice, tc.page, tc.browser, got, tc.want)
		}
	}
}
