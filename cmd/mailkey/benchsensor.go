package main

import (
	"context"
	"fmt"
	"time"

	"github.com/chromedp/cdproto/performance"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"mailkey/internal/browser"
	"mailkey/internal/sites"
)

// The sensor's cost where pages are hostile to it: a mailbox list that
// changes 100 times a second for 10 s, and DOMs far bigger than any real
// webmail's (internal/sites: mail_list_busy and hostile_dom). CPU time is
// the tab's, from CDP's Performance.getMetrics (ScriptDuration: all
// JavaScript, the content script's included; TaskDuration: all main-thread
// work, the style and layout the sensor forces included), with Mailkey and
// with no extension at all on the same page: the floor.
const (
	busyList   = "https://mail.qq.com/cgi-bin/mail_list_busy"
	hostileDOM = "https://mail.qq.com/cgi-bin/hostile_dom?kind="
	busySecs   = 10
	busyRate   = 100
	// scansPerDOM is how many scans of each hostile DOM one run times.
	scansPerDOM = 5
)

// hostileKinds are hostile_dom's pages, as the table names them. The page of
// frames comes last: leaving it can take minutes under load.
var hostileKinds = []struct{ kind, what string }{
	{"nodes", "100,000 elements"},
	{"shadow", "open shadow roots 50 deep"},
	{"frames", "1,000 same-origin frames without a URL (blank and srcdoc)"},
}

// cpu is the tab's main-thread time in ms.
type cpu struct{ script, task float64 }

func (c cpu) minus(d cpu) cpu { return cpu{c.script - d.script, c.task - d.task} }

// busyRun is one busy page's 10 s: the CPU the tab spent, the scans the
// sensor made and the snapshots the service worker received.
type busyRun struct {
	cpu              cpu
	scans, snapshots float64
}

// domRun is one scan of a hostile DOM: the sensor's own time for it (its
// snapshot and serialisation, the layout it forces included), what its
// walk visited, and the longest stall of the page's 10 ms timer meanwhile.
type domRun struct{ scanMs, walked, roots, maxGap float64 }

type sensorFigures struct {
	busy, busyFloor []busyRun
	dom, domFloor   map[string][]domRun
	build           map[string][]float64 // the page's own build time, ms, without extension
}

// sensorBench measures runs times with Mailkey (dir) and without.
func sensorBench(dir string, srv *sites.Server, runs int) (sensorFigures, error) {
	f := sensorFigures{dom: map[string][]domRun{}, domFloor: map[string][]domRun{}, build: map[string][]float64{}}
	for i := 0; i < runs; i++ {
		for _, exts := range [][]string{{dir}, nil} {
			if err := sensorRun(exts, srv, &f); err != nil {
				return f, err
			}
		}
	}
	return f, nil
}

func sensorRun(exts []string, srv *sites.Server, f *sensorFigures) error {
	b, err := browser.Launch(context.Background(), browser.Options{ExtensionDirs: exts, Sites: srv, Lang: "zh-CN"})
	if err != nil {
		return err
	}
	defer b.Close()
	tab, cancel := b.NewTab()
	defer cancel()
	ctx, cancelT := context.WithTimeout(tab, 10*time.Minute)
	defer cancelT()
	if err := chromedp.Run(ctx, performance.Enable()); err != nil {
		return err
	}
	with := len(exts) > 0
	busy, err := busyPage(ctx, b, with)
	if err != nil {
		return fmt.Errorf("busy page: %w", err)
	}
	if with {
		f.busy = append(f.busy, busy)
	} else {
		f.busyFloor = append(f.busyFloor, busy)
	}
	for _, k := range hostileKinds {
		runs, build, err := hostilePage(ctx, b, k.kind, with)
		if err != nil {
			return fmt.Errorf("hostile DOM %s: %w", k.kind, err)
		}
		if with {
			f.dom[k.kind] = append(f.dom[k.kind], runs...)
		} else {
			f.domFloor[k.kind] = append(f.domFloor[k.kind], runs...)
			f.build[k.kind] = append(f.build[k.kind], build)
		}
	}
	return nil
}

