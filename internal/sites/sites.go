// Package sites serves the fixture web sites that the browser tests load
// under the real host names of mail providers (mail.qq.com,
// mail.google.com, ...), over HTTPS from a local httptest server.
//
// The pages live in pages/<host>/<path> and are embedded. The browser reaches
// them because Chromium is started with --host-resolver-rules mapping every
// host to the server (see ResolverRules) and --ignore-certificate-errors.
//
// Path mapping for a request to https://HOST/PATH: pages/HOST/PATH if it is a
// file, else pages/HOST/PATH.html, else pages/HOST/PATH/index.html, else 404.
// A missing /favicon.ico is answered with 204 No Content rather than 404, to
// keep the browser console free of noise. Query strings are ignored by the
// server except csp=strict, which adds
// "Content-Security-Policy: default-src 'self'" to the response (any page).
//
// Pages (all scripts are external files on the same host; no inline script
// or handler, so every page works under csp=strict):
//
//	https://mail.qq.com/cgi-bin/frame_html           classic QQ Mail frame; iframe#mainFrame
//	                                                 loads /cgi-bin/other_mailbox?sid=test
//	https://mail.qq.com/cgi-bin/other_mailbox        其他邮箱 collector form; on submit shows
//	                                                 the refusal in #pop3_err after 300 ms.
//	                                                 ?addr=A pre-fills the address; ?refused=1
//	                                                 shows the refusal on load (the Gmail text
//	                                                 for a Gmail address), ?refused=gmail the
//	                                                 Gmail text
//	https://mail.qq.com/cgi-bin/other_mailbox_late   the same form inserted 1500 ms after load
//	                                                 (?late=MS changes it)
//	https://mail.qq.com/cgi-bin/other_mailbox_xss    the collector whose labels, headings, buttons,
//	                                                 placeholders and alerts carry the XSS corpus
//	                                                 (see XSS); body[data-ready] once built
//	https://mail.qq.com/cgi-bin/other_mailbox_hostile the collector on a page that clobbers DOM
//	                                                 names and attacks the hint (window.mkHostile)
//	https://mail.qq.com/cgi-bin/mail_list            inbox, no password field
//	https://mail.qq.com/bench                        window.mkBench {insert(), reset(), done}
//	https://mail.qq.com/cgi-bin/mail_list_busy       inbox that changes 100 times a second for 10 s
//	                                                 once window.mkBusy.run(10, 100) is called
//	https://mail.qq.com/cgi-bin/hostile_dom          ?kind=nodes|frames|shadow: 100,000 elements,
//	                                                 1,000 blank and srcdoc frames, or shadow roots
//	                                                 50 deep, a collector form placed last
//	                                                 (window.mkDom {ready, count(), probe(), churn()})
//	https://service.mail.qq.com/cgi-bin/help         授权码 help article with a check form
//	https://mail.google.com/mail/u/0/#settings/accounts
//	                                                 SPA; the POP form appears 2000 ms after
//	                                                 load (?delay=MS), ?addr=A pre-fills
//	https://myaccount.google.com/apppasswords        app-password generator and revoke list;
//	                                                 the password is in span#apDialogPw
//	                                                 ("abcd efgh ijkl mnop"); ?pw=16 letters
//	                                                 fixes it
//	https://mail.163.com/js6/main.jsp                代收邮件 form
//	https://mail.yandex.ru/                          Сборщик почты form (ru)
//	https://e.mail.ru/settings/collector             Сбор писем form (ru)
//	https://www.gmx.net/                             Externe Postfächer form (de)
//	https://mail.zoho.com/zm/                        POP Accounts form
//	https://mail.yahoo.com/d/settings/2              Mailboxes > Add mailbox form
//	https://www.example.org/login                    a login form outside the knowledge base
//
// The providers' own app-password pages (generator and revoke list; each
// shows a generated password fixed by ?pw=16 letters; e2e/provider_pages_test.go
// drives them): login.yahoo.com/myaccount/security, login.aol.com/account/security,
// account.apple.com/account/manage/section/security, account.live.com/proofs/AppPassword
// (reached from the "Create a new app password" link on /proofs/Manage/additional),
// app.fastmail.com/settings/security/integrations, accounts.zoho.com/home#security/app_password,
// id.yandex.ru/security/app-passwords, account.mail.ru/user/2-step-auth/passwords/,
// mail.qq.com/cgi-bin/setting4#pop3Info and mail.126.com/js6/main.jsp#module=options.PopModule.
//
// On every host, /pwned answers 204 and is counted (Server.Pwned: a payload
// that ran or markup that was parsed), and /_mk/xss.json is the corpus.
//
// Every collector form refuses on submit with a message in the page's
// language, without navigating; fixture scripts never log to the console.
package sites

import (
	"context"
	"crypto/tls"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"path"
	"sort"
	"strings"
)

//go:embed all:pages
var embedded embed.FS

// StrictCSP is the Content-Security-Policy sent when a URL has csp=strict.
const StrictCSP = "default-src 'self'"

// Server serves the fixture pages over HTTPS on 127.0.0.1.
type Server struct {
	ts    *httptest.Server
	files fs.FS
	hosts []string
	known map[string]bool
	pwned hits
	gen   Generator
}

// MovedPrefixes serve every page at two more addresses, as a provider that
// moves its pages would: https://HOST/moved/PATH and https://HOST/u/2/v9/PATH
// are https://HOST/PATH (the pages' own links and scripts are absolute).
var MovedPrefixes = []string{"/moved", "/u/2/v9"}

