//go:build js && wasm

package main

import "honnef.co/go/js/dom/v2"

// ledger draws the Ledger tab.
func (a *app) ledger(panel dom.Element) {}
