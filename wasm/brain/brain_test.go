package brain

import (
	"strings"
	"testing"
	"time"

	"mailkey"
	"mailkey/wasm/i18n"
	"mailkey/wasm/jsonv"
	"mailkey/wasm/kb"
	"mailkey/wasm/ledger"
)

const extID = "abcdefghijklmnopabcdefghijklmnop"

func newBrain(t *testing.T) *Brain {
	t.Helper()
	k, err := kb.Load()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := i18n.Load(mailkey.Locales)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	return &Brain{KB: k, Catalog: cat, ExtensionID: extID, ExtensionOrigin: "chrome-extension://" + extID, Session: &MemStore{},
		Now:   func() time.Time { return time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC) },
		NewID: func() string { n++; return strings.Repeat("0", 31) + string(rune('0'+n)) }}
}

const collectorURL = "https://mail.qq.com/cgi-bin/other_mailbox?sid=x"

var fromQQ = Sender{ExtensionID: extID, URL: collectorURL, TabID: 3}

// collector is the QQ collector form with an address typed and, optionally, a text shown.
func collector(lang, ui, addr, shown string) string {
	texts := `[]`
	if shown != "" {
		texts = `[{"i":9,"text":` + jsonv.Str(shown).String() + `,"alert":false}]`
	}
	return `{"type":"snapshot","snap":{"v":1,"url":"` + collectorURL + `","top":false,"lang":"` + lang + `","ui":"` + ui + `",
	"title":"","heads":["其他邮箱"],"fields":[
	{"i":0,"tag":"input","type":"text","name":"email","label":"邮箱地址","value":` + jsonv.Str(addr).String() + `,"visible":true},
	{"i":1,"tag":"input","type":"password","name":"pwd","label":"密码","visible":true},
	{"i":2,"tag":"input","type":"text","name":"server","label":"POP3服务器","visible":true}],"texts":` + texts + `}}`
}

func ask(t *testing.T, b *Brain, st Store, from Sender, msg string) jsonv.Value {
	t.Helper()
	out := b.Handle([]byte(msg), from, st)
	v, err := jsonv.Parse(out, jsonv.Limits{})
	if err != nil {
		t.Fatalf("answer is not JSON: %s", out)
	}
	return v
}

func hintOf(v jsonv.Value) (jsonv.Value, bool) { return v.Get("hint") }

func TestCollectorHintForGmail(t *testing.T) {
	b, st := newBrain(t), &MemStore{}
	v := ask(t, b, st, fromQQ, collector("zh-CN", "en-US", "someone@gmail.com", ""))
	f, _ := v.Get("finding")
	if f.GetStr("kind") != "collector" || f.GetStr("provider") != "google" || f.GetStr("page") != "qq" || f.GetStr("lang") != "zh_CN" {
		t.Fatalf("finding: %s", f)
	}
	if a, _ := f.Get("anchor"); a.String() != "1" {
		t.Fatalf("anchor %s, want the password field", a)
	}
	h, ok := hintOf(v)
	if !ok {
		t.Fatalf("no hint: %s", v)
	}
	if got := h.GetStr("title"); got != "这里要填 Gmail 的应用专用密码，不是登录密码" {
		t.Errorf("title %q", got)
	}
	open, _ := h.Get("open")
	if open.GetStr("url") != "https://myaccount.google.com/apppasswords" {
		t.Errorf("open link %s", open)
	}
	text := h.String()
	for _, want := range []string{"https://mail.google.com/mail/u/0/#settings/fwdandpop", "pop.gmail.com", "995", "两步验证"} {
		if !strings.Contains(text, want) {
			t.Errorf("hint lacks %q: %s", want, text)
		}
	}
	add, _ := h.Get("add")
	if add.GetStr("value") != "QQ 邮箱 POP 收取" {
		t.Errorf("suggested label %q", add.GetStr("value"))
	}
	if _, sent := h.Get("context"); sent {
		t.Error("the hint carries its context to the page: an intent must not be able to send one back")
	}
	given, ok := b.tabs.hintFor(b.Session, fromQQ, h.GetStr("key"))
	if c := given.Context; !ok || c.Account != "someone@gmail.com" || c.Kind != ledger.KindAppPassword || c.Site != "mail.qq.com" {
		t.Errorf("context kept for the frame: %+v %v", given, ok)
	}
}

func TestLanguage(t *testing.T) {
	b, st := newBrain(t), &MemStore{}
	for _, tc := range []struct{ page, ui, want string }{
		{"en", "en-US", "Gmail wants an app password here, not your normal password"},
		{"en", "zh-CN", "这里要填 Gmail 的应用专用密码，不是登录密码"},
		{"", "de-DE", "这里要填 Gmail 的应用专用密码，不是登录密码"}, // the page's labels are Chinese
	} {
		h, _ := hintOf(ask(t, b, st, fromQQ, collector(tc.page, tc.ui, "someone@gmail.com", "")))
		if got := h.GetStr("title"); got != tc.want {
			t.Errorf("page %q browser %q: %q", tc.page, tc.ui, got)
		}
	}
}

