package review

import (
	"mailkey/wasm/kb"
)

// evidence is what a pasted text says about its provider.
type evidence struct {
	said          []*kb.Provider // named by what the server said: refusals and phrases
	hosts         []*kb.Provider // named by server and page host names
	addresses     []*kb.Provider // named by the domains of addresses
	ruledOut      []*kb.Provider // a phrase says it is none of these
	unknownServer bool           // a mail server the knowledge base does not know is named
	refused       bool           // the text has a refusal's words, codes or phrases
	found         []kbMatch      // the knowledge base's refusals found, strong ones first
	phrases       []foundPhrase  // the phrases found, in table order
	meaning       Meaning        // what the provider-neutral phrases say; "" for nothing
}

type kbMatch struct {
	provider *kb.Provider
	refusal  *kb.Refusal
}

type foundPhrase struct {
	providers []*kb.Provider
	means     Meaning
}

// gather reads the texts (each variant of the pasted text, and its
// lowercased, normalized form) for evidence.
func gather(k *kb.KB, variants, lower []string) evidence {
	var ev evidence
	found := matchRefusals(k, variants...)
	for _, m := range found {
		ev.refused = true
		if weak(m.refusal) {
			continue
		}
		ev.said = add(ev.said, m.provider)
		ev.found = append(ev.found, m)
	}
	for _, m := range found { // the weak ones after the strong
		if weak(m.refusal) {
			ev.found = append(ev.found, m)
		}
	}
	for i := range phrases {
		ph := &phrases[i]
		if !ph.in(lower) {
			continue
		}
		ps := ph.resolve(k)
		ev.refused = ev.refused || ph.means != ""
		ev.ruledOut = union(ev.ruledOut, resolveIDs(k, ph.not))
		if len(ps) > 0 {
			ev.said = union(ev.said, ps)
			ev.phrases = append(ev.phrases, foundPhrase{ps, ph.means})
		}
	}
	for i := range meaningPhrases {
		if ph := &meaningPhrases[i]; ph.in(lower) {
			ev.meaning = ph.means
			break
		}
	}
	for _, l := range lower {
		hosts, domains := hostsIn(l)
		for _, h := range hosts {
			ps := resolveHost(k, h)
			ev.hosts = union(ev.hosts, ps)
			ev.unknownServer = ev.unknownServer || len(ps) == 0 && looksMailServer(h)
		}
		for _, d := range domains {
			if p := k.ByAddress("x@" + d); p != nil {
				ev.addresses = add(ev.addresses, p)
			} else {
				// user@server, as some programs write it
				ev.hosts = union(ev.hosts, resolveHost(k, d))
			}
		}
	}
	return ev
}

// meaningFor is what the text means at provider p: its own phrases first,
// then what any provider's would mean, then what its refusal found says.
func (ev *evidence) meaningFor(p *kb.Provider) Match {
	m := Match{Provider: p}
	for _, f := range ev.found {
		if f.provider == p {
			m.Refusal = f.refusal
			break
		}
	}
	for _, f := range ev.phrases {
		if f.means != "" && contains(f.providers, p) {
			m.Meaning = f.means
			return m
		}
	}
	switch {
	case ev.meaning != "":
		m.Meaning = ev.meaning
	case m.Refusal != nil && !m.Refusal.Ambiguous:
		m.Meaning = MeansSpecialPassword
	default:
		m.Meaning = MeansRejected
	}
	return m
}
