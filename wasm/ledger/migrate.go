package ledger

import "mailkey/wasm/jsonv"

// A Migration takes a stored record of one schema version to the next. It is
// pure: it returns a new value and leaves its argument as it was.
type Migration func(jsonv.Value) (jsonv.Value, error)

// migrations[i] takes a record of version i+1 to version i+2; Version is
// len(migrations)+1 (a test holds them together). Each has its own test.
// Add new ones at the end; never change one that has shipped.
var migrations = []Migration{
	v1to2,
}

// v1to2 adds what schema 2 knows besides schema 1: the day last confirmed,
// the day revoked and how, a note, and the deletion time of a tombstone.
// All start empty: a version 1 record was never confirmed, revoked or deleted.
func v1to2(v jsonv.Value) (jsonv.Value, error) {
	if n, ok := version(v); !ok || n != 1 {
		return jsonv.Value{}, ErrMalformed
	}
	added := []jsonv.Member{jsonv.M("confirmed", jsonv.Str("")), jsonv.M("revoked", jsonv.Str("")),
		jsonv.M("revokedHow", jsonv.Str("")), jsonv.M("note", jsonv.Str("")), jsonv.M("deleted", jsonv.Int(0))}
	old := v.Members()
	out := make([]jsonv.Member, 0, len(old)+len(added))
	for _, m := range old {
		for _, a := range added {
			if m.Key == a.Key {
				return jsonv.Value{}, ErrUnknownKey // not a version 1 record
			}
		}
		if m.Key == "v" {
			m.Value = jsonv.Int(2)
		}
		out = append(out, m)
	}
	return jsonv.Obj(append(out, added...)...), nil
}

// version is a record's "v": a positive integer, in an object.
func version(v jsonv.Value) (int64, bool) {
	if v.Kind() != jsonv.Object {
		return 0, false
	}
	ver, _ := v.Get("v")
	n, ok := ver.Int()
	return n, ok && n >= 1
}

// Migrate brings a stored record to schema Version, returning it and whether
// it was migrated. It refuses a value that is not a record (ErrMalformed), a
// record with any key that looks like a password (ErrSecret), whatever its
// version, and one from a newer schema (ErrFuture).
func Migrate(v jsonv.Value) (jsonv.Value, bool, error) {
	if v.Kind() != jsonv.Object {
		return jsonv.Value{}, false, ErrMalformed
	}
	if hasSecretKey(v) {
		return jsonv.Value{}, false, ErrSecret
	}
	n, ok := version(v)
	switch {
	case !ok:
		return jsonv.Value{}, false, ErrMalformed
	case n > Version:
		return jsonv.Value{}, false, ErrFuture
	}
	from := n
	for ; n < Version; n++ {
		var err error
		if v, err = migrations[n-1](v); err != nil {
			return jsonv.Value{}, false, err
		}
	}
	return v, from < Version, nil
}

// hasSecretKey reports whether any key anywhere in v looks like a password.
func hasSecretKey(v jsonv.Value) bool {
	_, ok := secretKey(v)
	return ok
}

// secretKey returns the first key anywhere in v that looks like a password.
func secretKey(v jsonv.Value) (string, bool) {
	for _, m := range v.Members() {
		if LooksLikeSecret(m.Key) {
			return m.Key, true
		}
		if k, ok := secretKey(m.Value); ok {
			return k, true
		}
	}
	for _, it := range v.Items() {
		if k, ok := secretKey(it); ok {
			return k, true
		}
	}
	return "", false
}
