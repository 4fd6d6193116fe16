package i18n

import "strings"

// Pick chooses the locale to answer in from the page's language and the
// browser's: the page's when Mailkey has that language, else the browser's,
// else English. Two refinements: an English page tag is weak (sites keep
// lang="en" in templates whatever their text, and their visitors' browsers
// say more), so a browser language Mailkey has wins over it; and Chinese is
// traditional for zh-TW, zh-HK, zh-MO and zh-Hant, simplified otherwise.
func (c *Catalog) Pick(pageLang, browserLang string) string {
	page, browser := c.match(pageLang), c.match(browserLang)
	switch {
	case page != "" && page != Fallback:
		return page
	case browser != "":
		return browser
	}
	return Fallback
}

// Choose is Pick after a person's own choice of language (from the options
// page), which wins wherever Mailkey has it; "" means automatic.
func (c *Catalog) Choose(choice, pageLang, browserLang string) string {
	if choice != "" && c.has(choice) {
		return choice
	}
	return c.Pick(pageLang, browserLang)
}

// match maps a BCP 47 tag (ru-RU, de, zh-Hant-HK, pt_BR) to a loaded
// locale, or "" when Mailkey has none for it.
func (c *Catalog) match(tag string) string {
	t := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(tag), "_", "-"))
	base, region, _ := strings.Cut(t, "-")
	if base == "" {
		return ""
	}
	if base == "zh" {
		if strings.Contains(t, "hant") || strings.HasPrefix(region, "tw") || strings.HasPrefix(region, "hk") || strings.HasPrefix(region, "mo") {
			if c.has("zh_TW") {
				return "zh_TW"
			}
		}
		if c.has("zh_CN") {
			return "zh_CN"
		}
		return ""
	}
	for _, name := range c.Locales() {
		if strings.EqualFold(strings.ReplaceAll(name, "_", "-"), t) {
			return name
		}
	}
	if c.has(base) {
		return base
	}
	return ""
}
