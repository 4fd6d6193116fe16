package wire

import (
	"regexp"
	"testing"

	"mailkey/wasm/kb"
)

func compile(t *testing.T, name, src string) *regexp.Regexp {
	t.Helper()
	re, err := regexp.Compile(`(?i)` + src)
	if err != nil {
		t.Fatalf("%s is not in the syntax Go and JavaScript share: %v", name, err)
	}
	return re
}

// The secret shapes the providers show are caught, and ordinary words are not.
func TestSecretShape(t *testing.T) {
	re := compile(t, "SecretShape", Word.SecretShape)
	for _, s := range []string{
		"abcd efgh ijkl mnop",                    // Google
		"Your app password: wxyz-abcd-efgh-ijkl", // Apple
		"qwertyuiopasdfgh",                       // 16 letters in one run (QQ, NetEase)
		"授权码 AbCd1234EfGh5678 已生成",               // letters and digits
	} {
		if !re.MatchString(s) {
			t.Errorf("SecretShape misses %q", s)
		}
	}
	for _, s := range []string{"Create app password", "imap.gmail.com", "abcd efgh ijkl", "生成授权码", "1234 5678"} {
		if re.MatchString(s) {
			t.Errorf("SecretShape takes %q", s)
		}
	}
}

// Every refusal the knowledge base knows is a text the sensor sends: it
// speaks of passwords or failures, and is not shaped like a secret.
// Otherwise the hint that explains it could never show on a page.
func TestRefusalsPassTheSensor(t *testing.T) {
	k, err := kb.Load()
	if err != nil {
		t.Fatal(err)
	}
	text := compile(t, "PageText", Word.PageText)
	secret := compile(t, "SecretShape", Word.SecretShape)
	n := 0
	for _, p := range k.Providers {
		for _, r := range p.Refusals {
			if r.Example == "" {
				continue
			}
			n++
			if !text.MatchString(r.Example) {
				t.Errorf("%s: the sensor would not send its refusal %q", p.ID, r.Example)
			}
			if secret.MatchString(r.Example) {
				t.Errorf("%s: the sensor would drop its refusal %q as a secret", p.ID, r.Example)
			}
		}
	}
	if n < 10 {
		t.Fatalf("only %d refusal examples checked", n)
	}
}

func TestServerAndSearchWords(t *testing.T) {
	server := compile(t, "ServerField", Word.ServerField)
	for _, s := range []string{"POP3 server", "IMAP 服务器", "Сервер входящей почты", "수신 서버", "smtp_host"} {
		if !server.MatchString(s) {
			t.Errorf("ServerField misses %q", s)
		}
	}
	if server.MatchString("Email address") || server.MatchString("密码") {
		t.Error("ServerField takes an address or password label")
	}
	search := compile(t, "Search", Word.Search)
	for _, s := range []string{"Search mail", "搜索邮件", "Suche", "검색"} {
		if !search.MatchString(s) {
			t.Errorf("Search misses %q", s)
		}
	}
	if search.MatchString("App name") {
		t.Error("Search takes a name field")
	}
}
