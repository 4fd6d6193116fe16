package doh

import (
	"encoding/base64"
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/miekg/dns"
)

// The query is what another DNS implementation reads as "MX of the domain",
// sent as RFC 8484 asks of a GET: ID 0, base64url without padding.
func TestRequestIsRFC8484(t *testing.T) {
	got, err := Request(DefaultResolver, "Acme-Widgets.CN")
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(got)
	if err != nil || u.Scheme != "https" || u.Host != "cloudflare-dns.com" || u.Path != "/dns-query" {
		t.Fatalf("request %q", got)
	}
	enc := u.Query().Get("dns")
	if strings.ContainsAny(enc, "=+/") {
		t.Errorf("dns=%q is not base64url without padding", enc)
	}
	wire, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil {
		t.Fatal(err)
	}
	var m dns.Msg
	if err := m.Unpack(wire); err != nil {
		t.Fatal(err)
	}
	if m.Id != 0 || m.Response || !m.RecursionDesired || len(m.Question) != 1 ||
		m.Question[0].Name != "acme-widgets.cn." || m.Question[0].Qtype != dns.TypeMX || m.Question[0].Qclass != dns.ClassINET {
		t.Errorf("query %v", m)
	}
	if with, _ := Request("https://dns.example/q?ct=1", "a.cn"); !strings.Contains(with, "?ct=1&dns=") {
		t.Errorf("a resolver with a query: %q", with)
	}
}

// answer builds a resolver's answer to Query(domain) with miekg/dns.
func answer(t *testing.T, domain string, rcode int, rrs ...string) []byte {
	t.Helper()
	q, err := Query(domain)
	if err != nil {
		t.Fatal(err)
	}
	var req dns.Msg
	if err := req.Unpack(q); err != nil {
		t.Fatal(err)
	}
	resp := new(dns.Msg)
	resp.SetRcode(&req, rcode)
	for _, s := range rrs {
		rr, err := dns.NewRR(s)
		if err != nil {
			t.Fatal(err)
		}
		resp.Answer = append(resp.Answer, rr)
	}
	wire, err := resp.Pack()
	if err != nil {
		t.Fatal(err)
	}
	return wire
}

func TestMX(t *testing.T) {
	wire := answer(t, "acme-widgets.cn", dns.RcodeSuccess,
		"acme-widgets.cn. 300 IN CNAME other.example.",
		"acme-widgets.cn. 300 IN MX 10 MXBIZ2.qq.com.",
		"acme-widgets.cn. 300 IN MX 5 mxbiz1.qq.com.")
	hosts, err := MX("acme-widgets.cn", wire)
	if err != nil || !slices.Equal(hosts, []string{"mxbiz1.qq.com", "mxbiz2.qq.com"}) {
		t.Fatalf("MX = %v, %v", hosts, err)
	}
}

func TestMXFailures(t *testing.T) {
	ok := answer(t, "acme.cn", dns.RcodeSuccess, "acme.cn. 60 IN MX 1 aspmx.l.google.com.")
	notResponse := slices.Clone(ok)
	notResponse[2] &^= 0x80 // the QR bit
	otherID := slices.Clone(ok)
	otherID[1] = 7
	for _, c := range []struct {
		name   string
		domain string
		wire   []byte
		want   error
	}{
		{"NXDOMAIN", "nowhere.cn", answer(t, "nowhere.cn", dns.RcodeNameError), ErrNoDomain},
		{"no MX", "acme.cn", answer(t, "acme.cn", dns.RcodeSuccess, "acme.cn. 60 IN A 192.0.2.1"), ErrNoMX},
		{"null MX (RFC 7505)", "acme.cn", answer(t, "acme.cn", dns.RcodeSuccess, "acme.cn. 60 IN MX 0 ."), ErrNoMX},
		{"SERVFAIL", "acme.cn", answer(t, "acme.cn", dns.RcodeServerFailure), ErrResolver},
		{"REFUSED", "acme.cn", answer(t, "acme.cn", dns.RcodeRefused), ErrResolver},
		{"an answer to another question", "acme.cn", answer(t, "other.cn", dns.RcodeSuccess, "other.cn. 60 IN MX 1 mx.other.cn."), ErrGarbage},
		{"a question, not an answer", "acme.cn", notResponse, ErrGarbage},
		{"another message ID", "acme.cn", otherID, ErrGarbage},
		{"cut short", "acme.cn", ok[:len(ok)-5], ErrGarbage},
		{"an HTML page", "acme.cn", []byte("<!DOCTYPE html><html><body>502 Bad Gateway</body></html>"), ErrGarbage},
		{"empty", "acme.cn", nil, ErrGarbage},
	} {
		if _, err := MX(c.domain, c.wire); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
}

func TestQueryRefusesBadDomains(t *testing.T) {
	for _, d := range []string{"", "localhost", "a..cn", "-a.cn", "a-.cn", "例子.中国", "a b.cn", strings.Repeat("a", 64) + ".cn", "a.cn/x"} {
		if _, err := Query(d); !errors.Is(err, ErrDomain) {
			t.Errorf("Query(%q): %v, want ErrDomain", d, err)
		}
	}
}

func TestCheckResolver(t *testing.T) {
	for in, want := range map[string]string{
		" https://dns.google/dns-query ":       "https://dns.google/dns-query",
		"https://cloudflare-dns.com":           "https://cloudflare-dns.com/",
		"https://doh.example:8443/q?x=1":       "https://doh.example:8443/q?x=1",
		"https://cloudflare-dns.com/dns-query": "https://cloudflare-dns.com/dns-query",
		"HTTPS://DNS.Google/dns-query":         "https://dns.google/dns-query",
		"https://doh.example?x=1":              "https://doh.example/?x=1",
	} {
		if got, err := CheckResolver(in); err != nil || got != want {
			t.Errorf("CheckResolver(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "http://dns.google/dns-query", "dns.google/dns-query", "https://", "https://user:pw@dns.google/q",
		"https://dns.google/q#x", "ftp://dns.google/", "javascript:alert(1)", "https://dns google/", "https://dns.google:/q", "https://dns.google:99x/", "https://-a.example/", "https://a.example/q\\x",
		"https://a.example/ q", "https://a_b.example/"} {
		if _, err := CheckResolver(bad); err != ErrResolverURL {
			t.Errorf("CheckResolver(%q) accepted", bad)
		}
	}
	if o := Origin("https://doh.example:8443/q"); o != "https://doh.example/*" {
		t.Errorf("Origin = %q", o)
	}
}
