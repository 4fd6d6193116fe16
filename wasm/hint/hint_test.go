package hint_test

import (
	"strings"
	"testing"
	"time"

	"mailkey"
	"mailkey/wasm/classify"
	"mailkey/wasm/hint"
	"mailkey/wasm/i18n"
	"mailkey/wasm/kb"
	"mailkey/wasm/ledger"
)

func setup(t *testing.T) (*kb.KB, *i18n.Catalog) {
	t.Helper()
	k, err := kb.Load()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := i18n.Load(mailkey.Locales)
	if err != nil {
		t.Fatal(err)
	}
	return k, cat
}

func collectorFinding(k *kb.KB, p *kb.Provider) classify.Finding {
	return classify.Finding{Kind: classify.Collector, Form: classify.Collector, Site: "mail.qq.com", Page: k.ByID("qq"),
		Provider: p, Address: "someone@x.example", Domain: "x.example", Protocol: "pop3", Anchor: 1}
}

// Every provider's hint is complete in every locale: no message key shows
// through, every link is https, and "add to my ledger" is offered exactly
// where there is a special password to record.
func TestEveryProviderEveryLocale(t *testing.T) {
	k, cat := setup(t)
	for _, p := range k.Providers {
		for _, loc := range cat.Locales() {
			h := hint.For(collectorFinding(k, p), k, cat, loc)
			if h == nil {
				t.Fatalf("%s/%s: no hint", p.ID, loc)
			}
			text := h.JSON().String()
			if strings.Contains(text, "kb_") || strings.Contains(text, "hint_") || strings.Contains(text, "$") {
				t.Errorf("%s/%s: a message key or placeholder shows: %s", p.ID, loc, text)
			}
			for _, l := range append(h.Before, h.Notes...) {
				if l.URL != "" && !strings.HasPrefix(l.URL, "https://") {
					t.Errorf("%s: link %s", p.ID, l.URL)
				}
			}
			wantAdd := p.Method == kb.AppPassword || p.Method == kb.AuthCode || p.Method == kb.BridgePassword || p.MethodWith2FA != ""
			if (h.Add != nil) != wantAdd {
				t.Errorf("%s: add offered %v, want %v", p.ID, h.Add != nil, wantAdd)
			}
			if h.Context.Provider != p.ID || h.Title == "" || h.Region == "" {
				t.Errorf("%s/%s: %+v", p.ID, loc, h)
			}
		}
	}
}

// A POP collector cannot fetch a provider without POP (iCloud); the hint
// says so, but not for a provider whose servers are simply unknown.
func TestNoPOP(t *testing.T) {
	k, cat := setup(t)
	h := hint.For(collectorFinding(k, k.ByID("icloud")), k, cat, "en")
	if len(h.Notes) == 0 || !strings.Contains(h.Notes[0].Text, "no POP3 server") {
		t.Errorf("iCloud notes: %+v", h.Notes)
	}
	for _, id := range []string{"sohu", "google"} {
		for _, n := range hint.For(collectorFinding(k, k.ByID(id)), k, cat, "en").Notes {
			if strings.Contains(n.Text, "no POP3 server") {
				t.Errorf("%s: %q", id, n.Text)
			}
		}
	}
}

func TestNothingToSay(t *testing.T) {
	k, cat := setup(t)
	f := collectorFinding(k, nil)
	f.Domain, f.Address = "", ""
	if h := hint.For(f, k, cat, "en"); h != nil {
		t.Errorf("hint with no address: %+v", h)
	}
	f = collectorFinding(k, k.ByID("google"))
	f.Kind = classify.Generator
	if h := hint.For(f, k, cat, "en"); h != nil {
		t.Errorf("hint on a generator page: %+v", h)
	}
	f = collectorFinding(k, k.ByID("google"))
	f.Anchor = -1
	if h := hint.For(f, k, cat, "en"); h != nil {
		t.Errorf("hint without an anchor: %+v", h)
	}
}

// Uncertain facts stay marked in what the person reads.
func TestUncertainMarked(t *testing.T) {
	k, cat := setup(t)
	h := hint.For(collectorFinding(k, k.ByID("qq")), k, cat, "zh_CN")
	if h.Steps == nil || !h.Steps.Uncertain {
		t.Errorf("QQ's create steps are uncertain in the knowledge base: %+v", h.Steps)
	}
	if !strings.Contains(h.JSON().String(), `"uncertain":"未经证实"`) {
		t.Error("the uncertain marker is not localized")
	}
}

