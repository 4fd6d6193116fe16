package brain

import (
	"time"

	"mailkey/wasm/snapshot"
)

// warmUp readies a worker that has just answered a page without a form
// (most often the snapshot that woke it at page load) for the form that may
// follow: it parses the answer's language and runs the hint's path once,
// on a copy of the page with a collector form added, into a throwaway
// store. V8 compiles a wasm function when it is first called, so without
// this the form's answer, a second later, would pay for compiling the
// classifier, the hint and its JSON (a fresh worker's second answer cost
// about four times a warm one). It waits a moment first so that the
// browser delivers the answer before the work starts.
func (b *Brain) warmUp(page *snapshot.Snapshot, locale string) {
	time.Sleep(time.Millisecond)
	if b.Catalog == nil || b.KB == nil {
		return
	}
	b.Catalog.Preload(locale)
	if s := b.warmUpPage(page); s != nil {
		if v, err := b.answer(s, nil, &MemStore{}); err == nil {
			v.Marshal()
		}
	}
}

// warmUpPage is page with a collector form added: an address of a provider
// whose mail programs need a password made for them, its POP server, and a
// password field. The server field makes it a collector form whatever the
// page's own words (a bare page, or one whose form comes later).
func (b *Brain) warmUpPage(page *snapshot.Snapshot) *snapshot.Snapshot {
	p := b.warmUpProvider()
	if p == "" {
		return nil
	}
	s := *page
	s.Fields = []snapshot.Field{
		{Index: 0, Tag: "input", Type: "email", Name: "email", Value: "someone@" + p, Visible: true},
		{Index: 1, Tag: "input", Type: "text", Name: "server", Label: "POP3 server", Value: "pop." + p, Visible: true},
		{Index: 2, Tag: "input", Type: "password", Name: "password", Visible: true},
	}
	// A text beside the form, as collector forms have: each text runs
	// the refusal decoder, the classifier's largest part.
	s.Texts = append(s.Texts[:len(s.Texts):len(s.Texts)], snapshot.Text{Index: 3, Text: "POP3 server pop." + p + ", port 995, SSL"})
	s.Buttons, s.Quiet = nil, false
	return &s
}

// warmUpProvider is an address domain of the first provider whose mail
// programs need a password made for them: the hint's fullest path.
func (b *Brain) warmUpProvider() string {
	for _, p := range b.KB.Providers {
		if p.MakesPassword() && len(p.Domains) > 0 {
			return p.Domains[0]
		}
	}
	return ""
}
