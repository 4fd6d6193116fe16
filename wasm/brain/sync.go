package brain

import (
	"strings"
	"sync"

	"mailkey/wasm/jsonv"
	"mailkey/wasm/ledger"
	"mailkey/wasm/vault"
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
	case "sync-status":
		return b.syncStatus(st)
	case "sync-enable":
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
		if err := b.syncRound(st, cfg, mode, enroll); err != nil {
			return syncFailure(vault.CodeOf(err)), nil
		}
		if err := b.Secrets(st).Save(cfg); err != nil {
			return syncFailure("storage"), nil
		}
		return b.syncStatus(st)
	case "sync-now":
		return b.Sync(st)
	case "sync-keys":
		// Only the vault id: enough for the page to check a passphrase
		// against the vault in use; the secrets stay here.
		cfg, ok, err := b.loadConfig(st)
		if err != nil || !ok {
			return syncFailure("storage"), nil
		}
		return jsonv.Obj(jsonv.M("ok", jsonv.BoolValue(true)), jsonv.M("vault", jsonv.Str(cfg.Keys.VaultID))), nil
	case "sync-migrate":
		cfgV, _ := v.Get("config")
		next, err := vault.ConfigFrom(cfgV)
		if err != nil || next.Code == "" {
			return syncFailure("bad_config"), nil
		}
		return b.migrate(st, next, v.GetStr("enroll"))
	case "sync-disable":
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
// vault with a sync code on the same server: one round with the old vault
// (so this browser holds everything it has), the new vault made from that
// (with the enrollment token), the new settings kept, and then the old
// vault deleted (a tombstone on the server). The other browsers find the
// old vault gone and join the new one with its code; joining merges, so
// what they had not sent yet is kept. A failure before the new settings are
// kept leaves sync as it was.
func (b *Brain) migrate(st Store, next vault.Config, enroll string) (jsonv.Value, error) {
	old, ok, err := b.loadConfig(st)
	switch {
	case err != nil:
		return syncFailure("storage"), nil
	case !ok || old.Code != "" || old.Server != next.Server:
		return syncFailure("bad_config"), nil
	}
	if err := b.syncRound(st, old, vault.Normal, ""); err != nil {
		return syncFailure(vault.CodeOf(err)), nil
	}
	next.Since = old.Since
	if err := b.syncRound(st, next, vault.Create, enroll); err != nil {
		return syncFailure(vault.CodeOf(err)), nil
	}
	if err := b.Secrets(st).Save(next); err != nil {
		return syncFailure("storage"), nil
	}
	c := vault.Client{Keys: old.Keys, Crypto: b.SyncEnv.Crypto, Transport: b.SyncEnv.Transport(old.Server, old.Keys)}
	oldDeleted := c.Delete() == nil
	return b.syncStatus(st, jsonv.M("oldDeleted", jsonv.BoolValue(oldDeleted)))
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
// Create round sends (never stored).
func (b *Brain) syncRound(st Store, cfg vault.Config, mode vault.Mode, enroll string) error {
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
	c := vault.Client{Keys: cfg.Keys, Crypto: b.SyncEnv.Crypto, Transport: b.SyncEnv.Transport(cfg.Server, cfg.Keys), Enroll: enroll}
	out, err := c.Round(local, state, mode)
	if err != nil {
		if mode == vault.Normal {
			state.Error, state.ErrorAt = vault.CodeOf(err), b.Now().UnixMilli()
			_ = st.Set(jsonv.M(vault.StateKey, state.JSON()))
		}
		return err
	}
	done := vault.State{Version: out.Version, Lineage: out.Lineage, Digest: out.Digest, Last: b.Now().UnixMilli()}
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
		out = append(out, jsonv.M("server", jsonv.Str(cfg.Server)), jsonv.M("since", jsonv.Int(cfg.Since)), jsonv.M("code", jsonv.Str(cfg.Code)),
			jsonv.M("last", jsonv.Int(s.Last)), jsonv.M("error", jsonv.Str(s.Error)), jsonv.M("errorAt", jsonv.Int(s.ErrorAt)))
	}
	return jsonv.Obj(append(out, extra...)...), nil
}
