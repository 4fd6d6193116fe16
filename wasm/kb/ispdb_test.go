package kb_test

import (
	"encoding/json"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"mailkey/wasm/kb"
)

// The knowledge base's servers are checked against Thunderbird's ISPDB
// (testdata/ispdb-facts.json, MPL-2.0, see testdata/README.md): for every
// address domain the ISPDB has, and for each protocol, our servers must agree
// with the ISPDB's. Every disagreement must be listed below with the reason
// ours is right, and every listed disagreement must still occur, so the list
// stays honest in both directions.

type ispdbServer struct {
	Type           string   `json:"type"`
	Hostname       string   `json:"hostname"`
	Port           int      `json:"port"`
	SocketType     string   `json:"socketType"`
	Authentication []string `json:"authentication"`
}

type ispdbEntry struct {
	File     string        `json:"file"`
	Incoming []ispdbServer `json:"incoming"`
	Outgoing []ispdbServer `json:"outgoing"`
}

type ispdbFacts struct {
	Commit  string                `json:"commit"`
	Domains map[string]ispdbEntry `json:"domains"`
	Missing []string              `json:"missing"`
	// Entries Thunderbird reaches only through the MX host, with the
	// address domains they serve.
	Related map[string]struct {
		ispdbEntry
		AppliesToMissing []string `json:"applies_to_missing"`
	} `json:"related_not_domain_listed"`
}

// knownDisagreements lists every place where our servers differ from the
// ISPDB's, as the test prints them: our servers and the ISPDB's for one
// protocol, "host:port/security" sorted and space-separated, "" for none.
var knownDisagreements = []struct {
	domains      []string
	proto        string
	ours, theirs string
	reason       string
}{
	{
		domains: []string{"qq.com"},
		proto:   "pop3",
		ours:    "pop.qq.com:995/ssl",
		theirs:  "",
		reason: "QQ Mail offers POP3: its switch in 设置 › 账户 is named POP3/IMAP/SMTP/Exchange/CardDAV/CalDAV服务, " +
			"and pop.qq.com:995 SSL is given by cloud.kd.cn; qq.com.xml was last changed in 2019 and lists IMAP and SMTP only",
	},
	{
		domains: []string{"163.com", "126.com", "yeah.net"},
		proto:   "pop3",
		ours:    "pop.126.com:995/ssl pop.163.com:995/ssl pop.yeah.net:995/ssl",
		theirs:  "",
		reason: "NetEase offers POP3 next to IMAP (设置 › POP3/SMTP/IMAP; pop hosts from note.lispstudio.com); the ISPDB files " +
			"were last changed in 2019 and list IMAP and SMTP only. All three POP hosts are listed for each domain " +
			"because the knowledge base keeps one server list per provider",
	},
	{
		domains: []string{"daum.net"},
		proto:   "pop3",
		ours:    "pop.daum.net:995/ssl",
		theirs:  "",
		reason: "Daum's settings have an IMAP/POP3 tab, so POP3 exists, and leaving it out would make Mailkey say Daum has " +
			"no POP server; daum.json marks pop.daum.net:995 as unconfirmed",
	},
}

// notInKB lists ISPDB domains the knowledge base has no provider for.
var notInKB = map[string]string{}

func secOf(socketType string) string {
	switch socketType {
	case "SSL":
		return "ssl"
	case "STARTTLS":
		return "starttls"
	}
	return strings.ToLower(socketType)
}

type endpoint struct {
	host string
	port int
	sec  string
}

func (e endpoint) String() string { return e.host + ":" + strconv.Itoa(e.port) + "/" + e.sec }

func joinEndpoints(es []endpoint) string {
	var s []string
	for _, e := range es {
		s = append(s, e.String())
	}
	sort.Strings(s)
	return strings.Join(s, " ")
}

