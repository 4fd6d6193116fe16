package brain

import (
	"fmt"
	"testing"

	"mailkey/wasm/jsonv"
	"mailkey/wasm/ledger"
)

func TestLedgerWriteOnlyFromPagesAndOnlyOverTheRecordRead(t *testing.T) {
	b, st := newBrain(t), &MemStore{}
	b.ExtensionOrigin = "chrome-extension://" + extID
	popup := Sender{ExtensionID: extID, URL: b.ExtensionOrigin + "/extension/popup.html", TabID: -1}
	e, err := ledger.New("ab", "google", "", "Phone", "", ledger.KindAppPassword, ledger.FromManual, b.Now())
	if err != nil {
		t.Fatal(err)
	}
	write := func(from Sender, c ledger.Change) jsonv.Value {
		return ask(t, b, st, from, jsonv.Obj(jsonv.M("type", jsonv.Str("ledger-write")),
			jsonv.M("changes", ledger.ChangesJSON([]ledger.Change{c}))).String())
	}
	// A content script cannot write records: it sends intents.
	if v := write(fromQQ, ledger.Change{Entry: e, Base: ledger.NoRecord}); v.GetBool("ok") || len(st.M) != 0 {
		t.Fatalf("content script wrote: %s", v)
	}
	v := write(popup, ledger.Change{Entry: e, Base: ledger.NoRecord})
	res, _ := v.Get("results")
	if r := ledger.ResultsFrom(res); len(r) != 1 || !r[0].Written {
		t.Fatalf("popup write: %s", v)
	}
	// A change made from the record before the one stored now is refused,
	// and the answer holds the stored record.
	confirmed, _ := e.Confirm("2026-11-24", b.Now())
	stale, _ := e.Edit("Tablet", "", "", "", b.Now())
	write(popup, ledger.Change{Entry: confirmed, Base: ledger.Revision(e.JSON())})
	v = write(popup, ledger.Change{Entry: stale, Base: ledger.Revision(e.JSON())})
	res, _ = v.Get("results")
	r := ledger.ResultsFrom(res)
	if len(r) != 1 || r[0].Written || r[0].Current.String() != confirmed.JSON().String() {
		t.Fatalf("stale write: %s", v)
	}
	// An import merges: an older version never replaces the stored one.
	old, _ := ledger.New("ab", "google", "", "Old", "", ledger.KindAppPassword, ledger.FromImport, b.Now().Add(-1e12))
	v = ask(t, b, st, popup, jsonv.Obj(jsonv.M("type", jsonv.Str("ledger-merge")),
		jsonv.M("changes", ledger.ChangesJSON([]ledger.Change{{Entry: old, Base: ledger.NoRecord}}))).String())
	if !v.GetBool("ok") || v.GetInt("written") != 0 || st.M[ledger.Key("ab")].String() != confirmed.JSON().String() {
		t.Fatalf("import merge: %s", v)
	}
}

// An import of thousands of entries is one message, written in one call.
func TestLedgerMergeOfALargeImport(t *testing.T) {
	b, st := newBrain(t), &MemStore{}
	b.ExtensionOrigin = "chrome-extension://" + extID
	popup := Sender{ExtensionID: extID, URL: b.ExtensionOrigin + "/extension/popup.html", TabID: -1}
	changes := make([]ledger.Change, 3000)
	for i := range changes {
		e, err := ledger.New(fmt.Sprintf("%032x", i+1), "google", "someone@gmail.com", fmt.Sprintf("Imported entry number %d", i),
			"Thunderbird on the laptop", ledger.KindAppPassword, ledger.FromImport, b.Now())
		if err != nil {
			t.Fatal(err)
		}
		changes[i] = ledger.Change{Entry: e, Base: ledger.NoRecord}
	}
	msg := jsonv.Obj(jsonv.M("type", jsonv.Str("ledger-merge")), jsonv.M("changes", ledger.ChangesJSON(changes))).String()
	if len(msg) <= MaxMessage {
		t.Fatalf("the message is only %d bytes", len(msg))
	}
	if v := ask(t, b, st, popup, msg); !v.GetBool("ok") || v.GetInt("written") != 3000 || len(st.M) != 3000 {
		t.Fatalf("large import: %.200s, %d stored", v, len(st.M))
	}
	// A content script's message stays small.
	if v := ask(t, b, st, fromQQ, msg); v.GetBool("ok") {
		t.Fatal("a content script sent a large message")
	}
}
