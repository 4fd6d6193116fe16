// Package classify turns a sensor snapshot into a finding: what kind of page
// this is, whose page it is, which provider's mailbox is being connected, and
// which element a hint belongs next to.
//
// Real webmail changes its markup with every release, so nothing here relies
// on one page's structure. A page is recognised from several weak signals
// that survive redesigns: the host and path the knowledge base records, the
// words in labels, headings and placeholders (Chinese, English, Russian,
// German, Korean), the controls' name/id/autocomplete, and the address typed.
package classify

import (
	"slices"
	"strings"
	"unicode"

	"mailkey/wasm/kb"
	"mailkey/wasm/review"
	"mailkey/wasm/snapshot"
)

// Kind is what a page is for, as far as Mailkey is concerned.
type Kind string

// The kinds of finding.
const (
	None      Kind = "none"
	Collector Kind = "collector" // a webmail form that fetches another mailbox
	Setup     Kind = "setup"     // client set-up help asking for an address and password
	Generator Kind = "generator" // where app passwords or authorization codes are made
	Revoke    Kind = "revoke"    // where they are listed and revoked
	Refusal   Kind = "refusal"   // the page shows that a password was refused
)

// Refused is a refusal text found on the page.
type Refused struct {
	Text string
	// Match is the knowledge base's reading of the text, or nil when only a
	// generic "wrong password" was recognised.
	Match *kb.RefusalMatch
}

// Finding is the classifier's answer.
type Finding struct {
	Kind     Kind
	Site     string       // the page's host
	Page     *kb.Provider // whose page it is; nil off the knowledge base
	PageInfo *kb.Page     // the knowledge base's record of this page, if any
	// Form is the kind of the form on the page (collector or setup) when
	// Kind is Refusal; otherwise equal to Kind.
	Form     Kind
	Provider *kb.Provider // whose mailbox is being connected; nil if unknown
	Address  string       // the address typed, if any
	Domain   string       // its domain (set also when Provider is nil)
	Protocol string       // pop3 or imap when known
	Anchor   int          // sensor index of the element to put the hint next to; -1 for none
	Refused  *Refused
	Lang     string // the page's language tag, or "zh" when detected from text
	// On a provider's page that makes app passwords: the button that makes
	// one (the hint offers to log it after a person clicks it), or -1.
	Trigger int
	// MadeOnArrival is true on a generator page that makes a password and
	// shows it as it opens (the person's click was on the page before).
	MadeOnArrival bool
	// Revocable is true on a page where the provider lists app passwords to
	// revoke (Google's makes and lists them on one page).
	Revocable bool
	// NameLists are the sensor indexes of the lists, on a generator page,
	// that a person picks the new password's name from (Fastmail's "Name":
	// Thunderbird, Outlook, ...), not its language or account lists.
	NameLists []int
}

// Classify reads a snapshot against the knowledge base.
func Classify(k *kb.KB, s *snapshot.Snapshot) Finding {
	f := Finding{Kind: None, Form: None, Site: s.URL.Host, Anchor: -1, Trigger: -1, Lang: pageLang(s)}
	f.Page = k.ByHost(f.Site)
	if f.Page == nil {
		return f
	}
	f.PageInfo = matchPage(k, s)

	pw := passwordField(s)
	addr, addrField := address(s)
	f.Address = addr
	if addr != "" {
		f.Domain = strings.ToLower(addr[strings.LastIndexByte(addr, '@')+1:])
		f.Provider = k.ByAddress(addr)
	}
	server := serverHost(s)
	if f.Provider == nil && server != "" {
		f.Provider = providerOfServer(k, server)
	}
	f.Protocol = protocol(f.PageInfo, server, s)

	// What is the form for?
	text := pageWords(s)
	switch {
	case pw < 0:
	case isHelpHost(f.Page, f.Site) || f.PageInfo != nil && f.PageInfo.Kind == kb.SetupPage:
		if addrField >= 0 || hasAny(text, setupWords) {
			f.Form = Setup
		}
	case serverField(s) >= 0 || hasAny(text, collectorWords) ||
		f.PageInfo != nil && f.PageInfo.Kind == kb.CollectorPage && f.PageInfo.Fragment != "" && addrField >= 0:
		f.Form = Collector
	}
	if f.Form == Setup && f.Provider == nil && f.Domain == "" {
		f.Provider = f.Page // set-up help is about the page's own mailbox
	}
	if f.Form != None {
		f.Anchor = pw
		f.Kind = f.Form
	} else if kind := providerPageKind(k, s, f); kind != "" {
		providerPage(k, s, &f, kind)
	}

	// A refusal shown on the page.
	if r, at := refusal(k, s, f); r != nil {
		f.Refused = r
		f.Kind = Refusal
		if f.Provider == nil && r.Match != nil {
			f.Provider = r.Match.Provider
		}
		if f.Anchor < 0 {
			f.Anchor = at
		}
	}
	return f
}

