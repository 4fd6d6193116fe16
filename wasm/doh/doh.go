// Package doh asks one DNS-over-HTTPS resolver (RFC 8484) for the MX records
// of one domain: it builds the GET request's URL and reads the answer, both
// in the DNS wire format. It sends nothing itself: the extension page does
// the fetch, and only after the person asked for the lookup.
package doh

import (
	"encoding/base64"
	"errors"
	"strings"

	"golang.org/x/net/dns/dnsmessage"
)

// DefaultResolver is Cloudflare's public resolver, which answers RFC 8484
// GET requests in the wire format at this address (see README, "Custom
// domains"); the person can choose another on the options page.
const DefaultResolver = "https://cloudflare-dns.com/dns-query"

// ContentType is the media type of a DNS message over HTTPS (RFC 8484 §6).
const ContentType = "application/dns-message"

// MaxAnswer bounds the answer read: an MX answer is a few hundred bytes,
// and a DNS message over HTTPS at most 65535 (RFC 8484 §6).
const MaxAnswer = 65535

// Why a lookup gave no mail servers, each shown in words (message key
// "lookup_err_" + the code).
var (
	ErrNoDomain = &Error{"nxdomain"} // the domain does not exist
	ErrNoMX     = &Error{"no_mx"}    // the domain exists but publishes no MX
	ErrGarbage  = &Error{"garbage"}  // the answer is not a DNS answer to the question asked
	ErrResolver = &Error{"resolver"} // the resolver answered with an error code (SERVFAIL, REFUSED ...)
	ErrDomain   = &Error{"domain"}   // the address's domain cannot be asked for
)

// Error is a lookup failure with its code.
type Error struct{ Code string }

func (e *Error) Error() string { return "doh: " + e.Code }

// ErrResolverURL is a resolver address that is not an https URL.
var ErrResolverURL = errors.New("doh: the resolver must be an https:// URL")

// CheckResolver returns the resolver URL to store, or ErrResolverURL: https
// only (the question and answer must not travel in the clear), a host name
// (letters, digits, dots, hyphens) with an optional port, then a path and
// query of printable ASCII; no user name or password, no fragment. Read by
// hand: net/url would add 50 KB to the pages' binary for this one check.
func CheckResolver(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) < len("https://") || !strings.EqualFold(s[:len("https://")], "https://") {
		return "", ErrResolverURL
	}
	authority := s[len("https://"):]
	path := ""
	if i := strings.IndexAny(authority, "/?"); i >= 0 {
		authority, path = authority[:i], authority[i:]
	}
	host, port, hasPort := strings.Cut(authority, ":")
	if !hostName(host) || hasPort && !digits(port) {
		return "", ErrResolverURL
	}
	for i := 0; i < len(path); i++ {
		if c := path[i]; c <= ' ' || c >= 0x7f || c == '#' || c == '\\' {
			return "", ErrResolverURL
		}
	}
	if path == "" || path[0] == '?' {
		path = "/" + path
	}
	return "https://" + strings.ToLower(authority) + path, nil
}

func hostName(h string) bool {
	if h == "" || len(h) > 253 || h[0] == '.' || h[0] == '-' || h[len(h)-1] == '.' || h[len(h)-1] == '-' {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i] | 0x20
		if !(c >= 'a' && c <= 'z' || h[i] >= '0' && h[i] <= '9' || h[i] == '.' || h[i] == '-') {
			return false
		}
	}
	return true
}

