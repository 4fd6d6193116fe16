package e2e

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/miekg/dns"

	"mailkey/internal/browser"
)

// dohHost is the resolver's name in these tests; Chromium maps it to the
// local server.
const dohHost = "doh.mailkey.test"

// dohServer is a DNS-over-HTTPS resolver on loopback (RFC 8484 GET, the
// wire format read and written by miekg/dns) that knows a few domains:
// acme-widgets.cn has Alibaba Mail's MX hosts, nowhere.example does not
// exist, garbage.example gets bytes that are no DNS message, and
// slow.example gets no answer before the page gives up.
type dohServer struct {
	ts           *httptest.Server
	requests     atomic.Int32
	lastQuestion atomic.Pointer[string] // the name last asked, as sent
}

func startDoH(t *testing.T) *dohServer {
	t.Helper()
	s := &dohServer{}
	s.ts = httptest.NewUnstartedServer(http.HandlerFunc(s.serve))
	s.ts.Config.ErrorLog = log.New(io.Discard, "", 0)
	s.ts.StartTLS()
	t.Cleanup(s.ts.Close)
	return s
}

func (s *dohServer) serve(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	wire, err := base64.RawURLEncoding.DecodeString(r.URL.Query().Get("dns"))
	var q dns.Msg
	if r.Method != http.MethodGet || r.URL.Path != "/dns-query" || err != nil || q.Unpack(wire) != nil || len(q.Question) != 1 {
		http.Error(w, "not an RFC 8484 GET", http.StatusBadRequest)
		return
	}
	name := q.Question[0].Name
	s.lastQuestion.Store(&name)
	reply := new(dns.Msg)
	reply.SetReply(&q)
	w.Header().Set("Content-Type", "application/dns-message")
	switch q.Question[0].Name {
	case "acme-widgets.cn.":
		for _, rr := range []string{"acme-widgets.cn. 600 IN MX 5 mxn.mxhichina.com.", "acme-widgets.cn. 600 IN MX 10 mxw.mxhichina.com."} {
			mx, _ := dns.NewRR(rr)
			reply.Answer = append(reply.Answer, mx)
		}
	case "nowhere.example.":
		reply.Rcode = dns.RcodeNameError
	case "garbage.example.":
		_, _ = w.Write([]byte("\x00\x00garbage, not a DNS message \xff\xfe"))
		return
	case "slow.example.":
		select {
		case <-r.Context().Done():
		case <-time.After(8 * time.Second):
		}
		return
	}
	out, _ := reply.Pack()
	_, _ = w.Write(out)
}