// Generator makes pages on the fly: body and content type for a path on a
// host, ok false for a path it does not make.
type Generator func(host, path string) (body []byte, contentType string, ok bool)

// Generate adds hosts to the server (a browser launched after this call
// maps them too) and answers their paths with gen before the fixture files.
// Call it before the server is used.
func (s *Server) Generate(hosts []string, gen Generator) {
	for _, h := range hosts {
		if !s.known[h] {
			s.known[h] = true
			s.hosts = append(s.hosts, h)
		}
	}
	sort.Strings(s.hosts)
	s.gen = gen
}

// Pages returns the embedded fixture tree, rooted at the host folders.
func Pages() fs.FS {
	sub, err := fs.Sub(embedded, "pages")
	if err != nil {
		panic(err) // cannot happen: "pages" is a valid path
	}
	return sub
}

// Start serves every host folder under pages/ on a new TLS server listening
// on 127.0.0.1 and a free port.
func Start() (*Server, error) {
	files := Pages()
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		return nil, err
	}
	s := &Server{files: files, known: map[string]bool{}}
	for _, e := range entries {
		if e.IsDir() {
			s.hosts = append(s.hosts, e.Name())
			s.known[e.Name()] = true
		}
	}
	sort.Strings(s.hosts)
	if len(s.hosts) == 0 {
		return nil, errors.New("sites: no host folders embedded")
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("sites: listen: %w", err)
	}
	ts := httptest.NewUnstartedServer(s)
	ts.Listener.Close()
	ts.Listener = ln
	// Chromium opens and drops speculative connections; keep the test log
	// free of "TLS handshake error ... EOF" lines.
	ts.Config.ErrorLog = log.New(io.Discard, "", 0)
	ts.StartTLS()
	s.ts = ts
	return s, nil
}

// Hosts returns every host that has a folder under pages/, sorted.
func (s *Server) Hosts() []string {
	return append([]string(nil), s.hosts...)
}

// Addr returns the listening address, 127.0.0.1:PORT.
func (s *Server) Addr() string {
	return s.ts.Listener.Addr().String()
}

// URL returns https://host/path (no port: the browser maps the host name to
// the server). A path without a leading slash gets one.
func (s *Server) URL(host, p string) string {
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return "https://" + host + p
}

// ResolverRules returns the value for Chromium's --host-resolver-rules that
// maps each host to this server: "MAP host 127.0.0.1:PORT" joined by commas.
// A nil or empty hosts maps every host of the server.
func (s *Server) ResolverRules(hosts []string) string {
	if len(hosts) == 0 {
		hosts = s.hosts
	}
	rules := make([]string, len(hosts))
	for i, h := range hosts {
		rules[i] = "MAP " + h + " " + s.Addr()
	}
	return strings.Join(rules, ",")
}

// Client returns an HTTP client that sends every request, whatever its host
// name, to this server, and accepts the server's test certificate. For tests
// that do not use a browser.
func (s *Server) Client() *http.Client {
	addr := s.Addr()
	var d net.Dialer
	return &http.Client{
		Transport: &http.Transport{
			DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
				return d.DialContext(ctx, network, addr)
			},
			TLSClientConfig:   &tls.Config{InsecureSkipVerify: true},
			ForceAttemptHTTP2: false,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Close shuts the server down.
func (s *Server) Close() {
	s.ts.Close()
}

// ServeHTTP routes on the Host header (port stripped) to pages/<host>/.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.special(w, r) {
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	host := strings.ToLower(r.Host)
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	if !s.known[host] {
		http.Error(w, "unknown host "+host, http.StatusNotFound)
		return
	}
	if s.gen != nil {
		if body, ctype, ok := s.gen(host, r.URL.Path); ok {
			w.Header().Set("Content-Type", ctype)
			w.Header().Set("Cache-Control", "no-store")
			w.Write(body)
			return
		}
	}
	name, ok := s.resolve(host, r.URL.Path)
	for _, prefix := range MovedPrefixes {
		if rest, moved := strings.CutPrefix(r.URL.Path, prefix); !ok && moved {
			name, ok = s.resolve(host, rest)
		}
	}
	if !ok && r.URL.Path == "/favicon.ico" {
		// Every browser asks for it; a 404 would be console noise.
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	body, err := fs.ReadFile(s.files, name)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", ContentType(name))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	if r.URL.Query().Get("csp") == "strict" {
		h.Set("Content-Security-Policy", StrictCSP)
	}
	h.Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// resolve maps a URL path on host to a file name in s.files.
func (s *Server) resolve(host, urlPath string) (string, bool) {
	rel := strings.TrimPrefix(path.Clean("/"+urlPath), "/")
	candidates := []string{host + "/index.html"}
	if rel != "" {
		base := host + "/" + rel
		candidates = []string{base, base + ".html", base + "/index.html"}
	}
	for _, c := range candidates {
		if st, err := fs.Stat(s.files, c); err == nil && st.Mode().IsRegular() {
			return c, true
		}
	}
	return "", false
}

// ContentType returns the Content-Type the server sends for a file name.
func ContentType(name string) string {
	switch ext := strings.ToLower(path.Ext(name)); ext {
	case ".html", ".htm", ".jsp":
		return "text/html; charset=utf-8"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".json":
		return "application/json"
	case ".svg":
		return "image/svg+xml"
	case ".png":
		return "image/png"
	case ".ico":
		return "image/x-icon"
	case ".txt", ".md":
		return "text/plain; charset=utf-8"
	default:
		if t := mime.TypeByExtension(ext); t != "" {
			return t
		}
		return "application/octet-stream"
	}
}