// busyPage loads the busy list, lets it settle, then times its 10 s of
// changes. The changes start from a call after the load event: a page that
// changes from its first moment still fires load (chromedp.Navigate waits
// for Page.loadEventFired, nothing else).
func busyPage(ctx context.Context, b *browser.Browser, with bool) (busyRun, error) {
	var r busyRun
	if err := chromedp.Run(ctx, chromedp.Navigate(busyList)); err != nil {
		return r, err
	}
	time.Sleep(time.Second) // the first scan answered
	var counter *workerCounter
	if with {
		c, err := countSnapshots(b)
		if err != nil {
			return r, err
		}
		defer c.close()
		counter = c
	}
	work0, err := sensorWork(ctx, b, with, busyList)
	if err != nil {
		return r, err
	}
	cpu0, err := tabCPU(ctx)
	if err != nil {
		return r, err
	}
	var done struct{ Changes float64 }
	expr := fmt.Sprintf(`mkBusy.run(%d, %d)`, busySecs, busyRate)
	if err := chromedp.Run(ctx, chromedp.Evaluate(expr, &done, awaitPromise)); err != nil {
		return r, err
	}
	if done.Changes != busySecs*busyRate {
		return r, fmt.Errorf("the page made %v changes, not %d", done.Changes, busySecs*busyRate)
	}
	time.Sleep(time.Second) // the last coalesced scan (250 ms later) answered
	cpu1, err := tabCPU(ctx)
	if err != nil {
		return r, err
	}
	work1, err := sensorWork(ctx, b, with, busyList)
	if err != nil {
		return r, err
	}
	r.cpu = cpu1.minus(cpu0)
	r.scans = work1.Scans - work0.Scans
	if counter != nil {
		if r.snapshots, err = counter.read(); err != nil {
			return r, err
		}
	}
	return r, nil
}

// hostilePage loads one hostile DOM, waits for it to be built and the
// sensor to settle, then times scansPerDOM scans, each set off by a change
// of the body's class (an attribute the sensor watches).
func hostilePage(ctx context.Context, b *browser.Browser, kind string, with bool) ([]domRun, float64, error) {
	url := hostileDOM + kind
	var build float64
	if err := chromedp.Run(ctx, chromedp.Navigate(url), chromedp.Evaluate(`mkDom.ready`, &build, awaitPromise)); err != nil {
		return nil, 0, err
	}
	time.Sleep(2 * time.Second) // the scans the build set off are done
	var runs []domRun
	for i := 0; i < scansPerDOM; i++ {
		work0, err := sensorWork(ctx, b, with, url)
		if err != nil {
			return nil, 0, err
		}
		if err := chromedp.Run(ctx, chromedp.Evaluate(`mkDom.probe(); document.body.classList.toggle('mk-bench')`, nil)); err != nil {
			return nil, 0, err
		}
		work1, err := nextScan(ctx, b, with, url, work0)
		if err != nil {
			return nil, 0, err
		}
		var probe struct{ MaxGap float64 }
		if err := chromedp.Run(ctx, chromedp.Evaluate(`mkDom.probe()`, &probe)); err != nil {
			return nil, 0, err
		}
		runs = append(runs, domRun{scanMs: work1.Ms, walked: work1.Walked, roots: work1.Roots, maxGap: probe.MaxGap})
	}
	return runs, build, nil
}

// nextScan waits for the scan after work0 (the sensor waits, after a scan,
// four times as long as it took); without the sensor, for a second.
func nextScan(ctx context.Context, b *browser.Browser, with bool, frame string, work0 work) (work, error) {
	if !with {
		time.Sleep(time.Second)
		return work0, nil
	}
	for end := time.Now().Add(time.Minute); time.Now().Before(end); time.Sleep(200 * time.Millisecond) {
		w, err := sensorWork(ctx, b, with, frame)
		if err != nil || w.Scans > work0.Scans {
			return w, err
		}
	}
	return work0, fmt.Errorf("no scan a minute after a change")
}

var awaitPromise = func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }

// tabCPU is the tab's main-thread time so far.
func tabCPU(ctx context.Context) (cpu, error) {
	var c cpu
	err := chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		ms, err := performance.GetMetrics().Do(ctx)
		for _, m := range ms {
			switch m.Name {
			case "ScriptDuration":
				c.script = m.Value * 1000
			case "TaskDuration":
				c.task = m.Value * 1000
			}
		}
		return err
	}))
	return c, err
}

