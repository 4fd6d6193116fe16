package sites

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
)

// Canary is what every payload of XSS tries to do, should it ever run: set
// window.__pwned, ask this server for /pwned (which Server.Pwned counts),
// and log PWNED to the console.
const (
	CanaryGlobal  = "__pwned"
	CanaryPath    = "/pwned"
	CanaryConsole = "PWNED"
)

// XSS is the corpus of hostile texts that the hostile-input tests push
// through every text path Mailkey has: ledger labels, used-by and notes
// (typed and imported), page texts the sensor reads, synced vaults, and the
// popup's Guide. Each tries the canary. The fixture page
// mail.qq.com/cgi-bin/other_mailbox_xss builds its labels, headings,
// buttons and alerts from it (served as /_mk/xss.json).
var XSS = []string{
	`<script>window.__pwned=1;console.log('PWNED')</script>`,
	`<img src=x onerror="window.__pwned=1;fetch('https://mail.qq.com/pwned?img')">`,
	`<svg onload="__pwned=1;console.log('PWNED')"></svg>`,
	`<img src="https://mail.qq.com/pwned?src">`,
	`javascript:window.__pwned=1;console.log('PWNED')`,
	`"><img src=x onerror=__pwned=1;console.log('PWNED')>`,
	`'><svg/onload=__pwned=1;console.log('PWNED')>`,
	`</textarea><script>__pwned=1;console.log('PWNED')</script>`,
	`</title></style><script>__pwned=1</script>`,
	`{{constructor.constructor('__pwned=1;console.log("PWNED")')()}}`,
	`${window.__pwned=1}#{__pwned=1}<%= __pwned=1 %>[[__pwned=1]]`,
	`<div style="width:expression(__pwned=1);background:url(https://mail.qq.com/pwned?css)">x</div>`,
	`<style>@import 'https://mail.qq.com/pwned?style';</style>`,
	`<iframe src="javascript:parent.__pwned=1"></iframe>`,
	`<a href="javascript:__pwned=1">PWNED link</a>`,
	`<object data="javascript:__pwned=1"></object>`,
	`<math><mtext><table><mglyph><style><img src=x onerror=__pwned=1>`,
	`<noscript><p title="</noscript><img src=x onerror=__pwned=1>">`,
	"\uff1cscript\uff1e__pwned=1\uff1c/script\uff1e \\u003cimg src=x onerror=__pwned=1\\u003e",
	"<scr\u200bipt>__pwned=1</scr\u200bipt> <img\u00a0src=x\u2028onerror=__pwned=1>",
	"\u202egnp.exe <img src=x onerror=__pwned=1> \u202dabc\u2067RTL\u2069",
	"<img\x00 src=x onerror=__pwned=1> java\x00script:__pwned=1",
	`"},"__proto__":{"__pwned":1},"x":"`,
	`=HYPERLINK("https://mail.qq.com/pwned?csv","PWNED")`,
	"\U0001F511 \U0001F468\u200d\U0001F469\u200d\U0001F467 <b onmouseover=__pwned=1>x</b>",
	strings.Repeat("<b>PWNED?</b>", 400) + `<img src=x onerror=__pwned=1>`,
}

// hits counts the requests for CanaryPath, by server.
type hits struct {
	mu   sync.Mutex
	seen []string
}

// Pwned returns every request for /pwned the server has had (URL with
// query): a payload that ran, or markup that was parsed as HTML.
func (s *Server) Pwned() []string {
	s.pwned.mu.Lock()
	defer s.pwned.mu.Unlock()
	return append([]string(nil), s.pwned.seen...)
}

// special answers the test-only paths on every host: /pwned (counted, 204)
// and /_mk/xss.json (the corpus). It reports whether it answered.
func (s *Server) special(w http.ResponseWriter, r *http.Request) bool {
	switch {
	case strings.HasPrefix(r.URL.Path, CanaryPath):
		s.pwned.mu.Lock()
		s.pwned.seen = append(s.pwned.seen, r.Host+r.URL.RequestURI())
		s.pwned.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
		return true
	case r.URL.Path == "/_mk/xss.json":
		body, _ := json.Marshal(XSS)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(body)
		return true
	}
	return false
}
