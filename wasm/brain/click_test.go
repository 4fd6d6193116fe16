package brain

import (
	"strings"
	"testing"
)

// A click report is judged by wasm/offer; the brain reads it within bounds,
// answers only this extension's content scripts, and writes nothing.
func TestClickReport(t *testing.T) {
	b := newBrain(t)
	st := &MemStore{}
	cases := []struct {
		msg, want string
	}{
		{`{"type":"click","elapsed":2,"candidates":[{"i":3,"before":true,"typed":true}]}`, `"action":"wait","name":3,"after":698`},
		{`{"type":"click","elapsed":800,"candidates":[{"i":3,"before":true,"typed":true}],"newButtons":true,"shown":true}`, `"action":"offer","name":3`},
		{`{"type":"click","elapsed":800,"newField":true}`, `"action":"none"`},
		{`{"type":"click","elapsed":-5,"candidates":[{"i":99999,"list":true}]}`, `"action":"wait","name":-1`},
	}
	for _, c := range cases {
		got := string(b.Handle([]byte(c.msg), fromQQ, st))
		if !strings.Contains(got, c.want) {
			t.Errorf("%s: got %s, want %s", c.msg, got, c.want)
		}
	}
	if got := string(b.Handle([]byte(`{"type":"click","elapsed":800}`), Sender{ExtensionID: "x", URL: collectorURL, TabID: 1}, st)); !strings.Contains(got, `"ok":false`) {
		t.Errorf("another extension's click report answered: %s", got)
	}
	if len(st.M) != 0 {
		t.Errorf("a click report wrote %v", st.M)
	}
}
