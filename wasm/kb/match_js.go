//go:build js && wasm

package kb

import (
	"errors"
	"strings"
	"syscall/js"
)

type jsRegExp struct{ re js.Value }

func (m jsRegExp) MatchString(s string) bool { return m.re.Call("test", s).Bool() }

func compile(pattern string) (m matcher, err error) {
	if err := portablePattern(pattern); err != nil {
		return nil, err
	}
	flags := ""
	if body, ok := strings.CutPrefix(pattern, "(?i)"); ok {
		pattern, flags = body, "i"
	}
	defer func() {
		if r := recover(); r != nil {
			m, err = nil, errors.New("pattern does not compile in the browser")
		}
	}()
	return jsRegExp{js.Global().Get("RegExp").New(pattern, flags)}, nil
}
