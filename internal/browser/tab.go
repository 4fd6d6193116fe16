package browser

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// DefaultEvalWait bounds how long EvalInContentScript and EvalInFrame wait
// for a matching frame and execution context when ctx has no earlier
// deadline.
const DefaultEvalWait = 5 * time.Second

type tabKey struct{}

// tab records the execution contexts of one tab (all its same-process
// frames), from Runtime.executionContextCreated/Destroyed/Cleared.
type tab struct {
	mu       sync.Mutex
	contexts map[runtime.ExecutionContextID]*execContext
}

type execContext struct {
	id        runtime.ExecutionContextID
	uniqueID  string
	origin    string
	name      string
	frameID   cdp.FrameID
	kind      string // auxData.type: "default", "isolated", "worker"
	isDefault bool
}

// NewTab opens a tab and attaches to it before anything is loaded, so that
// Runtime is enabled (chromedp does it on attach) and every execution
// context the tab creates is recorded, content scripts' isolated worlds
// included. Console output of the tab is collected (see ConsoleMessages).
// Cancel closes the tab.
func (b *Browser) NewTab() (context.Context, context.CancelFunc) {
	t := &tab{contexts: map[runtime.ExecutionContextID]*execContext{}}
	ctx, cancel := chromedp.NewContext(b.ctx)
	ctx = context.WithValue(ctx, tabKey{}, t)
	chromedp.ListenTarget(ctx, func(ev any) { b.onTabEvent(ctx, t, ev) })
	// Create and attach the target now; an error shows again on the
	// caller's first Run.
	_ = chromedp.Run(ctx)
	return ctx, cancel
}

func (b *Browser) onTabEvent(ctx context.Context, t *tab, ev any) {
	switch ev := ev.(type) {
	case *runtime.EventExecutionContextCreated:
		var aux struct {
			IsDefault bool        `json:"isDefault"`
			Type      string      `json:"type"`
			FrameID   cdp.FrameID `json:"frameId"`
		}
		if len(ev.Context.AuxData) > 0 {
			_ = json.Unmarshal(ev.Context.AuxData, &aux)
		}
		t.mu.Lock()
		t.contexts[ev.Context.ID] = &execContext{
			id: ev.Context.ID, uniqueID: ev.Context.UniqueID, origin: ev.Context.Origin, name: ev.Context.Name,
			frameID: aux.FrameID, kind: aux.Type, isDefault: aux.IsDefault,
		}
		t.mu.Unlock()
	case *runtime.EventExecutionContextDestroyed:
		t.mu.Lock()
		for id, c := range t.contexts {
			if id == ev.ExecutionContextID || (ev.ExecutionContextUniqueID != "" && c.uniqueID == ev.ExecutionContextUniqueID) {
				delete(t.contexts, id)
			}
		}
		t.mu.Unlock()
	case *runtime.EventExecutionContextsCleared:
		t.mu.Lock()
		clear(t.contexts)
		t.mu.Unlock()
	default:
		b.onConsoleEvent(ctx, "page", t, ev)
	}
}

func tabOf(ctx context.Context) (*tab, error) {
	t, _ := ctx.Value(tabKey{}).(*tab)
	if t == nil {
		return nil, fmt.Errorf("browser: context is not from NewTab")
	}
	return t, nil
}

// EvalInContentScript evaluates expr in the isolated world of the first
// extension's content script in the frame whose URL (with fragment) starts
// with frameURLPrefix; the top frame wins when several match. A promise is
// awaited; the result is JSON-decoded into out (nil to drop it). It waits
// (up to ctx's deadline, or DefaultEvalWait) for the frame and for the
// content script to be injected.
//
// The world is found from Runtime.executionContextCreated events: auxData
// {type: "isolated", frameId} with origin chrome-extension://ID (or, failing
// that, the extension's name as the context name).
func (b *Browser) EvalInContentScript(tab context.Context, frameURLPrefix, expr string, out any) error {
	if len(b.exts) == 0 {
		return fmt.Errorf("browser: no extension loaded")
	}
	return b.EvalInExtensionWorld(tab, b.exts[0].id, frameURLPrefix, expr, out)
}

// EvalInExtensionWorld is EvalInContentScript for the extension with the
// given ID (for browsers with several extensions).
func (b *Browser) EvalInExtensionWorld(tab context.Context, extID, frameURLPrefix, expr string, out any) error {
	name := ""
	for _, e := range b.exts {
		if e.id == extID {
			name = e.name
		}
	}
	origin := "chrome-extension://" + extID
	match := func(c *execContext) bool {
		if c.kind != "isolated" || c.isDefault {
			return false
		}
		if strings.TrimSuffix(c.origin, "/") == origin {
			return true
		}
		return c.origin == "" && name != "" && c.name == name
	}
	return evalIn(tab, frameURLPrefix, match, "content script of "+extID, expr, out)
}

// EvalInFrame evaluates expr in the page's own (main) world of the frame
// whose URL starts with frameURLPrefix, like EvalInContentScript. Use it for
// iframes; for the top frame chromedp.Evaluate does the same.
func (b *Browser) EvalInFrame(tab context.Context, frameURLPrefix, expr string, out any) error {
	match := func(c *execContext) bool { return c.isDefault }
	return evalIn(tab, frameURLPrefix, match, "main world", expr, out)
}

