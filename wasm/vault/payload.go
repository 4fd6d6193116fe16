package vault

import (
	"errors"

	"mailkey/wasm/jsonv"
	"mailkey/wasm/ledger"
)

// The payload inside a vault is JSON:
//
//	{"format":"mailkey-vault","schema":1,"lineage":"<32 hex digits>","entries":[<ledger records>...],
//	 "browsers":[{"id":"<32 hex digits>","name":"...","seen":<ms>}...]}
//
// Entries are ledger records as stored (Entry.JSON), tombstones included,
// so a deletion reaches every browser. A record this version cannot read
// (from a newer Mailkey, say) is carried along unchanged in the next seal,
// never dropped; one that holds a key named like a password is dropped.
// The lineage is drawn at random when the vault is made and kept by every
// seal after: a lower version of the same lineage than a browser has seen
// is the server rolling the vault back; another lineage is a vault made
// again (after it was deleted or expired).
const (
	payloadFormat = "mailkey-vault"
	payloadSchema = 1
)

// Contents are a vault's payload, read.
type Contents struct {
	Lineage string // 32 hex digits, or "" in a vault sealed without one
	// Ancestors are the lineages this one succeeded, oldest first (at most
	// maxAncestors): a browser that knew one of them takes the new lineage
	// as the same vault started again, not as a rollback.
	Ancestors []string
	Entries   []ledger.Entry
	// Browsers are the browsers that joined the vault (see Browser).
	Browsers []Browser
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
	ancestors := make([]jsonv.Value, len(c.Ancestors))
	for i, a := range c.Ancestors {
		ancestors[i] = jsonv.Str(a)
	}
	return jsonv.Obj(
		jsonv.M("format", jsonv.Str(payloadFormat)),
		jsonv.M("schema", jsonv.Int(payloadSchema)),
		jsonv.M("lineage", jsonv.Str(c.Lineage)),
		jsonv.M("ancestors", jsonv.Arr(ancestors...)),
		jsonv.M("entries", jsonv.Arr(items...)),
		jsonv.M("browsers", BrowsersJSON(c.Browsers))).Marshal()
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
	if l := v.GetStr("lineage"); IsHex128(l) {
		c.Lineage = l
	}
	if list, ok := v.Get("ancestors"); ok && list.Kind() == jsonv.Array {
		for _, a := range list.Items() {
			if s, ok := a.Str(); ok && IsHex128(s) && len(c.Ancestors) < maxAncestors {
				c.Ancestors = append(c.Ancestors, s)
			}
		}
	}
	if list, ok := v.Get("browsers"); ok {
		c.Browsers = BrowsersFrom(list)
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

// maxAncestors bounds Contents.Ancestors: sync turned off and on that many
// times in a row while one browser slept.
const maxAncestors = 32

// succeed is ancestors with lineage added, keeping the last maxAncestors.
func succeed(ancestors []string, lineage string) []string {
	out := append(append([]string(nil), ancestors...), lineage)
	if len(out) > maxAncestors {
		out = out[len(out)-maxAncestors:]
	}
	return out
}

// newLineage draws a lineage for a vault made now.
func newLineage(c Crypto) (string, error) {
	b := make([]byte, 16)
	if err := c.Random(b); err != nil {
		return "", err
	}
	return Hex(b), nil
}
