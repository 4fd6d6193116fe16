// Command mailkey builds, demonstrates and measures the extension; run
// `mailkey help` for its commands and flags.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// command is one of mailkey's commands: define adds its flags to fs and
// returns what runs it once they are parsed.
type command struct {
	name, summary string
	define        func(fs *flag.FlagSet) func() error
}

var commands = []command{
	{"build", "compile the wasm, refresh manifest.json's content-script matches, write the store zips to dist/",
		defineBuild},
	{"demo", "build, then show the hint on local copies of mail pages: a Chromium window with a display, screenshots without",
		defineDemo},
	{"bench", "build, then measure Mailkey beside its floor (the same round trip without Go) and print the table",
		defineBench},
	{"kb", "list the knowledge base's facts due for checking again: checked too long ago, or announcing a change whose day has come",
		defineKB},
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the command line: 0 done, 1 the command failed, 2 a usage error.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		if len(args) > 1 {
			fmt.Fprintf(stderr, "mailkey: help takes no arguments (got %q)\n", args[1:])
			return 2
		}
		usage(stdout)
		return 0
	}
	for _, c := range commands {
		if c.name != args[0] {
			continue
		}
		fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
		fs.SetOutput(stderr)
		runCommand := c.define(fs)
		fs.Usage = func() { describe(fs.Output(), c, fs) }
		if err := fs.Parse(args[1:]); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			return 2
		}
		if fs.NArg() > 0 {
			fmt.Fprintf(stderr, "mailkey %s: unexpected argument %q (flags only; see mailkey help)\n", c.name, fs.Arg(0))
			return 2
		}
		if err := runCommand(); err != nil {
			fmt.Fprintln(stderr, "mailkey:", err)
			return 1
		}
		return 0
	}
	fmt.Fprintf(stderr, "mailkey: unknown command %q (commands: build, demo, bench, kb; see mailkey help)\n", args[0])
	return 2
}

// usage describes every command and its flags.
func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: mailkey COMMAND [FLAGS]   (run from the repository root)")
	fmt.Fprintln(w)
	for _, c := range commands {
		fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
		c.define(fs)
		describe(w, c, fs)
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "mailkey help, mailkey -h: this text. Exit status: 0 done, 1 the command failed, 2 a usage error.")
}

func describe(w io.Writer, c command, fs *flag.FlagSet) {
	fmt.Fprintf(w, "mailkey %s\n    %s\n", c.name, c.summary)
	fs.SetOutput(w)
	fs.PrintDefaults()
}
