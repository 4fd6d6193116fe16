package i18n

import (
	"strconv"
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