// launchWithDoH starts the resolver and Chromium with Mailkey, the
// resolver's origin granted at install (Chromium has no hook to click
// "Allow" in the permission prompt; see browser.CopyGranting), its host and
// the provider pages mapped to loopback.
func launchWithDoH(t *testing.T) (*dohServer, *browser.Browser) {
	t.Helper()
	if !browser.Available() {
		t.Skip("no /usr/bin/chromium")
	}
	doh := startDoH(t)
	dir := t.TempDir()
	if err := browser.CopyGranting(root, dir, []string{"https://" + dohHost + "/*"}); err != nil {
		t.Fatal(err)
	}
	rules := site.ResolverRules(nil) + ",MAP " + dohHost + " " + strings.TrimPrefix(doh.ts.URL, "https://")
	b, err := browser.Launch(context.Background(), browser.Options{ExtensionDirs: []string{dir}, Lang: "en-US",
		ExtraFlags: []string{"--host-resolver-rules=" + rules}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	return doh, b
}

// openOptionsSettled opens the options page and waits until its sync
// section has drawn: that section comes with the worker's answer and moves
// the resolver's buttons down, and a click aimed before the move lands on
// whatever took their place (CI lost a save that way).
func openOptionsSettled(t *testing.T, b *browser.Browser) context.Context {
	t.Helper()
	opts := openPage(t, b, "extension/options.html")
	waitText(t, opts, "#doh-help", "cloudflare-dns.com")
	if err := chromedp.Run(opts, chromedp.Poll(`document.querySelector('#sync-body').childElementCount > 0`, nil,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Fatalf("the options page's sync section never drew: %v", err)
	}
	return opts
}

// pressSel activates a button from the keyboard (focus, then Enter): a
// trusted activation that, unlike a click aimed at where the button was
// drawn, cannot land elsewhere if the page moves it meanwhile.
func pressSel(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	if err := chromedp.Run(ctx, chromedp.Focus(sel, chromedp.ByQuery), chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatalf("press %s: %v", sel, err)
	}
}

// saveResolver chooses the test resolver on the options page.
func saveResolver(t *testing.T, b *browser.Browser) string {
	t.Helper()
	opts := openOptionsSettled(t, b)
	resolver := "https://" + dohHost + "/dns-query"
	setVal(t, opts, "#doh-resolver", resolver)
	pressSel(t, opts, "#doh-save")
	t.Cleanup(func() {
		if t.Failed() {
			var state string
			_ = chromedp.Run(opts, chromedp.Evaluate(`JSON.stringify({value: document.querySelector('#doh-resolver').value,
  focused: document.activeElement && document.activeElement.id, status: document.querySelector('#doh-status').outerHTML,
  sections: document.querySelectorAll('section').length})`, &state))
			t.Logf("the options page when the save was pressed and after: %s; stored: %v", state, storage(t, b, opts)["settings/doh"])
		}
	})
	waitText(t, opts, "#doh-status", "Lookups will ask "+resolver)
	return resolver
}

// The Guide offers the lookup for a domain the knowledge base does not know;
// nothing is sent until the click; the click sends one RFC 8484 request to
// the resolver chosen on the options page, and the answer names Alibaba
// Mail with its card. An NXDOMAIN, a garbage answer and a resolver that
// does not answer each get a message. Only the resolver choice is stored.
func TestLookupCustomDomain(t *testing.T) {
	doh, b := launchWithDoH(t)
	// The options page: a resolver over http is refused and nothing saved;
	// the https one is saved.
	opts := openOptionsSettled(t, b)
	setVal(t, opts, "#doh-resolver", "http://"+dohHost+"/dns-query")
	pressSel(t, opts, "#doh-save")
	waitText(t, opts, "#doh-status", "Nothing was saved")
	if _, ok := storage(t, b, opts)["settings/doh"]; ok {
		t.Fatal("an http resolver was saved")
	}
	resolver := saveResolver(t, b)

	ctx := openPopup(t, b)
	clickSel(t, ctx, "#tab-guide")
	lookup := func(domain, sel, want string) string {
		t.Helper()
		setVal(t, ctx, "#guide-address", "li.ming@"+domain)
		waitText(t, ctx, "#lookup-mx", "Look up who hosts this domain")
		time.Sleep(300 * time.Millisecond) // a request sent unasked would arrive by now
		before := doh.requests.Load()
		if before != 0 {
			t.Fatalf("%s: %d requests before any click", domain, before)
		}
		clickSel(t, ctx, "#lookup-mx")
		out := waitText(t, ctx, sel, want)
		if n := doh.requests.Swap(0); n != 1 {
			t.Errorf("%s: %d requests for one click, want 1", domain, n)
		}
		return out
	}

	out := lookup("acme-widgets.cn", "#lookup-out", "Mail for acme-widgets.cn is handled by Aliyun Mail / Alibaba Mail (mail server mxn.mxhichina.com)")
	if !strings.Contains(out, "Alibaba") || !strings.Contains(out, "authorization") && !strings.Contains(out, "password") {
		t.Errorf("the provider's advice is missing:\n%s", out)
	}
	lookup("nowhere.example", "#lookup-err", "The domain nowhere.example does not exist")
	lookup("garbage.example", "#lookup-err", "could not be read as a DNS answer")
	lookup("slow.example", "#lookup-err", "did not answer within 5 seconds")
	// An internationalised domain is asked in its ASCII form (the browser's
	// IDNA); this one publishes no MX.
	lookup("例子.中国", "#lookup-err", "例子.中国 publishes no mail servers")
	if q := doh.lastQuestion.Load(); q == nil || *q != "xn--fsqu00a.xn--fiqs8s." {
		t.Errorf("the internationalised domain was asked as %v", q)
	}
	// A name no DNS can hold is said at once: no permission asked, nothing sent.
	setVal(t, ctx, "#guide-address", "li.ming@acme_widgets.cn")
	clickSel(t, ctx, "#lookup-mx")
	waitText(t, ctx, "#lookup-err", "acme_widgets.cn cannot be looked up")
	if n := doh.requests.Load(); n != 0 {
		t.Errorf("%d requests for a domain that cannot be asked", n)
	}

	// Nothing about the lookups was kept: the resolver choice is the only
	// new key, and no stored value names a domain or server looked up.
	items := storage(t, b, ctx)
	data, _ := json.Marshal(items)
	for _, s := range []string{"acme-widgets", "mxhichina", "nowhere.example", "garbage.example", "slow.example", "li.ming"} {
		if strings.Contains(string(data), s) {
			t.Errorf("storage holds %q: %s", s, data)
		}
	}
	if got, _ := json.Marshal(items["settings/doh"]); string(got) != `{"url":"`+resolver+`"}` {
		t.Errorf("settings/doh = %s", got)
	}
}

// The hint beside a collector's password field, for an address on an
// unknown domain, offers the lookup too: its button opens the Guide on the
// domain (nothing sent yet), where one click looks it up.
func TestHintOpensLookup(t *testing.T) {
	doh, b := launchWithDoH(t)
	saveResolver(t, b)
	tab, cancel := b.NewTab()
	t.Cleanup(cancel)
	ctx, cancel2 := context.WithTimeout(tab, 60*time.Second)
	t.Cleanup(cancel2)
	navigate(t, ctx, qqCollector+"?sid=test&addr=li.ming%40acme-widgets.cn")
	// QQ Mail's page is Chinese: so is the hint.
	const button = "查询这个域名的邮件由谁托管"
	waitHint(t, b, ctx, qqCollector, func(h hintView) bool { return has(h.Buttons, button) })
	clickButton(t, b, ctx, qqCollector, button)

	var guide context.Context
	for deadline := time.Now().Add(10 * time.Second); guide == nil && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		infos, err := chromedp.Targets(b.Context())
		if err != nil {
			t.Fatal(err)
		}
		for _, info := range infos {
			if info.Type == "page" && strings.HasSuffix(info.URL, "/extension/popup.html#lookup=acme-widgets.cn") {
				c, cancel := chromedp.NewContext(b.Context(), chromedp.WithTargetID(info.TargetID))
				t.Cleanup(cancel)
				guide = c
			}
		}
	}
	if guide == nil {
		t.Fatal("the hint's button opened no Guide on the domain")
	}
	waitText(t, guide, "#lookup-mx", "Look up who hosts this domain")
	if got := text(t, guide, "#panel-guide"); !strings.Contains(got, "acme-widgets.cn") {
		t.Errorf("the Guide is not on the domain:\n%s", got)
	}
	time.Sleep(300 * time.Millisecond)
	if n := doh.requests.Load(); n != 0 {
		t.Fatalf("%d requests before the click in the Guide", n)
	}
	clickSel(t, guide, "#lookup-mx")
	waitText(t, guide, "#lookup-out", "Aliyun Mail / Alibaba Mail")
	if n := doh.requests.Load(); n != 1 {
		t.Errorf("%d requests for one click, want 1", n)
	}
}