// providerPage reads a provider's own page for app passwords: on a
// generator, the field where the person names the new password and the
// button that makes it; on a revoke page, where the list can anchor.
func providerPage(k *kb.KB, s *snapshot.Snapshot, f *Finding, kind kb.PageKind) {
	f.Kind = Kind(kind)
	f.Provider = f.Page
	words := createWords
	// The records of this page; where the page has moved from the path the
	// knowledge base knows, every record of the host.
	at := f.PageInfo != nil && (f.PageInfo.Kind == kb.GeneratorPage || f.PageInfo.Kind == kb.RevokePage)
	for _, pg := range k.PagesOn(s.URL.Host) {
		if at && (!strings.HasPrefix(s.URL.Path, pg.Path) || !strings.HasPrefix(s.URL.Fragment, pg.Fragment)) {
			continue
		}
		switch pg.Kind {
		case kb.RevokePage:
			f.Revocable = true
		case kb.GeneratorPage:
			// The provider's own wording of the step that makes it.
			words = append(words[:len(words):len(words)], pg.CreateWords...)
			f.MadeOnArrival = f.MadeOnArrival || pg.MadeOnArrival
		}
	}
	for _, fl := range s.Fields {
		if !fl.IsPassword() && fl.Visible && fl.Tag == "input" && (fl.Type == "text" || fl.Type == "search") {
			f.Anchor = fl.Index
			break
		}
	}
	if f.Kind == Generator {
		// The last such button: a provider's dialog (Generate password) comes
		// after the button that opened it (Create app password). The sensor
		// tells the two apart: a click that brings a further step on screen
		// only opened the form.
		for _, b := range s.Buttons {
			if hasAny(strings.ToLower(b.Text), words) {
				f.Trigger = b.Index
			}
		}
		for _, fl := range s.Fields {
			if fl.Tag == "select" && isNameList(fl) {
				f.NameLists = append(f.NameLists, fl.Index)
			}
		}
	}
	// Without a name field, next to the create button. While the provider
	// asks for the account password again (Fastmail's "verify it's you"),
	// nowhere: the hint would cover that step.
	switch {
	case f.Anchor >= 0:
	case f.Trigger >= 0:
		f.Anchor = f.Trigger
	case passwordField(s) >= 0:
	case len(s.Buttons) > 0:
		f.Anchor = s.Buttons[0].Index
	}
}

// matchPage finds the knowledge base's record of this page: the longest
// matching path and fragment prefix on this host.
func matchPage(k *kb.KB, s *snapshot.Snapshot) *kb.Page {
	var best *kb.Page
	score := -1
	pages := k.PagesOn(s.URL.Host)
	for i := range pages {
		pg := &pages[i]
		if !strings.HasPrefix(s.URL.Path, pg.Path) || !strings.HasPrefix(s.URL.Fragment, pg.Fragment) {
			continue
		}
		if n := len(pg.Path) + len(pg.Fragment); n > score {
			best, score = pg, n
		}
	}
	return best
}

func isHelpHost(p *kb.Provider, host string) bool {
	return slices.Contains(p.Help, host)
}

// describe joins what identifies a field, lower-cased, for word matching.
func describe(f snapshot.Field) string {
	return strings.ToLower(f.Name + " " + f.ID + " " + f.Autocomplete + " " + f.Label + " " + f.Placeholder)
}

