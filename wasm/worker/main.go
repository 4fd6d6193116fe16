//go:build js && wasm

// Command worker is Mailkey's Go in the service worker: the brain. It is a
// thin js layer: it loads the knowledge base and the locales and registers
// mailkeyHandle for extension/background.js. Every decision is made in the
// pure packages. (The extension pages have their own binary, wasm/ui: the
// DOM library they need would double this one and slow every cold start.)
package main

import (
	"syscall/js"
	"time"

	"mailkey"
	"mailkey/wasm/brain"
	"mailkey/wasm/i18n"
	"mailkey/wasm/jsbridge"
	"mailkey/wasm/kb"
	"mailkey/wasm/vault"
)

func main() {
	global := js.Global()
	jsbridge.Mark("main")
	k, err := kb.Load()
	if err != nil {
		fail(err)
	}
	jsbridge.Mark("kb")
	// Only the language an answer needs is copied in, when it is needed.
	cat, err := jsbridge.CatalogOnDemand(mailkey.LocaleNames)
	if err != nil {
		fail(err)
	}
	jsbridge.Mark("locales")
	b := &brain.Brain{KB: k, Catalog: cat, Now: time.Now, NewID: jsbridge.NewID,
		ExtensionID:     global.Get("chrome").Get("runtime").Get("id").String(),
		ExtensionOrigin: global.Get("location").Get("origin").String(),
		SyncEnv: brain.SyncEnv{Crypto: jsbridge.WebCrypto{}, Wrapper: jsbridge.KeptKey{}, Transport: func(server string, k vault.Keys) vault.Transport {
			return jsbridge.Fetch{Server: server, Keys: k}
		}},
		Session: jsbridge.SessionStore()}
	local := jsbridge.LocalStore()
	st := brain.NewReadCache(local)
	local.OnChanged("local", st.Changed)
	go st.LearnKeys()

	// mailkeyHandle(messageJSON, senderJSON) -> Promise<answerJSON>
	global.Set("mailkeyHandle", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) < 2 || args[0].Type() != js.TypeString || args[1].Type() != js.TypeString {
			return jsbridge.Promise(func() string { return `{"ok":false,"error":"bad call"}` })
		}
		msg, from := args[0].String(), senderFrom(args[1])
		return jsbridge.Promise(func() string { return string(b.Handle([]byte(msg), from, st)) })
	}))
	// mailkeyReview(daily) -> Promise<answerJSON>: the badge and notification.
	global.Set("mailkeyReview", js.FuncOf(func(_ js.Value, args []js.Value) any {
		daily := len(args) > 0 && args[0].Truthy()
		ui := global.Get("chrome").Get("i18n").Call("getUILanguage").String()
		return jsbridge.Promise(func() string {
			items, err := st.All()
			if err != nil {
				return `{"badge":"","title":"Mailkey","notify":false}`
			}
			locale := cat.Choose(i18n.ChoiceFrom(items), "", ui)
			return b.Review(items, daily, locale).String()
		})
	}))
	// mailkeyForgetTab(tabId) -> Promise: the tab closed.
	global.Set("mailkeyForgetTab", js.FuncOf(func(_ js.Value, args []js.Value) any {
		tab := -1
		if len(args) > 0 && args[0].Type() == js.TypeNumber {
			tab = args[0].Int()
		}
		return jsbridge.Promise(func() string {
			if tab >= 0 {
				_ = b.ForgetTab(tab) // a record left behind goes with the browser session
			}
			return "{}"
		})
	}))
	// mailkeySync() -> Promise<statusJSON>: a sync round, if sync is on.
	global.Set("mailkeySync", js.FuncOf(func(js.Value, []js.Value) any {
		return jsbridge.Promise(func() string {
			v, _ := b.Sync(st)
			return v.String()
		})
	}))
	global.Call("mailkeyReady")
	// Sync's secrets stored in plain by an earlier version are wrapped now,
	// whether or not a round runs soon.
	if _, err := b.Secrets(st).Migrate(); err != nil {
		js.Global().Get("console").Call("error", "mailkey: wrapping the sync settings: "+err.Error())
	}
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
	if f := obj.Get("frame"); f.Type() == js.TypeNumber {
		s.FrameID = f.Int()
	}
	return s
}
