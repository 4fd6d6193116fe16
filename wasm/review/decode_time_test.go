package review_test

import (
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"mailkey/wasm/review"
)

// badInputs are pasted texts of the worst kinds: long, garbled, mixed.
func badInputs() map[string]string {
	rng := rand.New(rand.NewPCG(1, 2))
	random := func(n int, alphabet []rune) string {
		var b strings.Builder
		for b.Len() < n {
			b.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		return b.String()
	}
	var latin1 []rune
	for r := rune(0x80); r <= 0xFF; r++ {
		latin1 = append(latin1, r)
	}
	bytes := make([]byte, 1<<20)
	for i := range bytes {
		bytes[i] = byte(rng.IntN(256))
	}
	mixed := []rune("请使用授权码登录Неверный пароль كلمة المرور 비밀번호 パスワード 🙂\u200b\u00a0Ã©ç”¨ smtp.qq.com x@163.com 535 ")
	return map[string]string{
		"1 MB of a log":                  strings.Repeat("2020-04-20 13:29:43 SERVER -> CLIENT: 250-PIPELINING smtp.example.com\n", 1<<20/70),
		"mojibake of every high byte":    random(12<<10, latin1),
		"mojibake with lost bytes":       strings.Repeat("è¯·ä½¿ç”¨æŽˆæƒç ç™»å½•", 800),
		"random bytes":                   string(bytes),
		"mixed scripts":                  random(10<<10, mixed),
		"host names":                     strings.Repeat("imap.a1.b2.c3.d4.e5.f6.g7.h8.i9.prod.outlook.com ", 400),
		"addresses":                      strings.Repeat("a@b@c@d@e.qq.com@f.163.com ", 600),
		"one long dotted token":          strings.Repeat("a.", 6000) + "com",
		"535 everywhere":                 strings.Repeat("535 5.7.8 ", 2000),
		"U+FFFD everywhere":              strings.Repeat("\ufffd", 4000),
		"refusal after garbage":          random(7<<10, latin1) + " NO [ALERT] Application-specific password required",
		"every knowledge-base host name": strings.Repeat("pop.qq.com imap.gmail.com smtp.office365.com imap.mail.me.com ", 150),
	}
}

// Bad input gets an answer or "not recognised" within 50 ms (here natively;
// BenchmarkDecodeBadInput gives the figure), and never a crash. The fastest
// of nine runs must keep to the budget, so that other processes on a busy
// machine do not count; the median is logged.
func TestDecodeBadInputTime(t *testing.T) {
	k := loadKB(t)
	for name, text := range badInputs() {
		var times []time.Duration
		for range 9 {
			start := time.Now()
			res := review.Decode(text, k)
			times = append(times, time.Since(start))
			checkResult(t, k, text, res)
		}
		slices.Sort(times)
		t.Logf("%s: fastest %v, median %v", name, times[0], times[len(times)/2])
		if times[0] > 50*time.Millisecond {
			t.Errorf("%s: %v at the fastest, over 50 ms", name, times[0])
		}
	}
}

// BenchmarkDecodeBadInput decodes each of the bad inputs (one sub-benchmark
// each, in a stable order).
func BenchmarkDecodeBadInput(b *testing.B) {
	k := loadKB(b)
	inputs := badInputs()
	names := slices.Sorted(maps.Keys(inputs))
	for _, name := range names {
		b.Run(strings.ReplaceAll(name, " ", "_"), func(b *testing.B) {
			for b.Loop() {
				review.Decode(inputs[name], k)
			}
		})
	}
}

// BenchmarkDecodeCorpus decodes every text of the corpus once per iteration.
func BenchmarkDecodeCorpus(b *testing.B) {
	k := loadKB(b)
	data := loadCorpus(b)
	for b.Loop() {
		for _, e := range data {
			review.Decode(e.Text, k)
		}
	}
}
