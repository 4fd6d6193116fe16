package brain

import (
	"strconv"
	"sync"

	"mailkey/wasm/hint"
	"mailkey/wasm/jsonv"
	"mailkey/wasm/wire"
)

// What each frame of a tab last found, and the contexts of the hints it was
// given, live in the worker's session store (chrome.storage.session: kept
// while the browser runs, across worker restarts, out of content scripts'
// reach). An intent names a hint by its key only; the brain finds what the
// hint was about here, so a content script cannot make up a context. The
// popup reads a tab's findings here too.

const (
	// maxFrames and maxHints bound a tab's record: the frames most recently
	// heard from, and each frame's most recent hints (a "log it" offer stays
	// on screen while newer answers come).
	maxFrames = 32
	maxHints  = 8
)

func tabKey(tab int) string { return wire.TabKeyPrefix + strconv.Itoa(tab) }

// A tab's record is a JSON array of its frames, newest first:
// {"frame", "at", "finding", "hints": [{"key", "locale", "context"}, ...]},
// each frame's hints newest first. It is kept as JSON (not decoded into
// structs and back): that costs the worker's binary least.

// hintState is what a hint given to a frame was about.
type hintState struct {
	Locale  string
	Context hint.Context
}

// tabs serialises the read-modify-write of a tab's record, and caches the
// record last written, so a warm worker does not read it back. (A cache:
// after a restart the record is read from the store.)
type tabs struct {
	mu    sync.Mutex
	cache map[int][]jsonv.Value
}

func (t *tabs) load(st Store, tab int) ([]jsonv.Value, error) {
	if frames, ok := t.cache[tab]; ok {
		return frames, nil
	}
	got, err := st.Get(tabKey(tab))
	if err != nil {
		return nil, err
	}
	return got[tabKey(tab)].Items(), nil
}

// laterSetter is a store that can start a write without waiting for it
// (jsbridge.Store): the hint is not held back by the session write.
type laterSetter interface{ SetLater(items ...jsonv.Member) }

func (t *tabs) save(st Store, tab int, frames []jsonv.Value) error {
	item := jsonv.M(tabKey(tab), jsonv.Arr(frames...))
	if ls, ok := st.(laterSetter); ok {
		ls.SetLater(item)
	} else if err := st.Set(item); err != nil {
		delete(t.cache, tab) // unknown what was stored: read it next time
		return err
	}
	if t.cache == nil {
		t.cache = map[int][]jsonv.Value{}
	}
	t.cache[tab] = frames
	return nil
}

// remember records what a frame found and the hints it was given (the hint
// and the offer that may follow it). A new document in the top frame is a
// new page: the other frames' records go; a new document in any frame
// forgets that frame's earlier hints.
func (t *tabs) remember(st Store, from Sender, first bool, at int64, finding jsonv.Value, given ...*hint.Hint) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	frames, err := t.load(st, from.TabID)
	if err != nil {
		return err
	}
	var hints []jsonv.Value
	keys := map[string]bool{}
	for _, h := range given {
		if h != nil && !keys[h.Key] {
			keys[h.Key] = true
			hints = append(hints, jsonv.Obj(jsonv.M("key", jsonv.Str(h.Key)), jsonv.M("locale", jsonv.Str(h.Locale)), jsonv.M("context", h.Context.JSON())))
		}
	}
	if first && from.FrameID == 0 {
		frames = nil
	}
	next := []jsonv.Value{{}} // this frame's, filled in below
	for _, f := range frames {
		if int(f.GetInt("frame")) != from.FrameID {
			if len(next) < maxFrames {
				next = append(next, f)
			}
			continue
		}
		old, _ := f.Get("hints")
		for _, h := range old.Items() { // the older hints of this document, after the new ones
			if !first && len(hints) < maxHints && !keys[h.GetStr("key")] {
				keys[h.GetStr("key")] = true
				hints = append(hints, h)
			}
		}
	}
	next[0] = jsonv.Obj(jsonv.M("frame", jsonv.Int(int64(from.FrameID))), jsonv.M("at", jsonv.Int(at)),
		jsonv.M("finding", finding), jsonv.M("hints", jsonv.Arr(hints...)))
	return t.save(st, from.TabID, next)
}

// hintFor returns what the hint with this key, given to this frame, was about.
func (t *tabs) hintFor(st Store, from Sender, key string) (hintState, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	frames, err := t.load(st, from.TabID)
	if err != nil || key == "" {
		return hintState{}, false
	}
	for _, f := range frames {
		if int(f.GetInt("frame")) != from.FrameID {
			continue
		}
		hs, _ := f.Get("hints")
		for _, h := range hs.Items() {
			if h.GetStr("key") == key {
				c, _ := h.Get("context")
				return hintState{Locale: h.GetStr("locale"), Context: hint.ContextFrom(c)}, true
			}
		}
	}
	return hintState{}, false
}

// found returns the latest finding of the tab's frames that found something.
func (t *tabs) found(st Store, tab int) (jsonv.Value, bool, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	frames, err := t.load(st, tab)
	if err != nil {
		return jsonv.Value{}, false, err
	}
	for _, f := range frames { // newest first
		finding, _ := f.Get("finding")
		if k := finding.GetStr("kind"); k != "" && k != "none" {
			return finding, true, nil
		}
	}
	return jsonv.Value{}, false, nil
}

// forget drops a tab's record: the tab closed.
func (t *tabs) forget(st Store, tab int) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.cache, tab)
	return st.Remove(tabKey(tab))
}

// tabFinding answers the popup: what the frames of a tab found last.
func (b *Brain) tabFinding(v jsonv.Value, from Sender) (jsonv.Value, error) {
	tab := v.GetInt("tab")
	if !b.fromExtensionPage(from) || tab < 0 || tab > 1<<31 {
		return jsonv.Value{}, errSender
	}
	f, ok, err := b.tabs.found(b.Session, int(tab))
	if err != nil {
		return jsonv.Value{}, err
	}
	out := []jsonv.Member{jsonv.M("ok", jsonv.BoolValue(true))}
	if ok {
		out = append(out, jsonv.M("finding", f))
	}
	return jsonv.Obj(out...), nil
}

// ForgetTab drops what a tab's frames found: the tab closed, or started
// loading a new page.
func (b *Brain) ForgetTab(tab int) error { return b.tabs.forget(b.Session, tab) }
