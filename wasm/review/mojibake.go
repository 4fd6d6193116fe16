package review

import (
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"mailkey/wasm/kb"
)

// UTF-8 shown as Windows-1252 (or Latin-1): every byte of a multi-byte
// character became a character of its own, so "请" (E8 AF B7) reads "è¯·".
// The repair maps such characters back to their bytes and decodes the bytes
// as UTF-8, without tables beyond Windows-1252's 27 characters for the bytes
// 0x80-0x9F.
//
// Windows-1252 leaves five bytes undefined (0x81 0x8D 0x8F 0x90 0x9D).
// Browsers show them as the C1 control of the same number, which reverses
// exactly; but a copy often drops them, or a program shows U+FFFD. A byte
// lost that way is restored when the character it belonged to still has its
// other bytes: every undefined byte is tried in every place it may have been.
// At most one byte per character can be restored, and a character of two
// bytes only when the lost byte's place is known (U+FFFD), so that Latin-1
// text ("é" alone) is never taken for a damaged character. When a lost
// byte leaves several possible characters (it usually does), the
// combination that makes a refusal of the knowledge base match is chosen;
// a character whose choice does not change what matches becomes U+FFFD, so
// the repaired text never shows a guess. A no-break space (0xA0, a common
// last byte) that a copy turned into a plain space is restored as well.
// A run whose bytes do not decode this way is left as it is: GBK shown as
// Latin-1, for example, is matched by the knowledge base's own alternatives.

// cp1252High maps the Windows-1252 bytes 0x80-0x9F to their characters; 0
// marks the bytes Windows-1252 leaves undefined.
var cp1252High = [32]rune{
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
}

// undefined1252 are the bytes Windows-1252 leaves undefined.
var undefined1252 = [...]byte{0x81, 0x8D, 0x8F, 0x90, 0x9D}

// hole is a byte known to be there but not known (U+FFFD).
const hole = -1

// maxTries bounds the scorings of combinations of lost bytes in one text,
// each costing two matches of every refusal; runs longer than
// maxChooseBytes are not tried at all. Lost characters not chosen within
// these bounds stay U+FFFD.
const (
	maxTries       = 128
	maxChooseBytes = 512
)

// contextBytes is how much text either side of a run the choice of a lost
// byte is matched with.
const contextBytes = 160

// byteOf returns the byte a character of UTF-8 shown as Windows-1252 stood for.
func byteOf(r rune) (int, bool) {
	switch {
	case r >= 0x80 && r <= 0xFF:
		return int(r), true
	case r == utf8.RuneError:
		return hole, true
	}
	for i, c := range cp1252High {
		if c != 0 && c == r {
			return 0x80 + i, true
		}
	}
	return 0, false
}

// piece is one character of a repaired run; when a lost byte leaves several
// possible characters, they are in alts and r is chosen later.
type piece struct {
	r    rune
	alts []rune
}

// run is a stretch of text, text[start:end], that decodes as UTF-8 shown as
// Windows-1252.
type run struct {
	start, end int
	pieces     []piece
}

// findRuns finds the stretches of s that are UTF-8 shown as Windows-1252: a
// run of characters that all stand for bytes of 0x80 and above (spaces
// between them included), whose bytes decode as UTF-8, losing at most one
// byte per character. Any other run is left alone, so Latin-1 text such as
// "ungültig" is not touched.
func findRuns(s string) []run {
	var runs []run
	var tok []int
	start := -1
	flush := func(end int) {
		if start >= 0 {
			if ps, ok := decodeRun(tok); ok {
				runs = append(runs, run{start: start, end: end, pieces: ps})
			}
		}
		start, tok = -1, tok[:0]
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		b, ok := byteOf(r)
		if !ok && r == ' ' && start >= 0 && i+1 < len(s) {
			// A space between two such characters may be a no-break
			// space (0xA0) that a copy made plain; decodeRun decides.
			next, _ := utf8.DecodeRuneInString(s[i+1:])
			if _, high := byteOf(next); high {
				b, ok = ' ', true
			}
		}
		if !ok {
			flush(i)
		} else {
			if start < 0 {
				start = i
			}
			tok = append(tok, b)
		}
		i += size
	}
	flush(len(s))
	return runs
}

func seqLen(b int) int {
	switch {
	case b >= 0xC2 && b <= 0xDF:
		return 2
	case b >= 0xE0 && b <= 0xEF:
		return 3
	case b >= 0xF0 && b <= 0xF4:
		return 4
	}
	return 0
}

// decodeRun decodes the bytes of a run, or reports that they are not UTF-8.
func decodeRun(tok []int) ([]piece, bool) {
	var out []piece
	for i := 0; i < len(tok); {
		if tok[i] == ' ' {
			out = append(out, piece{r: ' '})
			i++
			continue
		}
		n := seqLen(tok[i])
		if n == 0 {
			return nil, false
		}
		seq := []int{tok[i]}
		j := i + 1
		for len(seq) < n && j < len(tok) {
			t := tok[j]
			if t == ' ' {
				t = 0xA0
			}
			if t != hole && (t < 0x80 || t > 0xBF) {
				break
			}
			seq = append(seq, t)
			j++
		}
		p, ok := decodeSeq(seq, n)
		if !ok {
			return nil, false
		}
		out = append(out, p)
		i = j
	}
	return out, len(out) > 0
}

