package mailkey

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every user-visible string lives in _locales: the pages' HTML holds no
// text but the extension's name, and the Go and JS that draw the pages and
// the hint put no literal words into text, labels or titles. (A heuristic:
// it reads the code, so it is strict about the forms the code uses.)
func TestNoHardCodedText(t *testing.T) {
	letters := regexp.MustCompile(`\pL{2,}`)
	tag := regexp.MustCompile(`(?s)<(script|style)[^>]*>.*?</(script|style)>|<[^>]+>`)
	htmls, _ := filepath.Glob("extension/*.html")
	for _, f := range htmls {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := tag.ReplaceAllString(string(data), "\n")
		for _, line := range strings.Split(text, "\n") {
			if s := strings.TrimSpace(line); letters.MatchString(s) && s != "Mailkey" {
				t.Errorf("%s: text %q is not from _locales", f, s)
			}
		}
	}
	// In Go: a literal with words as an element's child, text content, or an
	// attribute a person reads or hears.
	goPatterns := []*regexp.Regexp{
		regexp.MustCompile(`\bel\("[a-z0-9]+", [^()]*?(?:attrs\{[^}]*\}|nil), "([^"]*)"`),
		regexp.MustCompile(`SetTextContent\("([^"]*)"`),
		regexp.MustCompile(`"(?:aria-label|title|placeholder|alt|aria-description)": "([^"]*)"`),
		regexp.MustCompile(`SetAttribute\("(?:aria-label|title|placeholder|alt)", "([^"]*)"`),
		regexp.MustCompile(`replace\([a-z.]+, "([^"]*)"`),
	}
	jsPatterns := []*regexp.Regexp{
		regexp.MustCompile(`(?:textContent|innerText|title|placeholder) = '([^']*)'`),
		regexp.MustCompile(`'(?:aria-label|title|placeholder|alt)': '([^']*)'`),
		regexp.MustCompile(`\bh\('[a-z0-9]+', [^()]*?\}, '([^']*)'`),
	}
	check := func(glob string, patterns []*regexp.Regexp) {
		files, _ := filepath.Glob(glob)
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") || strings.HasSuffix(f, "wasm_exec.js") {
				continue
			}
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range patterns {
				for _, m := range p.FindAllStringSubmatch(string(data), -1) {
					if letters.MatchString(m[1]) {
						t.Errorf("%s: literal %q is shown to people but is not from _locales", f, m[1])
					}
				}
			}
		}
	}
	check("wasm/ui/*.go", goPatterns)
	check("wasm/hint/*.go", goPatterns)
	check("extension/*.js", jsPatterns)
}
