// Package mx names the provider that hosts a custom domain's mail from the
// domain's MX hosts (found by the opt-in lookup, see package doh): which
// host names each provider's mail servers have, each with its sources and
// check date. Only the extension pages load it; the service worker never
// does, so its data stays out of worker.wasm.
package mx

import (
	_ "embed" // the patterns, as a string
	"errors"
	"strings"

	"mailkey/wasm/jsonv"
	"mailkey/wasm/kb"
)

//go:embed mx.json
var data string

// Pattern is a set of MX host names that belong to one provider: a host
// matches when it is one of them or ends with "." and one of them.
type Pattern struct {
	Provider string
	Hosts    []string
	kb.Fact
}

// Table is the loaded patterns and the sources they cite.
type Table struct {
	Patterns []Pattern
	Sources  map[string]string
	Checked  string
}

// Load reads the embedded patterns; every provider must be in k.
func Load(k *kb.KB) (*Table, error) {
	root, err := jsonv.ParseString(data, jsonv.Limits{})
	if err != nil {
		return nil, err
	}
	t := &Table{Sources: map[string]string{}, Checked: root.GetStr("checked")}
	if src, ok := root.Get("sources"); ok {
		for _, m := range src.Members() {
			t.Sources[m.Key], _ = m.Value.Str()
		}
	}
	list, _ := root.Get("patterns")
	for _, v := range list.Items() {
		p := Pattern{Provider: v.GetStr("provider"), Fact: kb.Fact{Checked: v.GetStr("checked"), Uncertain: v.GetStr("uncertain"),
			Since: v.GetStr("since")}}
		p.Hosts = stringsOf(v, "hosts")
		p.Sources = stringsOf(v, "sources")
		if k.ByID(p.Provider) == nil {
			return nil, errors.New("mx.json: unknown provider " + p.Provider)
		}
		t.Patterns = append(t.Patterns, p)
	}
	return t, nil
}

func stringsOf(v jsonv.Value, key string) []string {
	x, _ := v.Get(key)
	var out []string
	for _, it := range x.Items() {
		if s, ok := it.Str(); ok {
			out = append(out, s)
		}
	}
	return out
}

// Match is the provider one domain's MX hosts belong to.
type Match struct {
	Provider  string
	Host      string // the first MX host that matched
	Uncertain bool   // a pattern not confirmed by its sources matched
}

// Providers returns the providers the MX hosts (best first) belong to, in
// the order of the hosts; none when no host is known. More than one means
// the domain's mail goes through several (a filtering service in front of
// a mailbox provider, or a move half done): the page says so, never guesses.
func (t *Table) Providers(hosts []string) []Match {
	var out []Match
	for _, h := range hosts {
		h = strings.ToLower(strings.TrimSuffix(h, "."))
		for _, p := range t.Patterns {
			if !p.matches(h) {
				continue
			}
			seen := false
			for i := range out {
				if out[i].Provider == p.Provider {
					seen = true
					out[i].Uncertain = out[i].Uncertain && p.Uncertain != ""
				}
			}
			if !seen {
				out = append(out, Match{Provider: p.Provider, Host: h, Uncertain: p.Uncertain != ""})
			}
		}
	}
	return out
}

func (p Pattern) matches(host string) bool {
	for _, s := range p.Hosts {
		if host == s || strings.HasSuffix(host, "."+s) {
			return true
		}
	}
	return false
}