func evalIn(ctx context.Context, frameURLPrefix string, match func(*execContext) bool, what, expr string, out any) error {
	t, err := tabOf(ctx)
	if err != nil {
		return err
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultEvalWait)
		defer cancel()
	}
	var lastFrames []string
	for {
		frames, err := frameList(ctx)
		if err != nil {
			return err
		}
		lastFrames = lastFrames[:0]
		for _, f := range frames {
			lastFrames = append(lastFrames, f.url)
		}
		if id, ok := t.find(frames, frameURLPrefix, match); ok {
			err := evaluate(ctx, id, expr, out)
			if err == nil || !isContextGone(err) {
				return err
			}
			// The context died between lookup and evaluation: look again.
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("browser: no %s in a frame starting with %q (frames: %q; contexts: %s): %w",
				what, frameURLPrefix, lastFrames, t.describe(), ctx.Err())
		case <-time.After(40 * time.Millisecond):
		}
	}
}

type frameInfo struct {
	id  cdp.FrameID
	url string
}

// frameList returns the tab's frames in tree order (top frame first).
func frameList(ctx context.Context) ([]frameInfo, error) {
	var tree *page.FrameTree
	err := chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		var err error
		tree, err = page.GetFrameTree().Do(ctx)
		return err
	}))
	if err != nil {
		return nil, err
	}
	var out []frameInfo
	var walk func(*page.FrameTree)
	walk = func(n *page.FrameTree) {
		out = append(out, frameInfo{id: n.Frame.ID, url: n.Frame.URL + n.Frame.URLFragment})
		for _, c := range n.ChildFrames {
			walk(c)
		}
	}
	walk(tree)
	return out, nil
}

func (t *tab) find(frames []frameInfo, prefix string, match func(*execContext) bool) (runtime.ExecutionContextID, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, f := range frames {
		if !strings.HasPrefix(f.url, prefix) {
			continue
		}
		var best runtime.ExecutionContextID
		for id, c := range t.contexts {
			if c.frameID == f.id && match(c) && id > best {
				best = id // the newest, should a stale one linger
			}
		}
		if best != 0 {
			return best, true
		}
	}
	return 0, false
}

func (t *tab) describe() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var parts []string
	for _, c := range t.contexts {
		parts = append(parts, fmt.Sprintf("{%d %s %q %q frame=%s}", c.id, c.kind, c.origin, c.name, c.frameID))
	}
	sort.Strings(parts)
	return strings.Join(parts, " ")
}

func isContextGone(err error) bool {
	s := err.Error()
	return strings.Contains(s, "Cannot find context") || strings.Contains(s, "Execution context was destroyed")
}

// evaluate runs expr in context id, awaiting a promise, and decodes the
// result by value into out.
func evaluate(ctx context.Context, id runtime.ExecutionContextID, expr string, out any) error {
	return chromedp.Run(ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		res, exc, err := runtime.Evaluate(expr).
			WithContextID(id).
			WithAwaitPromise(true).
			WithReturnByValue(true).
			Do(ctx)
		if err != nil {
			return err
		}
		if exc != nil {
			return &EvalError{Details: exc}
		}
		return decodeValue(res, out)
	}))
}

func decodeValue(res *runtime.RemoteObject, out any) error {
	if out == nil || res == nil {
		return nil
	}
	value := []byte(res.Value)
	if len(value) == 0 {
		value = []byte("null") // undefined, or a value that is not JSON
	}
	if err := json.Unmarshal(value, out); err != nil {
		return fmt.Errorf("browser: decode %s result: %w", res.Type, err)
	}
	return nil
}

// EvalError is an exception thrown by evaluated code.
type EvalError struct {
	Details *runtime.ExceptionDetails
}

func (e *EvalError) Error() string {
	d := e.Details
	msg := d.Text
	if d.Exception != nil && d.Exception.Description != "" {
		msg += " " + d.Exception.Description
	}
	return "browser: evaluation threw: " + msg
}

// WaitInFrame polls expr in the main world of the frame whose URL starts
// with frameURLPrefix until it is truthy, or until ctx is done (or
// DefaultEvalWait when ctx has no deadline).
//
// Prefer it to chromedp.Poll and chromedp.Evaluate-in-a-loop on pages where
// a content script runs: chromedp records the last execution context
// created for a frame, which is the content script's isolated world once
// the extension injects, so chromedp.Poll then evaluates there and cannot
// see the page's globals. (chromedp's DOM queries still work: the DOM is
// shared.)
func (b *Browser) WaitInFrame(tab context.Context, frameURLPrefix, expr string) error {
	if _, ok := tab.Deadline(); !ok {
		var cancel context.CancelFunc
		tab, cancel = context.WithTimeout(tab, DefaultEvalWait)
		defer cancel()
	}
	for {
		var ok bool
		err := b.EvalInFrame(tab, frameURLPrefix, "!!("+expr+")", &ok)
		if err == nil && ok {
			return nil
		}
		var evalErr *EvalError
		if errors.As(err, &evalErr) {
			return err
		}
		select {
		case <-tab.Done():
			if err != nil {
				return err
			}
			return fmt.Errorf("browser: %q still false in %q: %w", expr, frameURLPrefix, tab.Err())
		case <-time.After(40 * time.Millisecond):
		}
	}
}
