package main

import (
	"errors"
	"strings"
	"testing"

	knowledge "mailkey/wasm/kb"
)

func runKBText(t *testing.T, k *knowledge.KB, args ...string) (string, error) {
	t.Helper()
	var out strings.Builder
	err := runKB(&out, k, args)
	return out.String(), err
}

// The knowledge base as shipped has nothing due on the day it was checked;
// "kb -check" fails once a fact grows old or an announced day passes.
func TestKBCommandListsDueFacts(t *testing.T) {
	k, err := knowledge.Load()
	if err != nil {
		t.Fatal(err)
	}
	out, err := runKBText(t, k, "-check", "-today", "2026-12-03")
	if err != nil || !strings.Contains(out, "0 facts due") {
		t.Fatalf("on 2026-12-03: err %v, output:\n%s", err, out)
	}

	p := &knowledge.Provider{ID: "x", Checked: "2026-01-01", Domains: []string{"x.example"},
		MethodFact: knowledge.Fact{Checked: "2026-11-30"},
		Notes: []knowledge.Note{
			{Msg: "kb_x_old"},
			{Msg: "kb_x_soon", Fact: knowledge.Fact{Checked: "2026-11-30", Announced: "2026-12-31"}},
		}}
	small, err := knowledge.New([]*knowledge.Provider{p})
	if err != nil {
		t.Fatal(err)
	}
	out, err = runKBText(t, small, "-check", "-today", "2026-12-03")
	if !errors.Is(err, errFactsDue) {
		t.Fatalf("a fact checked on 2026-01-01 is not reported due on 2026-12-03: err %v\n%s", err, out)
	}
	for _, want := range []string{"x notes[0]: last checked 2026-01-01", "x hosts: last checked 2026-01-01"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "notes[1]") || strings.Contains(out, "x method") {
		t.Errorf("facts checked on 2026-11-30 are reported due on 2026-12-03:\n%s", out)
	}
	out, _ = runKBText(t, small, "-today", "2027-01-01")
	if !strings.Contains(out, "x notes[1]: the change announced for 2026-12-31 should have happened") {
		t.Errorf("the passed announced day is not reported:\n%s", out)
	}
	// Without -check it only lists.
	if _, err := runKBText(t, small, "-today", "2027-01-01"); err != nil {
		t.Errorf("without -check: %v", err)
	}
	if _, err := runKBText(t, small, "-today", "3 Dec"); err == nil {
		t.Error("a malformed -today was accepted")
	}
}
