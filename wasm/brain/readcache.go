package brain

import (
	"strings"
	"sync"

	"mailkey/wasm/i18n"
	"mailkey/wasm/jsonv"
)

// ReadCache is a Store whose reads of the keys every answer asks for (the
// language chosen, the hints dismissed) are kept in memory: each read is a
// round trip to the browser's storage, two of them about a quarter of a
// warm hint's time in the worker. Storage stays the only record: the copy
// goes when the key is written here or Changed reports it written
// elsewhere (chrome.storage.onChanged), and with the worker.
//
// Each hint's dismissal is a key of its own, so a fresh worker would read
// one it has not asked for yet before each new hint; LearnKeys lists the
// dismissals once, and a key not among them is known absent.
type ReadCache struct {
	Store
	mu   sync.Mutex
	vals map[string]cached
	gen  uint64 // counts invalidations: a read that straddles one is not kept
	// dismissed is the set of dismiss/ keys that exist; nil while unknown.
	dismissed map[string]bool
}

// KeyLister is a Store that can list its keys under a prefix without
// their values (jsbridge.Store, where the browser has getKeys); ok is false
// where it cannot.
type KeyLister interface {
	KeysUnder(prefix string) (keys []string, ok bool, err error)
}

const dismissPrefix = "dismiss/"

type cached struct {
	v       jsonv.Value
	present bool
}

// NewReadCache wraps st.
func NewReadCache(st Store) *ReadCache { return &ReadCache{Store: st, vals: map[string]cached{}} }

// cachedKey says which keys are kept: small, read by every answer, and
// written rarely.
func cachedKey(k string) bool { return k == i18n.ChoiceKey || strings.HasPrefix(k, dismissPrefix) }

// LearnKeys lists the dismissals that exist, if the store can; a listing
// that straddles a change is not kept.
func (c *ReadCache) LearnKeys() {
	kl, ok := c.Store.(KeyLister)
	if !ok {
		return
	}
	c.mu.Lock()
	gen := c.gen
	c.mu.Unlock()
	keys, ok, err := kl.KeysUnder(dismissPrefix)
	if err != nil || !ok {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return
	}
	c.dismissed = make(map[string]bool, len(keys))
	for _, k := range keys {
		c.dismissed[k] = true
	}
}

// Get answers kept keys from memory and reads the rest in one call.
func (c *ReadCache) Get(keys ...string) (map[string]jsonv.Value, error) {
	out := map[string]jsonv.Value{}
	var missing []string
	c.mu.Lock()
	gen := c.gen
	for _, k := range keys {
		v, ok := c.vals[k]
		switch {
		case !ok && c.dismissed != nil && strings.HasPrefix(k, dismissPrefix) && !c.dismissed[k]:
			// known absent
		case !ok || !cachedKey(k):
			missing = append(missing, k)
		case v.present:
			out[k] = v.v
		}
	}
	c.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	got, err := c.Store.Get(missing...)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range missing {
		v, present := got[k]
		if present {
			out[k] = v
		}
		if cachedKey(k) && c.gen == gen {
			c.vals[k] = cached{v, present}
		}
	}
	return out, nil
}

// Set writes through, forgetting the copies of the keys written: before,
// so that a read under way does not keep what it read, and after, a copy
// read meanwhile.
func (c *ReadCache) Set(items ...jsonv.Member) error {
	keys := make([]string, len(items))
	for i, m := range items {
		keys[i] = m.Key
	}
	c.Changed(keys)
	err := c.Store.Set(items...)
	c.Changed(keys)
	return err
}

// Remove deletes through, forgetting the copies of the keys removed (as Set).
func (c *ReadCache) Remove(keys ...string) error {
	c.Changed(keys)
	err := c.Store.Remove(keys...)
	c.Changed(keys)
	return err
}

// Changed forgets the copies of keys written outside (or by) this cache.
func (c *ReadCache) Changed(keys []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for _, k := range keys {
		delete(c.vals, k)
		if strings.HasPrefix(k, dismissPrefix) {
			c.dismissed = nil
		}
	}
}
