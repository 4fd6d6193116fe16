package ledger

import (
	"strings"

	"mailkey/wasm/jsonv"
)

// Aside is a stored record Load could not read. It stays in storage as it
// is, never deleted or rewritten, and the UI tells the person about it.
type Aside struct {
	Key    string
	Reason string // future_version, secret_key, key_mismatch, malformed, or a field refusal (bad_date ...)
}

// Snapshot is the ledger as Load read it from storage.
type Snapshot struct {
	// Entries are every readable entry, tombstones included, by id.
	Entries []Entry
	// Aside are the records that could not be read, by key.
	Aside []Aside
	// Rewrite are the records that were migrated from an older schema, as
	// key and upgraded record, by key: the js layer may write them back (one
	// key per entry). Reading works without it, since Decode migrates on
	// every read; skip a key that changed since it was read.
	Rewrite []jsonv.Member
	// records are the stored items read, for Revision.
	records map[string]jsonv.Value
}

// Revision is the revision of the record entry id was read from: the base
// of a change made from it (Writer.Put). It is worked out when asked for,
// since a page only needs it for the entries it draws.
func (s Snapshot) Revision(id string) string { return revisionOf(s.records, Key(id)) }

// RewriteChanges are the migrated records as changes for Writer.Put, each
// based on the record Load read: a record written meanwhile (by a Mailkey
// that writes the current schema, or any other writer) is never replaced
// by the upgrade of the older one.
func (s Snapshot) RewriteChanges() []Change {
	out := make([]Change, 0, len(s.Rewrite))
	for _, r := range s.Rewrite {
		if e, err := Decode(r.Value); err == nil {
			out = append(out, Change{Entry: e, Base: s.Revision(e.ID)})
		}
	}
	return out
}

// Visible returns the entries that are not deleted.
func (s Snapshot) Visible() []Entry {
	out := make([]Entry, 0, len(s.Entries))
	for _, e := range s.Entries {
		if e.Deleted == 0 {
			out = append(out, e)
		}
	}
	return out
}

// Load reads the ledger from all of storage (keys without KeyPrefix are
// ignored). It never fails: what it cannot read is reported in Aside.
func Load(items map[string]jsonv.Value) Snapshot {
	var s Snapshot
	keys := make([]string, 0, len(items))
	for key := range items {
		if strings.HasPrefix(key, KeyPrefix) {
			keys = append(keys, key)
		}
	}
	s.Entries = make([]Entry, 0, len(keys))
	s.records = items
	for _, i := range order(keys) { // by key, so entries by id
		key := keys[i]
		e, migrated, err := decode(items[key])
		if err == nil && key != Key(e.ID) {
			err = ErrKeyMismatch
		}
		if err != nil {
			s.Aside = append(s.Aside, Aside{Key: key, Reason: ReasonOf(err)})
			continue
		}
		s.Entries = append(s.Entries, e)
		if migrated {
			s.Rewrite = append(s.Rewrite, jsonv.M(key, e.JSON()))
		}
	}
	return s
}
