package vault

import (
	"errors"
	"sync"

	"mailkey/wasm/jsonv"
)

// Wrapper is AES-256-GCM under a key the browser holds and never hands
// out: in the extension, a non-extractable Web Crypto key kept in the
// extension origin's own IndexedDB, which content scripts (they run in the
// page's origin) cannot open. Nonces are 12 bytes.
type Wrapper interface {
	Wrap(nonce, plaintext, aad []byte) ([]byte, error)
	Unwrap(nonce, sealed, aad []byte) ([]byte, error)
	// Made makes the key if there is none and reports whether this start
	// of the service worker made it.
	Made() (bool, error)
}

// KV is the part of a storage area that Secrets uses (chrome.storage.local,
// or a map in tests).
type KV interface {
	Get(keys ...string) (map[string]jsonv.Value, error)
	Set(items ...jsonv.Member) error
	Remove(keys ...string) error
}

// Secrets is where sync's secrets live at rest: the Config (the access
// secret, the vault key, the sync code, the server) is stored under
// ConfigKey only wrapped by the browser's key, so a content script that
// reads chrome.storage.local finds ciphertext. Every read and write of the
// Config goes through here.
type Secrets struct {
	Store   KV
	Wrapper Wrapper
	Random  func([]byte) error
}

// secretsMu orders reads and writes of the Config: Load may write (it
// wraps a plain copy it finds), and must not undo a Save made meanwhile.
var secretsMu sync.Mutex

// secretsAAD binds a wrapped record to what it is.
var secretsAAD = []byte("mailkey sync/config v2")

var errWrapped = errors.New("vault: wrapped sync config unreadable")

// Load returns the Config, or ok false when sync is off or its record
// cannot be opened (the wrapping key is gone or the record was changed):
// then sync is as if off and the options page offers to turn it on again.
// A plain record is never used here: only Migrate, at start, takes one.
func (s Secrets) Load() (Config, bool, error) {
	secretsMu.Lock()
	defer secretsMu.Unlock()
	got, err := s.Store.Get(ConfigKey)
	if err != nil {
		return Config{}, false, err
	}
	rec, ok := got[ConfigKey]
	if _, wrapped := rec.Get("sealed"); !ok || !wrapped {
		return Config{}, false, nil
	}
	c, err := s.open(rec)
	return c, err == nil, nil
}

// Save stores c wrapped, replacing whatever was under ConfigKey.
func (s Secrets) Save(c Config) error {
	secretsMu.Lock()
	defer secretsMu.Unlock()
	return s.save(c)
}

// Clear removes the Config: sync off.
func (s Secrets) Clear() error {
	secretsMu.Lock()
	defer secretsMu.Unlock()
	return s.Store.Remove(ConfigKey)
}

// Migrate runs at every start of the service worker. In the start that
// makes the wrapping key (the first after an update from a version that
// stored the Config plain) it wraps a plain Config and reports true. Once
// the key exists, a plain record was not written by Mailkey (a content
// script can write storage.local): it is removed, so that nobody can point
// this browser's sync at a server and keys of their choosing.
func (s Secrets) Migrate() (bool, error) {
	secretsMu.Lock()
	defer secretsMu.Unlock()
	made, err := s.Wrapper.Made()
	if err != nil {
		return false, err
	}
	got, err := s.Store.Get(ConfigKey)
	if err != nil {
		return false, err
	}
	rec, ok := got[ConfigKey]
	if _, wrapped := rec.Get("sealed"); !ok || wrapped {
		return false, nil
	}
	c, err := ConfigFrom(rec)
	if !made || err != nil {
		return false, s.Store.Remove(ConfigKey)
	}
	return true, s.save(c)
}

func (s Secrets) save(c Config) error {
	nonce := make([]byte, nonceSize)
	if err := s.Random(nonce); err != nil {
		return err
	}
	sealed, err := s.Wrapper.Wrap(nonce, c.JSON().Marshal(), secretsAAD)
	if err != nil {
		return err
	}
	return s.Store.Set(jsonv.M(ConfigKey, jsonv.Obj(
		jsonv.M("v", jsonv.Int(2)),
		jsonv.M("nonce", jsonv.Str(Hex(nonce))),
		jsonv.M("sealed", jsonv.Str(Hex(sealed))))))
}

func (s Secrets) open(rec jsonv.Value) (Config, error) {
	nonce, ok1 := decodeHex(rec.GetStr("nonce"))
	sealed, ok2 := decodeHex(rec.GetStr("sealed"))
	if !ok1 || !ok2 || len(nonce) != nonceSize || rec.GetInt("v") != 2 {
		return Config{}, errWrapped
	}
	plain, err := s.Wrapper.Unwrap(nonce, sealed, secretsAAD)
	if err != nil {
		return Config{}, errWrapped
	}
	v, err := jsonv.Parse(plain, jsonv.Limits{MaxBytes: 64 << 10})
	if err != nil {
		return Config{}, errWrapped
	}
	return ConfigFrom(v)
}
