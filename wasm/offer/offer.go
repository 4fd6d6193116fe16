// Package offer decides, after a person clicks a provider's "create app
// password" button, whether the hint offers to log the new password now,
// waits, or offers nothing, and which field holds the name the person gave
// it. The sensor reports what changed on screen since the click, as facts
// that carry no secret; every rule lives here, tested natively.
package offer

import "time"

// How long a click is given before it is judged, and how long a password
// may take to show where the provider checks something first (an SMS).
const (
	StepWait  = 700 * time.Millisecond
	ShownWait = 10 * time.Second
	Recheck   = 500 * time.Millisecond
)

// Candidate is a field the person may have named the password in: a text
// field or a list, within the button's form or dialog.
type Candidate struct {
	Index  int  // the sensor's index of the field
	List   bool // a list (<select>) rather than a text field
	Named  bool // the classifier found the list labelled as a name
	Before bool // placed before the button
	Typed  bool // the text field the person typed in last
	Empty  bool // nothing typed or picked (a placeholder entry counts as empty)
}

// Facts is what the sensor saw between the click and now.
type Facts struct {
	Elapsed    time.Duration
	Candidates []Candidate
	// A new editable field came on screen, or a new create button: the
	// click only opened the next step.
	NewField, NewTrigger bool
	// New buttons came on screen at some point since the click (a choice, a
	// "please wait" dialog).
	NewButtons bool
	// The password showed: a new read-only field, or a text in the shape of
	// a generated password (neither read nor sent).
	Shown     bool
	Dismissed bool // the person closed the offer on this page
}

// Action is the decision.
type Action string

// The decisions.
const (
	Offer Action = "offer"
	Wait  Action = "wait"
	None  Action = "none"
)

// Decision is what the sensor does next.
type Decision struct {
	Action Action
	Name   int           // the candidate index holding the name, or -1
	After  time.Duration // when to report again, for Wait
}

// NameField picks where the person named the password: the text field typed
// in last, else the last text field before the button, else the last text
// field; without text fields, the last list labelled as a name before the
// button (Fastmail's "Thunderbird", "Outlook", ...). -1 for none.
func NameField(cs []Candidate) int {
	last, lastBefore, typed, list := -1, -1, -1, -1
	for _, c := range cs {
		switch {
		case c.List:
			if c.Named && c.Before {
				list = c.Index
			}
		case c.Typed:
			typed = c.Index
			fallthrough
		default:
			last = c.Index
			if c.Before {
				lastBefore = c.Index
			}
		}
	}
	switch {
	case typed >= 0:
		return typed
	case lastBefore >= 0:
		return lastBefore
	case last >= 0:
		return last
	}
	return list
}

// Decide judges a create click from the facts so far.
func Decide(f Facts) Decision {
	name := NameField(f.Candidates)
	none := Decision{Action: None, Name: -1}
	if name >= 0 {
		for _, c := range f.Candidates {
			if c.Index == name && c.Empty {
				return none // the provider will ask for the name first
			}
		}
	}
	switch {
	case f.Elapsed < StepWait:
		return Decision{Action: Wait, Name: name, After: StepWait - f.Elapsed}
	case f.NewField || f.NewTrigger || f.Dismissed:
		return none
	}
	// A click that named nothing and brought new buttons opened a choice or
	// started a check: wait until the password shows.
	if name < 0 && f.NewButtons && !f.Shown {
		if f.Elapsed < ShownWait {
			return Decision{Action: Wait, Name: name, After: Recheck}
		}
		return none
	}
	return Decision{Action: Offer, Name: name}
}