func TestUnknownProviderGetsNeutralHint(t *testing.T) {
	b, st := newBrain(t), &MemStore{}
	h, ok := hintOf(ask(t, b, st, fromQQ, collector("en", "en", "me@example.org", "")))
	if !ok || !strings.Contains(h.GetStr("title"), "example.org") {
		t.Fatalf("neutral hint: %s", h)
	}
	if _, ok := h.Get("add"); ok {
		t.Error("no ledger entry can be made for an unknown provider")
	}
	if o, _ := h.Get("open"); !o.IsNull() {
		t.Error("no provider page to open for an unknown provider")
	}
}

func TestNoAddressYetNoHint(t *testing.T) {
	b, st := newBrain(t), &MemStore{}
	v := ask(t, b, st, fromQQ, collector("zh-CN", "zh-CN", "", ""))
	if _, ok := hintOf(v); ok {
		t.Fatalf("hint before any address: %s", v)
	}
}

func TestRefusals(t *testing.T) {
	b, st := newBrain(t), &MemStore{}
	h, _ := hintOf(ask(t, b, st, fromQQ, collector("zh-CN", "zh-CN", "someone@gmail.com", "收取失败：-ERR [AUTH] Application-specific password required")))
	r, _ := h.Get("refusal")
	if r.GetStr("meaning") != "Gmail 拒绝了账号密码，因为开启了两步验证：这里要用应用专用密码。" {
		t.Errorf("specific refusal: %s", r)
	}
	h, _ = hintOf(ask(t, b, st, fromQQ, collector("en", "en", "someone@gmail.com", "密码错误，请重新输入。")))
	r, _ = h.Get("refusal")
	if !strings.Contains(r.GetStr("meaning"), "Gmail refused the password") || r.GetStr("quote") != "密码错误，请重新输入。" {
		t.Errorf("generic refusal: %s", r)
	}
}

func TestBadInputChangesNothing(t *testing.T) {
	b := newBrain(t)
	good := collector("zh-CN", "zh-CN", "someone@gmail.com", "")
	for name, tc := range map[string]struct {
		from Sender
		msg  string
	}{
		"other extension":     {Sender{ExtensionID: "x", URL: collectorURL, TabID: 1}, good},
		"not from a tab":      {Sender{ExtensionID: extID, URL: collectorURL, TabID: -1}, good},
		"host off the kb":     {Sender{ExtensionID: extID, URL: "https://evil.example/", TabID: 1}, strings.Replace(good, "mail.qq.com", "evil.example", 1)},
		"claims another site": {Sender{ExtensionID: extID, URL: "https://mail.google.com/mail/", TabID: 1}, good},
		"malformed":           {fromQQ, `{"type":"snapshot","snap":`},
		"huge":                {fromQQ, `{"type":"snapshot","pad":"` + strings.Repeat("x", MaxMessage) + `"}`},
		"unknown type":        {fromQQ, `{"type":"format-disk"}`},
		"not an object":       {fromQQ, `"snapshot"`},
	} {
		st := &MemStore{}
		v := ask(t, b, st, tc.from, tc.msg)
		if ok, _ := v.Get("ok"); ok.String() != "false" {
			t.Errorf("%s: accepted: %s", name, v)
		}
		if _, ok := hintOf(v); ok || len(st.M) != 0 {
			t.Errorf("%s: hint or write", name)
		}
	}
}

func intent(action, label, key string) string {
	return `{"type":"intent","action":"` + action + `","label":` + jsonv.Str(label).String() + `,"key":` + jsonv.Str(key).String() + `}`
}

func TestAddToLedger(t *testing.T) {
	b, st := newBrain(t), &MemStore{}
	h, _ := hintOf(ask(t, b, st, fromQQ, collector("en", "en", "someone@gmail.com", "")))
	key := h.GetStr("key")
	v := ask(t, b, st, fromQQ, intent("add", "  QQ POP <b>collector</b> ", key))
	if ok, _ := v.Get("ok"); ok.String() != "true" {
		t.Fatalf("add: %s", v)
	}
	if len(st.M) != 1 {
		t.Fatalf("stored %d records", len(st.M))
	}
	for key, rec := range st.M {
		e, err := ledger.Decode(rec)
		if err != nil || key != ledger.Key(e.ID) {
			t.Fatalf("stored %s = %s: %v", key, rec, err)
		}
		if e.Provider != "google" || e.Account != "someone@gmail.com" || e.Label != "QQ POP <b>collector</b>" ||
			e.UsedBy != "QQ Mail 其他邮箱" || e.Kind != ledger.KindAppPassword || e.Source != ledger.FromHint || e.Created != "2026-11-24" {
			t.Errorf("entry %+v", e)
		}
	}
	if !strings.Contains(v.GetStr("message"), "“QQ POP <b>collector</b>”") {
		t.Errorf("message %q", v.GetStr("message"))
	}
	// Refused: an empty or long label, an unknown verb, a hint this frame
	// was never given (made up, or another frame's or tab's), a context
	// sent along (ignored: the brain's own is used).
	otherFrame, otherTab := fromQQ, fromQQ
	otherFrame.FrameID, otherTab.TabID = 7, 4
	for name, c := range map[string]struct {
		from Sender
		msg  string
	}{
		"empty label":  {fromQQ, intent("add", "   ", key)},
		"unknown verb": {fromQQ, intent("delete-all", "x", key)},
		"long label":   {fromQQ, intent("add", strings.Repeat("x", 101), key)},
		"made-up key":  {fromQQ, intent("add", "x", "google|collector|pop3|forged")},
		"no key":       {fromQQ, `{"type":"intent","action":"add","label":"x"}`},
		"other frame":  {otherFrame, intent("add", "x", key)},
		"other tab":    {otherTab, intent("add", "x", key)},
	} {
		v := ask(t, b, st, c.from, c.msg)
		if ok, _ := v.Get("ok"); ok.String() != "false" || v.GetStr("error") == "" {
			t.Errorf("%s: %s", name, v)
		}
		if len(st.M) != 1 {
			t.Fatalf("%s: wrote a record", name)
		}
	}
	v = ask(t, b, st, fromQQ, intent("add", "", key))
	if v.GetStr("error") != "Give it a label so you can find it later." {
		t.Errorf("localized error: %s", v)
	}
}

