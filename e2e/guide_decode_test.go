package e2e

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The Guide's decoder reads the pasted error together with the address typed
// above it: the address decides among the providers a text fits, and names
// the provider of a text any server sends. What only one provider says names
// it without an address; what many servers say names no one.
func TestGuideDecoderWithAddress(t *testing.T) {
	b, _ := launch(t, "en-US")
	ctx := openPopup(t, b)
	clickSel(t, ctx, "#tab-guide")

	setVal(t, ctx, "#decode-text", "S: a0 NO [AUTHENTICATIONFAILED] LOGIN Invalid credentials")
	out := waitText(t, ctx, "#decode-out", "Several providers")
	if err := contains(out, "Yahoo Mail says", "AOL Mail says"); err != nil {
		t.Errorf("one of these: %v\n%s", err, out)
	}
	setVal(t, ctx, "#guide-address", "someone@aol.com")
	out = waitText(t, ctx, "#decode-out", "Read together with the address someone@aol.com")
	if strings.Contains(out, "Yahoo Mail says") || !strings.Contains(out, "AOL Mail says") {
		t.Errorf("the address did not decide:\n%s", out)
	}

	setVal(t, ctx, "#guide-address", "")
	setVal(t, ctx, "#decode-text", "NO LOGIN failed.")
	out = waitText(t, ctx, "#decode-out", "does not say which provider")
	if strings.Contains(out, " says") {
		t.Errorf("a text any server sends named a provider:\n%s", out)
	}
	setVal(t, ctx, "#guide-address", "someone@outlook.com")
	waitText(t, ctx, "#decode-out", "Read together with the address someone@outlook.com")
	if out := text(t, ctx, "#decode-out"); !strings.Contains(out, "Outlook.com") || !strings.Contains(out, " says") {
		t.Errorf("the address did not name Outlook.com:\n%s", out)
	}

	setVal(t, ctx, "#guide-address", "")
	setVal(t, ctx, "#decode-text", "Error: Invalid login: 535 5.7.139 Authentication unsuccessful, basic authentication is disabled. [PN0PR01CA0024.INDPRD01.PROD.OUTLOOK.COM]")
	out = waitText(t, ctx, "#decode-out", "turned passwords off")
	if !strings.Contains(out, "Outlook.com") || !strings.Contains(out, " says") {
		t.Errorf("the meaning is missing:\n%s", out)
	}
}

// A paste of any size or garbage is answered within 50 ms in the popup
// (decoding and drawing, in the browser's wasm). The fastest of seven runs
// must keep to the budget, so that other processes on a busy machine do not
// count; the median is logged.
func TestGuideDecoderBadInputTime(t *testing.T) {
	b, _ := launch(t, "en-US")
	ctx := openPopup(t, b)
	clickSel(t, ctx, "#tab-guide")
	rng := rand.New(rand.NewPCG(3, 4))
	random := func(n int, alphabet []rune) string {
		var s strings.Builder
		for s.Len() < n {
			s.WriteRune(alphabet[rng.IntN(len(alphabet))])
		}
		return s.String()
	}
	var latin1 []rune
	for r := rune(0x80); r <= 0xFF; r++ {
		latin1 = append(latin1, r)
	}
	inputs := map[string]string{
		"a 200 KB log":      strings.Repeat("SERVER -> CLIENT: 250-PIPELINING smtp.example.com\n", 4000),
		"mojibake":          random(12<<10, latin1),
		"mixed scripts":     random(10<<10, []rune("请使用授权码Неверный пароль كلمة 비밀번호 🙂\u200bÃ©ç”¨ smtp.qq.com x@163.com 535 ")),
		"U+FFFD":            strings.Repeat("\ufffd", 4000),
		"refusal in a heap": random(7<<10, latin1) + " NO [ALERT] Application-specific password required",
	}
	var all []float64
	for name, paste := range inputs {
		var times []float64
		for range 7 {
			var ms float64
			expr := `(() => { const e = document.querySelector('#decode-text'); e.value = ''; e.dispatchEvent(new Event('input'));
			  const t0 = performance.now(); e.value = ` + quote(paste) + `; e.dispatchEvent(new Event('input', {bubbles: true}));
			  return performance.now() - t0; })()`
			if err := chromedp.Run(ctx, chromedp.Evaluate(expr, &ms)); err != nil {
				t.Fatal(err)
			}
			times = append(times, ms)
		}
		slices.Sort(times)
		t.Logf("%s: fastest %.1f ms, median %.1f ms", name, times[0], times[len(times)/2])
		if times[0] > 50 {
			t.Errorf("%s: %.1f ms at the fastest, over 50 ms", name, times[0])
		}
		if out := text(t, ctx, "#decode-out"); out == "" {
			t.Errorf("%s: no answer", name)
		}
		all = append(all, times...)
	}
	slices.Sort(all)
	t.Logf("all bad inputs: median %.1f ms, p90 %.1f ms", all[len(all)/2], all[len(all)*9/10])
}
