package brain

import (
	"strings"
	"sync"

	"mailkey/wasm/jsonv"
	"mailkey/wasm/ledger"
	"mailkey/wasm/vault"
	"mailkey/wasm/wire"
)

// SyncEnv is what sync borrows from the browser: its cipher and DEFLATE,
// and requests to the sync server (made only here, in the service worker).
type SyncEnv struct {
	Crypto    vault.Crypto
	Transport func(server string, k vault.Keys) vault.Transport
	// Wrapper holds the key that wraps sync's secrets at rest (see
	// vault.Secrets).
	Wrapper vault.Wrapper
}

// Secrets is the one way to read and write sync's Config (its access
// secret, vault key and sync code): stored in st only wrapped.
func (b *Brain) Secrets(st Store) vault.Secrets {
	return vault.Secrets{Store: st, Wrapper: b.SyncEnv.Wrapper, Random: func(p []byte) error { return b.SyncEnv.Crypto.Random(p) }}
}

// syncMu runs one round at a time: rounds start from a ledger change, an
// alarm and the options page, and all read and write the same records.
var syncMu sync.Mutex

// fromExtensionPage checks that a message comes from one of this
// extension's own pages (the options page, the popup), never a content
// script: only those may turn sync on or off.
func (b *Brain) fromExtensionPage(from Sender) bool {
	return from.ExtensionID != "" && from.ExtensionID == b.ExtensionID && b.ExtensionOrigin != "" &&
		strings.HasPrefix(from.URL, b.ExtensionOrigin+"/")
}

// syncMessage answers the options page: sync-status, sync-enable,
// sync-now and sync-disable. Errors are codes; the page words them.
func (b *Brain) syncMessage(v jsonv.Value, from Sender, st Store) (jsonv.Value, error) {
	if !b.fromExtensionPage(from) {
		return jsonv.Value{}, errSender
	}
	switch v.GetStr("type") {
	case wire.SyncStatus:
		return b.syncStatus(st)
	case wire.SyncEnable:
		cfgV, _ := v.Get("config")
		cfg, err := vault.ConfigFrom(cfgV)
		if err != nil {
			return syncFailure("bad_config"), nil
		}
		cfg.Since = b.Now().UnixMilli()
		mode, enroll := vault.Join, ""
		if v.GetStr("mode") == "create" {
			mode, enroll = vault.Create, v.GetStr("enroll")
		}
		if err := b.nameBrowser(st, v.GetStr("name")); err != nil {
			return syncFailure("storage"), nil
		}
		if err := b.syncRound(st, cfg, mode, enroll); err != nil {
			return syncFailure(vault.CodeOf(err)), nil
		}
		if err := b.Secrets(st).Save(cfg); err != nil {
			return syncFailure("storage"), nil
		}
		return b.syncStatus(st)
	case wire.SyncRename:
		if err := b.nameBrowser(st, v.GetStr("name")); err != nil {
			return syncFailure("storage"), nil
		}
		return b.Sync(st)
	case wire.SyncCheck:
		// Whether the page's passphrase makes this vault's access secret:
		// asked before the slow making of new keys.
		cfg, ok, err := b.loadConfig(st)
		if err != nil || !ok {
			return syncFailure("storage"), nil
		}
		if v.GetStr("check") != vault.Hex(cfg.Keys.Auth[:]) {
			return syncFailure("wrong_passphrase"), nil
		}
		return jsonv.Obj(jsonv.M("ok", jsonv.BoolValue(true))), nil
	case wire.SyncRemove:
		cfgV, _ := v.Get("config")
		next, err := vault.ConfigFrom(cfgV)
		if err != nil || next.Code == "" {
			return syncFailure("bad_config"), nil
		}
		return b.removeBrowser(st, next, v.GetStr("check"), v.GetStr("enroll"), v.GetStr("remove"))
	case wire.SyncNow:
		return b.Sync(st)
	case wire.SyncKeys:
		// Only the vault id: enough for the page to check a passphrase
		// against the vault in use; the secrets stay here.
		cfg, ok, err := b.loadConfig(st)
		if err != nil || !ok {
			return syncFailure("storage"), nil
		}
		return jsonv.Obj(jsonv.M("ok", jsonv.BoolValue(true)), jsonv.M("vault", jsonv.Str(cfg.Keys.VaultID))), nil
	case wire.SyncMigrate:
		cfgV, _ := v.Get("config")
		next, err := vault.ConfigFrom(cfgV)
		if err != nil || next.Code == "" {
			return syncFailure("bad_config"), nil
		}
		return b.migrate(st, next, v.GetStr("enroll"))
	case wire.SyncDisable:
		cfg, ok, err := b.loadConfig(st)
		if err != nil {
			return syncFailure("storage"), nil
		}
		if ok && v.GetStr("delete") == "yes" {
			c := vault.Client{Keys: cfg.Keys, Crypto: b.SyncEnv.Crypto, Transport: b.SyncEnv.Transport(cfg.Server, cfg.Keys)}
			if err := c.Delete(); err != nil {
				return syncFailure(vault.CodeOf(err)), nil // still on: nothing half done
			}
		}
		if err := b.Secrets(st).Clear(); err != nil || st.Remove(vault.StateKey) != nil {
			return syncFailure("storage"), nil
		}
		return b.syncStatus(st)
	}
	return jsonv.Value{}, errUnknownType
}

