package review

import (
	"slices"
	"testing"
	"unicode/utf8"
)

// Windows-1252's characters for 0x80-0x9F, written out apart from the table
// in mojibake.go (from Python's cp1252 codec); 0 marks the undefined bytes.
var want1252 = []rune("€\x00‚ƒ„…†‡ˆ‰Š‹Œ\x00Ž\x00\x00‘’“”•–—˜™š›œ\x00žŸ")

func TestByteOf(t *testing.T) {
	for b := 0x80; b <= 0xFF; b++ {
		r := rune(b)
		if b < 0xA0 && want1252[b-0x80] != 0 {
			r = want1252[b-0x80]
		}
		if got, ok := byteOf(r); !ok || got != b {
			t.Errorf("byteOf(%q) = %#x %v, want %#x", r, got, ok, b)
		}
		if got, ok := byteOf(rune(b)); !ok || got != b { // C1 controls and Latin-1 as such
			t.Errorf("byteOf(U+%04X) = %#x %v", b, got, ok)
		}
	}
	for _, r := range []rune{'a', ' ', '请', 'Ā', '\u2028'} {
		if _, ok := byteOf(r); ok {
			t.Errorf("byteOf(%q) stands for a byte", r)
		}
	}
	if b, ok := byteOf(utf8.RuneError); !ok || b != hole {
		t.Error("U+FFFD is not a hole")
	}
	var undefined []byte
	for i, r := range want1252 {
		if r == 0 {
			undefined = append(undefined, byte(0x80+i))
		}
	}
	if !slices.Equal(undefined, undefined1252[:]) {
		t.Errorf("undefined bytes %x, want %x", undefined1252, undefined)
	}
}

func TestDecodeSeq(t *testing.T) {
	for _, c := range []struct {
		name string
		seq  []int
		n    int
		ok   bool
		r    rune
		alts []rune
	}{
		{"whole", []int{0xE8, 0xAF, 0xB7}, 3, true, '请', nil},
		{"overlong", []int{0xE0, 0x80, 0x80}, 3, false, 0, nil},
		{"surrogate", []int{0xED, 0xA0, 0x80}, 3, false, 0, nil},
		{"lost last byte", []int{0xE7, 0xA0}, 3, true, 0, []rune("灠獠珠琠睠码砍砏砐砝")},
		{"lost middle or last byte", []int{0xE6, 0x83}, 3, true, 0, []rune("恃惁惍惏惐惝捃揃搃权")},
		{"hole", []int{0xE6, hole, 0x83}, 3, true, 0, []rune{'恃', '捃', '揃', '搃', '权'}},
		{"hole in two bytes", []int{0xC3, hole}, 2, true, 0, []rune{'Á', 'Í', 'Ï', 'Ð', 'Ý'}},
		{"lost byte of two: too little left", []int{0xC3}, 2, false, 0, nil},
		{"two lost", []int{0xE6}, 3, false, 0, nil},
		{"lost and hole", []int{0xE6, hole}, 3, false, 0, nil},
		{"one choice only", []int{0xE0, hole, 0x80}, 3, false, 0, nil}, // E0 needs A0-BF next
		{"four bytes, lost one", []int{0xF0, 0x9F, 0x98}, 4, true, 0, []rune("𐟘𝟘🁘🍘🏘🐘😁😍😏😐😝🝘")},
	} {
		p, ok := decodeSeq(c.seq, c.n)
		slices.Sort(p.alts)
		if ok != c.ok || ok && (p.r != c.r && c.alts == nil || !slices.Equal(p.alts, c.alts)) {
			t.Errorf("%s: decodeSeq = %v %q %q, want %v %q %q", c.name, ok, p.r, p.alts, c.ok, c.r, c.alts)
		}
	}
}