// Microsoft's servers want OAuth, but its generator page makes app
// passwords (the knowledge base says so, and what they are for): the hint
// there offers, as the page opens, to log one as an app password, with that
// note; a collector's hint for Outlook.com still offers nothing to log.
func TestMicrosoftGeneratorPage(t *testing.T) {
	k, cat := setup(t)
	ms := k.ByID("microsoft")
	if _, ok := hint.LedgerKind(ms); ok {
		t.Fatal("Outlook.com's method now asks for something to log")
	}
	if h := hint.For(collectorFinding(k, ms), k, cat, "en"); h == nil || h.Add != nil {
		t.Fatalf("collector hint for Outlook.com: %+v", h)
	}
	var pg *kb.Page
	for i := range ms.Pages {
		if ms.Pages[i].Kind == kb.GeneratorPage && ms.Pages[i].Host == "account.live.com" {
			pg = &ms.Pages[i]
		}
	}
	f := classify.Finding{Kind: classify.Generator, Form: classify.None, Site: "account.live.com", Page: ms, PageInfo: pg,
		Provider: ms, Anchor: -1, Trigger: -1, MadeOnArrival: true}
	for _, locale := range []string{"en", "zh_CN"} {
		h := hint.ForProviderPage(f, k, cat, locale, nil, time.Now())
		if h == nil || h.Add == nil || !h.Arrival || h.Trigger != -1 || h.Context.Kind != "app_password" || h.Add.Value != "" {
			t.Fatalf("%s: %+v", locale, h)
		}
		if len(h.Notes) != 1 || h.Notes[0].Text != cat.Text(locale, "kb_microsoft_generates_for") {
			t.Errorf("%s: notes %+v", locale, h.Notes)
		}
		if !strings.Contains(h.JSON().String(), `"arrival":true`) {
			t.Errorf("%s: arrival not in %s", locale, h.JSON().String())
		}
		// The offer is built here, whole: fixed in a corner, its form open,
		// the title of a made password, the same context to log under.
		o := h.Offer
		if o == nil || !o.Fixed || o.Add == nil || !o.Add.Open || h.Add.Open || o.Offer != nil || o.Arrival || o.Trigger != -1 ||
			o.Title != cat.Text(locale, "gen_title", cat.Text(locale, ms.Name)) || o.Key != "microsoft|made" || o.Context != h.Context {
			t.Fatalf("%s: offer %+v", locale, o)
		}
		if js := h.JSON().String(); !strings.Contains(js, `"offer":{"key":"microsoft|made"`) || !strings.Contains(js, `"fixed":true`) {
			t.Errorf("%s: offer not in %s", locale, js)
		}
	}
	// Without made_on_arrival and without a create button, nothing to offer.
	f.MadeOnArrival = false
	if h := hint.ForProviderPage(f, k, cat, "en", nil, time.Now()); h != nil {
		t.Errorf("offer without a way to make one: %+v", h)
	}
}

// On a page that lists a provider's app passwords, the hint lists the
// active entries the brain gives it, each with its account, who holds it
// and its age on the day given; the offer to log a new one comes with it.
func TestRevokePageListsActive(t *testing.T) {
	k, cat := setup(t)
	g := k.ByID("google")
	var pg *kb.Page
	for i := range g.Pages {
		if g.Pages[i].Kind == kb.GeneratorPage {
			pg = &g.Pages[i]
		}
	}
	f := classify.Finding{Kind: classify.Generator, Form: classify.None, Site: "myaccount.google.com", Page: g, PageInfo: pg,
		Provider: g, Anchor: 3, Trigger: 5, Revocable: true, NameLists: []int{4}}
	active := []ledger.Entry{
		{ID: "a1", Provider: "google", Account: "someone@gmail.com", Label: "Phone", UsedBy: "Mail on the phone", Created: "2026-05-28"},
		{ID: "b2", Provider: "google", Label: "Thunderbird", UsedBy: "Thunderbird at work", Created: "2026-11-24"},
	}
	now := time.Date(2026, 11, 24, 23, 30, 0, 0, time.UTC)
	h := hint.ForProviderPage(f, k, cat, "en", active, now)
	if h == nil || len(h.Revoke) != 2 || h.Offer == nil || h.Trigger != 5 || len(h.NameLists) != 1 || h.Offer.NameLists != nil ||
		!strings.Contains(h.JSON().String(), `"nameLists":[4]`) {
		t.Fatalf("%+v", h)
	}
	want := []hint.RevokeItem{
		{ID: "a1", Label: "Phone", Meta: "someone@gmail.com · Mail on the phone · made 2026-05-28 (180 days ago)"},
		{ID: "b2", Label: "Thunderbird", Meta: "Thunderbird at work · made 2026-11-24 (0 days ago)"},
	}
	for i := range want {
		if h.Revoke[i] != want[i] {
			t.Errorf("item %d: %+v, want %+v", i, h.Revoke[i], want[i])
		}
	}
	if h.Title != cat.Text("en", "gen_revoke_title", cat.Text("en", g.Name)) || !strings.Contains(h.Key, "|a1|b2") {
		t.Errorf("title %q, key %q", h.Title, h.Key)
	}
	// The offer's key stays the same as the list changes, so "not now" on it holds.
	if h2 := hint.ForProviderPage(f, k, cat, "en", active[:1], now); h2.Key == h.Key || h2.Offer.Key != h.Offer.Key {
		t.Errorf("keys %q / %q, offers %q / %q", h.Key, h2.Key, h.Offer.Key, h2.Offer.Key)
	}
}

