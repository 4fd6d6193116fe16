package kb_test

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"mailkey"
	"mailkey/wasm/i18n"
	"mailkey/wasm/kb"
)

func load(t testing.TB) *kb.KB {
	t.Helper()
	k, err := kb.Load()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestValidate(t *testing.T) {
	cat, err := i18n.Load(mailkey.Locales)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range load(t).Validate(cat.HasEverywhere) {
		t.Error(e)
	}
}

// Every refusal example is recognised as its own provider's.
func TestRefusalExamplesDecodeToTheirProvider(t *testing.T) {
	k := load(t)
	for _, p := range k.Providers {
		for _, r := range p.Refusals {
			found := false
			for _, m := range k.MatchRefusals(r.Example) {
				found = found || m.Provider == p
			}
			if !found {
				t.Errorf("%s: example %q is not matched to %s", p.ID, r.Example, p.ID)
			}
		}
	}
}

func TestLookups(t *testing.T) {
	k := load(t)
	for addr, want := range map[string]string{
		"someone@gmail.com": "google", "Someone@GMAIL.com ": "google", "x@qq.com": "qq", "x@foxmail.com": "qq",
	} {
		if p := k.ByAddress(addr); p == nil || p.ID != want {
			t.Errorf("ByAddress(%q) = %v, want %s", addr, p, want)
		}
	}
	for _, addr := range []string{"nobody@example.org", "no-at-sign", "", "x@sub.gmail.com"} {
		if p := k.ByAddress(addr); p != nil {
			t.Errorf("ByAddress(%q) = %s, want none", addr, p.ID)
		}
	}
	if p := k.ByServer("POP.gmail.com"); p == nil || p.ID != "google" {
		t.Errorf("ByServer(pop.gmail.com) = %v", p)
	}
	if p := k.ByHost("mail.qq.com"); p == nil || p.ID != "qq" {
		t.Errorf("ByHost(mail.qq.com) = %v", p)
	}
	if p := k.ByHost("example.com"); p != nil {
		t.Errorf("ByHost(example.com) = %s", p.ID)
	}
}

// A domain or host claimed by two providers is refused at load.
func TestDoubleClaimRefused(t *testing.T) {
	a := &kb.Provider{ID: "a", Domains: []string{"x.com"}}
	b := &kb.Provider{ID: "b", Domains: []string{"x.com"}}
	if _, err := kb.New([]*kb.Provider{a, b}); err == nil {
		t.Fatal("x.com claimed twice was accepted")
	}
	c := &kb.Provider{ID: "c", Webmail: []string{"mail.x.com"}}
	d := &kb.Provider{ID: "d", Account: []string{"mail.x.com"}}
	if _, err := kb.New([]*kb.Provider{c, d}); err == nil {
		t.Fatal("mail.x.com claimed twice was accepted")
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		load(b)
	}
}

// ProviderIDs and the files in providers/ are the same set.
func TestProviderListMatchesFiles(t *testing.T) {
	entries, err := os.ReadDir("providers")
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		files = append(files, strings.TrimSuffix(e.Name(), ".json"))
	}
	ids := slices.Sorted(slices.Values(kb.ProviderIDs))
	if !slices.Equal(files, ids) {
		t.Fatalf("providers/ holds %v, ProviderIDs lists %v", files, ids)
	}
}