// work is the sensor's mailkeySensorWork, read in its own world.
type work struct{ Scans, Ms, MaxMs, Walked, Roots float64 }

func sensorWork(ctx context.Context, b *browser.Browser, with bool, frame string) (work, error) {
	var w work
	if !with {
		return w, nil
	}
	err := b.EvalInContentScript(ctx, frame, `globalThis.mailkeySensorWork`, &w)
	return w, err
}

// workerCounter counts the snapshots Mailkey's service worker receives,
// through a listener added over CDP (it answers nothing, so the worker's
// own listener still answers every message). Attached, the worker is not
// stopped for idleness while the page is timed.
type workerCounter struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func countSnapshots(b *browser.Browser) (*workerCounter, error) {
	ctx, cancel, err := b.AttachWorker()
	if err != nil {
		return nil, fmt.Errorf("after the page's first scan: %w", err)
	}
	err = chromedp.Run(ctx, chromedp.Evaluate(`globalThis.mkBenchSnapshots = 0;
chrome.runtime.onMessage.addListener((m) => { if (m && m.type === 'snapshot') globalThis.mkBenchSnapshots++; }); true`, nil))
	if err != nil {
		cancel()
		return nil, err
	}
	return &workerCounter{ctx, cancel}, nil
}

func (c *workerCounter) read() (float64, error) {
	var n float64
	err := chromedp.Run(c.ctx, chromedp.Evaluate(`globalThis.mkBenchSnapshots`, &n))
	return n, err
}

func (c *workerCounter) close() { c.cancel() }

func sensorRows(f sensorFigures) []row {
	pick := func(runs []busyRun, v func(busyRun) float64) float64 {
		var out []float64
		for _, r := range runs {
			out = append(out, v(r))
		}
		return median(out)
	}
	script, scriptFloor := pick(f.busy, func(r busyRun) float64 { return r.cpu.script }), pick(f.busyFloor, func(r busyRun) float64 { return r.cpu.script })
	task, taskFloor := pick(f.busy, func(r busyRun) float64 { return r.cpu.task }), pick(f.busyFloor, func(r busyRun) float64 { return r.cpu.task })
	busy := fmt.Sprintf("a mailbox list changed %d times a second for %d s", busyRate, busySecs)
	rows := []row{
		{what: "busy page (" + busy + "): the tab's script time", value: ms(script), floor: ms(scriptFloor),
			ratio: fmt.Sprintf("%.2fx (+%s, %.1f%% of the %d s)", script/scriptFloor, ms(script-scriptFloor), (script-scriptFloor)/busySecs/10, busySecs)},
		{what: "busy page: the tab's main-thread task time (style and layout included)", value: ms(task), floor: ms(taskFloor),
			ratio: fmt.Sprintf("%.2fx (+%s)", task/taskFloor, ms(task-taskFloor))},
		{what: "busy page: scans made / snapshots received by the service worker, in the 10 s",
			value: fmt.Sprintf("%.0f / %.0f", pick(f.busy, func(r busyRun) float64 { return r.scans }), pick(f.busy, func(r busyRun) float64 { return r.snapshots })), floor: "0 / 0"},
	}
	for _, k := range hostileKinds {
		runs, floor := f.dom[k.kind], f.domFloor[k.kind]
		get := func(runs []domRun, v func(domRun) float64) []float64 {
			var out []float64
			for _, r := range runs {
				out = append(out, v(r))
			}
			return out
		}
		scan := pct(get(runs, func(r domRun) float64 { return r.scanMs }))
		walked := median(get(runs, func(r domRun) float64 { return r.walked }))
		roots := median(get(runs, func(r domRun) float64 { return r.roots }))
		gap, gapFloor := median(get(runs, func(r domRun) float64 { return r.maxGap })), median(get(floor, func(r domRun) float64 { return r.maxGap }))
		rows = append(rows,
			row{what: "one scan of a page with " + k.what + " (p50 / p90, the sensor's clock); elements its walk visited, roots read",
				value: fmt.Sprintf("%s / %s; %s elements, %.0f roots", ms(scan[0]), ms(scan[1]), group(int64(walked)), roots),
				floor: "the page built in " + ms(median(f.build[k.kind]))},
			row{what: "  the longest stall of the page's 10 ms timer around that scan", value: ms(gap), floor: ms(gapFloor)},
		)
	}
	return rows
}
