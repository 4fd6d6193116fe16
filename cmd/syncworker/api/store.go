package api

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
)

// Vault is one stored vault. Data is opaque ciphertext.
type Vault struct {
	AuthHash  string
	Version   int64
	Data      []byte // nil when the caller asked to skip it
	TouchedAt int64
	// Deleted marks a tombstone: a deleted or expired vault whose id stays
	// taken (no data, no auth hash), so that nobody can take it over.
	Deleted bool
}

// Store is what the API needs from the database. Every method that decides
// something (create, replace, delete, rate count) is one atomic statement.
type Store interface {
	// Get returns the vault or its tombstone, or nil when the id was never
	// used. Data is left nil when the stored version equals skipDataAt (a
	// 304 needs no body).
	Get(ctx context.Context, id string, skipDataAt int64) (*Vault, error)
	// Meta is Get without the data.
	Meta(ctx context.Context, id string) (*Vault, error)
	// Create inserts version 1 if the id was never used and every vault
	// together stays within maxTotal bytes; false otherwise.
	Create(ctx context.Context, id, authHash string, data []byte, now, maxTotal int64) (bool, error)
	// Replace stores data as version ifVersion+1 if the stored version is
	// still ifVersion, the auth hash still authHash and every vault together
	// stays within maxTotal bytes; false otherwise.
	Replace(ctx context.Context, id, authHash string, data []byte, ifVersion, now, maxTotal int64) (bool, error)
	// Delete turns the vault into a tombstone if its auth hash is authHash
	// and, when ifVersion > 0, its version is ifVersion; false when nothing
	// was deleted.
	Delete(ctx context.Context, id, authHash string, ifVersion, now int64) (bool, error)
	// Touch records a read.
	Touch(ctx context.Context, id string, now int64) error
	// Hit counts one request against each key in the fixed window and
	// returns the counts so far in that window, in the order of keys.
	Hit(ctx context.Context, keys []string, window int64) ([]int64, error)
	// Count reads a key's count in the window without counting (0 if none).
	Count(ctx context.Context, key string, window int64) (int64, error)
	// Expire turns vaults untouched since before into tombstones and
	// deletes rate rows of windows older than oldWindow; it returns how many
	// vaults it expired.
	Expire(ctx context.Context, before, oldWindow, now int64) (int64, error)
}

// SQLStore is the Store on D1 (or any SQLite through database/sql). The
// schema is in cmd/syncworker/migrations.
type SQLStore struct{ DB *sql.DB }

// hexMax is the largest vault moved through D1 as hex text. D1's binding
// hands a BLOB to and from JavaScript far more slowly than a string (for
// 700 KB: GET 16 ms instead of 35, PUT 24 ms instead of 60, measured with
// wrangler dev), so data crosses as hex(data) and unhex(?). D1 caps a string
// at 2,000,000 bytes, so larger vaults cross as BLOBs.
const hexMax = 1_000_000

// Get implements Store.
func (s SQLStore) Get(ctx context.Context, id string, skipDataAt int64) (*Vault, error) {
	v := &Vault{}
	var hx sql.NullString
	var blob []byte
	err := s.DB.QueryRowContext(ctx,
		`SELECT auth_hash, version, touched_at, deleted_at IS NOT NULL,
		  CASE WHEN version <> ? AND length(data) <= ? THEN hex(data) END,
		  CASE WHEN version <> ? AND length(data) > ? THEN data END
		FROM vaults WHERE id = ?`,
		skipDataAt, hexMax, skipDataAt, hexMax, id).Scan(&v.AuthHash, &v.Version, &v.TouchedAt, &v.Deleted, &hx, &blob)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	switch {
	case hx.Valid:
		if v.Data, err = hex.DecodeString(hx.String); err != nil {
			return nil, err
		}
	case blob != nil:
		v.Data = blob
	}
	return v, nil
}

// dataParam is how data is bound: "unhex(?)" with hex text, or "?" with
// the bytes (see hexMax).
func dataParam(data []byte) (string, any) {
	if len(data) <= hexMax {
		return "unhex(?)", hex.EncodeToString(data)
	}
	return "?", data
}

// Meta implements Store.
func (s SQLStore) Meta(ctx context.Context, id string) (*Vault, error) {
	v := &Vault{}
	err := s.DB.QueryRowContext(ctx, `SELECT auth_hash, version, touched_at, deleted_at IS NOT NULL FROM vaults WHERE id = ?`, id).
		Scan(&v.AuthHash, &v.Version, &v.TouchedAt, &v.Deleted)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return v, nil
}