// passwordField returns the index of the first visible password field.
func passwordField(s *snapshot.Snapshot) int {
	for _, f := range s.Fields {
		if f.IsPassword() && f.Visible {
			return f.Index
		}
	}
	return -1
}

// address returns the address typed in the form and its field's index.
// A field that says it is for an address wins over one that merely holds one.
func address(s *snapshot.Snapshot) (string, int) {
	best, at, bestScore := "", -1, 0
	for _, f := range s.Fields {
		if f.IsPassword() || !looksLikeAddress(f.Value) {
			continue
		}
		score := 1
		if f.Type == "email" || hasAny(describe(f), addressWords) {
			score = 2
		}
		if f.Visible {
			score++
		}
		if score > bestScore {
			best, at, bestScore = strings.TrimSpace(f.Value), f.Index, score
		}
	}
	if at < 0 {
		// No address typed yet: still report the field meant for one.
		for _, f := range s.Fields {
			if !f.IsPassword() && f.Visible && (f.Type == "email" || hasAny(describe(f), addressWords)) {
				return "", f.Index
			}
		}
	}
	return best, at
}

func looksLikeAddress(v string) bool {
	v = strings.TrimSpace(v)
	at := strings.LastIndexByte(v, '@')
	if at < 1 || at == len(v)-1 || strings.ContainsAny(v, " \t\n<>()[],;:\"") {
		return false
	}
	dom := v[at+1:]
	return strings.Contains(dom, ".") && !strings.HasPrefix(dom, ".") && !strings.HasSuffix(dom, ".")
}

// serverField returns the index of a field asking for a mail server, or -1.
func serverField(s *snapshot.Snapshot) int {
	for _, f := range s.Fields {
		if !f.IsPassword() && hasAny(describe(f), serverWords) {
			return f.Index
		}
	}
	return -1
}

// serverHost returns the mail server typed in a server field.
func serverHost(s *snapshot.Snapshot) string {
	for _, f := range s.Fields {
		v := strings.ToLower(strings.TrimSpace(f.Value))
		if f.IsPassword() || v == "" || strings.Contains(v, "@") || !strings.Contains(v, ".") {
			continue
		}
		if hasAny(describe(f), serverWords) {
			return v
		}
	}
	return ""
}

// providerOfServer finds who runs a mail server: by the exact host, then by
// the domains under it ("pop.googlemail.com" -> googlemail.com).
func providerOfServer(k *kb.KB, host string) *kb.Provider {
	if p := k.ByServer(host); p != nil {
		return p
	}
	for {
		i := strings.IndexByte(host, '.')
		if i < 0 || !strings.Contains(host[i+1:], ".") {
			return nil
		}
		host = host[i+1:]
		if p := k.ByAddress("x@" + host); p != nil {
			return p
		}
	}
}

func protocol(pg *kb.Page, server string, s *snapshot.Snapshot) string {
	switch {
	case strings.HasPrefix(server, "pop"):
		return "pop3"
	case strings.HasPrefix(server, "imap"):
		return "imap"
	case pg != nil && len(pg.Protocols) > 0:
		return pg.Protocols[0]
	}
	for _, f := range s.Fields {
		d := describe(f)
		switch {
		case strings.Contains(d, "pop"):
			return "pop3"
		case strings.Contains(d, "imap"):
			return "imap"
		}
	}
	return ""
}

// pageWords is the page's title, headings and field descriptions, lower-cased.
func pageWords(s *snapshot.Snapshot) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(s.Title))
	for _, h := range s.Heads {
		b.WriteString(" | " + strings.ToLower(h))
	}
	for _, f := range s.Fields {
		b.WriteString(" | " + describe(f))
	}
	for _, t := range s.Texts {
		if len(t.Text) < 120 {
			b.WriteString(" | " + strings.ToLower(t.Text))
		}
	}
	return b.String()
}

