package snapshot

import (
	"strings"
	"testing"
)

const good = `{"v":1,"url":"https://mail.qq.com/cgi-bin/other_mailbox?sid=x#top","top":false,"lang":"zh-CN","ui":"en-US",
"title":"其他邮箱","heads":["其他邮箱"],
"fields":[{"i":0,"tag":"input","type":"email","name":"addr","id":"","ac":"","label":"邮箱地址","ph":"","value":"a@gmail.com","visible":true},
{"i":1,"tag":"input","type":"password","name":"pw","id":"","ac":"","label":"密码","ph":"","visible":true}],
"texts":[{"i":2,"text":"密码错误","alert":false}]}`

func TestDecode(t *testing.T) {
	s, err := Decode([]byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if s.URL.Host != "mail.qq.com" || s.URL.Path != "/cgi-bin/other_mailbox" || s.URL.Query != "sid=x" || s.URL.Fragment != "top" {
		t.Errorf("url: %+v", s.URL)
	}
	if len(s.Fields) != 2 || !s.Fields[1].IsPassword() || s.Fields[0].Value != "a@gmail.com" || s.Texts[0].Text != "密码错误" {
		t.Errorf("decoded: %+v", s)
	}
}

func TestDecodeRefuses(t *testing.T) {
	for name, in := range map[string]string{
		"not json":        `{"v":1,`,
		"not object":      `[]`,
		"version":         strings.Replace(good, `"v":1`, `"v":2`, 1),
		"http":            strings.Replace(good, "https://mail", "http://mail", 1),
		"javascript url":  strings.Replace(good, "https://mail.qq.com/cgi-bin", "javascript:alert(1)//", 1),
		"user info":       strings.Replace(good, "https://mail.qq.com", "https://evil@mail.qq.com", 1),
		"password value":  strings.Replace(good, `"label":"密码","ph":""`, `"label":"密码","ph":"","value":"hunter2"`, 1),
		"bad tag":         strings.Replace(good, `"tag":"input","type":"email"`, `"tag":"div","type":"email"`, 1),
		"duplicate index": strings.Replace(good, `{"i":2,`, `{"i":1,`, 1),
		"negative index":  strings.Replace(good, `{"i":2,`, `{"i":-1,`, 1),
		"wrong type":      strings.Replace(good, `"top":false`, `"top":"no"`, 1),
		"long label":      strings.Replace(good, `"label":"邮箱地址"`, `"label":"`+strings.Repeat("x", MaxShortLen+1)+`"`, 1),
		"too many texts":  strings.Replace(good, `"texts":[`, `"texts":[`+strings.Repeat(`{"i":9,"text":"x"},`, MaxTexts+1), 1),
		"deep":            strings.Replace(good, `"heads":["其他邮箱"]`, `"heads":[[[[[[[["x"]]]]]]]]`, 1),
	} {
		if _, err := Decode([]byte(in)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := Decode([]byte(strings.Repeat(" ", MaxBytes+1))); err != ErrTooLarge {
		t.Errorf("huge: %v", err)
	}
}

func TestParseURL(t *testing.T) {
	for raw, host := range map[string]string{
		"https://MAIL.qq.com:443/x": "mail.qq.com", "https://mail.google.com/mail/u/0/#settings/accounts": "mail.google.com",
		"HTTPS://mail.qq.com": "mail.qq.com",
	} {
		u, err := ParseURL(raw)
		if err != nil || u.Host != host {
			t.Errorf("%s: %+v %v", raw, u, err)
		}
	}
	for _, raw := range []string{"", "https://", "https:///x", "ftp://a.b/", "https://a b.c/", "https://[::1]/", "https://a.b:x/", "//mail.qq.com/"} {
		if _, err := ParseURL(raw); err == nil {
			t.Errorf("%q accepted", raw)
		}
	}
}

// FuzzDecode: any input is refused or decoded, never a panic, and what is
// decoded keeps the limits.
func FuzzDecode(f *testing.F) {
	f.Add(good)
	f.Add(`{"v":1,"url":"https://a.b/","fields":[{"i":0,"tag":"input","type":"password"}]}`)
	f.Fuzz(func(t *testing.T, in string) {
		s, err := Decode([]byte(in))
		if err != nil {
			return
		}
		if len(s.Fields) > MaxFields || len(s.Texts) > MaxTexts || s.URL.Host == "" {
			t.Fatalf("limits broken: %+v", s)
		}
		for _, f := range s.Fields {
			if f.IsPassword() && f.Value != "" {
				t.Fatal("password value accepted")
			}
		}
	})
}
