// Package qr draws text (a sync code) as a QR code: its dark modules as one
// SVG path, to be filled dark on a light square that includes the quiet
// zone. The encoder is rsc.io/qr's, copied without its use of fmt (see
// internal/README.md: the cheapest way found in ui.wasm).
package qr

import (
	"errors"
	"strconv"
	"strings"

	"mailkey/wasm/qr/internal/coding"
)

// Quiet is the light margin around the code, in modules: the 4 the QR
// standard asks for, so that a scanner finds the code on any background.
const Quiet = 4

// ErrTooLong is text that no QR version holds at level M.
var ErrTooLong = errors.New("qr: text too long")

// Code is a drawn QR code.
type Code struct {
	Size int    // modules on a side, without the quiet zone
	Path string // SVG path data of the dark modules, one unit a module
}

// ViewBox is the SVG viewBox that shows the code with its quiet zone.
func (c Code) ViewBox() string {
	side := strconv.Itoa(c.Size + 2*Quiet)
	return strconv.Itoa(-Quiet) + " " + strconv.Itoa(-Quiet) + " " + side + " " + side
}

// Draw encodes text at error-correction level M (15% of the code can be
// lost), in the alphanumeric mode when text allows it (a sync code does:
// upper-case letters, digits and dashes), in bytes otherwise.
func Draw(text string) (Code, error) {
	var enc coding.Encoding = coding.String(text)
	if coding.Alpha(text).Check() == nil {
		enc = coding.Alpha(text)
	}
	v := coding.Version(coding.MinVersion)
	for ; enc.Bits(v) > v.DataBytes(coding.M)*8; v++ {
		if v == coding.MaxVersion {
			return Code{}, ErrTooLong
		}
	}
	// The mask the standard's penalty rates best: rsc.io/qr always takes
	// mask 0, which can draw a false finder pattern that scanners trip on.
	var c *coding.Code
	best := -1
	for m := coding.Mask(0); m < 8; m++ {
		plan, err := coding.NewPlan(v, coding.M, m)
		if err != nil {
			return Code{}, err
		}
		got, err := plan.Encode(enc)
		if err != nil {
			return Code{}, err
		}
		if p := penalty(got); best < 0 || p < best {
			c, best = got, p
		}
	}
	// One rectangle per run of dark modules in a row.
	var d strings.Builder
	for y := 0; y < c.Size; y++ {
		for x := 0; x < c.Size; {
			if !c.Black(x, y) {
				x++
				continue
			}
			run := 1
			for x+run < c.Size && c.Black(x+run, y) {
				run++
			}
			n := strconv.Itoa(run)
			d.WriteString("M" + strconv.Itoa(x) + " " + strconv.Itoa(y) + "h" + n + "v1h-" + n + "z")
			x += run
		}
	}
	return Code{Size: c.Size, Path: d.String()}, nil
}