// The facts about generator pages are checked like the rest: "generates"
// only where the method leaves nothing to log, and create words and
// made_on_arrival only on generator pages.
func TestValidateGeneratorFacts(t *testing.T) {
	p := &kb.Provider{ID: "x", Method: kb.AppPassword, Generates: kb.AuthCode, GeneratesFor: "kb_x_for",
		Pages: []kb.Page{{Kind: kb.RevokePage, Host: "a.x.com", CreateWords: []string{"Go"}, MadeOnArrival: true}}}
	k, err := kb.New([]*kb.Provider{p})
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, e := range k.Validate(func(string) bool { return true }) {
		all = append(all, e.Error())
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{"generates: says nothing the method does not already say", "generates: has no source",
		"create_words and made_on_arrival are for generator pages", `create word "Go" must be non-empty lower case`} {
		if !strings.Contains(text, want) {
			t.Errorf("no error %q in:\n%s", want, text)
		}
	}
}

// Microsoft 365 lists Outlook.com's IMAP and POP host as shared: the host
// names Outlook.com, Microsoft 365's own SMTP host names Microsoft 365, and
// a server marked shared that nobody else claims is refused.
func TestSharedServers(t *testing.T) {
	k := load(t)
	for host, want := range map[string]string{"outlook.office365.com": "microsoft", "smtp.office365.com": "microsoft365"} {
		if p := k.ByServer(host); p == nil || p.ID != want {
			t.Errorf("ByServer(%s) = %v, want %s", host, p, want)
		}
	}
	lone := &kb.Provider{ID: "x", Servers: []kb.Server{{Proto: "imap", Host: "imap.x.example", Port: 993, Security: "ssl", Shared: true}}}
	if _, err := kb.New([]*kb.Provider{lone}); err == nil {
		t.Error("a shared server nobody claims was accepted")
	}
}

// Tuta's pages are nothing Mailkey recognises: its hosts stay out of the
// content script's matches, though its addresses are known.
func TestUnrecognisedHostsNotMatched(t *testing.T) {
	k := load(t)
	tuta := k.ByID("tuta")
	if tuta == nil || !tuta.Unrecognised || tuta.Method != kb.NoAccess {
		t.Fatalf("tuta: %+v", tuta)
	}
	for _, h := range tuta.Hosts() {
		if slices.Contains(k.Hosts(), h) {
			t.Errorf("%s is in the content script's matches", h)
		}
	}
	if p := k.ByAddress("someone@tuta.com"); p != tuta {
		t.Errorf("ByAddress(tuta.com) = %v", p)
	}
}

// Dates on facts are checked: well formed, and a change "since" a day
// after the fact was checked is refused.
func TestValidateDates(t *testing.T) {
	p := &kb.Provider{ID: "x", Checked: "2026-12-03", Domains: []string{"x.example"},
		Notes: []kb.Note{{Msg: "kb_x_a", Fact: kb.Fact{Sources: []string{"s"}, Since: "2027-01-01"}},
			{Msg: "kb_x_b", Fact: kb.Fact{Sources: []string{"s"}, Announced: "31 Dec"}}},
		Sources: []kb.Source{{Ref: "s", URL: "https://x.example/"}}}
	k, err := kb.New([]*kb.Provider{p})
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, e := range k.Validate(func(string) bool { return true }) {
		all = append(all, e.Error())
	}
	text := strings.Join(all, "\n")
	for _, want := range []string{"notes[0]: since 2027-01-01 is after the check date 2026-12-03", "notes[1]: announced date 31 Dec is not YYYY-MM-DD"} {
		if !strings.Contains(text, want) {
			t.Errorf("no error %q in:\n%s", want, text)
		}
	}
}

// A fact whose English text names a year is about a change, so it is dated
// ("since", "announced") and the hint says as of when it was checked. A
// year in parentheses cites a source's date ("Delta Chat (2023)").
func TestFactsNamingAYearAreDated(t *testing.T) {
	cat, err := i18n.Load(mailkey.Locales)
	if err != nil {
		t.Fatal(err)
	}
	citation := regexp.MustCompile(`\([^)]*\b(19|20)\d\d\)`)
	year := regexp.MustCompile(`\b(19|20)\d\d\b`)
	for _, p := range load(t).Providers {
		check := func(what, msg string, f kb.Fact) {
			text := citation.ReplaceAllString(cat.Text("en", msg), "")
			if year.MatchString(text) && !f.Dated() {
				t.Errorf("%s %s: %q names a year but the fact has no since or announced date", p.ID, what, text)
			}
		}
		check("method.access", p.Access, p.MethodFact)
		for _, pre := range p.Preconditions {
			check("precondition", pre.Msg, pre.Fact)
		}
		for _, n := range p.Notes {
			check("note", n.Msg, n.Fact)
		}
		for _, pg := range p.Pages {
			if pg.Closed != nil {
				check("closed page", pg.Closed.Msg, pg.Closed.Fact)
			}
		}
	}
}
