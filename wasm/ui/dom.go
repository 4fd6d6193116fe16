//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"

	"mailkey/wasm/dom"
)

var doc = dom.GetWindow().Document()

// attrs are an element's attributes; a "" value is left out, except for
// "value" (an option's empty value is meaningful).
type attrs map[string]string

// el builds an element. Children are dom.Node values or strings, and strings
// become text nodes: text from the ledger, the knowledge base or a page is
// never parsed as HTML.
func el(tag string, a attrs, children ...any) dom.Element {
	e := doc.CreateElement(tag)
	for k, v := range a {
		if v != "" || k == "value" {
			e.SetAttribute(k, v)
		}
	}
	appendAll(e, children...)
	return e
}

func appendAll(parent dom.Element, children ...any) {
	for _, c := range children {
		switch c := c.(type) {
		case nil:
		case string:
			if c != "" {
				parent.AppendChild(doc.CreateTextNode(c))
			}
		case dom.Element: // a typed nil is no child (as an untyped nil is not)
			if c != nil {
				parent.AppendChild(c)
			}
		case dom.Node:
			parent.AppendChild(c)
		case []dom.Element:
			for _, x := range c {
				parent.AppendChild(x)
			}
		}
	}
}

// replace makes children the only content of parent, in one DOM call.
func replace(parent dom.Element, children ...any) {
	nodes := make([]any, 0, len(children))
	for _, c := range children {
		switch c := c.(type) {
		case string:
			if c != "" {
				nodes = append(nodes, c) // replaceChildren makes text nodes of strings
			}
		case dom.Element:
			if c != nil {
				nodes = append(nodes, c.Underlying())
			}
		case dom.Node:
			nodes = append(nodes, c.Underlying())
		case []dom.Element:
			for _, x := range c {
				nodes = append(nodes, x.Underlying())
			}
		}
	}
	parent.Underlying().Call("replaceChildren", nodes...)
}

// on adds a listener that runs only for events a person caused.
func on(e dom.Element, typ string, fn func(dom.Event)) {
	e.AddEventListener(typ, false, func(ev dom.Event) {
		if !ev.Underlying().Get("isTrusted").Bool() {
			return
		}
		fn(ev)
	})
}

// link is an https link that opens in a new tab.
func link(text, url string) dom.Element {
	return el("a", attrs{"href": url, "target": "_blank", "rel": "noopener noreferrer"}, text)
}

func value(e dom.Element) string { return e.Underlying().Get("value").String() }

func setValue(e dom.Element, v string) { e.Underlying().Set("value", v) }

func focus(e dom.Element) { e.Underlying().Call("focus") }

func remove(e dom.Element) { e.Underlying().Call("remove") }

func chrome() js.Value { return js.Global().Get("chrome") }

// focusLost reports whether the focus fell to the page's body: the element
// that had it was redrawn or removed.
func focusLost() bool {
	a := doc.Underlying().Get("activeElement")
	return a.IsNull() || a.IsUndefined() || a.Equal(doc.Underlying().Get("body"))
}

// refocus gives the focus back after a redraw dropped it (and only then):
// to the first element under scope whose id, or one of whose data-key
// words, is one of keys.
// A person using the keyboard is not sent back to the top of the page
// each time what they acted on is drawn again. It reports whether it did.
func refocus(scope dom.Element, keys ...string) bool {
	if !focusLost() {
		return false
	}
	for _, k := range keys {
		if focusKey(scope, k) {
			return true
		}
	}
	return false
}

// focusKey focuses the first element under scope whose id, or one of whose
// data-key words, is key; it reports whether there was one.
func focusKey(scope dom.Element, key string) bool {
	if key == "" {
		return false
	}
	q := js.Global().Get("CSS").Call("escape", key).String()
	if e := scope.QuerySelector(`[data-key~="` + q + `"], #` + q); e != nil {
		focus(e)
		return true
	}
	return false
}

// activeKey is what refocus finds the focused element by after a redraw:
// its data-key, else its id ("" for none).
func activeKey() string {
	if focusLost() {
		return ""
	}
	active := doc.Underlying().Get("activeElement")
	if k := active.Call("getAttribute", "data-key"); k.Type() == js.TypeString && k.String() != "" {
		return strings.Fields(k.String())[0]
	}
	return active.Get("id").String()
}