// disagree reports whether our servers for one protocol differ from the
// ISPDB's: one side has none, none of ours is among the ISPDB's, or one of
// ours names an ISPDB host with another port or security. Servers of ours on
// other hosts are allowed when one matches: the knowledge base keeps one list
// per provider, covering all its domains (163.com, 126.com, yeah.net ...).
func disagree(ours, theirs []endpoint) bool {
	if len(ours) == 0 || len(theirs) == 0 {
		return len(ours) != len(theirs)
	}
	overlap := false
	for _, o := range ours {
		switch {
		case slices.Contains(theirs, o):
			overlap = true
		case slices.ContainsFunc(theirs, func(t endpoint) bool { return t.host == o.host }):
			return true
		}
	}
	return !overlap
}

func disagreementKey(domain, proto, ours, theirs string) string {
	return domain + " " + proto + " ours=[" + ours + "] ispdb=[" + theirs + "]"
}

// compareWithISPDB returns the disagreements for one address domain.
func compareWithISPDB(domain string, p *kb.Provider, e ispdbEntry) []string {
	var out []string
	for _, proto := range []string{"pop3", "imap", "smtp"} {
		var ours, theirs []endpoint
		for _, s := range p.Servers {
			if s.Proto == proto {
				ours = append(ours, endpoint{s.Host, s.Port, s.Security})
			}
		}
		for _, s := range append(append([]ispdbServer{}, e.Incoming...), e.Outgoing...) {
			if s.Type == proto {
				theirs = append(theirs, endpoint{s.Hostname, s.Port, secOf(s.SocketType)})
			}
		}
		if disagree(ours, theirs) {
			out = append(out, disagreementKey(domain, proto, joinEndpoints(ours), joinEndpoints(theirs)))
		}
	}
	return out
}

func loadISPDB(t *testing.T) ispdbFacts {
	t.Helper()
	data, err := os.ReadFile("testdata/ispdb-facts.json")
	if err != nil {
		t.Fatal(err)
	}
	var facts ispdbFacts
	if err := json.Unmarshal(data, &facts); err != nil {
		t.Fatal(err)
	}
	if len(facts.Domains) == 0 {
		t.Fatal("testdata/ispdb-facts.json holds no domains")
	}
	return facts
}

func TestServersAgreeWithISPDB(t *testing.T) {
	facts := loadISPDB(t)
	k := load(t)

	found := map[string]bool{}
	check := func(domain string, e ispdbEntry) {
		p := k.ByAddress("someone@" + domain)
		if p == nil {
			if _, ok := notInKB[domain]; !ok {
				t.Errorf("the ISPDB has %s (%s) but no provider claims it: add it, or list it in notInKB with the reason", domain, e.File)
			}
			return
		}
		if _, ok := notInKB[domain]; ok {
			t.Errorf("%s is listed in notInKB but %s claims it now: remove it from notInKB", domain, p.ID)
		}
		for _, d := range compareWithISPDB(domain, p, e) {
			found[d] = true
		}
	}
	domains := make([]string, 0, len(facts.Domains))
	for d := range facts.Domains {
		domains = append(domains, d)
	}
	sort.Strings(domains)
	for _, d := range domains {
		check(d, facts.Domains[d])
	}
	for mx, rel := range facts.Related {
		if len(rel.AppliesToMissing) == 0 {
			t.Errorf("related ISPDB entry %s names no address domain", mx)
		}
		for _, d := range rel.AppliesToMissing {
			check(d, rel.ispdbEntry)
		}
	}
	for d := range notInKB {
		if _, ok := facts.Domains[d]; !ok {
			t.Errorf("notInKB lists %s, which the ISPDB data does not have", d)
		}
	}

	known := map[string]bool{}
	for _, kd := range knownDisagreements {
		if kd.reason == "" {
			t.Errorf("known disagreement %s %v gives no reason", kd.proto, kd.domains)
		}
		for _, d := range kd.domains {
			known[disagreementKey(d, kd.proto, kd.ours, kd.theirs)] = true
		}
	}
	var unknown, stale []string
	for d := range found {
		if !known[d] {
			unknown = append(unknown, d)
		}
	}
	for d := range known {
		if !found[d] {
			stale = append(stale, d)
		}
	}
	sort.Strings(unknown)
	sort.Strings(stale)
	for _, d := range unknown {
		t.Errorf("disagreement with the ISPDB (commit %.7s): %s\n\tfind out which is right; if ours is, add it to knownDisagreements with the reason", facts.Commit, d)
	}
	for _, d := range stale {
		t.Errorf("listed disagreement no longer occurs: %s\n\tremove it from knownDisagreements", d)
	}
}

