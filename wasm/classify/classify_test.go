package classify_test

import (
	"os"
	"strings"
	"testing"

	"mailkey/wasm/classify"
	"mailkey/wasm/jsonv"
	"mailkey/wasm/kb"
	"mailkey/wasm/snapshot"
)

func loadKB(t *testing.T) *kb.KB {
	t.Helper()
	k, err := kb.Load()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func fixture(t *testing.T, name string) *snapshot.Snapshot {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name + ".json")
	if err != nil {
		t.Fatal(err)
	}
	s, err := snapshot.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The fixtures are what the real sensor sent on the fixture pages (e2e
// TestSnapshotFixtures keeps them current).
func TestFixtures(t *testing.T) {
	k := loadKB(t)
	for _, tc := range []struct {
		name, kind, page, provider, lang, refusal string
		anchorPassword                            bool
	}{
		{"qq-collector-zh", "collector", "qq", "google", "zh-CN", "", true},
		{"qq-refused-zh", "refusal", "qq", "google", "zh-CN", "google", true},
		{"qq-refused-generic-zh", "refusal", "qq", "yahoo", "zh-CN", "generic", true},
		{"qq-inbox-zh", "none", "qq", "google", "zh-CN", "", false},
		{"gmail-accounts-en", "collector", "google", "yahoo", "en", "", true},
		{"netease-collector-zh", "collector", "netease", "qq", "zh-CN", "", true},
		{"yandex-collector-ru", "collector", "yandex", "mailru", "ru", "", true},
		{"mailru-collector-ru", "collector", "mailru", "yandex", "ru", "", true},
		{"gmx-external-de", "collector", "gmx", "google", "de", "", true},
		{"zoho-pop-en", "collector", "zoho", "aol", "en", "", true},
		{"yahoo-mailboxes-en", "collector", "yahoo", "microsoft", "en", "", true},
		{"qq-help-setup-zh", "setup", "qq", "qq", "zh-CN", "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := fixture(t, tc.name)
			f := classify.Classify(k, s)
			if string(f.Kind) != tc.kind || f.Page == nil || f.Page.ID != tc.page || f.Lang != tc.lang {
				t.Errorf("kind %s page %v lang %q", f.Kind, f.Page, f.Lang)
			}
			if f.Provider == nil || f.Provider.ID != tc.provider {
				t.Errorf("provider %v, want %s", f.Provider, tc.provider)
			}
			anchored := false
			for _, fl := range s.Fields {
				anchored = anchored || fl.Index == f.Anchor && fl.IsPassword()
			}
			if anchored != tc.anchorPassword {
				t.Errorf("anchor %d on the password field: %v, want %v", f.Anchor, anchored, tc.anchorPassword)
			}
			switch {
			case tc.refusal == "" && f.Refused != nil:
				t.Errorf("refusal found: %+v", f.Refused)
			case tc.refusal == "generic" && (f.Refused == nil || f.Refused.Match != nil):
				t.Errorf("want a generic refusal, got %+v", f.Refused)
			case tc.refusal != "" && tc.refusal != "generic" && (f.Refused == nil || f.Refused.Match == nil || f.Refused.Match.Provider.ID != tc.refusal):
				t.Errorf("want %s's refusal, got %+v", tc.refusal, f.Refused)
			}
		})
	}
}

// snap builds a collector-like form on a page, with an address typed.
func snap(t *testing.T, url, addrLabel, addr, extraFields, heads string) *snapshot.Snapshot {
	t.Helper()
	text := `{"v":1,"url":` + jsonv.Str(url).String() + `,"lang":"","ui":"en-US","heads":[` + heads + `],"fields":[
	{"i":0,"tag":"input","type":"text","name":"f1","label":` + jsonv.Str(addrLabel).String() + `,"value":` + jsonv.Str(addr).String() + `,"visible":true},
	{"i":1,"tag":"input","type":"password","name":"f2","label":"","visible":true}` + extraFields + `]}`
	s, err := snapshot.Decode([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Every provider in the knowledge base, connected from every collector page
// the knowledge base knows, is recognised, and the hint anchors on the
// password field.
func TestEveryProviderFromEveryCollector(t *testing.T) {
	k := loadKB(t)
	n := 0
	for _, owner := range k.Providers {
		for _, pg := range owner.Pages {
			if pg.Kind != kb.CollectorPage {
				continue
			}
			url := "https://" + pg.Host + pg.Path
			if pg.Fragment != "" {
				url += "#" + pg.Fragment
			}
			for _, p := range k.Providers {
				if len(p.Domains) == 0 {
					continue
				}
				s := snap(t, url, "Email address", "someone@"+p.Domains[0],
					`,{"i":2,"tag":"input","type":"text","name":"f3","label":"POP3 server","visible":true}`, "")
				f := classify.Classify(k, s)
				if f.Kind != classify.Collector || f.Provider != p || f.Page != owner || f.Anchor != 1 {
					t.Errorf("%s from %s: kind %s provider %v page %v anchor %d", p.ID, url, f.Kind, f.Provider, f.Page, f.Anchor)
				}
				n++
			}
		}
	}
	if n < 140 {
		t.Fatalf("only %d combinations", n)
	}
}

// Recognition does not hang on one page's markup: the same collector is
// recognised from any one of several weak signals.
func TestSignals(t *testing.T) {
	k := loadKB(t)
	url := "https://mail.qq.com/cgi-bin/anything_new"
	server := `,{"i":2,"tag":"input","type":"text","name":"srv","label":"","ph":"pop.example.com","visible":true}`
	for name, s := range map[string]*snapshot.Snapshot{
		"server placeholder": snap(t, url, "", "a@gmail.com", server, ""),
		"chinese heading":    snap(t, url, "", "a@gmail.com", "", `"收取其他邮箱的邮件"`),
		"english heading":    snap(t, url, "", "a@gmail.com", "", `"Add a mail account"`),
		"server by name id":  snap(t, url, "", "a@gmail.com", `,{"i":2,"tag":"input","type":"text","id":"pop3host","visible":true}`, ""),
	} {
		if f := classify.Classify(k, s); f.Kind != classify.Collector || f.Provider == nil || f.Provider.ID != "google" {
			t.Errorf("%s: %s %v", name, f.Kind, f.Provider)
		}
	}
	// The provider's own sign-in form is not a collector.
	if f := classify.Classify(k, snap(t, "https://mail.qq.com/", "QQ邮箱帐号", "me@qq.com", "", `"登录QQ邮箱"`)); f.Kind != classify.None {
		t.Errorf("sign-in page: %s", f.Kind)
	}
	// A custom domain is recognised by the server typed (Google Workspace).
	s := snap(t, url, "Email address", "me@company.example", `,{"i":2,"tag":"input","type":"text","label":"POP Server","value":"pop.gmail.com","visible":true}`, "")
	if f := classify.Classify(k, s); f.Provider == nil || f.Provider.ID != "google" || f.Protocol != "pop3" {
		t.Errorf("by server: %v %s", f.Provider, f.Protocol)
	}
	// An unknown provider: no provider, but the domain is kept for the neutral hint.
	s = snap(t, url, "Email address", "me@example.org", server, "")
	if f := classify.Classify(k, s); f.Provider != nil || f.Domain != "example.org" || f.Kind != classify.Collector {
		t.Errorf("unknown: %v %q %s", f.Provider, f.Domain, f.Kind)
	}
	// A hidden password field is no anchor.
	s = snap(t, url, "Email address", "me@gmail.com", server, "")
	s.Fields[1].Visible = false
	if f := classify.Classify(k, s); f.Anchor != -1 {
		t.Errorf("hidden field anchored: %d", f.Anchor)
	}
	// A host outside the knowledge base: nothing at all.
	if f := classify.Classify(k, snap(t, "https://www.example.org/login", "Email", "me@gmail.com", server, "")); f.Kind != classify.None || f.Page != nil {
		t.Errorf("off the knowledge base: %+v", f)
	}
}

func TestLanguageDetectedFromText(t *testing.T) {
	k := loadKB(t)
	s := snap(t, "https://mail.qq.com/x", "邮箱地址", "a@gmail.com", "", "")
	if f := classify.Classify(k, s); f.Lang != "zh" {
		t.Errorf("lang %q", f.Lang)
	}
	s = snap(t, "https://mail.qq.com/x", "Email address", "a@gmail.com", "", "")
	if f := classify.Classify(k, s); f.Lang != "" || !strings.Contains(f.Site, "qq") {
		t.Errorf("lang %q", f.Lang)
	}
}

// On the providers' generator pages (fixtures recorded from the real sensor):
// the create button is the step that makes the password, in the provider's
// own wording where the knowledge base records it (Продолжить, 我已发送),
// not the one that opened the form (Добавить, 新增授权密码); a link acting
// as a button counts (QQ's 生成授权码); the name field anchors the hint, and
// without one the create button does; Microsoft's page makes the password
// as it opens.
func TestGeneratorFixtures(t *testing.T) {
	k := loadKB(t)
	for _, tc := range []struct {
		name, page, trigger, anchor string // anchor: a field's id, or a button's text
		arrival, revocable          bool
	}{
		{"mailru-generator-ru", "mailru", "Продолжить", "mrName", false, true},
		{"netease-generator-zh", "netease", "我已发送", "authDesc", false, true},
		{"qq-generator-zh", "qq", "生成授权码", "生成授权码", false, false},
		{"microsoft-generator-en", "microsoft", "", "", true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := fixture(t, tc.name)
			f := classify.Classify(k, s)
			if f.Kind != classify.Generator || f.Page == nil || f.Page.ID != tc.page || f.Provider != f.Page {
				t.Fatalf("kind %s page %v provider %v", f.Kind, f.Page, f.Provider)
			}
			if f.MadeOnArrival != tc.arrival || f.Revocable != tc.revocable {
				t.Errorf("made on arrival %v, revocable %v", f.MadeOnArrival, f.Revocable)
			}
			names := map[int]string{-1: ""}
			for _, b := range s.Buttons {
				names[b.Index] = b.Text
			}
			for _, fl := range s.Fields {
				names[fl.Index] = fl.ID
			}
			if names[f.Trigger] != tc.trigger {
				t.Errorf("trigger %d %q, want %q", f.Trigger, names[f.Trigger], tc.trigger)
			}
			if names[f.Anchor] != tc.anchor {
				t.Errorf("anchor %d %q, want %q", f.Anchor, names[f.Anchor], tc.anchor)
			}
		})
	}
}

// The button that only opens the form is the trigger until the form is on
// screen; while the provider asks for the account password again, the hint
// has no anchor.
func TestGeneratorSteps(t *testing.T) {
	k := loadKB(t)
	decode := func(text string) *snapshot.Snapshot {
		s, err := snapshot.Decode([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	s := decode(`{"v":1,"url":"https://account.mail.ru/user/2-step-auth/passwords/","lang":"ru","ui":"ru","fields":[
	{"i":0,"tag":"input","type":"text","id":"mrName","visible":false}],"buttons":[{"i":1,"text":"Удалить"},{"i":2,"text":"Добавить"}]}`)
	if f := classify.Classify(k, s); f.Trigger != 2 || f.Anchor != 2 {
		t.Errorf("form closed: trigger %d anchor %d, want the Добавить button", f.Trigger, f.Anchor)
	}
	s = decode(`{"v":1,"url":"https://app.fastmail.com/settings/security/integrations","lang":"en","ui":"en","fields":[
	{"i":0,"tag":"input","type":"password","id":"verifyPw","visible":true}],"buttons":[{"i":1,"text":"Cancel"},{"i":2,"text":"Continue"}]}`)
	if f := classify.Classify(k, s); f.Kind != classify.Generator || f.Anchor != -1 || f.Trigger != -1 {
		t.Errorf("verify step: kind %s anchor %d trigger %d", f.Kind, f.Anchor, f.Trigger)
	}
	// Продолжить is Mail.ru's word: elsewhere it makes nothing.
	s = decode(`{"v":1,"url":"https://accounts.zoho.com/home#security/app_password","lang":"en","ui":"en","fields":[],
	"buttons":[{"i":0,"text":"Продолжить"},{"i":1,"text":"我已发送"}]}`)
	if f := classify.Classify(k, s); f.Kind != classify.Generator || f.Trigger != -1 {
		t.Errorf("another provider's wording made trigger %d (%s)", f.Trigger, f.Kind)
	}
}

// On a generator page, the lists labelled as a name (a whole word in Latin
// script) are where the new password's name may be picked; a language, an
// access or a user name list is not. Elsewhere no list is.
func TestNameLists(t *testing.T) {
	k := loadKB(t)
	s, err := snapshot.Decode([]byte(`{"v":1,"url":"https://app.fastmail.com/settings/security/integrations","lang":"en","ui":"en","fields":[
	{"i":0,"tag":"select","type":"select","id":"acctLang","name":"lang","label":"Language","visible":true},
	{"i":1,"tag":"select","type":"select","id":"apNameSelect","label":"Name","visible":true},
	{"i":2,"tag":"input","type":"text","id":"apCustomName","label":"Custom name","visible":false},
	{"i":3,"tag":"select","type":"select","id":"apAccess","label":"Access","visible":true},
	{"i":4,"tag":"select","type":"select","name":"username","label":"Account","visible":true},
	{"i":5,"tag":"select","type":"select","label":"应用名称","visible":false}],
	"buttons":[{"i":6,"text":"Generate password"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	f := classify.Classify(k, s)
	if f.Kind != classify.Generator || len(f.NameLists) != 2 || f.NameLists[0] != 1 || f.NameLists[1] != 5 {
		t.Errorf("kind %s, name lists %v, want [1 5]", f.Kind, f.NameLists)
	}
	s.URL.Host = "mail.qq.com"
	s.URL.Path = "/cgi-bin/other_mailbox"
	if f := classify.Classify(k, s); f.NameLists != nil {
		t.Errorf("name lists off a generator page: %v", f.NameLists)
	}
}
