package vault

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"mailkey/wasm/jsonv"
	"mailkey/wasm/ledger"
)

// Browser is one browser that joined a vault, as the vault's payload lists
// it: inside the ciphertext, so the server learns nothing of it.
type Browser struct {
	ID   string // 32 hex digits, drawn by that browser once
	Name string // the name the person gave it (CleanName)
	Seen int64  // ms of its last round that wrote the vault
}

// SeenEvery is how stale a browser's own "last seen" may get before a round
// that has nothing else to send writes the vault anyway to renew it: every
// round would turn each idle 15-minute check (a 304) into a write.
const SeenEvery = 60 * 60 * 1000

// MaxNameRunes bounds a browser's name.
const MaxNameRunes = 40

// maxBrowsers bounds the list a vault carries.
const maxBrowsers = 64

// CleanName is a browser's name as kept: cleaned like an account (no
// format characters: bidi overrides, zero-width), control and line
// characters as spaces, spaces folded, at most MaxNameRunes characters.
func CleanName(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, ledger.CleanAccount(s))
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > MaxNameRunes {
		s = strings.TrimSpace(string([]rune(s)[:MaxNameRunes]))
	}
	return strings.ToValidUTF8(s, "")
}

// JSON is a browser as the payload and the state store it.
func (b Browser) JSON() jsonv.Value {
	return jsonv.Obj(jsonv.M("id", jsonv.Str(b.ID)), jsonv.M("name", jsonv.Str(b.Name)), jsonv.M("seen", jsonv.Int(b.Seen)))
}

// BrowsersJSON is a list of browsers as JSON.
func BrowsersJSON(list []Browser) jsonv.Value {
	items := make([]jsonv.Value, len(list))
	for i, b := range list {
		items[i] = b.JSON()
	}
	return jsonv.Arr(items...)
}

// BrowsersFrom reads a list written by BrowsersJSON, skipping what is not a
// browser (a bad id) and cleaning names.
func BrowsersFrom(v jsonv.Value) []Browser {
	if v.Kind() != jsonv.Array {
		return nil
	}
	var out []Browser
	for _, item := range v.Items() {
		b := Browser{ID: item.GetStr("id"), Name: CleanName(item.GetStr("name")), Seen: item.GetInt("seen")}
		if IsHex128(b.ID) && len(out) < maxBrowsers && indexBrowser(out, b.ID) < 0 {
			out = append(out, b)
		}
	}
	return out
}

func indexBrowser(list []Browser, id string) int {
	for i, b := range list {
		if b.ID == id {
			return i
		}
	}
	return -1
}

// joinBrowsers is the list a round writes: the vault's, with the browsers
// carried over from a vault this one replaces (a rotation) added, and
// self renewed when its entry is missing, renamed or older than
// SeenEvery. changed says whether that differs from the vault's list.
func joinBrowsers(remote, carried []Browser, self Browser) (list []Browser, changed bool) {
	list = append([]Browser(nil), remote...)
	for _, b := range carried {
		if indexBrowser(list, b.ID) < 0 && len(list) < maxBrowsers {
			list, changed = append(list, b), true
		}
	}
	if self.ID == "" {
		return list, changed
	}
	switch i := indexBrowser(list, self.ID); {
	case i < 0:
		if len(list) >= maxBrowsers {
			list = list[1:] // the oldest joined gives way
		}
		list, changed = append(list, self), true
	case selfStale(list[i], self):
		list[i], changed = self, true
	}
	return list, changed
}

// selfStale reports whether a browser's entry needs renewing by the round
// that browser runs now (self.Seen is the time of that round).
func selfStale(listed, self Browser) bool {
	return listed.Name != self.Name || self.Seen-listed.Seen >= SeenEvery
}

// listedFresh reports whether self is in list, named as now and seen within
// SeenEvery: a round may then just ask whether anything is new.
func listedFresh(list []Browser, self Browser) bool {
	if self.ID == "" {
		return true
	}
	i := indexBrowser(list, self.ID)
	return i >= 0 && !selfStale(list[i], self)
}

// Without is list less the browser whose id is id.
func Without(list []Browser, id string) []Browser {
	out := make([]Browser, 0, len(list))
	for _, b := range list {
		if b.ID != id {
			out = append(out, b)
		}
	}
	return out
}
