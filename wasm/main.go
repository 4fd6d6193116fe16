//go:build js && wasm

// Command wasm is Mailkey's Go in the browser: the service worker's brain.
// It is the thin js layer: it loads the knowledge base and the locales,
// registers mailkeyHandle for extension/background.js, and bridges
// chrome.storage. Every decision is made in the pure packages.
package main

import (
	"strings"
	"syscall/js"
	"time"

	"mailkey"
	"mailkey/wasm/brain"
	"mailkey/wasm/i18n"
	"mailkey/wasm/kb"
)

func main() {
	global := js.Global()
	k, err := kb.Load()
	if err != nil {
		fail(err)
	}
	cat, err := i18n.Load(mailkey.Locales)
	if err != nil {
		fail(err)
	}
	b := &brain.Brain{KB: k, Catalog: cat, Now: time.Now, NewID: newID,
		ExtensionID: global.Get("chrome").Get("runtime").Get("id").String()}
	st := chromeStore{area: global.Get("chrome").Get("storage").Get("local")}

	// mailkeyHandle(messageJSON, senderJSON) -> Promise<answerJSON>
	global.Set("mailkeyHandle", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) < 2 || args[0].Type() != js.TypeString || args[1].Type() != js.TypeString {
			return promise(func() string { return `{"ok":false,"error":"bad call"}` })
		}
		msg, from := args[0].String(), senderFrom(args[1])
		return promise(func() string { return string(b.Handle([]byte(msg), from, st)) })
	}))
	global.Call("mailkeyReady")
	select {}
}

func fail(err error) {
	js.Global().Get("console").Call("error", "mailkey: "+err.Error())
	panic(err)
}

// senderFrom reads the MessageSender fields background.js passes on.
func senderFrom(v js.Value) brain.Sender {
	s := brain.Sender{TabID: -1}
	obj := js.Global().Get("JSON").Call("parse", v)
	if id := obj.Get("id"); id.Type() == js.TypeString {
		s.ExtensionID = id.String()
	}
	if u := obj.Get("url"); u.Type() == js.TypeString {
		s.URL = u.String()
	}
	if t := obj.Get("tab"); t.Type() == js.TypeNumber {
		s.TabID = t.Int()
	}
	return s
}

// newID is 32 random hex digits from the Web Crypto API (crypto/rand would
// add its own DRBG to the binary).
func newID() string {
	return strings.ReplaceAll(js.Global().Get("crypto").Call("randomUUID").String(), "-", "")
}
