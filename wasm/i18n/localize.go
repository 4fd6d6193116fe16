package i18n

import "strings"

// localize settles what depends on the locale before the placeholders are
// filled: plural blocks, and ISO dates given to placeholders named DATE.
func localize(locale string, msg message, args []string) (message, []string) {
	if strings.Contains(msg.text, "{$") {
		msg.text = selectPlurals(locale, msg.text, func(name string) (string, bool) {
			content, ok := msg.placeholders[strings.ToLower(name)]
			return expandArgs(content, args), ok
		})
	}
	if content, ok := msg.placeholders["date"]; ok && len(content) == 2 && content[0] == '$' && content[1] >= '1' && content[1] <= '9' {
		if n := int(content[1] - '1'); n < len(args) {
			args = append([]string(nil), args...)
			args[n] = Date(locale, args[n])
		}
	}
	return msg, args
}
