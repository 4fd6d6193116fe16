package kb

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// Validate checks the knowledge base as data reviewed like code. hasMsg
// reports whether a message key exists in every locale. It returns every
// problem found, so one run lists them all.
func (k *KB) Validate(hasMsg func(key string) bool) []error {
	var errs []error
	for _, p := range k.Providers {
		v := validator{p: p, hasMsg: hasMsg, used: map[string]bool{}}
		v.provider()
		errs = append(errs, v.errs...)
	}
	return errs
}

type validator struct {
	p      *Provider
	hasMsg func(string) bool
	used   map[string]bool
	errs   []error
}

func (v *validator) bad(what, msg string) {
	v.errs = append(v.errs, errors.New(v.p.ID+": "+what+": "+msg))
}

func validDate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

func (v *validator) fact(what string, f Fact) {
	if len(f.Sources) == 0 {
		v.bad(what, "has no source")
	}
	for _, ref := range f.Sources {
		found := false
		for _, s := range v.p.Sources {
			found = found || s.Ref == ref
		}
		if !found {
			v.bad(what, "cites unknown source "+ref)
		}
		v.used[ref] = true
	}
	if f.Checked != "" && !validDate(f.Checked) {
		v.bad(what, "checked date "+f.Checked+" is not YYYY-MM-DD")
	}
	for name, d := range map[string]string{"since": f.Since, "announced": f.Announced} {
		if d != "" && !validDate(d) {
			v.bad(what, name+" date "+d+" is not YYYY-MM-DD")
		}
	}
	// A change said to be in effect must have been in effect when checked
	// (the dates are YYYY-MM-DD, so they compare as strings).
	if f.Since != "" && f.Since > v.p.CheckedOn(f) {
		v.bad(what, "since "+f.Since+" is after the check date "+v.p.CheckedOn(f))
	}
}

func (v *validator) msg(what, key string, required bool) {
	if key == "" {
		if required {
			v.bad(what, "names no message")
		}
		return
	}
	if !strings.HasPrefix(key, "kb_"+v.p.ID+"_") {
		v.bad(what, "message key "+key+" must start with kb_"+v.p.ID+"_")
	}
	if !v.hasMsg(key) {
		v.bad(what, "message "+key+" is missing from a locale")
	}
}

func (v *validator) url(what, u string, required bool) {
	if u == "" {
		if required {
			v.bad(what, "has no URL")
		}
		return
	}
	// Checked by hand: net/url would pull fmt into the browser binary.
	rest, ok := strings.CutPrefix(u, "https://")
	host, _, _ := strings.Cut(rest, "/")
	host, _, _ = strings.Cut(host, "?")
	host, _, _ = strings.Cut(host, "#")
	if !ok || !validHost(host) || strings.ContainsAny(u, " \t\n\"<>\\`{}|^") {
		v.bad(what, "URL "+u+" is not a plain https URL")
	}
}

