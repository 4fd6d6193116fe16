package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"mailkey/wasm/wire"
)

// The sensor's bounds (wasm/wire): the elements one walk looks at for
// shadow roots and blank frames, and the roots (the document, open shadow
// roots, same-origin frames without a URL of their own) one scan reads.
var (
	maxWalk  = wire.Limit.Walk
	maxRoots = wire.Limit.Roots
)

const (
	// maxShare is the most of a page's time the sensor may take while the
	// page keeps changing: the back-off aims at a fifth, but it waits by the
	// last scan's time and the next may take longer. How often the page's
	// own timer fires is logged, not judged: on a loaded machine a page of
	// 1,000 frames stalls by itself.
	maxShare = 1.0 / 3
)

// TestHostileDOMs loads DOMs far bigger than any webmail's (100,000
// elements; 1,000 blank and srcdoc frames; open shadow roots 50 deep, see
// internal/sites hostile_dom) with a collector form placed last, and checks
// that the hint for the form still shows, that a scan stays within the
// bounds, and that the page keeps answering while the sensor scans it.
func TestHostileDOMs(t *testing.T) {
	b, ctx := launchFor(t, "zh-CN", 10*time.Minute)
	await := func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }
	// The page of frames comes last: leaving it can take minutes under load.
	for _, kind := range []string{"nodes", "shadow", "frames"} {
		t.Run(kind, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(ctx, 4*time.Minute)
			defer cancel()
			url := site.URL("mail.qq.com", "/cgi-bin/hostile_dom?kind="+kind)
			var count struct{ Elements, Frames, Roots int }
			if err := chromedp.Run(ctx, chromedp.Navigate(url), chromedp.Evaluate(`mkDom.ready.then(() => mkDom.count())`, &count, await)); err != nil {
				t.Fatal(err)
			}
			switch {
			case kind == "nodes" && count.Elements < 100000, kind == "frames" && count.Frames != 1000, kind == "shadow" && count.Roots != 51:
				t.Fatalf("the page is not as hostile as it says: %+v", count)
			}
			var seen []string
			for end := time.Now().Add(30 * time.Second); time.Now().Before(end); time.Sleep(200 * time.Millisecond) {
				seen = nil
				if err := b.EvalInContentScript(ctx, url, readDeepHints, &seen); err != nil {
					t.Fatal(err)
				}
				if len(seen) > 0 {
					break
				}
			}
			if len(seen) != 1 || !strings.Contains(seen[0], "Gmail") {
				t.Fatalf("the collector form's hint (Gmail) among %+v: %.200q", count, seen)
			}

			// The page changes every 100 ms for 6 s, a page that never
			// settles: the sensor keeps scanning it, within the bounds, and
			// takes at most a third of its time; the page's 10 ms timer
			// keeps firing.
			var before, after struct{ Scans, Total, MaxMs, Walked, Roots, End float64 }
			if err := b.EvalInContentScript(ctx, url, `globalThis.mailkeySensorWork`, &before); err != nil {
				t.Fatal(err)
			}
			var probe struct{ Ticks, MaxGap float64 }
			if err := chromedp.Run(ctx, chromedp.Evaluate(`mkDom.churn(6000)`, &probe, await)); err != nil {
				t.Fatal(err)
			}
			// A scan may still wait its turn (a slow one's back-off).
			for end := time.Now().Add(30 * time.Second); after.Scans <= before.Scans && time.Now().Before(end); time.Sleep(200 * time.Millisecond) {
				if err := b.EvalInContentScript(ctx, url, `globalThis.mailkeySensorWork`, &after); err != nil {
					t.Fatal(err)
				}
			}
			if after.Scans <= before.Scans {
				t.Fatalf("no scan after the page changed: %+v", after)
			}
			// From the end of the scan before to the end of the last one.
			share := (after.Total - before.Total) / (after.End - before.End)
			if after.Walked > float64(maxWalk) || after.Roots > float64(maxRoots) {
				t.Errorf("a scan beyond the bounds: %+v (at most %d elements walked, %d roots)", after, maxWalk, maxRoots)
			}
			if share > maxShare {
				t.Errorf("the sensor took %.0f%% of the page's %.1f s (%.0f scans, the longest %.0f ms)", share*100, (after.End-before.End)/1000, after.Scans-before.Scans, after.MaxMs)
			}
			if probe.Ticks == 0 {
				t.Errorf("the page's 10 ms timer stopped while the sensor scanned it")
			}
			t.Logf("%+v; the sensor: %+v, %.0f%% of the time; the page's timer: %+v", count, after, share*100, probe)
		})
	}
}
