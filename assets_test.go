package mailkey

import (
	"os"
	"testing"
)

func TestEveryLocaleEmbedded(t *testing.T) {
	dirs, err := os.ReadDir("_locales")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		want, err := os.ReadFile("_locales/" + d.Name() + "/messages.json")
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := Locales[d.Name()]; !ok || string(got) != string(want) {
			t.Errorf("_locales/%s is not embedded in Locales", d.Name())
		}
	}
	if len(Locales) != len(dirs) || len(LocaleNames) != len(dirs) {
		t.Errorf("Locales has %d entries, LocaleNames %d, _locales has %d", len(Locales), len(LocaleNames), len(dirs))
	}
	for _, name := range LocaleNames {
		if _, ok := Locales[name]; !ok {
			t.Errorf("LocaleNames has %s, which is not in _locales", name)
		}
	}
}
