//go:build js && wasm

// Package jsbridge is the typed bridge from Go to the browser: JS promises
// and chrome.* APIs. Values cross as JSON text, so Go never walks JS objects
// field by field and the pure packages never see syscall/js.
package jsbridge

import (
	"errors"
	"strings"
	"syscall/js"

	"mailkey/wasm/i18n"
	"mailkey/wasm/jsonv"
)

// Promise runs work on a goroutine and returns a JS Promise of its result.
// Waiting inside a js.FuncOf callback would deadlock Go, hence the goroutine.
func Promise(work func() string) js.Value {
	executor := js.FuncOf(func(_ js.Value, args []js.Value) any {
		resolve := args[0]
		go func() { resolve.Invoke(work()) }()
		return nil
	})
	p := js.Global().Get("Promise").New(executor)
	executor.Release() // the executor runs synchronously inside New
	return p
}

// Await blocks the calling goroutine until a JS promise settles. Never call
// it from inside a js.FuncOf callback; start a goroutine.
func Await(p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	onOK := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{v: args[0]}
		return nil
	})
	onErr := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{err: errors.New(js.Global().Get("String").Invoke(args[0]).String())}
		return nil
	})
	defer onOK.Release()
	defer onErr.Release()
	p.Call("then", onOK, onErr)
	r := <-ch
	return r.v, r.err
}

// Store is a chrome.storage area (local by default) as a key-value store of
// JSON values; it satisfies brain.Store.
type Store struct {
	area js.Value
	name string // "local" or "session", as chrome.storage.onChanged names it
}

func storeArea(name string) Store {
	return Store{js.Global().Get("chrome").Get("storage").Get(name), name}
}

// LocalStore is chrome.storage.local.
func LocalStore() Store { return storeArea("local") }

// SessionStore is chrome.storage.session: in memory while the browser runs,
// kept across service-worker restarts, and (Chrome's default, Firefox's
// only way) out of content scripts' reach.
func SessionStore() Store { return storeArea("session") }

// Get returns the values of the keys that exist. A read of one key takes
// the read of it that the worker's script started ahead, if there is one
// (readsAhead).
func (s Store) Get(keys ...string) (map[string]jsonv.Value, error) {
	if len(keys) == 1 {
		if p, ok := s.takeAhead(keys[0]); ok {
			return decodeItems(p)
		}
	}
	return decodeItems(s.area.Call("get", anys(keys)))
}

// All returns every stored item.
func (s Store) All() (map[string]jsonv.Value, error) { return decodeItems(s.area.Call("get", nil)) }

// KeysUnder lists the area's keys that start with prefix, without their
// values (extension/background.js's mailkeyKeysUnder, over the browser's
// getKeys); ok is false in a context or browser without it.
func (s Store) KeysUnder(prefix string) ([]string, bool, error) {
	list := js.Global().Get("mailkeyKeysUnder")
	if list.Type() != js.TypeFunction {
		return nil, false, nil
	}
	v, err := Await(list.Invoke(s.name, prefix))
	if err != nil || v.Type() != js.TypeObject {
		return nil, false, err
	}
	keys := make([]string, v.Length())
	for i := range keys {
		keys[i] = v.Index(i).String()
	}
	return keys, true, nil
}

// readsAhead is extension/background.js's mailkeyReadsAhead: the reads it
// started while Go was starting, each for Go's first read of the same key.
// Other contexts have none.
func readsAhead() (js.Value, bool) {
	r := js.Global().Get("mailkeyReadsAhead")
	return r, r.Type() == js.TypeObject
}

// takeAhead is the read of key started ahead, if there is one.
func (s Store) takeAhead(key string) (js.Value, bool) {
	r, ok := readsAhead()
	if !ok {
		return js.Value{}, false
	}
	p := r.Call("take", s.name, key)
	return p, p.Type() == js.TypeObject
}

// drop forgets the reads ahead of keys about to be written: they may be older.
func (s Store) drop(keys []string) {
	if r, ok := readsAhead(); ok && len(keys) > 0 {
		r.Call("drop", s.name, anys(keys))
	}
}

// decodeItems waits for a chrome.storage get and copies its items into Go.
func decodeItems(pending js.Value) (map[string]jsonv.Value, error) {
	v, err := Await(pending)
	if err != nil {
		return nil, err
	}
	text := js.Global().Get("JSON").Call("stringify", v).String()
	obj, err := jsonv.ParseString(text, jsonv.Limits{MaxBytes: 64 << 20})
	if err != nil {
		return nil, err
	}
	out := map[string]jsonv.Value{}
	for _, m := range obj.Members() {
		out[m.Key] = m.Value
	}
	return out, nil
}