func validHost(h string) bool {
	if h == "" || len(h) > 253 || h != strings.ToLower(h) || !strings.Contains(h, ".") {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

var protocols = map[string]bool{"pop3": true, "imap": true, "smtp": true}

func (v *validator) provider() {
	p := v.p
	if p.ID == "" || strings.Trim(p.ID, "abcdefghijklmnopqrstuvwxyz0123456789") != "" {
		v.bad("id", "must be lowercase letters and digits")
	}
	if !validDate(p.Checked) {
		v.bad("checked", "provider check date "+p.Checked+" is not YYYY-MM-DD")
	}
	if len(p.Sources) == 0 {
		v.bad("sources", "provider cites no source")
	}
	for _, s := range p.Sources {
		v.url("source "+s.Ref, s.URL, true)
	}
	v.msg("name", p.Name, true)

	switch p.Method {
	case AppPassword, AuthCode, OAuthOnly, NormalPassword, BridgePassword, NoAccess:
	default:
		v.bad("method", "unknown method "+string(p.Method))
	}
	switch p.MethodWith2FA {
	case "", AppPassword, AuthCode:
	default:
		v.bad("method.with_2fa", "unknown method "+string(p.MethodWith2FA))
	}
	v.msg("method.access", p.Access, true)
	v.fact("method", p.MethodFact)
	if p.Generates != "" {
		switch {
		case p.Generates != AppPassword && p.Generates != AuthCode:
			v.bad("generates", "unknown or unloggable method "+string(p.Generates))
		case p.Method == AppPassword || p.Method == AuthCode || p.MethodWith2FA != "":
			v.bad("generates", "says nothing the method does not already say")
		}
		v.msg("generates.for", p.GeneratesFor, true)
		v.fact("generates", p.GeneratesFact)
	}

	// A provider hosting only its customers' own domains (Tencent Exmail)
	// lists none: it is recognised by its servers and pages instead.
	if len(p.Domains) == 0 && len(p.Servers) == 0 {
		v.bad("domains", "lists neither an address domain nor a server")
	}
	for _, d := range p.Domains {
		if !validHost(d) {
			v.bad("domains", d+" is not a lowercase domain name")
		}
	}
	if len(p.Domains) > 0 {
		v.fact("domains", p.DomainsFact)
	}

	if len(p.Webmail)+len(p.Account) == 0 {
		v.bad("hosts", "lists no webmail or account host")
	}
	for _, h := range p.Hosts() {
		if !validHost(h) {
			v.bad("hosts", h+" is not a lowercase host name")
		}
	}
	v.fact("hosts", p.HostsFact)
	if p.Unrecognised && len(p.Pages) > 0 {
		v.bad("hosts", "content_script is false, but pages to recognise are listed")
	}

	for _, s := range p.Servers {
		if !protocols[s.Proto] || !validHost(s.Host) && !strings.HasPrefix(s.Host, "127.") || s.Port <= 0 || s.Port > 65535 ||
			s.Security != "ssl" && s.Security != "starttls" {
			v.bad("servers", "bad server "+s.Proto+" "+s.Host)
		}
	}
	if len(p.Servers) > 0 {
		v.fact("servers", p.ServersFact)
	}

	for i, pre := range p.Preconditions {
		what := "preconditions[" + strconv.Itoa(i) + "]"
		v.msg(what, pre.Msg, true)
		v.url(what, pre.URL, false)
		for _, proto := range pre.Protocols {
			if !protocols[proto] {
				v.bad(what, "unknown protocol "+proto)
			}
		}
		v.fact(what, pre.Fact)
	}
	for what, l := range map[string]Link{"create": p.Create, "manage": p.Manage, "help": p.HelpPage} {
		v.url(what, l.URL, what == "create" && p.MakesPassword())
		v.msg(what+".steps", l.Steps, what != "help" && p.MakesPassword())
		if l.URL != "" || l.Steps != "" {
			v.fact(what, l.Fact)
		}
	}
	if p.PasswordChangeRevokes != nil {
		v.fact("password_change_revokes", p.PasswordChangeFact)
	}
	for i := range p.Refusals {
		r := &p.Refusals[i]
		what := "refusals[" + strconv.Itoa(i) + "]"
		if r.Example == "" {
			v.bad(what, "has no example")
		} else if !r.Matches(r.Example) {
			v.bad(what, "pattern "+r.Pattern+" does not match its own example")
		}
		v.msg(what+".meaning", r.Meaning, true)
		v.fact(what, r.Fact)
	}
	for i, pg := range p.Pages {
		what := "pages[" + strconv.Itoa(i) + "]"
		switch pg.Kind {
		case CollectorPage, SetupPage:
			v.msg(what+".label", pg.Label, true)
			v.msg(what+".used_by", pg.UsedBy, true)
		case GeneratorPage, RevokePage:
		default:
			v.bad(what, "unknown page kind "+string(pg.Kind))
		}
		if pg.Closed != nil {
			if pg.Kind != CollectorPage {
				v.bad(what, "only a collector page can be closed")
			}
			v.msg(what+".closed", pg.Closed.Msg, true)
			v.fact(what+".closed", pg.Closed.Fact)
		}
		if pg.Kind != GeneratorPage && (len(pg.CreateWords) > 0 || pg.MadeOnArrival) {
			v.bad(what, "create_words and made_on_arrival are for generator pages")
		}
		for _, w := range pg.CreateWords {
			if w == "" || w != strings.ToLower(w) {
				v.bad(what, "create word \""+w+"\" must be non-empty lower case")
			}
		}
		if pg.Path != "" && !strings.HasPrefix(pg.Path, "/") {
			v.bad(what, "path must start with /")
		}
		for _, proto := range pg.Protocols {
			if !protocols[proto] {
				v.bad(what, "unknown protocol "+proto)
			}
		}
		v.fact(what, pg.Fact)
	}
	for i, n := range p.Notes {
		what := "notes[" + strconv.Itoa(i) + "]"
		v.msg(what, n.Msg, true)
		v.fact(what, n.Fact)
	}
	for _, s := range p.Sources {
		if !v.used[s.Ref] {
			v.bad("sources", "source "+s.Ref+" is cited by no fact")
		}
	}
}