// The comparison itself: a port change on a host the ISPDB names, a missing
// protocol and a server on another host are disagreements; a subset that
// matches is not.
func TestDisagree(t *testing.T) {
	imap := endpoint{"imap.example.com", 993, "ssl"}
	for _, tc := range []struct {
		ours, theirs []endpoint
		want         bool
	}{
		{nil, nil, false},
		{[]endpoint{imap}, []endpoint{imap, {"imap.example.com", 143, "starttls"}}, false},
		{[]endpoint{imap, {"imap.example.net", 993, "ssl"}}, []endpoint{imap}, false},
		{[]endpoint{{"imap.example.com", 143, "starttls"}}, []endpoint{imap}, true},
		{[]endpoint{imap, {"imap.example.com", 994, "ssl"}}, []endpoint{imap}, true},
		{[]endpoint{{"mail.example.com", 993, "ssl"}}, []endpoint{imap}, true},
		{nil, []endpoint{imap}, true},
		{[]endpoint{imap}, nil, true},
	} {
		if got := disagree(tc.ours, tc.theirs); got != tc.want {
			t.Errorf("disagree(%v, %v) = %v, want %v", tc.ours, tc.theirs, got, tc.want)
		}
	}
}

// oauthOnly reports whether an ISPDB entry lets its servers be signed in to
// with OAuth2 only (Outlook.com's since 2025-07): no password of any kind.
func oauthOnly(e ispdbEntry) bool {
	servers := append(append([]ispdbServer{}, e.Incoming...), e.Outgoing...)
	for _, s := range servers {
		for _, a := range s.Authentication {
			if a != "OAuth2" {
				return false
			}
		}
	}
	return len(servers) > 0
}

// The knowledge base's method agrees with the ISPDB's authentication: a
// domain whose servers take OAuth2 only must be described as OAuth only,
// never as wanting an app password or the account password; and a provider
// described as OAuth only must not have servers the ISPDB says take a
// password. (The ISPDB lists plain password sign-in for providers that want
// an app password or authorization code instead, so it cannot tell those
// apart.)
func TestAuthMethodAgreesWithISPDB(t *testing.T) {
	facts := loadISPDB(t)
	k := load(t)
	checked := 0
	for domain, e := range facts.Domains {
		p := k.ByAddress("someone@" + domain)
		if p == nil {
			continue // TestServersAgreeWithISPDB reports it
		}
		checked++
		switch only := oauthOnly(e); {
		case only && p.Method != kb.OAuthOnly:
			t.Errorf("%s: the ISPDB (%s) takes OAuth2 only, but %s is described as %s", domain, e.File, p.ID, p.Method)
		case !only && p.Method == kb.OAuthOnly:
			t.Errorf("%s: %s is described as OAuth only, but the ISPDB (%s) takes a password", domain, p.ID, e.File)
		}
	}
	if checked < 30 {
		t.Errorf("only %d ISPDB domains were compared", checked)
	}
}

func TestOAuthOnly(t *testing.T) {
	srv := func(auth ...string) ispdbServer { return ispdbServer{Type: "imap", Authentication: auth} }
	for _, tc := range []struct {
		e    ispdbEntry
		want bool
	}{
		{ispdbEntry{Incoming: []ispdbServer{srv("OAuth2")}, Outgoing: []ispdbServer{srv("OAuth2")}}, true},
		{ispdbEntry{Incoming: []ispdbServer{srv("OAuth2", "password-cleartext")}}, false},
		{ispdbEntry{Incoming: []ispdbServer{srv("OAuth2")}, Outgoing: []ispdbServer{srv("password-cleartext")}}, false},
		{ispdbEntry{}, false},
	} {
		if got := oauthOnly(tc.e); got != tc.want {
			t.Errorf("oauthOnly(%+v) = %v, want %v", tc.e, got, tc.want)
		}
	}
}