func digits(s string) bool {
	if s == "" || len(s) > 5 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Origin is the resolver's origin pattern for permissions.request (a match
// pattern names no port).
func Origin(resolver string) string {
	authority := strings.TrimPrefix(resolver, "https://")
	if i := strings.IndexAny(authority, "/?:"); i >= 0 {
		authority = authority[:i]
	}
	return "https://" + authority + "/*"
}

// Request returns the URL of the one GET request that asks resolver for
// domain's MX records: ?dns= the query, base64url without padding (RFC 8484
// §4.1). The message ID is 0, as RFC 8484 §4.1 recommends for GET.
func Request(resolver, domain string) (string, error) {
	q, err := Query(domain)
	if err != nil {
		return "", err
	}
	sep := "?"
	if strings.Contains(resolver, "?") {
		sep = "&"
	}
	return resolver + sep + "dns=" + base64.RawURLEncoding.EncodeToString(q), nil
}

// Query is the wire-format question "MX of domain", recursion desired.
func Query(domain string) ([]byte, error) {
	name, err := fqdn(domain)
	if err != nil {
		return nil, err
	}
	b := dnsmessage.NewBuilder(make([]byte, 0, 64), dnsmessage.Header{RecursionDesired: true})
	if err := b.StartQuestions(); err != nil {
		return nil, err
	}
	if err := b.Question(dnsmessage.Question{Name: name, Type: dnsmessage.TypeMX, Class: dnsmessage.ClassINET}); err != nil {
		return nil, ErrDomain
	}
	return b.Finish()
}

// fqdn checks a domain as typed after the @ and makes it a DNS name: ASCII
// letters, digits, hyphens and dots, labels of 1 to 63, at least two labels.
// (The page gives an internationalised domain in its ASCII form, converted
// by the browser: IDNA tables in Go would add to the binary.)
func fqdn(domain string) (dnsmessage.Name, error) {
	d := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(domain), "."))
	labels := strings.Split(d, ".")
	if len(d) > 253 || len(labels) < 2 {
		return dnsmessage.Name{}, ErrDomain
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return dnsmessage.Name{}, ErrDomain
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return dnsmessage.Name{}, ErrDomain
			}
		}
	}
	return dnsmessage.NewName(d + ".")
}

// MX reads the resolver's answer to Query(domain): the mail server hosts,
// lowercase, without the final dot, best preference first.
func MX(domain string, answer []byte) ([]string, error) {
	want, err := fqdn(domain)
	if err != nil {
		return nil, err
	}
	var p dnsmessage.Parser
	h, err := p.Start(answer)
	if err != nil || !h.Response || h.ID != 0 {
		return nil, ErrGarbage
	}
	qs, err := p.AllQuestions()
	if err != nil || len(qs) != 1 || !strings.EqualFold(qs[0].Name.String(), want.String()) || qs[0].Type != dnsmessage.TypeMX {
		return nil, ErrGarbage
	}
	switch h.RCode {
	case dnsmessage.RCodeSuccess:
	case dnsmessage.RCodeNameError:
		return nil, ErrNoDomain
	default:
		return nil, ErrResolver
	}
	type mx struct {
		pref uint16
		host string
	}
	var found []mx
	for {
		ah, err := p.AnswerHeader()
		if err == dnsmessage.ErrSectionDone {
			break
		}
		if err != nil {
			return nil, ErrGarbage
		}
		if ah.Type != dnsmessage.TypeMX || ah.Class != dnsmessage.ClassINET {
			if p.SkipAnswer() != nil {
				return nil, ErrGarbage
			}
			continue
		}
		r, err := p.MXResource()
		if err != nil {
			return nil, ErrGarbage
		}
		host := strings.ToLower(strings.TrimSuffix(r.MX.String(), "."))
		// "." is a null MX (RFC 7505): the domain takes no mail.
		if host == "" {
			continue
		}
		// Insertion by preference: a handful of records, no sort package.
		i := len(found)
		found = append(found, mx{r.Pref, host})
		for ; i > 0 && found[i-1].pref > r.Pref; i-- {
			found[i] = found[i-1]
		}
		found[i] = mx{r.Pref, host}
	}
	if len(found) == 0 {
		return nil, ErrNoMX
	}
	hosts := make([]string, len(found))
	for i, f := range found {
		hosts[i] = f.host
	}
	return hosts, nil
}
