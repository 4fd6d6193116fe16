//go:build !js

package vault

import (
	"errors"
	"testing"
	"time"

	"mailkey/wasm/ledger"
)

// FuzzDecode: any payload either decodes or is ErrPayload, never panics;
// what decodes encodes again to a payload that decodes to as many entries.
func FuzzDecode(f *testing.F) {
	e, err := ledger.New("0123456789abcdef0123456789abcdef", "google", "a@gmail.com", "<img src=x onerror=1>", "Phone", ledger.KindAppPassword, ledger.FromHint, time.Unix(1750000000, 0))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(Encode(Contents{Entries: []ledger.Entry{e}}))
	f.Add(Encode(Contents{}))
	f.Add([]byte(`{"format":"mailkey-vault","schema":1,"entries":[{"v":99},{"password":"x"},1,null,[]]}`))
	f.Add([]byte(`{"format":"mailkey-vault","schema":1,"entries":[{"v":2,"id":"a","id":"b"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := Decode(data)
		if err != nil {
			if !errors.Is(err, ErrPayload) {
				t.Fatalf("Decode: %v", err)
			}
			return
		}
		again, err := Decode(Encode(c))
		if err != nil || len(again.Entries) != len(c.Entries) || len(again.Kept) != len(c.Kept) {
			t.Fatalf("re-encoded: %d+%d entries, then %d+%d (%v)", len(c.Entries), len(c.Kept), len(again.Entries), len(again.Kept), err)
		}
	})
}

// FuzzOpen: arbitrary bytes with fixed keys never open (ErrTampered, or
// ErrTooLarge), never panic; a real sealed vault opens only as sealed.
func FuzzOpen(f *testing.F) {
	k := testKeys(3)
	// A fixed nonce: the fuzzing workers seal the same bytes as the seed.
	sealed, err := Seal(fixedNonce{}, k, 7, "", []byte(`{"format":"mailkey-vault","schema":1,"entries":[]}`))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sealed, int64(7))
	f.Add([]byte("MKV1"), int64(1))
	f.Add(append([]byte("MKV1"), make([]byte, 40)...), int64(0))
	f.Fuzz(func(t *testing.T, blob []byte, version int64) {
		plain, err := Open(Native{}, k, version, blob)
		switch {
		case err == nil:
			if version != 7 || string(blob) != string(sealed) {
				t.Fatalf("bytes that are not the sealed vault opened (version %d, %x): %q", version, blob, plain)
			}
		case !errors.Is(err, ErrTampered) && !errors.Is(err, ErrTooLarge):
			t.Fatalf("Open: %v", err)
		}
	})
}

type fixedNonce struct{ Native }

func (fixedNonce) Random(b []byte) error {
	for i := range b {
		b[i] = byte(i)
	}
	return nil
}