// refusal looks for a refusal text. A text the knowledge base knows counts
// anywhere; a generic "wrong password" counts only next to a form that
// connects a mailbox, where it means the other provider said no (on a
// webmail's own sign-in page it means something else entirely).
func refusal(k *kb.KB, s *snapshot.Snapshot, f Finding) (*Refused, int) {
	var generic *Refused
	genericAt := -1
	for _, t := range s.Texts {
		if ms := review.PageRefusals(k, t.Text, f.Address, f.Form != None); len(ms) > 0 {
			m := ms[0]
			for i := range ms {
				if ms[i].Provider == f.Provider {
					m = ms[i]
					break
				}
			}
			return &Refused{Text: t.Text, Match: &m}, t.Index
		}
		if generic == nil && f.Form != None && hasAny(strings.ToLower(t.Text), refusalWords) {
			generic, genericAt = &Refused{Text: t.Text}, t.Index
		}
	}
	return generic, genericAt
}

func pageLang(s *snapshot.Snapshot) string {
	if l := strings.TrimSpace(s.PageLang); l != "" {
		return l
	}
	texts := append([]string{s.Title}, s.Heads...)
	for _, f := range s.Fields {
		texts = append(texts, f.Label, f.Placeholder)
	}
	for _, t := range texts {
		for _, r := range t {
			if unicode.Is(unicode.Han, r) {
				return "zh"
			}
		}
	}
	return ""
}

// isNameList reports whether a list is labelled as a name: a whole word
// ("Name", not "Username") in Latin script, a part of the text otherwise.
func isNameList(fl snapshot.Field) bool {
	text := strings.ToLower(fl.Label + " " + fl.Name + " " + fl.ID)
	tokens := strings.FieldsFunc(text, func(r rune) bool { return (r < 'a' || r > 'z') && (r < '0' || r > '9') })
	for _, w := range nameListWords {
		if w[0] >= 0x80 && strings.Contains(text, w) {
			return true
		}
		for _, t := range tokens {
			if t == w {
				return true
			}
		}
	}
	return false
}

func hasAny(text string, words []string) bool {
	for _, w := range words {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

// Vocabulary, lower case. Kept short and specific: each word here must be
// rare on pages that are not what it signals.
var (
	addressWords = []string{"email", "e-mail", "mail address", "address", "username", "user name", "login", "account",
		"邮箱", "地址", "帐号", "账号", "用户名", "帳號", "郵箱", "信箱", "почт", "адрес", "логин", "benutzername", "이메일", "아이디"}
	serverWords = []string{"server", "hostname", "pop3", "pop ", "pop.", "imap", "smtp.", "服务器", "伺服器", "服務器", "сервер", "서버"}
	// collectorWords name the feature of fetching another mailbox.
	collectorWords = []string{"其他邮箱", "其它邮箱", "收取", "代收", "其他郵箱", "check mail from other accounts",
		"add a mail account", "import emails from", "add mailbox", "other mailbox", "external mailbox", "external account",
		"pop account", "pop3 account", "fetch mail", "mail fetcher", "сборщик", "сбор почты", "другого ящика",
		"externe postfächer", "externes postfach", "e-mails abrufen", "외부 메일"}
	// createWords name the button that makes an app password or code.
	nameListWords = []string{"name", "label", "bezeichnung", "名称", "名稱", "名字", "描述", "备注", "備註", "назван", "имя", "이름"}
	createWords   = []string{"create", "generate", "new app password", "生成", "创建", "新增", "新建", "產生", "создать",
		"erstellen", "einrichten", "생성", "追加", "добавить"}
	setupWords   = []string{"imap", "smtp", "pop3", "客户端", "客戶端", "client", "thunderbird", "outlook", "foxmail"}
	refusalWords = []string{"密码错误", "密码不正确", "密码有误", "密碼錯誤", "登录失败", "登陆失败", "验证失败", "认证失败",
		"收取失败", "wrong password", "incorrect password", "password is incorrect", "invalid password",
		"password was incorrect", "authentication failed", "authentication error", "login failed", "logon failure",
		"invalid credentials", "неверный пароль", "неверное имя", "ошибка авторизации", "passwort ist falsch",
		"falsches passwort", "anmeldung fehlgeschlagen", "비밀번호가 올바르지", "인증 실패"}
)
