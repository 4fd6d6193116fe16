//go:build !(js && wasm)

package kb

import "regexp"

func compile(pattern string) (matcher, error) {
	if err := portablePattern(pattern); err != nil {
		return nil, err
	}
	return regexp.Compile(pattern)
}
