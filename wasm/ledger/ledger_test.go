package ledger

import (
	"errors"
	"strings"
	"testing"
	"time"

	"mailkey/wasm/jsonv"
)

var now = time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)

func TestNewAndRoundTrip(t *testing.T) {
	e, err := New("0123456789abcdef0123456789abcdef", "google", " a@gmail.com ", "  QQ Mail\tPOP\ncollector ", "QQ Mail 其他邮箱", KindAppPassword, FromHint, now)
	if err != nil {
		t.Fatal(err)
	}
	if e.Label != "QQ Mail POP collector" || e.Account != "a@gmail.com" || e.Created != "2026-11-24" || e.Updated != now.UnixMilli() {
		t.Fatalf("cleaned entry: %+v", e)
	}
	text := e.JSON().String()
	want := `{"v":1,"id":"0123456789abcdef0123456789abcdef","provider":"google","account":"a@gmail.com","label":"QQ Mail POP collector","usedBy":"QQ Mail 其他邮箱","kind":"app_password","created":"2026-11-24","source":"hint","updated":1795512600000}`
	if text != want {
		t.Fatalf("stored record:\n got %s\nwant %s", text, want)
	}
	v, _ := jsonv.ParseString(text, jsonv.Limits{})
	back, err := Decode(v)
	if err != nil || back != e {
		t.Fatalf("round trip: %+v %v", back, err)
	}
}

func TestNewRefuses(t *testing.T) {
	id := "0123456789abcdef0123456789abcdef"
	for name, tc := range map[string]struct {
		provider, account, label string
		kind                     Kind
		want                     error
	}{
		"empty label":   {"google", "a@gmail.com", "  \n ", KindAppPassword, ErrLabelEmpty},
		"long label":    {"google", "a@gmail.com", strings.Repeat("标", MaxLabel+1), KindAppPassword, ErrLabelLong},
		"bad account":   {"google", "not an address", "x", KindAppPassword, ErrAccount},
		"bad provider":  {"Goo gle", "a@gmail.com", "x", KindAppPassword, ErrProvider},
		"unknown kind":  {"google", "a@gmail.com", "x", Kind("password"), ErrField},
		"no provider":   {"", "a@gmail.com", "x", KindAppPassword, ErrProvider},
		"account html":  {"google", "<script>@x.com", "x", KindAppPassword, ErrAccount},
		"double domain": {"google", "a@gmail..com", "x", KindAppPassword, ErrAccount},
	} {
		if _, err := New(id, tc.provider, tc.account, tc.label, "", tc.kind, FromHint, now); !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", name, err, tc.want)
		}
	}
	// A label may hold markup: it is text, stored as typed and drawn as text.
	if e, err := New(id, "google", "", `<img src=x onerror=alert(1)>`, "", KindAppPassword, FromHint, now); err != nil || e.Label != `<img src=x onerror=alert(1)>` {
		t.Errorf("markup label: %+v %v", e, err)
	}
}

func TestDecodeRefusesSecretsAndKeepsFuture(t *testing.T) {
	base := `{"v":1,"id":"ab","provider":"google","account":"","label":"x","usedBy":"","kind":"app_password","created":"2026-11-24","source":"hint","updated":1`
	for name, text := range map[string]string{
		"password key": base + `,"password":"hunter2"}`,
		"pwd key":      base + `,"appPwd":"x"}`,
		"授权码 key":      base + `,"授权码":"x"}`,
		"code key":     base + `,"code":"x"}`,
	} {
		v, _ := jsonv.ParseString(text, jsonv.Limits{})
		if _, err := Decode(v); !errors.Is(err, ErrSecret) {
			t.Errorf("%s: %v", name, err)
		}
	}
	for name, text := range map[string]string{
		"unknown key": base + `,"extra":"x"}`,
		"bad date":    strings.Replace(base, "2026-11-24", "2026-02-30", 1) + `}`,
		"no version":  strings.Replace(base, `"v":1,`, ``, 1) + `}`,
		"number id":   strings.Replace(base, `"id":"ab"`, `"id":12`, 1) + `}`,
		"not object":  `[1]`,
	} {
		v, _ := jsonv.ParseString(text, jsonv.Limits{})
		if _, err := Decode(v); !errors.Is(err, ErrField) {
			t.Errorf("%s: %v", name, err)
		}
	}
	v, _ := jsonv.ParseString(strings.Replace(base, `"v":1`, `"v":2`, 1)+`,"newField":1}`, jsonv.Limits{})
	if _, err := Decode(v); !errors.Is(err, ErrFuture) {
		t.Errorf("future version: %v", err)
	}
}

func TestDays(t *testing.T) {
	for s, ok := range map[string]bool{"2026-11-24": true, "2024-02-29": true, "2026-02-29": false, "2026-13-01": false,
		"26-11-24": false, "2026-1-124": false, "+026-11-24": false, "2026-11-2x": false} {
		if ValidDay(s) != ok {
			t.Errorf("ValidDay(%q) != %v", s, ok)
		}
	}
	if d := Day(time.Date(7, 3, 5, 0, 0, 0, 0, time.UTC)); d != "0007-03-05" {
		t.Errorf("Day = %s", d)
	}
}

func TestLooksLikeSecret(t *testing.T) {
	for _, n := range []string{"password", "Passwort", "app_password", "pwd", "secret", "token", "密码", "授权码", "code", "authCode"} {
		if !LooksLikeSecret(n) {
			t.Errorf("%q should look like a secret", n)
		}
	}
	for _, n := range []string{"label", "usedBy", "provider", "account", "kind", "created", "note"} {
		if LooksLikeSecret(n) {
			t.Errorf("%q should not look like a secret", n)
		}
	}
}