// migrate moves sync from a vault named by the passphrase alone to next, a
// vault with a sync code on the same server (see replaceVault).
func (b *Brain) migrate(st Store, next vault.Config, enroll string) (jsonv.Value, error) {
	old, ok, err := b.loadConfig(st)
	switch {
	case err != nil:
		return syncFailure("storage"), nil
	case !ok || old.Code != "" || old.Server != next.Server:
		return syncFailure("bad_config"), nil
	}
	return b.replaceVault(st, old, next, enroll, "")
}

// removeBrowser is "remove this browser" on another browser's entry: the
// secret is rotated. next is a vault with a new sync code (a new random id
// and secret, so a new access secret and key, made by the options page
// from the passphrase); check is the access secret the page derived from
// the passphrase and the code in use, which must be this vault's, so that
// a mistyped passphrase cannot seal the new vault under keys no other
// browser can make. The removed browser keeps the old secret, which then
// opens nothing: it finds its vault gone at its next round and keeps its
// own ledger.
func (b *Brain) removeBrowser(st Store, next vault.Config, check, enroll, removed string) (jsonv.Value, error) {
	old, ok, err := b.loadConfig(st)
	switch {
	case err != nil:
		return syncFailure("storage"), nil
	case !ok || old.Code == "" || old.Server != next.Server || next.Code == old.Code || next.Keys.VaultID == old.Keys.VaultID || !vault.IsHex128(removed):
		return syncFailure("bad_config"), nil
	case check != vault.Hex(old.Keys.Auth[:]):
		return syncFailure("wrong_passphrase"), nil
	}
	if self, _ := loadBrowser(st); self.ID == removed {
		return syncFailure("bad_config"), nil // this browser leaves by turning sync off
	}
	return b.replaceVault(st, old, next, enroll, removed)
}

// replaceVault moves sync from the vault old to a new vault next on the same
// server: one round with old (so this browser holds everything it has),
// next made from that (with the enrollment token) listing old's browsers
// but removed, the new settings kept, and then old deleted (a tombstone on
// the server). Every other browser finds old gone at its next round, keeps
// its ledger, and joins next with its code (joining merges). A failure
// before the new settings are kept leaves sync as it was.
func (b *Brain) replaceVault(st Store, old, next vault.Config, enroll, removed string) (jsonv.Value, error) {
	if err := b.syncRound(st, old, vault.Normal, ""); err != nil {
		return syncFailure(vault.CodeOf(err)), nil
	}
	got, err := st.Get(vault.StateKey)
	if err != nil {
		return syncFailure("storage"), nil
	}
	carried := vault.Without(vault.StateFrom(got[vault.StateKey]).Browsers, removed)
	next.Since = old.Since
	if err := b.syncRound(st, next, vault.Create, enroll, carried...); err != nil {
		return syncFailure(vault.CodeOf(err)), nil
	}
	if err := b.Secrets(st).Save(next); err != nil {
		return syncFailure("storage"), nil
	}
	c := vault.Client{Keys: old.Keys, Crypto: b.SyncEnv.Crypto, Transport: b.SyncEnv.Transport(old.Server, old.Keys)}
	oldDeleted := c.Delete() == nil
	return b.syncStatus(st, jsonv.M("oldDeleted", jsonv.BoolValue(oldDeleted)))
}

// loadBrowser is this browser's id and name as the vaults list it; ok is
// false before sync was first turned on here.
func loadBrowser(st Store) (vault.Browser, bool) {
	got, err := st.Get(vault.BrowserKey)
	if err != nil {
		return vault.Browser{}, false
	}
	return browserFrom(got[vault.BrowserKey])
}

func browserFrom(v jsonv.Value) (vault.Browser, bool) {
	self := vault.Browser{ID: v.GetStr("id"), Name: vault.CleanName(v.GetStr("name"))}
	return self, vault.IsHex128(self.ID)
}

