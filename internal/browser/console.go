package browser

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// ConsoleMessage is one line of console output seen by the browser.
type ConsoleMessage struct {
	// Source is "page" (a tab from NewTab: the page's scripts and the
	// content scripts in it) or "worker" (the extension's service worker,
	// see WatchWorkerConsole).
	Source string
	// Target is the CDP target ID of the tab or worker.
	Target string
	// World is, for "page" messages from Runtime, "main" for the page's own
	// scripts or "isolated:NAME" for a content script (NAME is the context
	// name Chromium reports, the extension's name).
	World string
	// Kind is "console" (console.* calls), "exception" (uncaught errors) or
	// "log" (browser-side Log entries: network errors, CSP violations ...).
	Kind string
	// Level is the console method ("log", "warning", "error" ...) or the
	// Log entry level.
	Level string
	// Text is every argument rendered: strings as they are, other values as
	// JSON; objects also as their JSON.stringify text when it can be read.
	Text string
	// URL is the script or resource the message came from, when known.
	URL string
}

// ConsoleMessages returns all console output collected so far, in arrival
// order, from every tab and (after WatchWorkerConsole) the extension's
// service worker. It first waits briefly for object arguments still being
// expanded.
func (b *Browser) ConsoleMessages() []ConsoleMessage {
	deadline := time.Now().Add(2 * time.Second)
	for {
		b.mu.Lock()
		n := b.pending
		b.mu.Unlock()
		if n == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]ConsoleMessage(nil), b.console...)
}

// TabConsole returns the messages of one tab (a context from NewTab).
func (b *Browser) TabConsole(tab context.Context) []ConsoleMessage {
	c := chromedp.FromContext(tab)
	if c == nil || c.Target == nil {
		return nil
	}
	var out []ConsoleMessage
	for _, m := range b.ConsoleMessages() {
		if m.Target == string(c.Target.TargetID) {
			out = append(out, m)
		}
	}
	return out
}

// ConsoleText returns every collected message's text and URL, one message a
// line: convenient for asserting that a sentinel never appears.
func (b *Browser) ConsoleText() string {
	var sb strings.Builder
	for _, m := range b.ConsoleMessages() {
		sb.WriteString(m.Source + " " + m.Kind + " " + m.Level + " " + m.World + ": " + m.Text)
		if m.URL != "" {
			sb.WriteString(" (" + m.URL + ")")
		}
		sb.WriteByte('\n')
	}
	return sb.String()
}

// WatchWorkerConsole starts collecting the console output of the
// extensions' service workers: the running ones now, and every one started
// later (after StopWorkers or an idle stop). It is opt-in because an
// attached DevTools session keeps a worker from stopping when idle
// (StopWorkers still stops it). Messages logged before the attachment are
// replayed by Chromium when Runtime is enabled, so a restarted worker's
// first lines are not lost.
func (b *Browser) WatchWorkerConsole() error {
	b.mu.Lock()
	if b.watching {
		b.mu.Unlock()
		return nil
	}
	b.watching = true
	b.mu.Unlock()

	chromedp.ListenBrowser(b.ctx, func(ev any) {
		var info *target.Info
		switch ev := ev.(type) {
		case *target.EventTargetCreated:
			info = ev.TargetInfo
		case *target.EventTargetInfoChanged:
			info = ev.TargetInfo
		case *target.EventTargetDestroyed:
			b.mu.Lock()
			delete(b.workers, ev.TargetID)
			b.mu.Unlock()
			return
		default:
			return
		}
		if b.isExtensionWorker(info) {
			go b.attachWorker(info.TargetID)
		}
	})
	infos, err := chromedp.Targets(b.ctx)
	if err != nil {
		return err
	}
	for _, info := range infos {
		if b.isExtensionWorker(info) {
			b.attachWorker(info.TargetID)
		}
	}
	return nil
}

func (b *Browser) isExtensionWorker(info *target.Info) bool {
	if info == nil || info.Type != "service_worker" {
		return false
	}
	for _, e := range b.exts {
		if strings.HasPrefix(info.URL, "chrome-extension://"+e.id+"/") {
			return true
		}
	}
	return false
}

func (b *Browser) attachWorker(id target.ID) {
	b.mu.Lock()
	if b.workers[id] {
		b.mu.Unlock()
		return
	}
	b.workers[id] = true
	b.mu.Unlock()

	// The context lives as long as the browser: cancelling it would close
	// the worker's target.
	ctx, _ := chromedp.NewContext(b.ctx, chromedp.WithTargetID(id))
	chromedp.ListenTarget(ctx, func(ev any) { b.onConsoleEvent(ctx, "worker", nil, ev) })
	if err := chromedp.Run(ctx); err != nil {
		b.mu.Lock()
		delete(b.workers, id)
		b.mu.Unlock()
	}
}

