//go:build js && wasm

package main

import (
	"errors"
	"syscall/js"

	"mailkey/wasm/jsonv"
)

// promise runs work on a goroutine and returns a JS Promise of its result.
// Waiting inside a js.FuncOf callback would deadlock Go, hence the goroutine.
func promise(work func() string) js.Value {
	executor := js.FuncOf(func(_ js.Value, args []js.Value) any {
		resolve := args[0]
		go func() { resolve.Invoke(work()) }()
		return nil
	})
	p := js.Global().Get("Promise").New(executor)
	executor.Release() // the executor runs synchronously inside New
	return p
}

// await blocks the calling goroutine until a JS promise settles.
func await(p js.Value) (js.Value, error) {
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

// chromeStore is brain.Store over chrome.storage.local. Values cross the
// boundary as JSON text, so Go never walks JS objects field by field.
type chromeStore struct{ area js.Value }

func (s chromeStore) Get(keys ...string) (map[string]jsonv.Value, error) {
	arr := make([]any, len(keys))
	for i, k := range keys {
		arr[i] = k
	}
	v, err := await(s.area.Call("get", arr))
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

func (s chromeStore) Set(items ...jsonv.Member) error {
	obj := js.Global().Get("JSON").Call("parse", jsonv.Obj(items...).String())
	_, err := await(s.area.Call("set", obj))
	return err
}