// nameBrowser keeps the name the person gave this browser (an empty one
// leaves it as it was), drawing its id the first time.
func (b *Brain) nameBrowser(st Store, name string) error {
	self, ok := loadBrowser(st)
	if !ok {
		id := make([]byte, 16)
		if err := b.SyncEnv.Crypto.Random(id); err != nil {
			return err
		}
		self.ID = vault.Hex(id)
	}
	if name = vault.CleanName(name); name != "" {
		self.Name = name
	}
	return st.Set(jsonv.M(vault.BrowserKey, jsonv.Obj(jsonv.M("id", jsonv.Str(self.ID)), jsonv.M("name", jsonv.Str(self.Name)))))
}

func syncFailure(code string) jsonv.Value {
	return jsonv.Obj(jsonv.M("ok", jsonv.BoolValue(false)), jsonv.M("code", jsonv.Str(code)))
}

func (b *Brain) loadConfig(st Store) (vault.Config, bool, error) { return b.Secrets(st).Load() }

// Sync runs one round if sync is on (from an alarm, a ledger change or
// "sync now") and answers the status.
func (b *Brain) Sync(st Store) (jsonv.Value, error) {
	cfg, ok, err := b.loadConfig(st)
	if err != nil {
		return syncFailure("storage"), nil
	}
	if ok {
		if err := b.syncRound(st, cfg, vault.Normal, ""); err != nil {
			if e, ok := err.(*vault.Error); ok && e.RetryAfter > 0 {
				return b.syncStatus(st, jsonv.M("retryAfter", jsonv.Int(int64(e.RetryAfter))))
			}
		}
	}
	return b.syncStatus(st)
}

// syncRound runs one round and stores what it brought: the server's winning
// versions, merged through the ledger's writer with what is stored at that
// moment (a page or tab may have written meanwhile), and the state. A
// failure stores only its code. enroll is the operator's token that a
// Create round sends (never stored); carried, the browsers a new vault
// lists from the start.
func (b *Brain) syncRound(st Store, cfg vault.Config, mode vault.Mode, enroll string, carried ...vault.Browser) error {
	syncMu.Lock()
	defer syncMu.Unlock()
	items, err := st.All()
	if err != nil {
		return &vault.Error{Code: "storage"}
	}
	// Turning sync on starts afresh: the state of an earlier vault says
	// nothing about this one.
	var state vault.State
	if mode == vault.Normal {
		state = vault.StateFrom(items[vault.StateKey])
	}
	local := ledger.Load(items).Entries
	c := vault.Client{Keys: cfg.Keys, Crypto: b.SyncEnv.Crypto, Transport: b.SyncEnv.Transport(cfg.Server, cfg.Keys), Enroll: enroll, Carried: carried}
	if self, ok := browserFrom(items[vault.BrowserKey]); ok {
		self.Seen = b.Now().UnixMilli()
		c.Self = self
	}
	out, err := c.Round(local, state, mode)
	if err != nil {
		if mode == vault.Normal {
			state.Error, state.ErrorAt = vault.CodeOf(err), b.Now().UnixMilli()
			_ = st.Set(jsonv.M(vault.StateKey, state.JSON()))
		}
		return err
	}
	done := vault.State{Version: out.Version, Lineage: out.Lineage, Digest: out.Digest, Last: b.Now().UnixMilli(), Browsers: out.Browsers}
	if _, err := b.Ledger.Merge(st, out.Writes, jsonv.M(vault.StateKey, done.JSON())); err != nil {
		return &vault.Error{Code: "storage"}
	}
	return nil
}

// syncStatus is what the options page shows.
func (b *Brain) syncStatus(st Store, extra ...jsonv.Member) (jsonv.Value, error) {
	cfg, on, err := b.loadConfig(st)
	if err != nil {
		return syncFailure("storage"), nil
	}
	out := []jsonv.Member{jsonv.M("ok", jsonv.BoolValue(true)), jsonv.M("on", jsonv.BoolValue(on))}
	if on {
		got, err := st.Get(vault.StateKey)
		if err != nil {
			return syncFailure("storage"), nil
		}
		s := vault.StateFrom(got[vault.StateKey])
		self, _ := loadBrowser(st)
		out = append(out, jsonv.M("server", jsonv.Str(cfg.Server)), jsonv.M("since", jsonv.Int(cfg.Since)), jsonv.M("code", jsonv.Str(cfg.Code)),
			jsonv.M("last", jsonv.Int(s.Last)), jsonv.M("error", jsonv.Str(s.Error)), jsonv.M("errorAt", jsonv.Int(s.ErrorAt)),
			jsonv.M("browsers", vault.BrowsersJSON(s.Browsers)), jsonv.M("self", jsonv.Str(self.ID)), jsonv.M("name", jsonv.Str(self.Name)))
	}
	return jsonv.Obj(append(out, extra...)...), nil
}