// Set writes all items in one call, so they are stored together or not at all.
func (s Store) Set(items ...jsonv.Member) error {
	s.drop(memberKeys(items))
	obj := js.Global().Get("JSON").Call("parse", jsonv.Obj(items...).String())
	_, err := Await(s.area.Call("set", obj))
	return err
}

// SetLater starts writing the items and returns at once: calls to one
// storage area are carried out in the order made, so a later read sees
// them. A failure is logged.
func (s Store) SetLater(items ...jsonv.Member) {
	s.drop(memberKeys(items))
	obj := js.Global().Get("JSON").Call("parse", jsonv.Obj(items...).String())
	s.area.Call("set", obj).Call("catch", js.Global().Get("console").Get("error"))
}

// Remove deletes keys.
func (s Store) Remove(keys ...string) error {
	s.drop(keys)
	_, err := Await(s.area.Call("remove", anys(keys)))
	return err
}

// anys is keys as the []any that syscall/js passes as a JS array.
func anys(keys []string) []any {
	arr := make([]any, len(keys))
	for i, k := range keys {
		arr[i] = k
	}
	return arr
}

func memberKeys(items []jsonv.Member) []string {
	keys := make([]string, len(items))
	for i, m := range items {
		keys[i] = m.Key
	}
	return keys
}

// OnChanged calls fn with the changed keys whenever this area changes (in any
// tab or page). fn runs on a new goroutine.
func (s Store) OnChanged(area string, fn func(keys []string)) {
	cb := js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) < 2 || args[1].String() != area {
			return nil
		}
		keys := js.Global().Get("Object").Call("keys", args[0])
		out := make([]string, keys.Length())
		for i := range out {
			out[i] = keys.Index(i).String()
		}
		go fn(out)
		return nil
	})
	js.Global().Get("chrome").Get("storage").Get("onChanged").Call("addListener", cb)
}

// NewID returns 32 random hex digits from the Web Crypto API (crypto/rand
// would add its own generator to the binary).
func NewID() string {
	return strings.ReplaceAll(js.Global().Get("crypto").Call("randomUUID").String(), "-", "")
}

// Catalog loads the message files of every locale in names
// (mailkey.LocaleNames); each is parsed when first used (i18n.LoadLazy).
// Call it from a goroutine or main, never inside a js.FuncOf callback.
func Catalog(names []string) (*i18n.Catalog, error) {
	files, err := loadLocales(names)
	if err != nil {
		return nil, err
	}
	return i18n.LoadLazy(files)
}

// loadLocales reads _locales/<name>/messages.json from the extension's own
// files: the reads extension/locales.js started, or its own for any it did not.
func loadLocales(names []string) (map[string][]byte, error) {
	pending := make([]js.Value, len(names))
	for i, name := range names {
		pending[i] = localeRead(name)
	}
	out := make(map[string][]byte, len(names))
	for i, name := range names {
		buf, err := Await(pending[i])
		if err != nil {
			return nil, err
		}
		out[name] = bytesFromJS(buf)
	}
	return out, nil
}

// CatalogOnDemand is Catalog for the service worker: a locale's file is
// copied into Go only when one of its messages is first asked for (the
// reads still start at once in extension/locales.js). Ask for messages
// only from goroutines, never inside a js.FuncOf callback: the first ask
// of a locale waits for its file.
func CatalogOnDemand(names []string) (*i18n.Catalog, error) {
	return i18n.LoadOnDemand(names, func(name string) ([]byte, error) {
		buf, err := Await(localeRead(name))
		if err != nil {
			return nil, err
		}
		return bytesFromJS(buf), nil
	})
}

// localeRead is a promise of a locale's file as an ArrayBuffer: the read
// extension/locales.js started, or a new one.
func localeRead(name string) js.Value {
	if started := js.Global().Get("mailkeyLocales"); started.Type() == js.TypeObject && started.Get(name).Type() == js.TypeObject {
		return started.Get(name)
	}
	url := js.Global().Get("chrome").Get("runtime").Call("getURL", "_locales/"+name+"/messages.json")
	return js.Global().Call("fetch", url).Call("then", js.FuncOf(func(_ js.Value, args []js.Value) any {
		return args[0].Call("arrayBuffer")
	}))
}

// Mark records when start-up reached a step, in ms since the context
// started, in the object the context's script put at
// globalThis.mailkeyStartup (if any): `mailkey bench` reads it to time a
// start by parts.
func Mark(step string) {
	if s := js.Global().Get("mailkeyStartup"); s.Type() == js.TypeObject {
		s.Set(step, js.Global().Get("performance").Call("now"))
	}
}
