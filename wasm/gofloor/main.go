//go:build js && wasm

// Command gofloor is the least a Go-drawn extension page does: Go starts,
// draws one element and marks the page ready. `mailkey bench` loads it in a
// copy of the popup's page in place of ui.wasm, beside the popup and its
// static copy: what any popup drawn by Go costs before it draws anything.
package main

import "syscall/js"

func main() {
	doc := js.Global().Get("document")
	p := doc.Call("createElement", "p")
	p.Set("textContent", "Mailkey")
	doc.Call("getElementById", "app").Call("appendChild", p)
	now := js.Global().Get("performance").Call("now")
	js.Global().Set("mailkeyUIReady", now)
	js.Global().Set("mailkeyLedgerReady", now)
	select {}
}
