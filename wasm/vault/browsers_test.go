//go:build !js

package vault

import (
	"bytes"
	"strings"
	"testing"
)

func browserID(c byte) string { return strings.Repeat(string(c), 32) }

func TestJoinedBrowsersListedInsideTheVault(t *testing.T) {
	s := newMemServer()
	k := testKeys(7)
	a, b := newBrowser(t, "a", s, k), newBrowser(t, "b", s, k)
	now := int64(1_000_000_000)
	a.client.Enroll = "token"
	a.client.Self = Browser{ID: browserID('a'), Name: "Work laptop", Seen: now}
	a.add("e", "one")
	a.mustSync(Create)
	b.client.Self = Browser{ID: browserID('b'), Name: "Home \u202eChrome\u200b", Seen: now + 5}
	b.client.Self.Name = CleanName(b.client.Self.Name)
	b.mustSync(Join)

	out := a.mustSync(Normal)
	if len(out.Browsers) != 2 || out.Browsers[0].Name != "Work laptop" || out.Browsers[1].Name != "Home Chrome" || out.Browsers[1].Seen != now+5 {
		t.Fatalf("a's list: %+v", out.Browsers)
	}
	if a.state.Browsers[1].ID != browserID('b') {
		t.Fatalf("a's state keeps no list: %+v", a.state)
	}
	// The server holds ciphertext: no name, no id.
	v := s.vaults[k.VaultID]
	for _, secret := range []string{"Work laptop", "Home Chrome", browserID('b')} {
		if bytes.Contains(v.data, []byte(secret)) {
			t.Errorf("the server's copy shows %q", secret)
		}
	}

	// An idle round within SeenEvery only asks (no write); one after it
	// renews this browser's "last seen".
	version := v.version
	a.client.Self.Seen = now + SeenEvery/2
	a.mustSync(Normal)
	if v.version != version {
		t.Fatalf("an idle round wrote the vault (version %d, was %d)", v.version, version)
	}
	a.client.Self.Seen = now + SeenEvery
	out = a.mustSync(Normal)
	if v.version != version+1 || out.Browsers[0].Seen != now+SeenEvery {
		t.Fatalf("after SeenEvery: version %d, list %+v", v.version, out.Browsers)
	}
	// A new name is written at once.
	b.client.Self.Name = "Home"
	b.mustSync(Normal)
	if out := a.mustSync(Normal); out.Browsers[1].Name != "Home" {
		t.Fatalf("rename not seen: %+v", out.Browsers)
	}
}

func TestCreateCarriesBrowsers(t *testing.T) {
	s := newMemServer()
	a := newBrowser(t, "a", s, testKeys(8))
	a.client.Enroll = "token"
	a.client.Self = Browser{ID: browserID('a'), Name: "A", Seen: 10}
	a.client.Carried = []Browser{{ID: browserID('c'), Name: "C", Seen: 3}, {ID: browserID('a'), Name: "A old", Seen: 2}}
	out := a.mustSync(Create)
	if len(out.Browsers) != 2 || out.Browsers[0].Name != "C" || out.Browsers[1].ID != browserID('a') || out.Browsers[1].Name != "A" {
		t.Fatalf("list %+v", out.Browsers)
	}
	if got := Without(out.Browsers, browserID('c')); len(got) != 1 || got[0].ID != browserID('a') {
		t.Fatalf("Without: %+v", got)
	}
}

func TestCleanName(t *testing.T) {
	for in, want := range map[string]string{
		"  Work\tlaptop \n":                 "Work laptop",
		"ad\u202emoc\u200b":                 "admoc",
		strings.Repeat("名", 50):             strings.Repeat("名", MaxNameRunes),
		"\x00\x1b[31m":                      "[31m",
		"Firefox on Linux\u2028second line": "Firefox on Linux second line",
	} {
		if got := CleanName(in); got != want {
			t.Errorf("CleanName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBrowsersFromSkipsBadEntries(t *testing.T) {
	list := BrowsersJSON([]Browser{{ID: browserID('a'), Name: "A"}, {ID: "short", Name: "X"}, {ID: browserID('a'), Name: "dup"}})
	got := BrowsersFrom(list)
	if len(got) != 1 || got[0].Name != "A" {
		t.Fatalf("%+v", got)
	}
}
