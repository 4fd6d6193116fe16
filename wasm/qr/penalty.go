package qr

import "mailkey/wasm/qr/internal/coding"

// penalty scores a masked code by the four rules of ISO/IEC 18004 (section
// 7.8.3): long runs of one colour, 2x2 blocks, finder-like patterns, and a
// dark share far from half. Lower scans better.
func penalty(c *coding.Code) int {
	n := c.Size
	at := func(x, y int, across bool) bool {
		if across {
			return c.Black(x, y)
		}
		return c.Black(y, x)
	}
	score, dark := 0, 0
	for _, across := range []bool{true, false} {
		for y := 0; y < n; y++ {
			run := 1
			for x := 1; x <= n; x++ {
				if x < n && at(x, y, across) == at(x-1, y, across) {
					run++
					continue
				}
				if run >= 5 {
					score += 3 + run - 5
				}
				run = 1
			}
			for x := 0; x+11 <= n; x++ {
				if finderLike(func(i int) bool { return at(x+i, y, across) }) {
					score += 40
				}
			}
		}
	}
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			b := c.Black(x, y)
			if b {
				dark++
			}
			if x+1 < n && y+1 < n && b == c.Black(x+1, y) && b == c.Black(x, y+1) && b == c.Black(x+1, y+1) {
				score += 3
			}
		}
	}
	off := dark*100/(n*n) - 50
	if off < 0 {
		off = -off
	}
	return score + off/5*10
}

// finderLike reports dark-light-dark-dark-dark-light-dark with four light
// modules before or after it.
func finderLike(black func(int) bool) bool {
	const a, b = "00001011101", "10111010000"
	match := func(p string) bool {
		for i := 0; i < len(p); i++ {
			if black(i) != (p[i] == '1') {
				return false
			}
		}
		return true
	}
	return match(a) || match(b)
}
