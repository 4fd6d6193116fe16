package brain

import (
	"time"

	"mailkey/wasm/jsonv"
	"mailkey/wasm/offer"
)

// maxCandidates bounds the name fields a click report may list.
const maxCandidates = 20

// click answers a sensor's report of what a create click brought on screen:
// offer now, wait and report again, or nothing; and which field holds the
// password's name. The report carries facts only, never a field's value.
func click(v jsonv.Value) jsonv.Value {
	f := offer.Facts{
		Elapsed:    time.Duration(clamp(v.GetInt("elapsed"), 0, 600000)) * time.Millisecond,
		NewField:   v.GetBool("newField"),
		NewTrigger: v.GetBool("newTrigger"),
		NewButtons: v.GetBool("newButtons"),
		Shown:      v.GetBool("shown"),
		Dismissed:  v.GetBool("dismissed"),
	}
	cs, _ := v.Get("candidates")
	for i, c := range cs.Items() {
		if i == maxCandidates {
			break
		}
		f.Candidates = append(f.Candidates, offer.Candidate{Index: int(clamp(c.GetInt("i"), 0, 10000)),
			List: c.GetBool("list"), Named: c.GetBool("named"), Before: c.GetBool("before"),
			Typed: c.GetBool("typed"), Empty: c.GetBool("empty")})
	}
	d := offer.Decide(f)
	return jsonv.Obj(jsonv.M("ok", jsonv.BoolValue(true)), jsonv.M("action", jsonv.Str(string(d.Action))),
		jsonv.M("name", jsonv.Int(int64(d.Name))), jsonv.M("after", jsonv.Int(d.After.Milliseconds())))
}

func clamp(n, lo, hi int64) int64 { return max(lo, min(n, hi)) }
