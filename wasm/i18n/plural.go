package i18n

import (
	"strconv"
	"strings"
)

// PluralClass is the CLDR plural category of the whole number n in a
// locale: "one", "few", "many" or "other". Russian has one (1, 21, 101),
// few (2-4, 22-24), many (0, 5-20, 25-30, 11-14) and other (fractions);
// English and German one (1) and other; Chinese, Japanese and Korean only
// other, since they count with counters (3件, 3개) and never inflect.
// Anything that is not a whole number is "other".
func PluralClass(locale, n string) string {
	v, err := strconv.ParseInt(strings.TrimSpace(n), 10, 64)
	if err != nil {
		return "other"
	}
	if v < 0 {
		v = -v
	}
	switch lang(locale) {
	case "zh", "ja", "ko":
		return "other"
	case "ru", "uk":
		mod10, mod100 := v%10, v%100
		switch {
		case mod10 == 1 && mod100 != 11:
			return "one"
		case mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14):
			return "few"
		default:
			return "many"
		}
	default:
		if v == 1 {
			return "one"
		}
		return "other"
	}
}

// lang is a locale's language: zh_CN is zh.
func lang(locale string) string {
	if i := strings.IndexAny(locale, "_-"); i >= 0 {
		return strings.ToLower(locale[:i])
	}
	return strings.ToLower(locale)
}

// selectPlurals replaces each block {$NAME$|one:form|few:form|other:form}
// in text with the form of the plural class of NAME's value, falling back to
// the block's "other" form. A block that does not parse stays as written,
// so a broken translation shows rather than vanishes.
func selectPlurals(locale, text string, value func(name string) (string, bool)) string {
	var b strings.Builder
	for {
		i := strings.Index(text, "{$")
		if i < 0 {
			b.WriteString(text)
			return b.String()
		}
		b.WriteString(text[:i])
		rest := text[i:]
		form, n, ok := pluralBlock(locale, rest, value)
		if !ok {
			b.WriteString("{")
			text = rest[1:]
			continue
		}
		b.WriteString(form)
		text = rest[n:]
	}
}

// pluralBlock reads one block at the start of s and returns the chosen form
// and the block's length.
func pluralBlock(locale, s string, value func(string) (string, bool)) (string, int, bool) {
	nameEnd := strings.Index(s, "$|")
	end := strings.IndexByte(s, '}')
	if nameEnd < 2 || end < nameEnd {
		return "", 0, false
	}
	v, ok := value(s[2:nameEnd])
	if !ok {
		return "", 0, false
	}
	forms := map[string]string{}
	for _, f := range strings.Split(s[nameEnd+2:end], "|") {
		class, form, ok := strings.Cut(f, ":")
		if !ok {
			return "", 0, false
		}
		forms[class] = form
	}
	form, ok := forms[PluralClass(locale, v)]
	if !ok {
		if form, ok = forms["other"]; !ok {
			return "", 0, false
		}
	}
	return form, end + 1, true
}
