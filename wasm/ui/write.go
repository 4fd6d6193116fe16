//go:build js && wasm

package main

import (
	"errors"
	"strings"

	"mailkey/wasm/dom"
	"mailkey/wasm/jsonv"
	"mailkey/wasm/ledger"
	"mailkey/wasm/wire"
)

// The pages never write ledger records themselves: they send each change,
// with the revision of the record it was made from, to the worker's one
// writer (ledger.Writer), which stores it only if that record is still the
// stored one.

var errRefused = errors.New("ui: the worker refused the write")

// sendChanges is ledger.Save's way to the worker's writer.
func sendChanges(changes []ledger.Change) ([]ledger.Result, error) {
	ans, err := ask(jsonv.Obj(jsonv.M("type", jsonv.Str(wire.LedgerWrite)), jsonv.M("changes", ledger.ChangesJSON(changes))))
	if err != nil {
		return nil, err
	}
	if !ans.GetBool("ok") {
		return nil, errRefused
	}
	res, _ := ans.Get("results")
	return ledger.ResultsFrom(res), nil
}

// mergeEntries has the worker's writer merge entries (an import): each is
// kept only if it is newer than the stored version.
func mergeEntries(entries []ledger.Entry) error {
	changes := make([]ledger.Change, len(entries))
	for i, e := range entries {
		changes[i] = ledger.Change{Entry: e, Base: ledger.NoRecord}
	}
	ans, err := ask(jsonv.Obj(jsonv.M("type", jsonv.Str(wire.LedgerMerge)), jsonv.M("changes", ledger.ChangesJSON(changes))))
	if err == nil && !ans.GetBool("ok") {
		err = errRefused
	}
	return err
}

// saveEdits writes edits in the background. A change that met a newer
// version is carried over onto it when it changed other parts; otherwise
// the newer version is kept and errEl says so, naming the entries. done,
// if not nil, runs once every change is stored.
func (a *app) saveEdits(errEl dom.Element, done func(), edits ...ledger.Edit) {
	go func() {
		kept, err := ledger.Save(sendChanges, edits, a.now())
		switch {
		case err == nil && len(kept) == 0 && done != nil:
			done()
		case err != nil:
			errEl.SetTextContent(a.t("err_save"))
		case len(kept) > 0:
			labels := make([]string, len(kept))
			for i, e := range kept {
				labels[i] = e.Label
			}
			errEl.SetTextContent(a.t("ledger_conflict", strings.Join(labels, a.t("list_sep"))))
		}
	}()
}

// rewriteMigrated writes back the records a read upgraded, each only over
// the record read (the worker refuses it over a newer one).
func rewriteMigrated(s ledger.Snapshot) {
	if changes := s.RewriteChanges(); len(changes) > 0 {
		go func() { _, _ = sendChanges(changes) }()
	}
}