// decodeSeq decodes the bytes of one n-byte character, restoring at most one
// lost byte: a hole, or a byte missing from a character of 3 or 4 bytes.
func decodeSeq(seq []int, n int) (piece, bool) {
	holes := 0
	for _, b := range seq {
		if b == hole {
			holes++
		}
	}
	missing := n - len(seq)
	switch {
	case holes+missing == 0:
		r, ok := decodeBytes(seq)
		return piece{r: r}, ok
	case holes+missing > 1 || missing == 1 && n < 3:
		return piece{}, false
	}
	var alts []rune
	try := func(bs []int) {
		if r, ok := decodeBytes(bs); ok && !containsRune(alts, r) {
			alts = append(alts, r)
		}
	}
	for _, u := range undefined1252 {
		if holes == 1 {
			bs := append([]int(nil), seq...)
			for i, b := range bs {
				if b == hole {
					bs[i] = int(u)
				}
			}
			try(bs)
			continue
		}
		for at := 1; at <= len(seq); at++ {
			bs := append(append(append(make([]int, 0, n), seq[:at]...), int(u)), seq[at:]...)
			try(bs)
		}
	}
	switch len(alts) {
	case 0:
		return piece{}, false
	case 1:
		return piece{r: alts[0]}, true
	}
	return piece{alts: alts}, true
}

func decodeBytes(bs []int) (rune, bool) {
	var buf [4]byte
	for i, b := range bs {
		buf[i] = byte(b)
	}
	r, size := utf8.DecodeRune(buf[:len(bs)])
	return r, r != utf8.RuneError && size == len(bs)
}

func containsRune(rs []rune, r rune) bool {
	for _, x := range rs {
		if x == r {
			return true
		}
	}
	return false
}

// repairMojibake returns s with its runs of UTF-8 shown as Windows-1252
// decoded, or s itself when it has none.
func repairMojibake(s string, k *kb.KB) string {
	runs := findRuns(s)
	if len(runs) == 0 {
		return s
	}
	tries := maxTries
	for i := range runs {
		choose(s, &runs[i], k, &tries)
	}
	var b strings.Builder
	at := 0
	for _, r := range runs {
		b.WriteString(s[at:r.start])
		for _, p := range r.pieces {
			b.WriteRune(p.r)
		}
		at = r.end
	}
	b.WriteString(s[at:])
	return b.String()
}

// choose picks the characters of a run's pieces that have several: the first
// combination that makes more refusals match (the run alone, and the run with
// the text around it) than U+FFFD in their place does. A piece whose choice
// makes no difference to that stays U+FFFD.
// tries is what is left of the text's maxTries.
func choose(s string, r *run, k *kb.KB, tries *int) {
	var gaps []int
	combos := 1
	useful, affected := refusalRunes(k)
	for i := range r.pieces {
		if p := &r.pieces[i]; p.alts != nil {
			// Only a character some refusal has can make it match.
			p.alts = slices.DeleteFunc(p.alts, func(c rune) bool { return !useful[c] })
			if len(p.alts) == 0 {
				p.alts, p.r = nil, utf8.RuneError
				continue
			}
			gaps = append(gaps, i)
			p.r = utf8.RuneError
			combos = min(combos*len(p.alts), maxTries+1)
		}
	}
	if len(gaps) == 0 || k == nil || *tries <= 0 || r.end-r.start > maxChooseBytes {
		return
	}
	// The text either side, cut at characters.
	before := strings.ToValidUTF8(s[max(0, r.start-contextBytes):r.start], "")
	after := strings.ToValidUTF8(s[r.end:min(len(s), r.end+contextBytes)], "")
	score := func() int {
		*tries--
		var b strings.Builder
		for _, p := range r.pieces {
			b.WriteRune(p.r)
		}
		alone := b.String()
		// Only refusals with such characters can change with the choice.
		return 2*len(matchSome(k, affected, alone)) + len(matchSome(k, affected, before+alone+after))
	}
	baseline := score()
	pick := make([]int, len(gaps))
	for n := 0; n < combos && *tries > 0; n++ {
		for g, i := range gaps {
			r.pieces[i].r = r.pieces[i].alts[pick[g]]
		}
		if best := score(); best > baseline {
			for _, i := range gaps {
				c := r.pieces[i].r
				if r.pieces[i].r = utf8.RuneError; score() < best {
					r.pieces[i].r = c
				}
			}
			return
		}
		for g := range pick { // the next combination
			if pick[g]++; pick[g] < len(r.pieces[gaps[g]].alts) {
				break
			}
			pick[g] = 0
		}
	}
	for _, i := range gaps {
		r.pieces[i].r = utf8.RuneError
	}
}

// runeCache holds refusalRunes for the knowledge base last asked about.
var runeCache struct {
	sync.Mutex
	k        *kb.KB
	runes    map[rune]bool
	refusals map[*kb.Refusal]bool
}

// refusalRunes returns the characters outside ASCII in the knowledge base's
// refusal patterns and examples, and the refusals that have some: a lost
// byte is worth choosing only as one of these characters, and only those
// refusals can match differently with the choice (the patterns are literal
// text, alternatives and ASCII classes).
func refusalRunes(k *kb.KB) (map[rune]bool, map[*kb.Refusal]bool) {
	runeCache.Lock()
	defer runeCache.Unlock()
	if k != nil && runeCache.k == k {
		return runeCache.runes, runeCache.refusals
	}
	runes, refusals := map[rune]bool{}, map[*kb.Refusal]bool{}
	if k != nil {
		for _, p := range k.Providers {
			for i := range p.Refusals {
				r := &p.Refusals[i]
				for _, c := range r.Pattern + r.Example {
					if c >= 0x80 {
						runes[c], refusals[r] = true, true
					}
				}
			}
		}
	}
	runeCache.k, runeCache.runes, runeCache.refusals = k, runes, refusals
	return runes, refusals
}
