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
	y, m, d, ok := isoDate(iso)
	if !ok {
		return iso
	}
	switch lang(locale) {
	case "ru", "de":
		return iso[8:10] + "." + iso[5:7] + "." + iso[:4]
	case "ko":
		return strconv.Itoa(y) + ". " + strconv.Itoa(m) + ". " + strconv.Itoa(d) + "."
	case "ja", "zh":
		return strconv.Itoa(y) + "年" + strconv.Itoa(m) + "月" + strconv.Itoa(d) + "日"
	}
	return iso
}

// isoDate reads a real calendar date written YYYY-MM-DD. (time.Parse and
// time.Format would add about 55 KB of code to the service worker's binary,
// where nothing else needs them.)
func isoDate(s string) (y, m, d int, ok bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, 0, 0, false
	}
	for i := range len(s) {
		if i != 4 && i != 7 && (s[i] < '0' || s[i] > '9') {
			return 0, 0, 0, false
		}
	}
	y, _ = strconv.Atoi(s[:4])
	m, _ = strconv.Atoi(s[5:7])
	d, _ = strconv.Atoi(s[8:])
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return y, m, d, t.Year() == y && int(t.Month()) == m && t.Day() == d
}
