package sites

import (
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// fixturePages lists the pages the browser tests rely on, with their lang.
var fixturePages = []struct {
	host, path, lang string
	passwords        int // type=password inputs in the static HTML; -1: rendered by script
}{
	{"mail.qq.com", "/cgi-bin/frame_html", "zh-CN", 0},
	{"mail.qq.com", "/cgi-bin/other_mailbox?sid=test", "zh-CN", 1},
	{"mail.qq.com", "/cgi-bin/other_mailbox?refused=1", "zh-CN", 1},
	{"mail.qq.com", "/cgi-bin/other_mailbox_late", "zh-CN", -1},
	{"mail.qq.com", "/cgi-bin/other_mailbox_xss", "zh-CN", 1},
	{"mail.qq.com", "/cgi-bin/other_mailbox_hostile", "zh-CN", 2}, // one in the later form's template
	{"mail.qq.com", "/cgi-bin/mail_list", "zh-CN", 0},
	{"mail.qq.com", "/bench", "zh-CN", -1},
	{"service.mail.qq.com", "/cgi-bin/help?subtype=1&&id=28&&no=1001256", "zh-CN", 1},
	{"mail.google.com", "/mail/u/0/", "en", -1},
	{"myaccount.google.com", "/apppasswords", "en", 0},
	{"mail.163.com", "/js6/main.jsp?sid=test", "zh-CN", 1},
	{"mail.yandex.ru", "/", "ru", 1},
	{"e.mail.ru", "/settings/collector", "ru", 1},
	{"www.gmx.net", "/", "de", 1},
	{"mail.naver.com", "/", "ko", 1},
	{"mail.google.com", "/mail/u/1/", "ja", 1},
	{"mail.zoho.com", "/zm/", "en", 1},
	{"mail.yahoo.com", "/d/settings/2", "en", 1},
	{"www.example.org", "/login", "en", 1},
	// Providers' pages that make (and list) app passwords or 授权码.
	{"login.yahoo.com", "/myaccount/security", "en", 0},
	{"login.aol.com", "/account/security", "en", 0},
	{"account.apple.com", "/account/manage/section/security", "en", 0},
	{"account.live.com", "/proofs/AppPassword", "en", 0},
	{"account.live.com", "/proofs/Manage/additional", "en", 0},
	{"app.fastmail.com", "/settings/security/integrations", "en", 1},
	{"accounts.zoho.com", "/home", "en", 0},
	{"id.yandex.ru", "/security/app-passwords", "ru", 0},
	{"account.mail.ru", "/user/2-step-auth/passwords/", "ru", 0},
	{"mail.qq.com", "/cgi-bin/setting4?fun=list&acc=1&sid=test", "zh-CN", 0},
	{"mail.126.com", "/js6/main.jsp?sid=test", "zh-CN", 0},
}

func start(t *testing.T) (*Server, *http.Client) {
	t.Helper()
	s, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s, s.Client()
}

func get(t *testing.T, c *http.Client, url string) (*http.Response, string) {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return resp, string(body)
}

func TestCanaryAndCorpus(t *testing.T) {
	s, c := start(t)
	if len(s.Pwned()) != 0 {
		t.Fatal("a new server has hits")
	}
	resp, _ := get(t, c, s.URL("mail.google.com", "/pwned?x=1"))
	if resp.StatusCode != http.StatusNoContent || !slices.Equal(s.Pwned(), []string{"mail.google.com/pwned?x=1"}) {
		t.Errorf("/pwned: %d, %v", resp.StatusCode, s.Pwned())
	}
	resp, body := get(t, c, s.URL("mail.qq.com", "/_mk/xss.json"))
	if resp.StatusCode != 200 || !strings.Contains(body, `onerror`) || strings.Count(body, `",`) < len(XSS)-1 {
		t.Errorf("corpus: %d %.200s", resp.StatusCode, body)
	}
}

func TestHosts(t *testing.T) {
	s, _ := start(t)
	want := []string{
		"account.apple.com", "account.live.com", "account.mail.ru", "accounts.zoho.com", "app.fastmail.com",
		"e.mail.ru", "id.yandex.ru", "login.aol.com", "login.yahoo.com", "mail.126.com", "mail.163.com",
		"mail.google.com", "mail.naver.com", "mail.qq.com", "mail.yahoo.com", "mail.yandex.ru", "mail.zoho.com",
		"myaccount.google.com", "service.mail.qq.com", "www.example.org", "www.gmx.net",
	}
	if got := s.Hosts(); !slices.Equal(got, want) {
		t.Errorf("Hosts() = %v, want %v", got, want)
	}
	if !strings.HasPrefix(s.Addr(), "127.0.0.1:") {
		t.Errorf("Addr() = %q", s.Addr())
	}
	if got := s.URL("mail.qq.com", "cgi-bin/frame_html"); got != "https://mail.qq.com/cgi-bin/frame_html" {
		t.Errorf("URL = %q", got)
	}
	if got := s.URL("mail.google.com", "/mail/u/0/#settings/accounts"); got != "https://mail.google.com/mail/u/0/#settings/accounts" {
		t.Errorf("URL = %q", got)
	}
	rules := s.ResolverRules([]string{"mail.qq.com", "www.example.org"})
	if want := "MAP mail.qq.com " + s.Addr() + ",MAP www.example.org " + s.Addr(); rules != want {
		t.Errorf("ResolverRules = %q, want %q", rules, want)
	}
	if all := s.ResolverRules(nil); strings.Count(all, "MAP ") != len(want) {
		t.Errorf("ResolverRules(nil) = %q", all)
	}
}

func TestFixturePagesServed(t *testing.T) {
	s, c := start(t)
	for _, p := range fixturePages {
		resp, body := get(t, c, s.URL(p.host, p.path))
		if resp.StatusCode != 200 {
			t.Errorf("%s%s: status %d", p.host, p.path, resp.StatusCode)
			continue
		}
		if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("%s%s: Content-Type %q", p.host, p.path, ct)
		}
		if !strings.Contains(body, `<html lang="`+p.lang+`">`) {
			t.Errorf("%s%s: no <html lang=%q>", p.host, p.path, p.lang)
		}
		if p.passwords >= 0 {
			tags, err := scanTags(body)
			if err != nil {
				t.Errorf("%s%s: %v", p.host, p.path, err)
				continue
			}
			n := 0
			for _, tg := range tags {
				if tg.name == "input" && strings.EqualFold(tg.attrs["type"], "password") {
					n++
				}
			}
			if n != p.passwords {
				t.Errorf("%s%s: %d password inputs, want %d", p.host, p.path, n, p.passwords)
			}
		}
	}
}

