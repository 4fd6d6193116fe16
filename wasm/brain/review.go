package brain

import (
	"strconv"

	"mailkey/wasm/jsonv"
	"mailkey/wasm/ledger"
	"mailkey/wasm/review"
)

// Review answers the toolbar: how many ledger entries are due for review,
// in words for the badge's tooltip, and, on the daily alarm, whether to show
// a notification (only when the person turned them on).
func (b *Brain) Review(items map[string]jsonv.Value, daily bool, locale string) jsonv.Value {
	t := func(key string, args ...string) string { return b.Catalog.Text(locale, key, args...) }
	s := review.ParseSettings(items[review.SettingsKey])
	snap := ledger.Load(items)
	due := review.CountDue(snap.Entries, b.Now(), s.LimitDays)
	badge, title := "", t("extName")
	if due > 0 {
		badge = strconv.Itoa(due)
		if due > 99 {
			badge = "99+"
		}
		title = t("badge_due", strconv.Itoa(due))
	}
	out := []jsonv.Member{jsonv.M("badge", jsonv.Str(badge)), jsonv.M("title", jsonv.Str(title)), jsonv.M("due", jsonv.Int(int64(due))),
		jsonv.M("notify", jsonv.BoolValue(daily && s.Notify && due > 0))}
	if daily && s.Notify && due > 0 {
		out = append(out, jsonv.M("notifyTitle", jsonv.Str(t("notify_title"))), jsonv.M("notifyText", jsonv.Str(t("notify_text", strconv.Itoa(due)))))
	}
	return jsonv.Obj(out...)
}
