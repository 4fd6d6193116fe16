package review_test

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"mailkey/wasm/review"
)

// corpusEntry is one real refusal text, as a mail program showed it, with
// where it was found and what it is.
type corpusEntry struct {
	Text      string   `json:"text"`
	Source    string   `json:"source"`
	Program   string   `json:"program"`
	Providers []string `json:"providers"` // who sent it; several when the source does not say which of them; none for a server off the knowledge base
	Meaning   string   `json:"meaning"`
}

// The corpus's floor: what the decoder reached when it was written (see the
// README), so that a change that loses texts fails.
const (
	corpusMinEntries    = 150
	corpusMinNone       = 30
	corpusMinIdentified = 101 // named, alone or in a short list, out of the texts from known providers
)

// optionalIDs are providers the decoder names when the knowledge base has
// them (see decode_phrases.go).
var optionalIDs = []string{"microsoft365"}

func loadCorpus(t testing.TB) []corpusEntry {
	t.Helper()
	data, err := os.ReadFile("testdata/refusals.json")
	if err != nil {
		t.Fatal(err)
	}
	var c []corpusEntry
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// The refusals of the corpus (testdata/refusals.json: real texts from real
// mail programs, each with its source) are decoded without naming a wrong
// provider, and mostly with the right one. Run with -v for the figures.
func TestRefusalCorpus(t *testing.T) {
	k := loadKB(t)
	corpus := loadCorpus(t)
	meanings := []string{"special_password", "oauth_only", "disabled", "web_login", "blocked", "rate_limit", "no_auth", "rejected", "other", "sender"}
	seen := map[string]bool{}
	var known, none, identified, oneOf, rightMeaning, wrong, noneRight int
	for i, e := range corpus {
		if !strings.HasPrefix(e.Source, "https://") || e.Program == "" || !slices.Contains(meanings, e.Meaning) || seen[e.Text] {
			t.Errorf("entry %d: source %q, program %q, meaning %q, or a repeated text", i, e.Source, e.Program, e.Meaning)
		}
		seen[e.Text] = true
		for _, id := range e.Providers {
			if k.ByID(id) == nil && !slices.Contains(optionalIDs, id) {
				t.Errorf("entry %d: provider %q is not in the knowledge base", i, id)
			}
		}
		res := review.Decode(e.Text, k)
		named := matched(res)
		if len(e.Providers) == 0 {
			none++
			if len(named) > 0 {
				wrong++
				t.Errorf("WRONG: %s (%s): a text from no provider of the knowledge base named %v:\n%s", e.Source, e.Program, named, e.Text)
			} else {
				noneRight++
			}
			continue
		}
		known++
		var right []review.Match
		for _, m := range res.Matches {
			if slices.Contains(e.Providers, m.Provider.ID) {
				right = append(right, m)
			}
		}
		switch {
		case len(named) == 0:
			t.Logf("not identified: %s (%s, %v): %.120q", e.Source, e.Program, e.Providers, e.Text)
			continue
		case len(right) == 0:
			wrong++
			t.Errorf("WRONG: %s (%s): a text from %v named %v:\n%s", e.Source, e.Program, e.Providers, named, e.Text)
			continue
		case len(named) == 1:
			identified++
		default:
			oneOf++
		}
		if string(right[0].Meaning) == e.Meaning {
			rightMeaning++
		} else {
			t.Logf("meaning %s, want %s: %s: %.120q", right[0].Meaning, e.Meaning, e.Source, e.Text)
		}
	}
	t.Logf("corpus: %d texts, %d from providers of the knowledge base, %d from none", len(corpus), known, none)
	t.Logf("identified: %d alone + %d as one of a short list = %d of %d; right meaning %d; wrong provider %d; no provider named for %d of %d from none",
		identified, oneOf, identified+oneOf, known, rightMeaning, wrong, noneRight, none)
	if len(corpus) < corpusMinEntries || none < corpusMinNone {
		t.Errorf("the corpus has %d texts, %d from no known provider; want at least %d and %d", len(corpus), none, corpusMinEntries, corpusMinNone)
	}
	if identified+oneOf < corpusMinIdentified {
		t.Errorf("identified %d, below the floor of %d", identified+oneOf, corpusMinIdentified)
	}
}