// gmailCollector is Gmail's "Check mail from other accounts" page with an
// address typed.
func gmailCollector(k *kb.KB, addr string) classify.Finding {
	g := k.ByID("google")
	var pg *kb.Page
	for i := range g.Pages {
		if g.Pages[i].Kind == kb.CollectorPage {
			pg = &g.Pages[i]
		}
	}
	domain := addr[strings.LastIndexByte(addr, '@')+1:]
	return classify.Finding{Kind: classify.Collector, Form: classify.Collector, Site: "mail.google.com", Page: g, PageInfo: pg,
		Provider: k.ByAddress(addr), Address: addr, Domain: domain, Protocol: "pop3", Anchor: 1}
}

// On Gmail's closed collector the hint says Gmail no longer fetches other
// mailboxes and what to do instead, in every locale, and sends nobody to
// make a password for it.
func TestClosedCollector(t *testing.T) {
	k, cat := setup(t)
	for _, loc := range cat.Locales() {
		for _, addr := range []string{"someone@yahoo.com", "me@example.org"} {
			h := hint.For(gmailCollector(k, addr), k, cat, loc)
			if h == nil {
				t.Fatalf("%s %s: no hint", loc, addr)
			}
			if h.Title != cat.Text(loc, "hint_title_collector_closed", "Gmail") {
				t.Errorf("%s %s: title %q", loc, addr, h.Title)
			}
			if h.Open != nil || h.Add != nil || h.Steps != nil || len(h.Servers) > 0 || len(h.Before) > 0 {
				t.Errorf("%s %s: the closed collector's hint sends people to make a password: %+v", loc, addr, h)
			}
			text := h.JSON().String()
			if strings.Contains(text, "kb_") || strings.Contains(text, "hint_") || strings.Contains(text, "$") {
				t.Errorf("%s %s: a key or placeholder shows: %s", loc, addr, text)
			}
			if !strings.Contains(h.Access, i18n.Date(loc, "2026-12-03")) {
				t.Errorf("%s %s: the dated closure carries no as-of date: %q", loc, addr, h.Access)
			}
		}
	}
	h := hint.For(gmailCollector(k, "someone@yahoo.com"), k, cat, "en")
	if len(h.Notes) != 1 || !strings.Contains(h.Notes[0].Text, "forward its mail to your Gmail address") || !strings.Contains(h.Notes[0].Text, "Yahoo Mail") {
		t.Errorf("what to do instead: %+v", h.Notes)
	}
}

// QQ Mail collecting a Gmail mailbox over POP works (that is Gmail's own
// POP server): nothing there says Gmail stopped fetching.
func TestGmailCollectedElsewhere(t *testing.T) {
	k, cat := setup(t)
	h := hint.For(collectorFinding(k, k.ByID("google")), k, cat, "en")
	if h.Open == nil || h.Add == nil {
		t.Fatalf("QQ collecting Gmail: %+v", h)
	}
	for _, n := range append(h.Notes, h.Before...) {
		if strings.Contains(n.Text, "Check mail from other accounts") || strings.Contains(n.Text, "no longer fetches") {
			t.Errorf("the closed-collector note shows where another webmail collects Gmail: %q", n.Text)
		}
	}
}

// Facts about a change say as of when they were checked; others do not.
func TestDatedFactsSayAsOf(t *testing.T) {
	k, cat := setup(t)
	h := hint.For(collectorFinding(k, k.ByID("microsoft")), k, cat, "en")
	if !strings.HasSuffix(h.Access, "(as of 2026-12-03)") {
		t.Errorf("Outlook.com's access (since 16 September 2024) has no as-of date: %q", h.Access)
	}
	if h.Open != nil {
		t.Errorf("Outlook.com's hint still links to making an app password: %+v", h.Open)
	}
	zh := hint.For(collectorFinding(k, k.ByID("microsoft")), k, cat, "zh_CN")
	if !strings.HasSuffix(zh.Access, "（截至 2026年12月3日）") {
		t.Errorf("zh_CN as-of: %q", zh.Access)
	}
	q := hint.For(collectorFinding(k, k.ByID("zoho")), k, cat, "en")
	if strings.Contains(q.Access, "as of") {
		t.Errorf("an undated fact says as of: %q", q.Access)
	}
}

// Tuta has no IMAP or POP: a collector's hint says it cannot be collected,
// and offers nothing to make or log.
func TestNoAccessProvider(t *testing.T) {
	k, cat := setup(t)
	tuta := k.ByID("tuta")
	for _, loc := range cat.Locales() {
		h := hint.For(collectorFinding(k, tuta), k, cat, loc)
		if h.Title != cat.Text(loc, "hint_title_no_access", cat.Text(loc, "kb_tuta_name")) {
			t.Errorf("%s: title %q", loc, h.Title)
		}
		if h.Open != nil || h.Add != nil || h.Steps != nil || len(h.Servers) > 0 {
			t.Errorf("%s: the hint for a mailbox nothing can collect offers a way to: %+v", loc, h)
		}
	}
	h := hint.For(collectorFinding(k, tuta), k, cat, "en")
	if h.Title != "A Tuta Mail mailbox cannot be collected or read in other programs" {
		t.Errorf("title %q", h.Title)
	}
}