func TestRoutingAndPathMapping(t *testing.T) {
	s, c := start(t)
	cases := []struct {
		host, path string
		status     int
		contains   string
	}{
		{"mail.qq.com", "/zh_CN/htmledition/js/bench.js", 200, "mkBench"},               // exact file
		{"mail.qq.com", "/bench", 200, "bench.js"},                                      // + .html
		{"mail.qq.com", "/bench.html", 200, "bench.js"},                                 // exact file
		{"mail.google.com", "/mail/u/0/", 200, "k=gmail.main.en.js"},                    // /index.html
		{"mail.google.com", "/mail/u/0", 200, "k=gmail.main.en.js"},                     // /index.html
		{"mail.yandex.ru", "/", 200, "Сборщик почты"},                                   // root index
		{"mail.163.com", "/js6/main.jsp", 200, "代收邮件"},                                  // exact, odd extension
		{"mail.qq.com", "/cgi-bin/other_mailbox", 200, "其他邮箱"},                          // + .html
		{"mail.qq.com", "/cgi-bin/", 404, ""},                                           // directory without index
		{"mail.qq.com", "/", 404, ""},                                                   // no index on this host
		{"mail.qq.com", "/nope", 404, ""},                                               // missing
		{"mail.qq.com", "/../www.example.org/login", 404, ""},                           // no escape to another host
		{"mail.qq.com", "/cgi-bin/other_mailbox_late", 200, "data-late"},                // late variant
		{"www.example.org", "/login", 200, "Sign in"},                                   // other host, same server
		{"www.example.org", "/cgi-bin/other_mailbox", 404, ""},                          // host routing: not QQ's page
		{"unknown.example.net", "/login", 404, ""},                                      // unknown host
		{"myaccount.google.com", "/_/static/apppasswords.js", 200, "apDialogPw"},        // underscore folders are embedded
		{"mail.google.com", "/_/scs/mail-static/_/js/k=gmail.main.en.js", 200, "delay"}, // '=' in a name
	}
	for _, tc := range cases {
		resp, body := get(t, c, s.URL(tc.host, tc.path))
		if resp.StatusCode != tc.status {
			t.Errorf("%s%s: status %d, want %d", tc.host, tc.path, resp.StatusCode, tc.status)
			continue
		}
		if tc.contains != "" && !strings.Contains(body, tc.contains) {
			t.Errorf("%s%s: body lacks %q", tc.host, tc.path, tc.contains)
		}
	}

	// The Host header decides, with or without a port.
	for _, host := range []string{"mail.qq.com", "mail.qq.com:443", "MAIL.QQ.COM", "mail.qq.com:" + strings.Split(s.Addr(), ":")[1]} {
		req, _ := http.NewRequest("GET", "https://"+s.Addr()+"/bench", nil)
		req.Host = host
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("Host %q: status %d", host, resp.StatusCode)
		}
	}

	// HEAD works, other methods do not.
	resp, err := c.Head(s.URL("mail.qq.com", "/bench"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.ContentLength <= 0 {
		t.Errorf("HEAD: status %d, length %d", resp.StatusCode, resp.ContentLength)
	}
	resp, err = c.Post(s.URL("mail.qq.com", "/cgi-bin/other_mailbox"), "application/x-www-form-urlencoded", strings.NewReader("password=x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d", resp.StatusCode)
	}
}

func TestStrictCSP(t *testing.T) {
	s, c := start(t)
	for _, u := range []string{
		s.URL("mail.qq.com", "/cgi-bin/other_mailbox?csp=strict"),
		s.URL("mail.qq.com", "/cgi-bin/frame_html?sid=test&csp=strict"),
		s.URL("mail.google.com", "/mail/u/0/?csp=strict&delay=10"),
		s.URL("mail.qq.com", "/zh_CN/htmledition/js/bench.js?csp=strict"),
	} {
		resp, _ := get(t, c, u)
		if got := resp.Header.Get("Content-Security-Policy"); got != "default-src 'self'" {
			t.Errorf("%s: CSP %q", u, got)
		}
	}
	for _, u := range []string{
		s.URL("mail.qq.com", "/cgi-bin/other_mailbox"),
		s.URL("mail.qq.com", "/cgi-bin/other_mailbox?csp=loose"),
		s.URL("mail.qq.com", "/cgi-bin/other_mailbox?sid=strict"),
	} {
		resp, _ := get(t, c, u)
		if got := resp.Header.Get("Content-Security-Policy"); got != "" {
			t.Errorf("%s: unexpected CSP %q", u, got)
		}
	}
}

func TestContentTypes(t *testing.T) {
	s, c := start(t)
	cases := map[string]string{
		"/zh_CN/htmledition/js/other_mailbox.js": "text/javascript; charset=utf-8",
		"/zh_CN/htmledition/style/comm.css":      "text/css; charset=utf-8",
		"/cgi-bin/frame_html":                    "text/html; charset=utf-8",
		"/bench.html":                            "text/html; charset=utf-8",
	}
	for p, want := range cases {
		resp, _ := get(t, c, s.URL("mail.qq.com", p))
		if got := resp.Header.Get("Content-Type"); got != want {
			t.Errorf("%s: Content-Type %q, want %q", p, got, want)
		}
		if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options %q", p, got)
		}
	}
	resp, _ := get(t, c, s.URL("mail.163.com", "/js6/main.jsp"))
	if got := resp.Header.Get("Content-Type"); got != "text/html; charset=utf-8" {
		t.Errorf("main.jsp: Content-Type %q", got)
	}
	for name, want := range map[string]string{"a.json": "application/json", "a.svg": "image/svg+xml", "a.png": "image/png", "a.bin": "application/octet-stream"} {
		if got := ContentType(name); got != want {
			t.Errorf("ContentType(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestPagesWorkUnderStrictCSP parses every page and fails on anything that
// default-src 'self' would block or that smuggles script into markup: inline
// <script>, on* attributes, javascript: URLs, inline styles; and on script or
// stylesheet references that are not same-host files that exist.
func TestPagesWorkUnderStrictCSP(t *testing.T) {
	s, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	files := Pages()
	pages := 0
	err = fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		host, _, _ := strings.Cut(name, "/")
		src, err := fs.ReadFile(files, name)
		if err != nil {
			return err
		}
		switch path.Ext(name) {
		case ".js":
			checkScript(t, name, string(src))
			return nil
		case ".html", ".jsp":
		default:
			return nil
		}
		pages++
		tags, err := scanTags(string(src))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			return nil
		}
		if len(tags) == 0 || tags[0].name != "!doctype" {
			t.Errorf("%s: does not start with <!DOCTYPE html>", name)
		}
		for _, tg := range tags {
			for a, v := range tg.attrs {
				if len(a) > 2 && strings.HasPrefix(a, "on") {
					t.Errorf("%s: <%s %s=...>: inline event handler", name, tg.name, a)
				}
				if a == "style" {
					t.Errorf("%s: <%s style=...>: inline style", name, tg.name)
				}
				if strings.HasPrefix(strings.ToLower(strings.TrimSpace(v)), "javascript:") {
					t.Errorf("%s: <%s %s=%q>: javascript: URL", name, tg.name, a, v)
				}
			}
			switch tg.name {
			case "script":
				src, ok := tg.attrs["src"]
				if !ok || src == "" {
					t.Errorf("%s: inline <script> (no src)", name)
				} else {
					checkRef(t, s, name, host, src)
				}
				if strings.TrimSpace(tg.text) != "" {
					t.Errorf("%s: <script src=%q> has inline content", name, src)
				}
			case "style":
				t.Errorf("%s: inline <style>", name)
			case "link":
				if tg.attrs["rel"] == "stylesheet" {
					checkRef(t, s, name, host, tg.attrs["href"])
				}
			case "iframe":
				checkRef(t, s, name, host, tg.attrs["src"])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < len(fixturePages)-2 {
		t.Errorf("only %d pages checked", pages)
	}
}

// checkRef fails unless ref is a same-host absolute path the server serves.
func checkRef(t *testing.T, s *Server, page, host, ref string) {
	t.Helper()
	if !strings.HasPrefix(ref, "/") || strings.HasPrefix(ref, "//") {
		t.Errorf("%s: reference %q is not a same-host absolute path", page, ref)
		return
	}
	p, _, _ := strings.Cut(ref, "?")
	if _, ok := s.resolve(host, p); !ok {
		t.Errorf("%s: reference %q does not exist on %s", page, ref, host)
	}
}

var forbiddenJS = regexp.MustCompile(`\beval\s*\(|new\s+Function\b|\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write|setAttribute\(\s*['"]on|\bconsole\.`)

// checkScript fails on script constructs that need 'unsafe-eval' or build
// markup from strings (where an inline handler could hide), and on console
// output (tests watch the console for leaked passwords; fixture pages stay
// quiet).
func checkScript(t *testing.T, name, src string) {
	t.Helper()
	if m := forbiddenJS.FindString(src); m != "" {
		t.Errorf("%s: uses %q", name, m)
	}
}

func TestScanTags(t *testing.T) {
	tags, err := scanTags(`<!DOCTYPE html><!-- <script>x</script> --><p class=a id="b" hidden data-x='y>z'>t</p><script src="/a.js" defer></script><script>
alert(1)</script><input type=password value="a&quot;b" ONCLICK="x()"/>`)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tg := range tags {
		names = append(names, tg.name)
	}
	if want := []string{"!doctype", "p", "/p", "script", "/script", "script", "/script", "input"}; !slices.Equal(names, want) {
		t.Fatalf("names = %v, want %v", names, want)
	}
	if tags[1].attrs["data-x"] != "y>z" || tags[1].attrs["class"] != "a" || tags[1].attrs["id"] != "b" {
		t.Errorf("p attrs = %v", tags[1].attrs)
	}
	if _, ok := tags[1].attrs["hidden"]; !ok {
		t.Errorf("p lacks hidden")
	}
	if tags[3].attrs["src"] != "/a.js" || strings.TrimSpace(tags[3].text) != "" {
		t.Errorf("script 1 = %+v", tags[3])
	}
	if strings.TrimSpace(tags[5].text) != "alert(1)" {
		t.Errorf("script 2 text = %q", tags[5].text)
	}
	if tags[7].attrs["onclick"] != "x()" || tags[7].attrs["type"] != "password" {
		t.Errorf("input attrs = %v", tags[7].attrs)
	}
	if _, err := scanTags(`<p class="x>`); err == nil {
		t.Error("unterminated attribute: no error")
	}
}

type tag struct {
	name  string            // lower case; "/p" for an end tag, "!doctype"
	attrs map[string]string // lower-case names, raw values
	text  string            // raw text content of <script> and <style>
}

// scanTags is a small, strict HTML tag scanner, enough to audit the fixture
// pages without a dependency: comments are skipped, attribute values may be
// quoted or not, and <script>/<style> content is raw text.
func scanTags(src string) ([]tag, error) {
	var tags []tag
	i := 0
	for {
		j := strings.IndexByte(src[i:], '<')
		if j < 0 {
			return tags, nil
		}
		i += j
		if strings.HasPrefix(src[i:], "<!--") {
			k := strings.Index(src[i+4:], "-->")
			if k < 0 {
				return nil, errorf("unterminated comment at %d", i)
			}
			i += 4 + k + 3
			continue
		}
		i++
		start := i
		for i < len(src) && (isNameByte(src[i]) || (i == start && (src[i] == '/' || src[i] == '!'))) {
			i++
		}
		name := strings.ToLower(src[start:i])
		if name == "" || name == "/" || name == "!" {
			continue // a literal '<' in text
		}
		tg := tag{name: name, attrs: map[string]string{}}
		for {
			for i < len(src) && isSpace(src[i]) {
				i++
			}
			if i >= len(src) {
				return nil, errorf("unterminated <%s>", name)
			}
			if src[i] == '>' {
				i++
				break
			}
			if strings.HasPrefix(src[i:], "/>") {
				i += 2
				break
			}
			as := i
			for i < len(src) && !isSpace(src[i]) && src[i] != '=' && src[i] != '>' && !strings.HasPrefix(src[i:], "/>") {
				i++
			}
			an := strings.ToLower(src[as:i])
			val := ""
			if i < len(src) && src[i] == '=' {
				i++
				if i < len(src) && (src[i] == '"' || src[i] == '\'') {
					q := src[i]
					k := strings.IndexByte(src[i+1:], q)
					if k < 0 {
						return nil, errorf("unterminated value of %s in <%s>", an, name)
					}
					val = src[i+1 : i+1+k]
					i += k + 2
				} else {
					vs := i
					for i < len(src) && !isSpace(src[i]) && src[i] != '>' {
						i++
					}
					val = src[vs:i]
				}
			}
			val = strings.ReplaceAll(val, "&quot;", `"`)
			val = strings.ReplaceAll(val, "&amp;", "&")
			tg.attrs[an] = val
		}
		if name == "script" || name == "style" {
			end := strings.Index(strings.ToLower(src[i:]), "</"+name)
			if end < 0 {
				return nil, errorf("unterminated <%s>", name)
			}
			tg.text = src[i : i+end]
			i += end
		}
		tags = append(tags, tg)
	}
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

func errorf(format string, args ...any) error {
	return fmt.Errorf(format, args...)
}
