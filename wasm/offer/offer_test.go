package offer

import (
	"testing"
	"time"
)

// step is one report of a recorded flow and the decision it must get.
type step struct {
	f    Facts
	want Action
	name int
}

func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }

func TestFlows(t *testing.T) {
	named := []Candidate{{Index: 4, Before: true, Typed: true}}
	flows := map[string][]step{
		// Google: a name typed, Create, the password shows in a dialog.
		"google": {
			{Facts{Elapsed: 0, Candidates: named}, Wait, 4},
			{Facts{Elapsed: ms(700), Candidates: named, NewButtons: true, Shown: true}, Offer, 4},
		},
		// Microsoft/Zoho: "Create" opens a form with a name field: only the
		// form opened; the form's own button is judged on its own click.
		"open form": {
			{Facts{Elapsed: ms(700), NewField: true}, None, -1},
		},
		// Fastmail: the name picked from a list, no text field.
		"preset list": {
			{Facts{Elapsed: ms(700), Candidates: []Candidate{{Index: 2, List: true, Named: true, Before: true}}}, Offer, 2},
		},
		// A language list before the button is not a name.
		"language list": {
			{Facts{Elapsed: ms(700), Candidates: []Candidate{{Index: 2, List: true, Before: true}}}, Offer, -1},
		},
		// QQ: 生成授权码 names nothing and opens an SMS check; the code
		// shows after the person confirms.
		"sms check": {
			{Facts{Elapsed: ms(700), NewButtons: true}, Wait, -1},
			{Facts{Elapsed: ms(1200), NewButtons: true}, Wait, -1},
			{Facts{Elapsed: ms(2700), NewButtons: true, Shown: true}, Offer, -1},
		},
		// Yandex: a type of app is chosen, then a name field comes.
		"choice then name": {
			{Facts{Elapsed: ms(700), NewButtons: true}, Wait, -1},
			{Facts{Elapsed: ms(1200), NewButtons: true, NewField: true}, None, -1},
		},
		// The person cancelled: nothing ever shows.
		"cancelled": {
			{Facts{Elapsed: ms(700), NewButtons: true}, Wait, -1},
			{Facts{Elapsed: ShownWait, NewButtons: true}, None, -1},
		},
		// A name field left empty: the provider asks for the name first.
		"empty name": {
			{Facts{Elapsed: 0, Candidates: []Candidate{{Index: 1, Before: true, Empty: true}}}, None, -1},
		},
		// The offer was closed on this page before.
		"dismissed": {
			{Facts{Elapsed: ms(800), Candidates: named, Dismissed: true}, None, -1},
		},
	}
	for name, steps := range flows {
		for i, s := range steps {
			d := Decide(s.f)
			if d.Action != s.want || (d.Action != None && d.Name != s.name) {
				t.Errorf("%s step %d: got %+v, want %s name %d", name, i, d, s.want, s.name)
			}
			if d.Action == Wait && d.After <= 0 {
				t.Errorf("%s step %d: wait without a time", name, i)
			}
		}
	}
}

func TestNameField(t *testing.T) {
	cases := []struct {
		cs   []Candidate
		want int
	}{
		{nil, -1},
		{[]Candidate{{Index: 1, Before: true}, {Index: 2, Before: true}, {Index: 3}}, 2},
		{[]Candidate{{Index: 1, Before: true}, {Index: 3, Typed: true}}, 3},
		{[]Candidate{{Index: 3}}, 3},
		{[]Candidate{{Index: 5, List: true, Named: true, Before: true}, {Index: 6}}, 6},
		{[]Candidate{{Index: 5, List: true, Named: true}}, -1},
	}
	for i, c := range cases {
		if got := NameField(c.cs); got != c.want {
			t.Errorf("case %d: got %d, want %d", i, got, c.want)
		}
	}
}
