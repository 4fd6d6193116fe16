package main

import (
	"context"
	"encoding/json"
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
	// Mailkey's cold start by parts (startParts' what), from its worker's mailkeyStartup.
	parts map[string][]float64
}

// startParts are the steps of a cold start, each timed from the previous
// one (background.js's and Go's marks, ms since the worker started).
var startParts = []struct{ from, to, what string }{
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
	}
	return h, nil
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

// startupMarks reads mailkeyStartup from the extension's service worker
// (attaching to it; detaching closes it, which the next cold run wants).
func startupMarks(b *browser.Browser) (marks, error) {
	ctx, cancel, err := attachWorker(b)
	if err != nil {
		return nil, fmt.Errorf("after a cold hint: %w", err)
	}
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 10*time.Second)
	defer cancelT()
	var text string
	if err := chromedp.Run(ctx, chromedp.Evaluate(`JSON.stringify(globalThis.mailkeyStartup || {})`, &text)); err != nil {
		return nil, err
	}
	m := marks{}
	return m, json.Unmarshal([]byte(text), &m)
}
