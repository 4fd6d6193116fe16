package main

import (
	"bytes"
	"strings"
	"testing"
)

func runArgs(args ...string) (code int, stdout, stderr string) {
	var out, errw bytes.Buffer
	code = run(args, &out, &errw)
	return code, out.String(), errw.String()
}

func TestHelpDescribesEveryCommandAndFlag(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}} {
		code, out, errText := runArgs(args...)
		if code != 0 || errText != "" {
			t.Fatalf("%q: exit %d, stderr %q", args, code, errText)
		}
		for _, want := range []string{"mailkey build", "mailkey demo", "mailkey bench",
			"-sizes", "-out", "-headless", "-docs", "-runs", "-memruns", "-popupruns", "-syncruns", "-check"} {
			if !strings.Contains(out, want) {
				t.Errorf("%q: help does not mention %s:\n%s", args, want, out)
			}
		}
	}
}

func TestCommandHelpExitsZero(t *testing.T) {
	code, _, errText := runArgs("bench", "-h")
	if code != 0 || !strings.Contains(errText, "-check") {
		t.Fatalf("bench -h: exit %d, %q", code, errText)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "Usage: mailkey"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"build", "extra"}, `unexpected argument "extra"`},
		{[]string{"bench", "-runs", "3", "now"}, `unexpected argument "now"`},
		{[]string{"demo", "-nosuchflag"}, "flag provided but not defined"},
		{[]string{"help", "build"}, "help takes no arguments"},
	} {
		code, out, errText := runArgs(tc.args...)
		if code != 2 || out != "" || !strings.Contains(errText, tc.want) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want exit 2 and %q", tc.args, code, out, errText, tc.want)
		}
	}
}
