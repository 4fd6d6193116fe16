package review

import (
	"strings"
	"unicode/utf8"

	"mailkey/wasm/kb"
)

// MaxDecodeBytes is how much of a pasted text Decode reads; the rest is cut.
const MaxDecodeBytes = 8 << 10

// Meaning is what a refusal means, as far as its text says.
type Meaning string

// The meanings the decoder tells apart. The UI words each as
// "decode_means_<meaning>".
const (
	MeansSpecialPassword Meaning = "special_password" // wants its app password or authorization code
	MeansOAuthOnly       Meaning = "oauth_only"       // passwords are off: the program must sign in through the provider
	MeansDisabled        Meaning = "disabled"         // IMAP/POP/SMTP is off for the mailbox or organisation
	MeansWebLogin        Meaning = "web_login"        // the provider wants a sign-in on its website first
	MeansBlocked         Meaning = "blocked"          // the provider blocked the program as unsafe
	MeansRateLimit       Meaning = "rate_limit"       // too many attempts: wait
	MeansNoAuth          Meaning = "no_auth"          // the program did not sign in at all
	MeansRejected        Meaning = "rejected"         // the password was refused: mistyped, or the special one is needed
)

// MessageKey is the message that explains the meaning.
func (m Meaning) MessageKey() string {
	switch m {
	case MeansSpecialPassword:
		return "decode_means_special_password"
	case MeansOAuthOnly:
		return "decode_means_oauth_only"
	case MeansDisabled:
		return "decode_means_disabled"
	case MeansWebLogin:
		return "decode_means_web_login"
	case MeansBlocked:
		return "decode_means_blocked"
	case MeansRateLimit:
		return "decode_means_rate_limit"
	case MeansNoAuth:
		return "decode_means_no_auth"
	}
	return "decode_means_rejected"
}

// Match is a provider a pasted text names, and what the text means there.
type Match struct {
	Provider *kb.Provider
	// Refusal is the knowledge base's refusal text found, when one was;
	// its Meaning is the provider's own explanation.
	Refusal *kb.Refusal
	Meaning Meaning
}

// Result is what a pasted refusal text means.
type Result struct {
	// Matches lists the providers the text names, in knowledge-base order:
	// one when the text says which, several ("one of these") when it fits
	// several and nothing tells them apart. Never a guess.
	Matches   []Match
	Ambiguous bool // a match means a plain wrong password as well
	Shared    bool // several providers: one of these
	Generic   bool // no provider, but the text is a failed sign-in: give generic advice
	// Refused says the text has the words of a refusal (not just a server
	// name): a refusal of the knowledge base, a reply code or phrase.
	Refused bool
	// Specific says a provider's own refusal text or reply code was found,
	// not only words any server uses with a host or an address.
	Specific bool
	// ByAddress says that the address given with the text decided or
	// narrowed the provider.
	ByAddress bool
	Repaired  string // the text after mojibake repair; "" when none was needed
	Cut       bool   // the text was longer than MaxDecodeBytes and only its start was read
}

// Decode explains a text a person pasted from a mail program (Thunderbird,
// Outlook, a phone, an SMTP log); see DecodeFor.
func Decode(text string, k *kb.KB) Result { return DecodeFor(text, "", k) }

// DecodeFor explains a pasted text, read together with the address of the
// mailbox when the person gave one (the Guide's address field, the address
// typed in a collector's form). It reads the first MaxDecodeBytes, cut at a
// character, as pasted and with UTF-8 shown as Windows-1252 repaired (see
// mojibake.go), white space made single spaces, and looks for
//
//   - the knowledge base's refusal texts (see matchRefusals); those that
//     many servers send alike ("LOGIN failed.", "535 Authentication
//     failed") name no provider by themselves (see weak);
//   - the providers' own reply codes, phrases and greetings (decode_phrases.go);
//   - server host names (imap.gmail.com, *.prod.outlook.com) and addresses,
//     resolved through the knowledge base's servers, hosts and domains
//     (decode_hosts.go).
//
// Evidence is combined so that a wrong provider is never named: what the
// server said decides; a host narrows it; an address narrows it further or,
// when nothing else names a provider, names it, unless the text names a
// mail server the knowledge base does not know (the address may then be
// anyone's). Several providers left are "one of these". A text without the
// words of a refusal (a host name alone) names nothing.
func DecodeFor(text, address string, k *kb.KB) Result {
	return decode(text, address, k, repairMojibake)
}

