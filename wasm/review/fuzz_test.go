package review_test

import (
	"strings"
	"testing"

	"mailkey/wasm/review"
)

// FuzzDecode: Decode and DecodeFor never panic, and what they return keeps
// to the rules (see checkResult): matches only of knowledge-base providers
// and their refusals, Shared and Generic consistent, the repaired text valid
// UTF-8. Decoding is deterministic. The seeds are the knowledge base's
// refusals, garbled, and the corpus's real texts.
func FuzzDecode(f *testing.F) {
	k := loadKB(f)
	for _, p := range k.Providers {
		for _, r := range p.Refusals {
			f.Add(r.Example)
			f.Add(as1252(r.Example, keepC1))
			f.Add(as1252(r.Example, dropped))
			f.Add(as1252(r.Example, replace))
		}
	}
	for _, s := range []string{"", "è¯·ä½¿ç”¨æŽˆæƒç ç™»å½•", "ÇëÊ¹ÓÃÊÚÈ¨ÂëµÇÂ¼", "ÃÜÂë´íÎó", "535", "\xff\xfe",
		"æƒ æƒ æƒ æƒ æƒ æƒ æƒ æƒ æƒ", "ð\u009d\u0081", "\ufffd\ufffd", "Ã" + strings.Repeat("\u0081", 3)} {
		f.Add(s)
	}
	for _, e := range loadCorpus(f) {
		f.Add(e.Text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		res := review.Decode(text, k)
		checkResult(t, k, text, res)
		if len(text) < 256 { // the text read with an address made of it, as a person may type
			checkResult(t, k, text, review.DecodeFor(text, "me@"+text, k))
		}
		again := review.Decode(text, k)
		if len(again.Matches) != len(res.Matches) || again.Repaired != res.Repaired || again.Generic != res.Generic {
			t.Fatalf("Decode(%q) is not deterministic", text)
		}
	})
}
