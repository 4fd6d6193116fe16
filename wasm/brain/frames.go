package brain

import (
	"strconv"
	"sync"

	"mailkey/wasm/hint"
	"mailkey/wasm/jsonv"
)

// What each frame of a tab last found, and the contexts of the hints it was
// given, live in the worker's session store (chrome.storage.session: kept
// while the browser runs, across worker restarts, out of content scripts'
// reach). An intent names a hint by its key only; the brain finds what the
// hint was about here, so a content script cannot make up a context. The
// popup reads a tab's findings here too.

const (
	tabKeyPrefix = "tab/"
	// maxFrames and maxHints bound a tab's record: the frames most recently
	// heard from, and each frame's most recent hints (a "log it" offer stays
	// on screen while newer answers come).
	maxFrames = 32
	maxHints  = 8
)

func tabKey(tab int) string { return tabKeyPrefix + strconv.Itoa(tab) }

// frameState is one frame's latest finding and recent hints.
type frameState struct {
	Frame   int
	At      int64       // ms since 1970, when the finding came
	Finding jsonv.Value // as the answer carried it
	Hints   []hintState // newest first
}

type hintState struct {
	Key, Locale string
	Context     hint.Context
}

// tabs serialises the read-modify-write of a tab's record, and caches the
// record last written, so a warm worker does not read it back. (A cache:
// after a restart the record is read from the store.)
type tabs struct {
	mu    sync.Mutex
	cache map[int][]frameState
}

func (t *tabs) load(st Store, tab int) ([]frameState, error) {
	if frames, ok := t.cache[tab]; ok {
		return frames, nil
	}
	got, err := st.Get(tabKey(tab))
	if err != nil {
		return nil, err
	}
	v, _ := got[tabKey(tab)]
	var frames []frameState
	for _, f := range v.Items() {
		fs := frameState{Frame: int(f.GetInt("frame")), At: f.GetInt("at")}
		fs.Finding, _ = f.Get("finding")
		hs, _ := f.Get("hints")
		for _, h := range hs.Items() {
			c, _ := h.Get("context")
			fs.Hints = append(fs.Hints, hintState{Key: h.GetStr("key"), Locale: h.GetStr("locale"), Context: hint.ContextFrom(c)})
		}
		frames = append(frames, fs)
	}
	return frames, nil
}

func (t *tabs) save(st Store, tab int, frames []frameState) error {
	out := make([]jsonv.Value, len(frames))
	for i, f := range frames {
		hs := make([]jsonv.Value, len(f.Hints))
		for j, h := range f.Hints {
			hs[j] = jsonv.Obj(jsonv.M("key", jsonv.Str(h.Key)), jsonv.M("locale", jsonv.Str(h.Locale)), jsonv.M("context", h.Context.JSON()))
		}
		out[i] = jsonv.Obj(jsonv.M("frame", jsonv.Int(int64(f.Frame))), jsonv.M("at", jsonv.Int(f.At)),
			jsonv.M("finding", f.Finding), jsonv.M("hints", jsonv.Arr(hs...)))
	}
	if err := st.Set(jsonv.M(tabKey(tab), jsonv.Arr(out...))); err != nil {
		delete(t.cache, tab) // unknown what was stored: read it next time
		return err
	}
	if t.cache == nil {
		t.cache = map[int][]frameState{}
	}
	t.cache[tab] = frames
	return nil
}

// remember records what a frame found and the hints it was given (the hint
// and the offer that may follow it). A new document in the top frame is a
// new page: the other frames' records go.
func (t *tabs) remember(st Store, from Sender, first bool, at int64, finding jsonv.Value, given ...*hint.Hint) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	frames, err := t.load(st, from.TabID)
	if err != nil {
		return err
	}
	now := frameState{Frame: from.FrameID, At: at, Finding: finding}
	for _, h := range given {
		if h != nil {
			now.Hints = append(now.Hints, hintState{Key: h.Key, Locale: h.Locale, Context: h.Context})
		}
	}
	next := []frameState{now}
	if first && from.FrameID == 0 {
		frames = nil
	}
	for _, f := range frames {
		if f.Frame != from.FrameID {
			if len(next) < maxFrames {
				next = append(next, f)
			}
			continue
		}
		for _, h := range f.Hints { // the older hints of this document, after the new ones
			if !first && len(now.Hints) < maxHints && !hasKey(now.Hints, h.Key) {
				now.Hints = append(now.Hints, h)
			}
		}
		next[0] = now
	}
	return t.save(st, from.TabID, next)
}

func hasKey(hs []hintState, key string) bool {
	for _, h := range hs {
		if h.Key == key {
			return true
		}
	}
	return false
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
		if f.Frame == from.FrameID {
			for _, h := range f.Hints {
				if h.Key == key {
					return h, true
				}
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
		if k := f.Finding.GetStr("kind"); k != "" && k != "none" {
			return f.Finding, true, nil
		}
	}
	return jsonv.Value{}, false, nil
}

// forget drops a tab's record: the tab closed or loaded a new page.
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
