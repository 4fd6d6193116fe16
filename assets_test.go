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
	if len(Locales) != len(dirs) {
		t.Errorf("Locales has %d entries, _locales has %d", len(Locales), len(dirs))
	}
}