// onConsoleEvent records console, exception and Log events of a tab (t set)
// or a worker (t nil).
func (b *Browser) onConsoleEvent(ctx context.Context, source string, t *tab, ev any) {
	targetID := ""
	if c := chromedp.FromContext(ctx); c != nil && c.Target != nil {
		targetID = string(c.Target.TargetID)
	}
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		m := ConsoleMessage{Source: source, Target: targetID, Kind: "console", Level: string(ev.Type)}
		m.World = worldOf(t, ev.ExecutionContextID)
		if ev.StackTrace != nil && len(ev.StackTrace.CallFrames) > 0 {
			m.URL = ev.StackTrace.CallFrames[0].URL
		}
		b.addMessage(ctx, m, ev.Args)
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		m := ConsoleMessage{Source: source, Target: targetID, Kind: "exception", Level: "error", Text: d.Text, URL: d.URL}
		m.World = worldOf(t, d.ExecutionContextID)
		var args []*runtime.RemoteObject
		if d.Exception != nil {
			args = append(args, d.Exception)
		}
		b.addMessage(ctx, m, args)
	case *log.EventEntryAdded:
		e := ev.Entry
		m := ConsoleMessage{Source: source, Target: targetID, Kind: "log", Level: string(e.Level), Text: e.Text, URL: e.URL}
		b.addMessage(ctx, m, e.Args)
	}
}

func worldOf(t *tab, id runtime.ExecutionContextID) string {
	if t == nil || id == 0 {
		return ""
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	c := t.contexts[id]
	switch {
	case c == nil:
		return ""
	case c.isDefault:
		return "main"
	case c.kind == "isolated":
		return "isolated:" + c.name
	default:
		return c.kind
	}
}

// addMessage renders args into m.Text and stores m. Objects are rendered
// from their preview at once and, in the background, replaced by their full
// JSON.stringify text (ConsoleMessages waits for that).
func (b *Browser) addMessage(ctx context.Context, m ConsoleMessage, args []*runtime.RemoteObject) {
	parts := make([]string, 0, len(args)+1)
	if m.Text != "" {
		parts = append(parts, m.Text)
	}
	base := len(parts)
	var objects []int
	for i, a := range args {
		parts = append(parts, renderArg(a))
		if a.ObjectID != "" {
			objects = append(objects, i)
		}
	}
	m.Text = strings.Join(parts, " ")
	b.mu.Lock()
	idx := len(b.console)
	b.console = append(b.console, m)
	if len(objects) > 0 {
		b.pending++
	}
	b.mu.Unlock()
	if len(objects) == 0 {
		return
	}
	c := chromedp.FromContext(ctx)
	if c == nil || c.Target == nil {
		b.donePending()
		return
	}
	exec := cdp.WithExecutor(ctx, c.Target)
	go func() {
		defer b.donePending()
		ctx, cancel := context.WithTimeout(exec, time.Second)
		defer cancel()
		for _, i := range objects {
			res, exc, err := runtime.CallFunctionOn(stringifyFn).
				WithObjectID(args[i].ObjectID).
				WithReturnByValue(true).
				Do(ctx)
			if err != nil || exc != nil || res == nil {
				continue
			}
			var s string
			if json.Unmarshal(res.Value, &s) == nil && s != "" {
				parts[base+i] = parts[base+i] + " " + s
			}
		}
		b.mu.Lock()
		b.console[idx].Text = strings.Join(parts, " ")
		b.mu.Unlock()
	}()
}

const stringifyFn = `function () {
  try {
    if (this instanceof Error) return String(this.stack || this);
    return JSON.stringify(this);
  } catch (e) {
    return String(this);
  }
}`

func renderArg(a *runtime.RemoteObject) string {
	if a == nil {
		return ""
	}
	if len(a.Value) > 0 {
		var s string
		if json.Unmarshal(a.Value, &s) == nil {
			return s
		}
		return string(a.Value)
	}
	if a.UnserializableValue != "" {
		return string(a.UnserializableValue)
	}
	if a.Type == "undefined" {
		return "undefined"
	}
	s := a.Description
	if a.Preview != nil {
		s += " " + renderPreview(a.Preview)
	}
	return s
}

func renderPreview(p *runtime.ObjectPreview) string {
	var sb strings.Builder
	sb.WriteByte('{')
	for i, prop := range p.Properties {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(prop.Name + ": ")
		if prop.ValuePreview != nil {
			sb.WriteString(renderPreview(prop.ValuePreview))
		} else {
			sb.WriteString(prop.Value)
		}
	}
	for _, e := range p.Entries {
		sb.WriteString(", ")
		if e.Key != nil {
			sb.WriteString(renderPreview(e.Key) + " => ")
		}
		if e.Value != nil {
			sb.WriteString(renderPreview(e.Value))
		}
	}
	sb.WriteByte('}')
	return sb.String()
}

func (b *Browser) donePending() {
	b.mu.Lock()
	b.pending--
	b.mu.Unlock()
}
