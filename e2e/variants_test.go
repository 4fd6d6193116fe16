package e2e

import (
	"context"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mailkey/internal/browser"
	"mailkey/internal/variants"
)

var (
	allVariants  = flag.Bool("variants.all", false, "run the whole variant matrix, not CI's sample")
	onlyVariants = flag.String("variants.only", "", "run only the variants whose name holds this text")
)

// readDeepHints returns the text of every hint in the tab's top document,
// its open shadow roots and its same-origin frames, read through the
// content script's world (the hint's root is closed to the page).
const readDeepHints = `(() => {
  const out = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if (el.localName === 'mailkey-hint') {
        const r = chrome.dom.openOrClosedShadowRoot(el);
        const p = r && r.querySelector('.panel');
        out.push(p ? p.innerText : '');
      }
      if (el.shadowRoot) walk(el.shadowRoot);
      if (el.localName === 'iframe') { try { if (el.contentDocument) walk(el.contentDocument); } catch (e) {} }
    }
  };
  walk(document);
  return out;
})()`

// TestVariants types an address, as a person would, into forms generated in
// many shapes (internal/variants) and checks that the hint names the right
// provider for a collector, and that no hint shows on the negatives. It
// prints the pass rate per dimension. CI runs a sample in which every value
// of every dimension occurs; -variants.all runs the whole matrix.
func TestVariants(t *testing.T) {
	b, _ := launch(t, "")
	names, err := variants.ProviderNames()
	if err != nil {
		t.Fatal(err)
	}
	list := variants.Sample(44)
	if *allVariants {
		list = variants.Matrix()
	}
	if *onlyVariants != "" {
		var some []variants.Variant
		for _, v := range list {
			if strings.Contains(v.Name(), *onlyVariants) {
				some = append(some, v)
			}
		}
		list = some
	}
	type result struct {
		v   variants.Variant
		err error
	}
	results := make([]result, len(list))
	var wg sync.WaitGroup
	work := make(chan int)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				results[i] = result{list[i], tryVariant(b, list[i], names)}
			}
		}()
	}
	start := time.Now()
	for i := range list {
		work <- i
		if i%10 == 9 {
			fmt.Fprintf(os.Stderr, "variants: %d/%d started (%s)\n", i+1, len(list), time.Since(start).Round(time.Second))
		}
	}
	close(work)
	wg.Wait()

	// The table: pass rate per value of each dimension.
	dims := []struct {
		name string
		of   func(variants.Variant) string
	}{
		{"kind", func(v variants.Variant) string { return v.Kind }},
		{"label", func(v variants.Variant) string { return v.Label }},
		{"lang", func(v variants.Variant) string { return v.Lang }},
		{"place", func(v variants.Variant) string { return v.Place }},
		{"timing", func(v variants.Variant) string { return v.Timing }},
		{"insert", func(v variants.Variant) string { return v.Insert }},
		{"host", func(v variants.Variant) string { return v.Host }},
	}
	var table strings.Builder
	fmt.Fprintf(&table, "%-10s %-20s %s\n", "dimension", "value", "passed")
	for _, d := range dims {
		pass, total := map[string]int{}, map[string]int{}
		for _, r := range results {
			total[d.of(r.v)]++
			if r.err == nil {
				pass[d.of(r.v)]++
			}
		}
		keys := make([]string, 0, len(total))
		for k := range total {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&table, "%-10s %-20s %d/%d\n", d.name, k, pass[k], total[k])
		}
	}
	failed := 0
	for _, r := range results {
		if r.err != nil {
			failed++
			t.Errorf("%s: %v", r.v.Name(), r.err)
		}
	}
	t.Logf("variants: %d of %d passed in %s\n%s", len(results)-failed, len(results), time.Since(start).Round(time.Second), table.String())
}

// tryVariant opens one variant in a new tab, waits for its form, types the
// address with real key events and checks the hint.
func tryVariant(b *browser.Browser, v variants.Variant, names map[string][]string) error {
	tab, cancel := b.NewTab()
	defer cancel()
	ctx, cancel2 := context.WithTimeout(tab, 40*time.Second)
	defer cancel2()
	if err := chromedp.Run(ctx, chromedp.Navigate(v.URL())); err != nil {
		return err
	}
	field := "addr"
	switch v.Kind {
	case "changepw":
		field = "old"
	case "separatepw":
		field = "pw"
	}
	top := "https://" + v.Host + "/_mkv/"
	if err := b.EvalInContentScript(ctx, top, recordMessages, nil); err != nil {
		return err
	}
	ready := `(() => { const el = window.mkField && window.mkField(` + quote(field) + `); if (!el) return false; el.focus(); return true; })()`
	if v.Timing == "rerender" {
		time.Sleep(800 * time.Millisecond) // a person types into the form as drawn last
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		var ok bool
		if err := b.EvalInFrame(ctx, top, ready, &ok); err != nil {
			return fmt.Errorf("form: %w", err)
		}
		if ok {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the form never showed")
		}
		time.Sleep(100 * time.Millisecond)
	}
	text := v.Addr
	if field == "pw" {
		text = "sentinel-Pa55"
	}
	if err := chromedp.Run(ctx, chromedp.KeyEvent(text)); err != nil {
		return err
	}
	want := v.Want()
	wait := 8 * time.Second
	if want == "" {
		wait = 2500 * time.Millisecond
	}
	var seen []string
	for end := time.Now().Add(wait); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		seen = nil
		if err := b.EvalInContentScript(ctx, top, readDeepHints, &seen); err != nil {
			return fmt.Errorf("reading the hint: %w", err)
		}
		if want != "" && len(seen) == 1 && variants.Names(seen[0], names[want]) {
			return nil
		}
		if want == "" && len(seen) > 0 {
			return fmt.Errorf("a hint on a form that connects no mailbox: %.120q", seen[0])
		}
	}
	if want == "" {
		return nil
	}
	if len(seen) == 0 {
		var sent []string
		_ = b.EvalInContentScript(ctx, top, `globalThis.__sent || []`, &sent)
		if len(sent) > 4 {
			sent = sent[len(sent)-4:]
		}
		var console []string
		for _, m := range b.TabConsole(tab) {
			console = append(console, m.Text)
		}
		return fmt.Errorf("no hint; the top frame's last messages: %s; console: %.600s", strings.Join(sent, "\n"), strings.Join(console, "\n"))
	}
	return fmt.Errorf("%d hint(s), none naming %s: %.160q", len(seen), want, seen)
}
