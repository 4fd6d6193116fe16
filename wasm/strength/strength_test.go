package strength

import (
	"strings"
	"testing"
)

func TestStrength(t *testing.T) {
	for _, tc := range []struct {
		p    string
		want Level
	}{
		{"", Weak},
		{"password1234", Weak},
		{"aaaaaaaaaaaaaaaaaaaa", Weak},
		{"qwertyuiop123", Weak},
		{"abcdefghijklmnop", Weak},
		{"Tr0ub4dor&3", Weak}, // short
		{"iloveyou iloveyou", Weak},
		// Issue 12, finding 2: these passed as Fair or Strong before.
		{"1q2w3e4r5t6y", Weak},
		{"Summer2024!!", Weak},
		{"michael19850101", Weak},
		{"P@ssw0rd2024!", Weak},
		{"mailkey sync passphrase", Weak},
		{"plum river SENTINEL7 lantern", Strong},
		{"correct horse battery staple", Strong},
		{"xkq7-vmz2-plr9-tw4c", Fair},
		{"我的邮箱不要告诉别人啊啊", Weak}, // 12 characters of one script: about 36 bits
	} {
		bits, got := Strength(tc.p)
		if got != tc.want {
			t.Errorf("Strength(%q) = %d bits, level %d; want level %d", tc.p, bits, got, tc.want)
		}
	}
	long := strings.Repeat("plum river SENTINEL7 lantern ", 100)
	if _, got := Strength(long); got != Strong {
		t.Errorf("a 2,900-character passphrase: level %d", got)
	}
}