// decode is DecodeFor with the mojibake repair given, or none (nil): a page's
// own text is never garbled by a copy, and the service worker that reads
// pages is smaller without the repair (see PageRefusals).
func decode(text, address string, k *kb.KB, repair func(string, *kb.KB) string) Result {
	var res Result
	if len(text) > MaxDecodeBytes {
		n := MaxDecodeBytes
		for n > 0 && !utf8.RuneStart(text[n]) {
			n--
		}
		text, res.Cut = text[:n], true
	}
	text = strings.ToValidUTF8(text, "\uFFFD")
	variants := []string{text}
	if repair != nil {
		if rep := repair(text, k); rep != text {
			res.Repaired = rep
			variants = append(variants, rep)
		}
	}
	lower := make([]string, len(variants))
	for i, v := range variants {
		lower[i] = unwrapReplies(strings.ToLower(normalize(v)))
	}
	refused := false
	for _, l := range lower {
		refused = refused || looksRefused(l)
	}
	if k == nil {
		res.Generic, res.Refused = refused, refused
		return res
	}
	ev := gather(k, variants, lower)
	res.Specific = len(ev.said) > 0
	if res.Refused = refused || ev.refused; res.Refused {
		pick(k, &ev, address, &res)
		res.Generic = len(res.Matches) == 0
	}
	return res
}

// pick combines the evidence into the result's matches.
func pick(k *kb.KB, ev *evidence, address string, res *Result) {
	cand := ev.said
	switch {
	case len(cand) == 0:
		cand = ev.hosts
	case len(ev.hosts) > 0:
		if both := intersect(cand, ev.hosts); len(both) > 0 {
			cand = both
		} else {
			cand = union(cand, ev.hosts)
		}
	}
	if len(cand) == 0 && !ev.unknownServer {
		cand = ev.addresses
	}
	if len(cand) > 1 {
		if both := intersect(cand, ev.addresses); len(both) > 0 {
			cand = both
		}
	}
	if given := k.ByAddress(strings.TrimSpace(address)); given != nil {
		switch {
		case len(cand) == 0 && !ev.unknownServer:
			cand, res.ByAddress = []*kb.Provider{given}, true
		case len(cand) > 1 && contains(cand, given):
			cand, res.ByAddress = []*kb.Provider{given}, true
		}
	}
	cand = subtract(cand, ev.ruledOut)
	for _, p := range k.Providers { // knowledge-base order
		if contains(cand, p) {
			m := ev.meaningFor(p)
			res.Matches = append(res.Matches, m)
			res.Ambiguous = res.Ambiguous || m.Meaning == MeansRejected || m.Refusal != nil && m.Refusal.Ambiguous
		}
	}
	res.Shared = len(res.Matches) > 1
}

// unwrapReplies writes the SMTP replies that programs print as a code and a
// quoted string, as Python's smtplib does ("(535, b'Error: authentication
// failed')"), the way the server sent them ("535 Error: authentication
// failed'"), so that the providers' phrases are found in either.
func unwrapReplies(s string) string {
	if !strings.Contains(s, ", b'") && !strings.Contains(s, ", '") && !strings.Contains(s, ", b\"") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '(' && i+5 < len(s) && isDigits(s[i+1:i+4]) && s[i+4] == ',' {
			rest := s[i+5:]
			for _, q := range []string{" b'", " '", " b\"", " \""} {
				if strings.HasPrefix(rest, q) {
					b.WriteString(s[i+1 : i+4])
					b.WriteByte(' ')
					i += 4 + len(q)
					goto next
				}
			}
		}
		b.WriteByte(s[i])
	next:
	}
	return b.String()
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// normalize makes every run of white space one space, drops invisible
// characters and trims the ends.
func normalize(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad':
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

func contains(ps []*kb.Provider, p *kb.Provider) bool {
	for _, q := range ps {
		if q == p {
			return true
		}
	}
	return false
}

func add(ps []*kb.Provider, p *kb.Provider) []*kb.Provider {
	if p == nil || contains(ps, p) {
		return ps
	}
	return append(ps, p)
}

func union(a, b []*kb.Provider) []*kb.Provider {
	out := append([]*kb.Provider(nil), a...)
	for _, p := range b {
		out = add(out, p)
	}
	return out
}

func intersect(a, b []*kb.Provider) []*kb.Provider {
	var out []*kb.Provider
	for _, p := range a {
		if contains(b, p) {
			out = append(out, p)
		}
	}
	return out
}

func subtract(a, b []*kb.Provider) []*kb.Provider {
	var out []*kb.Provider
	for _, p := range a {
		if !contains(b, p) {
			out = append(out, p)
		}
	}
	return out
}
