package i18n

import (
	"strconv"
	"strings"
	"time"
)

// Date writes an ISO date (2026-12-03) the way the locale writes dates:
// 03.12.2026 in Russian and German, 2026. 12. 3. in Korean, 2026年12月3日
// in Japanese and Chinese. English keeps the ISO form, which no English
// reader misreads (3/12 is March in one country and December in another).
// Anything that is not an ISO date is returned as it is.
func Date(locale, iso string) string {
	d, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return iso
	}
	y, m, day := strconv.Itoa(d.Year()), strconv.Itoa(int(d.Month())), strconv.Itoa(d.Day())
	switch lang(locale) {
	case "ru", "de":
		return d.Format("02.01.2006")
	case "ko":
		return y + ". " + m + ". " + day + "."
	case "ja", "zh":
		return y + "年" + m + "月" + day + "日"
	}
	return iso
}

// localize settles what depends on the locale before the placeholders are
// filled: plural blocks, and ISO dates given to placeholders named DATE.
func localize(locale string, msg message, args []string) (message, []string) {
	value := func(name string) (string, bool) {
		content, ok := msg.placeholders[strings.ToLower(name)]
		return expandArgs(content, args), ok
	}
	msg.text = selectPlurals(locale, msg.text, value)
	if content, ok := msg.placeholders["date"]; ok && len(content) == 2 && content[0] == '$' && content[1] >= '1' && content[1] <= '9' {
		if n := int(content[1] - '1'); n < len(args) {
			args = append([]string(nil), args...)
			args[n] = Date(locale, args[n])
		}
	}
	return msg, args
}