func TestNotNowIsRemembered(t *testing.T) {
	b, st := newBrain(t), &MemStore{}
	h, _ := hintOf(ask(t, b, st, fromQQ, collector("en", "en", "someone@gmail.com", "")))
	if v := ask(t, b, st, fromQQ, intent("dismiss", "", h.GetStr("key"))); v.GetStr("error") != "" {
		t.Fatal(v)
	}
	if _, ok := st.M["dismiss/mail.qq.com/google"]; !ok {
		t.Fatalf("stored %v", st.M)
	}
	if _, ok := hintOf(ask(t, b, st, fromQQ, collector("en", "en", "someone@gmail.com", ""))); ok {
		t.Error("hint shown again after not now")
	}
	// Another provider on the same site still gets its hint.
	if _, ok := hintOf(ask(t, b, st, fromQQ, collector("en", "en", "someone@example.org", ""))); !ok {
		t.Error("dismissing Gmail hid the hint for another provider")
	}
}

func TestProviderPageWithoutPasswordField(t *testing.T) {
	b, st := newBrain(t), &MemStore{}
	msg := `{"type":"snapshot","snap":{"v":1,"url":"https://mail.qq.com/cgi-bin/mail_list","lang":"zh-CN","fields":[
	{"i":0,"tag":"input","type":"text","name":"search","label":"搜索邮件","value":"someone@gmail.com","visible":true}]}}`
	from := Sender{ExtensionID: extID, URL: "https://mail.qq.com/cgi-bin/mail_list", TabID: 1}
	v := ask(t, b, st, from, msg)
	if _, ok := hintOf(v); ok {
		t.Fatalf("hint on a page without a password field: %s", v)
	}
}

// The hint for an unknown domain offers the lookup; the intent answers
// with the Guide page to open on that domain and stores nothing. A known
// provider's hint, or a context whose domain is not a plain domain name,
// is refused.
func TestLookupIntent(t *testing.T) {
	b, st := newBrain(t), &MemStore{}
	h, _ := hintOf(ask(t, b, st, fromQQ, collector("en", "en", "li.ming@acme-widgets.cn", "")))
	if h.GetStr("lookup") != "Look up who hosts this domain" {
		t.Fatalf("no lookup button: %s", h)
	}
	v := ask(t, b, st, fromQQ, intent("lookup", "", h.GetStr("key")))
	if !v.GetBool("ok") || v.GetStr("openPage") != "extension/popup.html#lookup=acme-widgets.cn" {
		t.Fatalf("lookup: %s", v)
	}
	if len(st.M) != 0 {
		t.Errorf("a lookup stored %v", st.M)
	}
	known, _ := hintOf(ask(t, b, st, fromQQ, collector("en", "en", "someone@gmail.com", "")))
	if known.GetStr("lookup") != "" {
		t.Error("a known provider's hint offers the lookup")
	}
	idn, _ := hintOf(ask(t, b, st, fromQQ, collector("en", "en", "li.ming@例子.中国", "")))
	if v := ask(t, b, st, fromQQ, intent("lookup", "", idn.GetStr("key"))); v.GetStr("openPage") != "extension/popup.html#lookup=例子.中国" {
		t.Errorf("an internationalised domain: %s", v)
	}
	// A known provider's hint, or a key the frame was not given, opens nothing.
	for name, key := range map[string]string{"known provider": known.GetStr("key"), "made-up key": "unknown|acme.cn/../../options.html|collector"} {
		if v := ask(t, b, st, fromQQ, intent("lookup", "", key)); v.GetBool("ok") || v.GetStr("openPage") != "" {
			t.Errorf("%s: %s", name, v)
		}
	}
}
