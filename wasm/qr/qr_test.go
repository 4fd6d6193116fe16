package qr

import (
	"image"
	"image/color"
	"strconv"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
)

// raster paints the drawn path (only the "Mx yhNv1h-Nz" runs Draw writes)
// on a light square with the quiet zone, scale pixels a module, as a screen
// shows it.
func raster(t *testing.T, c Code, scale int) image.Image {
	t.Helper()
	side := (c.Size + 2*Quiet) * scale
	img := image.NewGray(image.Rect(0, 0, side, side))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for _, run := range strings.Split(strings.TrimSuffix(c.Path, "z"), "z") {
		var x, y, n int
		head, tail, ok := strings.Cut(strings.TrimPrefix(run, "M"), "h")
		xs, ys, ok2 := strings.Cut(head, " ")
		ns, _, ok3 := strings.Cut(tail, "v1h-")
		var err1, err2, err3 error
		x, err1 = strconv.Atoi(xs)
		y, err2 = strconv.Atoi(ys)
		n, err3 = strconv.Atoi(ns)
		if !ok || !ok2 || !ok3 || err1 != nil || err2 != nil || err3 != nil || tail != ns+"v1h-"+ns {
			t.Fatalf("path segment %q is not a run", run)
		}
		for py := (y + Quiet) * scale; py < (y+Quiet+1)*scale; py++ {
			for px := (x + Quiet) * scale; px < (x+Quiet+n)*scale; px++ {
				img.SetGray(px, py, color.Gray{})
			}
		}
	}
	return img
}

// decode scans img; pure reads the modules of a straight, unrotated code
// without looking for its finder patterns first.
func decode(t *testing.T, img image.Image, pure bool) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	var hints map[gozxing.DecodeHintType]interface{}
	if pure {
		hints = map[gozxing.DecodeHintType]interface{}{gozxing.DecodeHintType_PURE_BARCODE: true}
	}
	res, err := zxqr.NewQRCodeReader().Decode(bmp, hints)
	if err != nil {
		t.Fatalf("the drawn code does not scan: %v", err)
	}
	return res.GetText()
}

func TestDrawnCodeScansBackExactly(t *testing.T) {
	for _, text := range []string{
		"MK2-0123-4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXYZ-0000-1111-2222-3333-4444-5ZZZ", // a sync code's shape
		"MK2-7Q3D-WZ2K-9H4M-T0ZP-XA5C-8RJN-V6EB-1YFG-2K7S-H3MQ-W4TD-9P0Z-XC8A-RJ5N",
		"mixed case, bytes: https://sync.example.org/",
	} {
		c, err := Draw(text)
		if err != nil {
			t.Fatal(err)
		}
		if got := decode(t, raster(t, c, 6), false); got != text {
			t.Errorf("scanned %q, drew %q", got, text)
		}
	}
}

func TestSyncCodeFitsSmallCode(t *testing.T) {
	c, err := Draw("MK2-7Q3D-WZ2K-9H4M-T0ZP-XA5C-8RJN-V6EB-1YFG-2K7S-H3MQ-W4TD-9P0Z-XC8A-RJ5N")
	if err != nil {
		t.Fatal(err)
	}
	// Alphanumeric mode keeps it at version 4 (33 modules): large modules
	// on paper and screen, easy to scan.
	if c.Size != 33 {
		t.Errorf("size %d, want 33", c.Size)
	}
	if c.ViewBox() != "-4 -4 41 41" {
		t.Errorf("viewBox %q", c.ViewBox())
	}
}

func TestTooLong(t *testing.T) {
	if _, err := Draw(strings.Repeat("\x01", 3000)); err != ErrTooLong {
		t.Errorf("err %v, want ErrTooLong", err)
	}
}

// Every sync code scans back: random ones, each with its best mask. (Read
// as a pure code: gozxing's finder-pattern search, weaker than a phone's,
// misses 3 of these 200 at 8 pixels a module; the fixed ones above go
// through it.)
func TestRandomSyncCodesScan(t *testing.T) {
	const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	seed := uint32(12)
	for i := 0; i < 200; i++ {
		var b strings.Builder
		b.WriteString("MK2")
		for g := 0; g < 14; g++ {
			b.WriteByte('-')
			for k := 0; k < 4; k++ {
				seed = seed*1664525 + 1013904223
				b.WriteByte(alphabet[seed>>27])
			}
		}
		c, err := Draw(b.String())
		if err != nil {
			t.Fatal(err)
		}
		if got := decode(t, raster(t, c, 8), true); got != b.String() {
			t.Fatalf("scanned %q, drew %q", got, b.String())
		}
	}
}
