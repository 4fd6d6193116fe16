package review

import "mailkey/wasm/kb"

// PageRefusals reads a text shown on a provider's page (a collector's
// "could not fetch" message) with the decoder, for the classifier: the
// providers it names, each with the knowledge base's refusal found or, when
// the decoder knew the text from its own phrases, a refusal standing for its
// meaning. A text counts anywhere when it is a provider's own refusal; one
// with only the words any server uses counts next to a form (nearForm) when
// it names a server. (When only the address typed in the form (address)
// would name the provider, the classifier's generic refusal says as much.)
// A page's text needs no mojibake repair, and is read without.
func PageRefusals(k *kb.KB, text, address string, nearForm bool) []kb.RefusalMatch {
	res := decode(text, address, k, nil)
	if !res.Specific && !(nearForm && res.Refused && !res.ByAddress) {
		return nil
	}
	var out []kb.RefusalMatch
	for _, m := range res.Matches {
		r := m.Refusal
		if r == nil {
			r = &kb.Refusal{Example: text, Meaning: m.Meaning.MessageKey(), Ambiguous: m.Meaning == MeansRejected}
		}
		out = append(out, kb.RefusalMatch{Provider: m.Provider, Refusal: r})
	}
	return out
}
