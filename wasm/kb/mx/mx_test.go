package mx

import (
	"strings"
	"testing"
	"time"

	"mailkey/wasm/jsonv"
	"mailkey/wasm/kb"
)

func load(t *testing.T) *Table {
	t.Helper()
	k, err := kb.Load()
	if err != nil {
		t.Fatal(err)
	}
	tab, err := Load(k)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

// Every pattern is sourced (https pages the file lists), dated, and claims
// host names no other provider claims; every source listed is cited.
func TestPatternsAreSourced(t *testing.T) {
	if _, err := jsonv.ParseString(data, jsonv.Limits{}); err != nil {
		t.Fatal(err)
	}
	tab := load(t)
	if _, err := time.Parse(time.DateOnly, tab.Checked); err != nil {
		t.Errorf("checked %q: %v", tab.Checked, err)
	}
	cited := map[string]bool{}
	owner := map[string]string{}
	for _, p := range tab.Patterns {
		if len(p.Sources) == 0 || len(p.Hosts) == 0 {
			t.Errorf("%s: a pattern without hosts or sources", p.Provider)
		}
		for _, s := range p.Sources {
			if !strings.HasPrefix(tab.Sources[s], "https://") {
				t.Errorf("%s: source %q is not an https page listed in sources", p.Provider, s)
			}
			cited[s] = true
		}
		for _, d := range []string{p.Checked, p.Since} {
			if _, err := time.Parse(time.DateOnly, d); d != "" && err != nil {
				t.Errorf("%s: date %q: %v", p.Provider, d, err)
			}
		}
		for _, h := range p.Hosts {
			if h != strings.ToLower(h) || strings.HasPrefix(h, ".") || strings.HasSuffix(h, ".") || !strings.Contains(h, ".") {
				t.Errorf("%s: host %q must be a lowercase name without outer dots", p.Provider, h)
			}
			if o, ok := owner[h]; ok && o != p.Provider {
				t.Errorf("host %q is claimed by %s and %s", h, o, p.Provider)
			}
			owner[h] = p.Provider
		}
	}
	for ref := range tab.Sources {
		if !cited[ref] {
			t.Errorf("source %s is cited by no pattern", ref)
		}
	}
}

func TestProviders(t *testing.T) {
	tab := load(t)
	for _, c := range []struct {
		hosts []string
		want  string // providers, comma-separated; "?" marks uncertain
	}{
		{[]string{"aspmx.l.google.com", "alt1.aspmx.l.google.com", "aspmx2.googlemail.com"}, "google"},
		{[]string{"smtp.google.com"}, "google?"},
		{[]string{"acme-widgets-cn.mail.protection.outlook.com"}, "microsoft365"},
		{[]string{"acme-com.o-v1.mx.microsoft"}, "microsoft365"},
		{[]string{"mxbiz1.qq.com", "mxbiz2.qq.com"}, "exmail?"},
		{[]string{"mxn.mxhichina.com", "mxw.mxhichina.com"}, "aliyun"},
		{[]string{"mx1.qiye.aliyun.com"}, "aliyun"},
		{[]string{"mx.zoho.com", "mx2.zoho.com"}, "zoho"},
		{[]string{"in1-smtp.messagingengine.com."}, "fastmail"},
		{[]string{"MX.YANDEX.NET"}, "yandex"},
		{[]string{"mail.protonmail.ch", "mailsec.protonmail.ch"}, "proton"},
		{[]string{"mx01.mail.icloud.com"}, "icloud?"},
		// A filter in front of Microsoft 365, then Google as a fallback:
		// both named, in the order of preference, never one guessed.
		{[]string{"acme.mail.protection.outlook.com", "aspmx.l.google.com"}, "microsoft365,google"},
		// Look-alikes and strangers match nothing.
		{[]string{"mail.acme-widgets.cn", "notzoho.com", "google.com.evil.example", "mx.yandex.net.example"}, ""},
	} {
		var got []string
		for _, m := range tab.Providers(c.hosts) {
			s := m.Provider
			if m.Uncertain {
				s += "?"
			}
			got = append(got, s)
		}
		if strings.Join(got, ",") != c.want {
			t.Errorf("%v: %v, want %s", c.hosts, got, c.want)
		}
	}
}
