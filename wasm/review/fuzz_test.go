package review_test

import (
	"strings"
	"testing"

	"mailkey/wasm/review"
)

// FuzzDecode: Decode never panics, and what it returns keeps to the rules:
// matches only of knowledge-base providers and their refusals, Shared and
// Generic consistent, the repaired text valid UTF-8. Decoding is
// deterministic.
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
	f.Fuzz(func(t *testing.T, text string) {
		res := review.Decode(text, k)
		checkResult(t, k, text, res)
		again := review.Decode(text, k)
		if len(again.Matches) != len(res.Matches) || again.Repaired != res.Repaired || again.Generic != res.Generic {
			t.Fatalf("Decode(%q) is not deterministic", text)
		}
	})
}
