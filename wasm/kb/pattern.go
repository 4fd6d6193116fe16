package kb

import (
	"errors"
	"strings"
)

// portablePattern checks that a refusal pattern keeps to the syntax Go's
// regexp (RE2) and the browser's RegExp read the same way: literals, groups,
// alternation, classes, quantifiers and the escapes \s \d \w \b and escaped
// punctuation, with case folding only as a leading (?i).
func portablePattern(p string) error {
	body := strings.TrimPrefix(p, "(?i)")
	if body == "" {
		return errors.New("empty pattern")
	}
	if strings.Contains(body, "(?") {
		return errors.New("flags and special groups other than a leading (?i) are not portable")
	}
	for i := 0; i < len(body); i++ {
		if body[i] != '\\' {
			continue
		}
		if i+1 >= len(body) {
			return errors.New("trailing backslash")
		}
		c := body[i+1]
		switch {
		case strings.IndexByte(`sSdDwWb.\/?*+()[]{}|^$-&`, c) >= 0:
		default:
			return errors.New(`escape \` + string(c) + " is not portable")
		}
		i++
	}
	if strings.Contains(body, "[[:") {
		return errors.New("POSIX classes are not portable")
	}
	return nil
}
