package brain

import (
	"testing"
	"time"

	"mailkey/wasm/jsonv"
	"mailkey/wasm/snapshot"
)

// The page a formless snapshot describes, with the warm-up's form added,
// gets a hint: the warm-up runs the hint's whole path.
func TestWarmUpPageHasAHint(t *testing.T) {
	b := newBrain(t)
	v, _ := jsonv.Parse([]byte(collector("zh-CN", "zh-CN", "", "")), jsonv.Limits{})
	snap, _ := v.Get("snap")
	page, err := snapshot.FromValue(snap)
	if err != nil {
		t.Fatal(err)
	}
	page.Fields = nil
	out, err := b.answer(b.warmUpPage(page), nil, &MemStore{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := hintOf(out); !ok {
		t.Fatalf("no hint for the warm-up's form: %s", out.Marshal())
	}
}

// So does a bare page: no title, headings or texts that say what it is for
// (most pages before their form appears).
func TestWarmUpBarePageHasAHint(t *testing.T) {
	b := newBrain(t)
	page := &snapshot.Snapshot{URL: snapshot.URL{Host: "mail.qq.com", Path: "/cgi-bin/frame_html"}, Top: true, PageLang: "en"}
	out, err := b.answer(b.warmUpPage(page), nil, &MemStore{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := hintOf(out); !ok {
		t.Fatalf("no hint for the warm-up's form on a bare page: %s", out.Marshal())
	}
}

// A formless answer starts the warm-up, which writes nothing, and the form's
// hint after it is the one a worker without a warm-up gives.
func TestWarmUpChangesNothing(t *testing.T) {
	warmed, cold := newBrain(t), newBrain(t)
	st := &MemStore{M: map[string]jsonv.Value{"settings/x": jsonv.Str("y")}}
	formless := `{"type":"snapshot","snap":{"v":1,"url":"` + collectorURL + `","top":true,"lang":"zh-CN","ui":"zh-CN","title":"","heads":[],"fields":[],"texts":[]}}`
	if v := ask(t, warmed, st, fromQQ, formless); v.GetStr("error") != "" {
		t.Fatalf("formless: %s", v.Marshal())
	}
	time.Sleep(50 * time.Millisecond) // the warm-up's goroutine
	if len(st.M) != 1 {
		t.Errorf("the warm-up wrote to the store: %v", st.M)
	}
	form := collector("zh-CN", "zh-CN", "someone@gmail.com", "")
	got, want := ask(t, warmed, st, fromQQ, form).Marshal(), ask(t, cold, &MemStore{M: map[string]jsonv.Value{"settings/x": jsonv.Str("y")}}, fromQQ, form).Marshal()
	if string(got) != string(want) {
		t.Errorf("after the warm-up:\n%s\nwithout:\n%s", got, want)
	}
}
