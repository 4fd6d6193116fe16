package mailkey

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// Every message in _locales is used: named in the Go code, the extension's
// scripts, the manifest or the knowledge base, or built from one of the
// prefixes the code completes with a code from data (a method, a reason...).
func TestEveryMessageUsed(t *testing.T) {
	var en map[string]json.RawMessage
	if err := json.Unmarshal(Locales["en"], &en); err != nil {
		t.Fatal(err)
	}
	var corpus strings.Builder
	for _, pattern := range []string{"wasm/*/*.go", "wasm/*.go", "extension/*.js", "manifest.json", "wasm/kb/providers/*.json"} {
		files, _ := filepath.Glob(pattern)
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			corpus.Write(b)
		}
	}
	text := corpus.String()
	// Prefixes completed at run time, each with the place that completes it.
	dynamic := regexp.MustCompile(`^(method_|hint_title_|security_|kind_|kind_name_|reason_|check_why_|check_empty_|import_status_|sync_err_|sync_level_)`)
	for key := range en {
		if dynamic.MatchString(key) {
			continue
		}
		if !strings.Contains(text, `"`+key+`"`) && !strings.Contains(text, "__MSG_"+key+"__") {
			t.Errorf("message %s is used nowhere", key)
		}
	}
}

// localeFile is one messages.json, its keys in file order.
type localeFile struct {
	keys []string
	msgs map[string]localeMessage
}

type localeMessage struct {
	Message      string                     `json:"message"`
	Description  string                     `json:"description"`
	Placeholders map[string]json.RawMessage `json:"placeholders"`
}

func readLocale(t *testing.T, name string) localeFile {
	t.Helper()
	data := Locales[name]
	lf := localeFile{msgs: map[string]localeMessage{}}
	if err := json.Unmarshal(data, &lf.msgs); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	// The keys in file order: a decoder walking the top-level object.
	dec := json.NewDecoder(strings.NewReader(string(data)))
	if _, err := dec.Token(); err != nil {
		t.Fatal(err)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		lf.keys = append(lf.keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return lf
}

var (
	placeholderRef = regexp.MustCompile(`\$([A-Za-z_]+)\$`)
	pluralBlock    = regexp.MustCompile(`\{\$([A-Za-z_]+)\$\|([^{}]*)\}`)
)

// pluralClasses are the CLDR categories each locale's plural blocks may use
// (i18n.PluralClass gives the same ones).
var pluralClasses = map[string][]string{
	"en": {"one", "other"}, "de": {"one", "other"}, "ru": {"one", "few", "many", "other"},
	"zh_CN": {"other"}, "zh_TW": {"other"}, "ja": {"other"}, "ko": {"other"},
}

// Every locale has exactly en's keys, in en's order, with en's placeholder
// definitions; each message names exactly the placeholders en's does, and
// its plural blocks are well formed, name a defined placeholder, use only
// the locale's plural classes and always have "other".
func TestLocalesMatchEnglish(t *testing.T) {
	en := readLocale(t, "en")
	for _, name := range LocaleNames {
		loc := readLocale(t, name)
		if strings.Join(loc.keys, ",") != strings.Join(en.keys, ",") {
			t.Errorf("%s: keys differ from en in set or order (%d keys, en %d)", name, len(loc.keys), len(en.keys))
		}
		classes, ok := pluralClasses[name]
		if !ok {
			t.Errorf("%s: no plural classes listed for this locale", name)
		}
		for _, k := range en.keys {
			m, e := loc.msgs[k], en.msgs[k]
			if strings.TrimSpace(m.Message) == "" {
				t.Errorf("%s %s: empty message", name, k)
				continue
			}
			if got, want := refs(m.Message), refs(e.Message); got != want {
				t.Errorf("%s %s: placeholders %s, en has %s", name, k, got, want)
			}
			if len(m.Placeholders) != len(e.Placeholders) {
				t.Errorf("%s %s: %d placeholder definitions, en has %d", name, k, len(m.Placeholders), len(e.Placeholders))
			}
			for p, def := range e.Placeholders {
				if string(m.Placeholders[p]) != string(def) {
					t.Errorf("%s %s: placeholder %s defined as %s, en %s", name, k, p, m.Placeholders[p], def)
				}
			}
			checkPluralBlocks(t, name+" "+k, m, classes)
		}
	}
}

func refs(msg string) string {
	seen := map[string]bool{}
	for _, m := range placeholderRef.FindAllStringSubmatch(msg, -1) {
		seen[strings.ToLower(m[1])] = true
	}
	var out []string
	for r := range seen {
		out = append(out, r)
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

func checkPluralBlocks(t *testing.T, where string, m localeMessage, classes []string) {
	t.Helper()
	blocks := pluralBlock.FindAllStringSubmatch(m.Message, -1)
	if strings.Count(m.Message, "{") != len(blocks) || strings.Count(m.Message, "}") != len(blocks) {
		t.Errorf("%s: a brace that is not part of a plural block {$N$|one:…|other:…}", where)
	}
	for _, b := range blocks {
		if _, ok := m.Placeholders[strings.ToLower(b[1])]; !ok {
			t.Errorf("%s: plural block on undefined placeholder %s", where, b[1])
		}
		forms := map[string]bool{}
		for _, f := range strings.Split(b[2], "|") {
			class, _, ok := strings.Cut(f, ":")
			if !ok || !slices.Contains(classes, class) {
				t.Errorf("%s: plural form %q is not one:, few:, many: or other: of this locale", where, f)
			}
			forms[class] = true
		}
		if !forms["other"] {
			t.Errorf("%s: plural block without other:", where)
		}
	}
}

// The stores' limits on what the manifest shows, in every locale: a
// description of at most 132 characters in Chrome and Firefox
// (developer.chrome.com/docs/extensions/reference/manifest/description;
// MDN manifest.json/description), a name of at most 45 (the strictest
// store: Edge 45, addons.mozilla.org 50, Chrome Web Store 75, per MDN
// manifest.json/name "as of February 2024"). Checked 2026-12-03.
func TestStoreListingFits(t *testing.T) {
	for _, name := range LocaleNames {
		loc := readLocale(t, name)
		if n := len([]rune(loc.msgs["extDescription"].Message)); n > 132 {
			t.Errorf("%s: extDescription has %d characters, the stores take 132", name, n)
		}
		if n := len([]rune(loc.msgs["extName"].Message)); n > 45 {
			t.Errorf("%s: extName has %d characters, Edge's store takes 45", name, n)
		}
	}
}
