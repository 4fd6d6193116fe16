//go:build js && wasm

package kb

import "errors"

// Load returns the knowledge base compiled into the binary (compiled.go,
// generated from providers/*.json), with its refusal patterns compiled by
// the browser: nothing is decoded at start.
func Load() (*KB, error) {
	for _, p := range compiled {
		for i := range p.Refusals {
			r := &p.Refusals[i]
			re, err := compile(r.Pattern)
			if err != nil {
				return nil, errors.New(p.ID + ": refusal " + r.Pattern + ": " + err.Error())
			}
			r.re = re
		}
	}
	return New(compiled)
}
