package brain

import (
	"testing"

	"mailkey/wasm/i18n"
	"mailkey/wasm/jsonv"
)

// The hint speaks the page's language when Mailkey has it, else the
// browser's, else English; a language chosen on the options page wins.
func TestHintLanguageFollowsPage(t *testing.T) {
	b := newBrain(t)
	for _, tc := range []struct{ page, ui, want, lang string }{
		{"ru", "en-US", "Здесь Gmail ждёт пароль приложения, а не обычный пароль", "ru"},
		{"ko-KR", "en-US", "여기에는 평소 비밀번호가 아니라 Gmail 앱 비밀번호를 입력해야 합니다", "ko"},
		{"de-DE", "ru-RU", "Gmail will hier ein App-Passwort, nicht Ihr normales Passwort", "de"},
		{"ja", "en", "ここには通常のパスワードではなく、Gmail のアプリ パスワードが必要です", "ja"},
		{"fr", "de-AT", "Gmail will hier ein App-Passwort, nicht Ihr normales Passwort", "de"},
		{"fr", "pt-BR", "Gmail wants an app password here, not your normal password", "en"},
	} {
		v := ask(t, b, &MemStore{}, fromQQ, collector(tc.page, tc.ui, "someone@gmail.com", ""))
		h, _ := hintOf(v)
		f, _ := v.Get("finding")
		if got := h.GetStr("title"); got != tc.want || f.GetStr("lang") != tc.lang {
			t.Errorf("page %q browser %q: %q in %q, want %q in %s", tc.page, tc.ui, got, f.GetStr("lang"), tc.want, tc.lang)
		}
	}
}

func TestChosenLanguageWins(t *testing.T) {
	b, st := newBrain(t), &MemStore{}
	if err := st.Set(jsonv.M(i18n.ChoiceKey, i18n.ChoiceValue("ja"))); err != nil {
		t.Fatal(err)
	}
	h, _ := hintOf(ask(t, b, st, fromQQ, collector("ru", "de", "someone@gmail.com", "")))
	if got := h.GetStr("title"); got != "ここには通常のパスワードではなく、Gmail のアプリ パスワードが必要です" {
		t.Errorf("chosen Japanese on a Russian page: %q", got)
	}
	if err := st.Remove(i18n.ChoiceKey); err != nil {
		t.Fatal(err)
	}
	h, _ = hintOf(ask(t, b, st, fromQQ, collector("ru", "de", "someone@gmail.com", "")))
	if got := h.GetStr("title"); got != "Здесь Gmail ждёт пароль приложения, а не обычный пароль" {
		t.Errorf("automatic again: %q", got)
	}
}
