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
type Store struct{ area js.Value }

// LocalStore is chrome.storage.local.
func LocalStore() Store { return Store{js.Global().Get("chrome").Get("storage").Get("local")} }

// SessionStore is chrome.storage.session: in memory while the browser runs,
// kept across service-worker restarts, and (Chrome's default, Firefox's
// only way) out of content scripts' reach.
func SessionStore() Store { return Store{js.Global().Get("chrome").Get("storage").Get("session")} }

// Get returns the values of the keys that exist.
func (s Store) Get(keys ...string) (map[string]jsonv.Value, error) {
	arr := make([]any, len(keys))
	for i, k := range keys {
		arr[i] = k
	}
	return s.get(arr)
}

// All returns every stored item.
func (s Store) All() (map[string]jsonv.Value, error) { return s.get(nil) }

func (s Store) get(keys any) (map[string]jsonv.Value, error) {
	v, err := Await(s.area.Call("get", keys))
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
	obj := js.Global().Get("JSON").Call("parse", jsonv.Obj(items...).String())
	_, err := Await(s.area.Call("set", obj))
	return err
}

// SetLater starts writing the items and returns at once: calls to one
// storage area are carried out in the order made, so a later read sees
// them. A failure is logged.
func (s Store) SetLater(items ...jsonv.Member) {
	obj := js.Global().Get("JSON").Call("parse", jsonv.Obj(items...).String())
	s.area.Call("set", obj).Call("catch", js.Global().Get("console").Get("error"))
}

// Remove deletes keys.
func (s Store) Remove(keys ...string) error {
	arr := make([]any, len(keys))
	for i, k := range keys {
		arr[i] = k
	}
	_, err := Await(s.area.Call("remove", js.ValueOf(arr)))
	return err
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