// usedBytes is the sum of every vault's size (read from the covering
// index vaults_size, not from the rows).
const usedBytes = `(SELECT coalesce(sum(size), 0) FROM vaults)`

// Create implements Store: one INSERT that the quota and the id's first
// use both condition (a tombstone keeps the id taken).
func (s SQLStore) Create(ctx context.Context, id, authHash string, data []byte, now, maxTotal int64) (bool, error) {
	expr, arg := dataParam(data)
	size := int64(len(data))
	res, err := s.DB.ExecContext(ctx,
		`INSERT INTO vaults (id, auth_hash, version, data, size, created_at, updated_at, touched_at)
		SELECT ?, ?, 1, `+expr+`, ?, ?, ?, ? WHERE `+usedBytes+` + ? <= ?
		ON CONFLICT (id) DO NOTHING`,
		id, authHash, arg, size, now, now, now, size, maxTotal)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Replace implements Store with one conditional UPDATE.
func (s SQLStore) Replace(ctx context.Context, id, authHash string, data []byte, ifVersion, now, maxTotal int64) (bool, error) {
	expr, arg := dataParam(data)
	size := int64(len(data))
	res, err := s.DB.ExecContext(ctx,
		`UPDATE vaults SET data = `+expr+`, size = ?, version = version + 1, updated_at = ?, touched_at = ?
		WHERE id = ? AND version = ? AND auth_hash = ? AND deleted_at IS NULL AND `+usedBytes+` - size + ? <= ?`,
		arg, size, now, now, id, ifVersion, authHash, size, maxTotal)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// tombstone is what a deleted or expired vault's row becomes: no data, no
// auth hash (nothing to test a guess against), the id kept.
const tombstone = `data = X'', size = 0, auth_hash = '', deleted_at = ?`

// Delete implements Store.
func (s SQLStore) Delete(ctx context.Context, id, authHash string, ifVersion, now int64) (bool, error) {
	res, err := s.DB.ExecContext(ctx,
		`UPDATE vaults SET `+tombstone+` WHERE id = ? AND auth_hash = ? AND deleted_at IS NULL AND (? = 0 OR version = ?)`,
		now, id, authHash, ifVersion, ifVersion)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Touch implements Store.
func (s SQLStore) Touch(ctx context.Context, id string, now int64) error {
	_, err := s.DB.ExecContext(ctx, `UPDATE vaults SET touched_at = ? WHERE id = ?`, now, id)
	return err
}

// Hit implements Store with one UPSERT ... RETURNING for all keys.
func (s SQLStore) Hit(ctx context.Context, keys []string, window int64) ([]int64, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	q := `INSERT INTO rate (key, win, count) VALUES `
	args := make([]any, 0, 2*len(keys))
	for i, k := range keys {
		if i > 0 {
			q += `, `
		}
		q += `(?, ?, 1)`
		args = append(args, k, window)
	}
	q += ` ON CONFLICT (key) DO UPDATE SET count = CASE WHEN win = excluded.win THEN count + 1 ELSE 1 END, win = excluded.win RETURNING key, count`
	rows, err := s.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	got := make(map[string]int64, len(keys))
	for rows.Next() {
		var k string
		var n int64
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		got[k] = n
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]int64, len(keys))
	for i, k := range keys {
		n, ok := got[k]
		if !ok {
			return nil, errors.New("rate upsert returned no count for a key")
		}
		out[i] = n
	}
	return out, nil
}

// Count implements Store.
func (s SQLStore) Count(ctx context.Context, key string, window int64) (int64, error) {
	var n int64
	err := s.DB.QueryRowContext(ctx, `SELECT count FROM rate WHERE key = ? AND win = ?`, key, window).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return n, err
}

// Expire implements Store.
func (s SQLStore) Expire(ctx context.Context, before, oldWindow, now int64) (int64, error) {
	res, err := s.DB.ExecContext(ctx, `UPDATE vaults SET `+tombstone+` WHERE touched_at < ? AND deleted_at IS NULL`, now, before)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	if _, err := s.DB.ExecContext(ctx, `DELETE FROM rate WHERE win < ?`, oldWindow); err != nil {
		return n, err
	}
	return n, nil
}
