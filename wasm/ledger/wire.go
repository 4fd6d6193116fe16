package ledger

import "mailkey/wasm/jsonv"

// The messages between a page and the worker's Writer: a page sends
// {"type":"ledger-write","changes":ChangesJSON} and gets
// {"ok":true,"results":ResultsJSON}.

// ChangesJSON is changes as sent to the worker.
func ChangesJSON(changes []Change) jsonv.Value {
	items := make([]jsonv.Value, len(changes))
	for i, c := range changes {
		items[i] = jsonv.Obj(jsonv.M("base", jsonv.Str(c.Base)), jsonv.M("entry", c.Entry.JSON()))
	}
	return jsonv.Arr(items...)
}

// ChangesFrom reads changes a page sent. Each entry is read as a stored
// record is (Decode): a record that is not valid, or has a field that looks
// like a password, refuses the whole message.
func ChangesFrom(v jsonv.Value) ([]Change, error) {
	if v.Kind() != jsonv.Array || len(v.Items()) == 0 {
		return nil, ErrMalformed
	}
	out := make([]Change, len(v.Items()))
	for i, it := range v.Items() {
		rec, _ := it.Get("entry")
		e, err := Decode(rec)
		if err != nil {
			return nil, err
		}
		base := it.GetStr("base")
		if base == "" {
			return nil, ErrMalformed
		}
		out[i] = Change{Entry: e, Base: base}
	}
	return out, nil
}

// ResultsJSON is results as the worker answers them.
func ResultsJSON(results []Result) jsonv.Value {
	items := make([]jsonv.Value, len(results))
	for i, r := range results {
		items[i] = jsonv.Obj(jsonv.M("id", jsonv.Str(r.ID)), jsonv.M("written", jsonv.BoolValue(r.Written)),
			jsonv.M("revision", jsonv.Str(r.Revision)), jsonv.M("current", r.Current))
	}
	return jsonv.Arr(items...)
}

// ResultsFrom reads the worker's answer.
func ResultsFrom(v jsonv.Value) []Result {
	out := make([]Result, len(v.Items()))
	for i, it := range v.Items() {
		cur, _ := it.Get("current")
		out[i] = Result{ID: it.GetStr("id"), Written: it.GetBool("written"), Revision: it.GetStr("revision"), Current: cur}
	}
	return out
}
