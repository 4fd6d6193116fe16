//go:build js && wasm

// Package dom is the part of the DOM that Mailkey's pages use, over
// syscall/js. It replaces honnef.co/go/js/dom/v2, whose many element and
// event types cost ui.wasm about 1.6 MB (their code, and the type and
// method tables the linker keeps for them) while the pages call a score
// of methods. Names and signatures are honnef's, so the pages read the same.
package dom

import "syscall/js"

// Node is anything that can be put into an element.
type Node interface {
	Underlying() js.Value
}

// Element is an element of the page; nil stands for none (null).
type Element = *BasicElement

// Event is an event passed to a listener.
type Event = *BasicEvent

// BasicElement wraps a DOM element.
type BasicElement struct{ v js.Value }

// BasicEvent wraps a DOM event.
type BasicEvent struct{ v js.Value }

// Text is a text node.
type Text struct{ v js.Value }

// Document is the page's document.
type Document struct{ v js.Value }

// Window is the page's window.
type Window struct{ v js.Value }

func wrap(v js.Value) Element {
	if v.IsNull() || v.IsUndefined() {
		return nil
	}
	return &BasicElement{v}
}

// GetWindow is the global window.
func GetWindow() Window { return Window{js.Global()} }

func (w Window) Document() Document { return Document{w.v.Get("document")} }

func (d Document) Underlying() js.Value { return d.v }

func (d Document) CreateElement(tag string) Element { return wrap(d.v.Call("createElement", tag)) }

func (d Document) CreateElementNS(ns, tag string) Element {
	return wrap(d.v.Call("createElementNS", ns, tag))
}

func (d Document) CreateTextNode(s string) *Text { return &Text{d.v.Call("createTextNode", s)} }

func (d Document) GetElementByID(id string) Element { return wrap(d.v.Call("getElementById", id)) }

func (d Document) DocumentElement() Element { return wrap(d.v.Get("documentElement")) }

func (d Document) QuerySelector(sel string) Element { return wrap(d.v.Call("querySelector", sel)) }

func (t *Text) Underlying() js.Value { return t.v }

func (e *BasicElement) Underlying() js.Value { return e.v }

func (e *BasicElement) SetAttribute(name, value string) { e.v.Call("setAttribute", name, value) }

func (e *BasicElement) GetAttribute(name string) string {
	v := e.v.Call("getAttribute", name)
	if v.IsNull() {
		return ""
	}
	return v.String()
}

func (e *BasicElement) RemoveAttribute(name string) { e.v.Call("removeAttribute", name) }

func (e *BasicElement) AppendChild(n Node) { e.v.Call("appendChild", n.Underlying()) }

func (e *BasicElement) SetTextContent(s string) { e.v.Set("textContent", s) }

func (e *BasicElement) HasChildNodes() bool { return e.v.Call("hasChildNodes").Bool() }

func (e *BasicElement) QuerySelector(sel string) Element { return wrap(e.v.Call("querySelector", sel)) }

func (e *BasicElement) Remove() { e.v.Call("remove") }

func (e *BasicElement) ID() string { return e.v.Get("id").String() }

// AddEventListener calls listener for each event of type typ; the returned
// function is kept for as long as the page lives.
func (e *BasicElement) AddEventListener(typ string, useCapture bool, listener func(Event)) js.Func {
	f := js.FuncOf(func(_ js.Value, args []js.Value) any {
		listener(&BasicEvent{args[0]})
		return nil
	})
	e.v.Call("addEventListener", typ, f, useCapture)
	return f
}

func (ev *BasicEvent) Underlying() js.Value { return ev.v }

func (ev *BasicEvent) PreventDefault() { ev.v.Call("preventDefault") }
