package brain

import (
	"mailkey/wasm/jsonv"
	"mailkey/wasm/ledger"
	"mailkey/wasm/wire"
)

// ledgerMessage answers the extension's pages, the only senders allowed
// to write ledger records directly:
//
//   - ledger-write: changes, each based on the revision of the record the
//     page read; written only where that is still the stored record, the
//     others answered with the stored record (the page decides again);
//   - ledger-merge: entries from an import, each kept only if it wins over
//     the stored version (ledger.Merge), so an import never overwrites a
//     change made after the file was read.
func (b *Brain) ledgerMessage(v jsonv.Value, from Sender, st Store) (jsonv.Value, error) {
	if !b.fromExtensionPage(from) {
		return jsonv.Value{}, errSender
	}
	ok := jsonv.M("ok", jsonv.BoolValue(true))
	switch v.GetStr("type") {
	case wire.LedgerWrite:
		changesV, _ := v.Get("changes")
		changes, err := ledger.ChangesFrom(changesV)
		if err != nil {
			return ledgerFailure(ledger.ReasonOf(err)), nil
		}
		results, err := b.Ledger.Put(st, changes)
		if err != nil {
			return ledgerFailure("storage"), nil
		}
		return jsonv.Obj(ok, jsonv.M("results", ledger.ResultsJSON(results))), nil
	case wire.LedgerMerge:
		changesV, _ := v.Get("changes")
		changes, err := ledger.ChangesFrom(changesV)
		if err != nil {
			return ledgerFailure(ledger.ReasonOf(err)), nil
		}
		entries := make([]ledger.Entry, len(changes))
		for i, c := range changes {
			entries[i] = c.Entry
		}
		n, err := b.Ledger.Merge(st, entries)
		if err != nil {
			return ledgerFailure("storage"), nil
		}
		return jsonv.Obj(ok, jsonv.M("written", jsonv.Int(int64(n)))), nil
	}
	return jsonv.Value{}, errUnknownType
}

func ledgerFailure(reason string) jsonv.Value {
	return jsonv.Obj(jsonv.M("ok", jsonv.BoolValue(false)), jsonv.M("reason", jsonv.Str(reason)))
}

// errKey is a refusal whose text is the locale key to show.
type errKey string

func (e errKey) Error() string { return string(e) }

// revokeFromPage marks the entry id of provider revoked (a click on the
// provider's own list page), from the stored record and through the
// writer: a change stored meanwhile is revoked with it, never overwritten.
func (b *Brain) revokeFromPage(st Store, id, provider, how string) (ledger.Entry, error) {
	key := ledger.Key(id)
	for range 4 {
		got, err := st.Get(key)
		if err != nil {
			return ledger.Entry{}, errKey("err_save")
		}
		rec, found := got[key]
		if !found {
			return ledger.Entry{}, errKey("err_request")
		}
		e, err := ledger.Decode(rec)
		if err != nil || e.Provider != provider {
			return ledger.Entry{}, errKey("err_request")
		}
		done, err := e.Revoke(ledger.Day(b.Now()), how, b.Now())
		if err != nil {
			return ledger.Entry{}, errKey("err_request")
		}
		r, err := b.Ledger.Put(st, []ledger.Change{{Entry: done, Base: ledger.Revision(rec)}})
		switch {
		case err != nil:
			return ledger.Entry{}, errKey("err_save")
		case r[0].Written:
			return e, nil
		}
	}
	return ledger.Entry{}, errKey("err_save") // it kept changing under this one
}
