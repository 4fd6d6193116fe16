package main

import (
	"context"
	"fmt"
	"time"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"mailkey/internal/browser"
	"mailkey/internal/sites"
)

// The bench page inserts a collector form with a Gmail address typed and
// times, from the page, how long until a hint is in the document:
// window.mkBench.insert() / .done / .reset().
const benchPage = "https://mail.qq.com/bench"

// hintTimes are the bench page's insert-to-hint times (ms) of one extension.
type hintTimes struct {
	warm []float64 // the worker running
	cold []float64 // the worker stopped just before the form is inserted
	late []float64 // the worker stopped, the page loaded, the form inserted 1 s later
	// Mailkey's cold start by parts (startParts' what), from its worker's
	// mailkeyStartup, and its warm hint by parts (warmParts).
	parts map[string][]float64
}

// part is one step of a figure: the time from one mark to the next ("" is
// the clock's origin).
type part struct{ from, to, what string }

// warmParts are the steps of a warm hint, from the page's insert to the
// hint in its document: the sensor's marks (mailkeySensorWork, read in its
// world after each run) on the page's clock.
var warmParts = []part{
	{"t0", "start", "form inserted to the sensor's scan starting (its observer and timer)"},
	{"start", "scanned", "the sensor's scan (snapshot and its JSON)"},
	{"sent", "answered", "message to the worker and back"},
	{"answered", "t1", "answer to the hint in the document (drawing)"},
}

// workerAnswerPart is the worker's own time per answer (mailkeyAnswerTimes,
// read once after the warm runs): the part of the round trip that is Go.
const workerAnswerPart = "warm hint, part: within the round trip, the worker's answer with a hint (message received to answer sent: Go)"

// startParts are the steps of a cold start, each timed from the previous
// one (background.js's and Go's marks, ms since the worker started).
var startParts = []part{
	{"", "script", "worker started to background.js run"},
	{"script", "compiled", "worker.wasm fetched and compiled"},
	{"compiled", "main", "Go's runtime started (to main)"},
	{"main", "kb", "knowledge base loaded (compiled in; its refusal patterns compiled)"},
	{"kb", "locales", "locales set up (each file read when an answer first needs it)"},
	{"locales", "ready", "the rest of Go's main (to ready)"},
	{"handled", "answer", "the first answer (from ready, or from the message if later)"},
	{"", "answer", "in all: worker started to the first answer"},
}

