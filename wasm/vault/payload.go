package vault

import (
	"errors"

	"mailkey/wasm/jsonv"
	"mailkey/wasm/ledger"
)

// The payload inside a vault is JSON:
//
//	{"format":"mailkey-vault","schema":1,"entries":[<ledger records>...]}
//
// Entries are ledger records as stored (Entry.JSON), tombstones included,
// so a deletion reaches every browser. A record this version cannot read
// (from a newer Mailkey, say) is carried along unchanged in the next seal,
// never dropped; one that holds a key named like a password is dropped.
const (
	payloadFormat = "mailkey-vault"
	payloadSchema = 1
)

// Contents are a vault's payload, read.
type Contents struct {
	Entries []ledger.Entry
	// Kept are records this version cannot read, kept for the next seal.
	Kept []jsonv.Value
	// Dropped counts records refused for holding a secret-like key.
	Dropped int
}

// ErrPayload is a payload that opened but is not a Mailkey vault this
// version can read.
var ErrPayload = errors.New("vault: not a Mailkey vault this version reads")

// Encode writes a payload.
func Encode(c Contents) []byte {
	items := make([]jsonv.Value, 0, len(c.Entries)+len(c.Kept))
	for _, e := range c.Entries {
		items = append(items, e.JSON())
	}
	items = append(items, c.Kept...)
	return jsonv.Obj(
		jsonv.M("format", jsonv.Str(payloadFormat)),
		jsonv.M("schema", jsonv.Int(payloadSchema)),
		jsonv.M("entries", jsonv.Arr(items...))).Marshal()
}

// Decode reads a payload. Two versions of one entry merge into one.
func Decode(data []byte) (Contents, error) {
	var c Contents
	v, err := jsonv.Parse(data, jsonv.Limits{MaxBytes: MaxPlain, MaxDepth: 8})
	if err != nil || v.Kind() != jsonv.Object || v.GetStr("format") != payloadFormat {
		return c, ErrPayload
	}
	schema, _ := v.Get("schema")
	if n, ok := schema.Int(); !ok || n != payloadSchema {
		return c, ErrPayload
	}
	list, ok := v.Get("entries")
	if !ok || list.Kind() != jsonv.Array {
		return c, ErrPayload
	}
	pos := map[string]int{}
	for _, rec := range list.Items() {
		e, err := ledger.Decode(rec)
		switch {
		case errors.Is(err, ledger.ErrSecret):
			c.Dropped++
			continue
		case err != nil:
			c.Kept = append(c.Kept, rec)
			continue
		}
		if i, dup := pos[e.ID]; dup {
			c.Entries[i] = ledger.Merge(c.Entries[i], e)
			continue
		}
		pos[e.ID] = len(c.Entries)
		c.Entries = append(c.Entries, e)
	}
	return c, nil
}
