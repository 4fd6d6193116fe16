package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	knowledge "mailkey/wasm/kb"
)

// errFactsDue is returned by "kb -check" when a fact is due for checking.
var errFactsDue = errors.New("facts are due for checking")

// defineKB is the kb command: its flags are runKB's, which parses them
// itself (its tests call it with arguments).
func defineKB(fs *flag.FlagSet) func() error {
	check, maxAge, today := kbFlags(fs)
	return func() error {
		k, err := knowledge.Load()
		if err != nil {
			return err
		}
		return listDue(os.Stdout, k, *check, *maxAge, *today)
	}
}

// runKB lists the knowledge base's facts that are due for checking again:
// checked more than -max-age days ago, or announcing a change whose day has
// come. With -check it fails when there is any, for CI.
func runKB(w io.Writer, k *knowledge.KB, args []string) error {
	fs := flag.NewFlagSet("kb", flag.ContinueOnError)
	fs.SetOutput(w)
	check, maxAge, todayFlag := kbFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	return listDue(w, k, *check, *maxAge, *todayFlag)
}

func listDue(w io.Writer, k *knowledge.KB, check bool, maxAge int, todayFlag string) error {
	today := time.Now().UTC()
	if todayFlag != "" {
		t, err := time.Parse("2006-01-02", todayFlag)
		if err != nil {
			return fmt.Errorf("-today: %w", err)
		}
		today = t
	}
	due := k.DueFacts(today, maxAge)
	for _, d := range due {
		switch d.Reason {
		case knowledge.DueStale:
			fmt.Fprintf(w, "%s %s: last checked %s, more than %d days ago\n", d.Provider, d.What, d.Date, maxAge)
		case knowledge.DueAnnounced:
			fmt.Fprintf(w, "%s %s: the change announced for %s should have happened; check it and record what did\n", d.Provider, d.What, d.Date)
		}
	}
	fmt.Fprintln(w, strconv.Itoa(len(due))+" facts due as of "+today.Format("2006-01-02"))
	if check && len(due) > 0 {
		return errFactsDue
	}
	return nil
}

// kbFlags defines the kb command's flags.
func kbFlags(fs *flag.FlagSet) (check *bool, maxAge *int, today *string) {
	check = fs.Bool("check", false, "exit non-zero when any fact is due")
	maxAge = fs.Int("max-age", knowledge.MaxFactAge, "days a fact may go unchecked")
	today = fs.String("today", "", "check as of this day (YYYY-MM-DD) instead of today")
	return
}
