// Package i18n reads the extension's _locales message files and formats
// messages the way chrome.i18n does, for any locale rather than only the
// browser's: Mailkey answers in the page's language.
package i18n

import (
	"errors"
	"sort"
	"strings"
	"sync"

	"mailkey/wasm/jsonv"
)

// Fallback is the locale used for anything missing in another.
const Fallback = "en"

type message struct {
	text         string
	placeholders map[string]string // lower-case name -> content such as "$1"
}

// Catalog holds the messages of every locale. A lazy one (LoadLazy,
// LoadOnDemand) reads and parses a locale's file when first asked for it.
type Catalog struct {
	mu      sync.Mutex
	pending map[string]bool // locales not read yet
	read    func(locale string) ([]byte, error)
	locales map[string]map[string]message
}

// Load reads the messages.json of each locale, keyed by locale name.
func Load(locales map[string][]byte) (*Catalog, error) {
	c := &Catalog{locales: map[string]map[string]message{}}
	for name, data := range locales {
		msgs, err := parse(data)
		if err != nil {
			return nil, errors.New(name + ": " + err.Error())
		}
		c.locales[name] = msgs
	}
	if c.locales[Fallback] == nil {
		return nil, errors.New("i18n: no " + Fallback + " locale")
	}
	return c, nil
}

// LoadLazy is Load for a start that must be quick: a locale's file is
// parsed when one of its messages is first asked for, so a worker that
// answers in one language parses one file. A file that does not parse then
// reads as empty (its messages fall back to English); Load, which the
// native tests use on the same files, reports it.
func LoadLazy(locales map[string][]byte) (*Catalog, error) {
	names := make([]string, 0, len(locales))
	for name := range locales {
		names = append(names, name)
	}
	return LoadOnDemand(names, func(locale string) ([]byte, error) { return locales[locale], nil })
}

// LoadOnDemand is LoadLazy for files not read yet: read gets a locale's
// file the first time one of its messages is asked for, so a worker that
// answers in one language copies one file of seven. A file that cannot be
// read reads as empty, like one that does not parse.
func LoadOnDemand(names []string, read func(locale string) ([]byte, error)) (*Catalog, error) {
	c := &Catalog{pending: map[string]bool{}, read: read, locales: map[string]map[string]message{}}
	for _, name := range names {
		c.pending[name] = true
	}
	if !c.pending[Fallback] {
		return nil, errors.New("i18n: no " + Fallback + " locale")
	}
	return c, nil
}

// messages is a locale's messages, parsed now if they were not yet; nil
// for a locale the catalog does not have.
func (c *Catalog) messages(locale string) map[string]message {
	c.mu.Lock()
	defer c.mu.Unlock()
	if msgs, ok := c.locales[locale]; ok {
		return msgs
	}
	if !c.pending[locale] {
		return nil
	}
	delete(c.pending, locale)
	data, err := c.read(locale)
	var msgs map[string]message
	if err == nil {
		msgs, err = parse(data)
	}
	if err != nil {
		msgs = map[string]message{}
	}
	c.locales[locale] = msgs
	return msgs
}

// Preload reads and parses a locale now if it was not yet: for a worker
// that has just answered a page without a form, so that the form's hint,
// when it comes, does not wait for its language's file.
func (c *Catalog) Preload(locale string) { c.messages(locale) }

// has reports whether the catalog has a locale, parsed or not.
func (c *Catalog) has(locale string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, parsed := c.locales[locale]
	return parsed || c.pending[locale]
}

func parse(data []byte) (map[string]message, error) {
	root, err := jsonv.Parse(data, jsonv.Limits{MaxBytes: 4 << 20})
	if err != nil {
		return nil, err
	}
	if root.Kind() != jsonv.Object {
		return nil, errors.New("messages.json is not an object")
	}
	out := map[string]message{}
	for _, m := range root.Members() {
		text, ok := m.Value.GetStr("message"), m.Value.Kind() == jsonv.Object
		if !ok || text == "" {
			return nil, errors.New("message " + m.Key + " has no text")
		}
		msg := message{text: text}
		if ph, ok := m.Value.Get("placeholders"); ok {
			msg.placeholders = map[string]string{}
			for _, p := range ph.Members() {
				msg.placeholders[strings.ToLower(p.Key)] = p.Value.GetStr("content")
			}
		}
		out[m.Key] = msg
	}
	return out, nil
}

// Locales lists the loaded locales, sorted.
func (c *Catalog) Locales() []string {
	c.mu.Lock()
	var out []string
	for l := range c.locales {
		out = append(out, l)
	}
	for l := range c.pending {
		out = append(out, l)
	}
	c.mu.Unlock()
	sort.Strings(out)
	return out
}

// Keys lists a locale's message keys, sorted.
func (c *Catalog) Keys(locale string) []string {
	var out []string
	for k := range c.messages(locale) {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// HasEverywhere reports whether key exists in every locale.
func (c *Catalog) HasEverywhere(key string) bool {
	for _, l := range c.Locales() {
		if _, ok := c.messages(l)[key]; !ok {
			return false
		}
	}
	return true
}

// Text formats a message in a locale, falling back to English, then to the
// key itself so a missing message is visible rather than blank.
// Placeholders work as in chrome.i18n: $NAME$ takes its content, and $1..$9
// in that content take args. Two additions chrome.i18n lacks (only Go formats
// these messages): a plural block {$N$|one:day|other:days} picks the form of
// the locale's plural class for N's value (see plural.go), and a placeholder
// named DATE written as an ISO date (2026-12-03) is written the locale's way.
func (c *Catalog) Text(locale, key string, args ...string) string {
	msg, ok := c.messages(locale)[key]
	if !ok {
		if msg, ok = c.messages(Fallback)[key]; !ok {
			return key
		}
		locale = Fallback
	}
	msg, args = localize(locale, msg, args)
	return format(msg, args)
}

func format(msg message, args []string) string {
	if !strings.Contains(msg.text, "$") {
		return msg.text
	}
	var b strings.Builder
	s := msg.text
	for {
		i := strings.IndexByte(s, '$')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		s = s[i+1:]
		switch {
		case strings.HasPrefix(s, "$"): // "$$" is a literal dollar
			b.WriteByte('$')
			s = s[1:]
		case len(s) > 0 && s[0] >= '1' && s[0] <= '9':
			b.WriteString(arg(args, s[0]))
			s = s[1:]
		default:
			j := strings.IndexByte(s, '$')
			content, ok := "", false
			if j > 0 {
				content, ok = msg.placeholders[strings.ToLower(s[:j])]
			}
			if !ok {
				b.WriteByte('$')
				continue
			}
			b.WriteString(expandArgs(content, args))
			s = s[j+1:]
		}
	}
}

func arg(args []string, digit byte) string {
	n := int(digit - '1')
	if n < len(args) {
		return args[n]
	}
	return ""
}

func expandArgs(content string, args []string) string {
	var b strings.Builder
	for i := 0; i < len(content); i++ {
		if content[i] == '$' && i+1 < len(content) && content[i+1] >= '1' && content[i+1] <= '9' {
			b.WriteString(arg(args, content[i+1]))
			i++
			continue
		}
		b.WriteByte(content[i])
	}
	return b.String()
}

// LangTag is a locale's BCP 47 tag, for lang attributes: zh_CN is zh-CN.
func LangTag(locale string) string { return strings.ReplaceAll(locale, "_", "-") }