// hintLatency times insert-to-visible on the bench page in a browser with
// only the extension in dir: warm, then cold. withParts reads Mailkey's
// start-up marks after each cold run.
func hintLatency(dir string, srv *sites.Server, runs int, withParts bool) (hintTimes, error) {
	h := hintTimes{parts: map[string][]float64{}}
	b, err := browser.Launch(context.Background(), browser.Options{ExtensionDirs: []string{dir}, Sites: srv, Lang: "zh-CN"})
	if err != nil {
		return h, err
	}
	defer b.Close()
	tab, cancel := b.NewTab()
	defer cancel()
	ctx, cancelT := context.WithTimeout(tab, 10*time.Minute)
	defer cancelT()
	if err := chromedp.Run(ctx, chromedp.Navigate(benchPage)); err != nil {
		return h, err
	}
	once := func() (float64, error) {
		var v float64
		err := chromedp.Run(ctx, chromedp.Evaluate(`mkBench.reset(); mkBench.insert(); mkBench.done`, &v,
			func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
		return v, err
	}
	if _, err := once(); err != nil { // warm-up: the worker started, the page settled
		return h, err
	}
	for i := 0; i < runs; i++ {
		time.Sleep(150 * time.Millisecond)
		v, err := once()
		if err != nil {
			return h, err
		}
		h.warm = append(h.warm, v)
		if withParts {
			if err := h.addParts(ctx, b, "warm hint", v); err != nil {
				return h, err
			}
		}
	}
	if withParts {
		times, err := answerTimes(b)
		if err != nil {
			return h, err
		}
		h.parts[workerAnswerPart] = times
	}
	stop := func() error {
		if err := chromedp.Run(ctx, chromedp.Evaluate(`mkBench.reset()`, nil)); err != nil {
			return err
		}
		time.Sleep(400 * time.Millisecond) // the removal's snapshot is answered
		return b.StopWorkersWait(ctx, 3*time.Second)
	}
	for i := 0; i < runs; i++ {
		if err := stop(); err != nil {
			return h, err
		}
		v, err := once()
		if err != nil {
			return h, err
		}
		h.cold = append(h.cold, v)
		if withParts {
			marks, err := startupMarks(b)
			if err != nil {
				return h, err
			}
			marks["handled"] = max(marks["ready"], marks["message"])
			for _, p := range startParts {
				if d, ok := marks.span(p.from, p.to); ok {
					h.parts[p.what] = append(h.parts[p.what], d)
				}
			}
		}
	}
	// The page loads with the worker stopped and the form comes 1 s later:
	// a sensor that wakes the worker at page load answers as fast as warm.
	for i := 0; i < runs; i++ {
		if err := stop(); err != nil {
			return h, err
		}
		if err := chromedp.Run(ctx, chromedp.Navigate(benchPage)); err != nil {
			return h, err
		}
		time.Sleep(time.Second)
		v, err := once()
		if err != nil {
			return h, err
		}
		h.late = append(h.late, v)
		if withParts {
			if err := h.addParts(ctx, b, "form 1 s after load", v); err != nil {
				return h, err
			}
		}
	}
	return h, nil
}

// addParts reads the sensor's marks of the run that took v ms, as the
// parts (warmParts) of the figure named.
func (h *hintTimes) addParts(ctx context.Context, b *browser.Browser, figure string, v float64) error {
	var w struct{ Start, Ms, Sent, Answered float64 }
	if err := b.EvalInContentScript(ctx, benchPage, `globalThis.mailkeySensorWork`, &w); err != nil {
		return err
	}
	var t0 float64
	if err := chromedp.Run(ctx, chromedp.Evaluate(`mkBench.t0`, &t0)); err != nil {
		return err
	}
	m := marks{"t0": t0, "start": w.Start, "scanned": w.Start + w.Ms, "sent": w.Sent, "answered": w.Answered, "t1": t0 + v}
	for _, p := range warmParts {
		if d, ok := m.span(p.from, p.to); ok {
			h.parts[figure+", part: "+p.what] = append(h.parts[figure+", part: "+p.what], d)
		}
	}
	return nil
}

// answerTimes reads the worker's times of its last answers (ms each).
func answerTimes(b *browser.Browser) ([]float64, error) {
	var v []float64
	return v, workerEval(b, "after the warm hints", `globalThis.mailkeyAnswerTimes || []`, &v)
}

// workerEval evaluates expr in the extension's service worker (attaching to
// it; detaching closes it, which the next cold run wants); when says at
// which point of the bench, for the error.
func workerEval(b *browser.Browser, when, expr string, out any) error {
	ctx, cancel, err := b.AttachWorker()
	if err != nil {
		return fmt.Errorf("%s: %w", when, err)
	}
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 10*time.Second)
	defer cancelT()
	return chromedp.Run(ctx, chromedp.Evaluate(expr, out))
}

type marks map[string]float64

func (m marks) span(from, to string) (float64, bool) {
	t, ok := m[to]
	if !ok {
		return 0, false
	}
	if from == "" {
		return t, true
	}
	f, ok := m[from]
	return t - f, ok
}

// startupMarks reads mailkeyStartup from the extension's service worker.
func startupMarks(b *browser.Browser) (marks, error) {
	m := marks{}
	return m, workerEval(b, "after a cold hint", `globalThis.mailkeyStartup || {}`, &m)
}
