// Command testprogress reads `go test -json` on its input and shows one line
// of progress (top-level tests done / total) instead of go test's silence,
// while keeping what CI reads: every failed test's output and go test's own
// closing lines (ok / FAIL / PASS), printed as go test prints them.
//
//	go test -json -count=1 ./e2e | go run ./cmd/testprogress -dir e2e
//	go test -json -run 'TestA|TestB' ./e2e | go run ./cmd/testprogress -dir e2e -run 'TestA|TestB'
//
// The total is the number of Test functions in -dir's _test.go files (those
// -run selects, when given as to go test). It exits 1 when a test or the
// package failed.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action  string
	Package string
	Test    string
	Elapsed float64
	Output  string
}

func main() {
	dir := flag.String("dir", "", "the package directory whose Test functions are the total")
	run := flag.String("run", "", "go test's -run pattern: only the tests it selects count")
	flag.Parse()
	total := 0
	if *dir != "" {
		// go test matches -run's first part (before a "/") against the
		// top-level test names.
		selected, err := regexp.Compile(strings.SplitN(*run, "/", 2)[0])
		if err != nil {
			fmt.Fprintln(os.Stderr, "testprogress: -run:", err)
			os.Exit(2)
		}
		n, err := countTests(*dir, selected)
		if err != nil {
			fmt.Fprintln(os.Stderr, "testprogress:", err)
			os.Exit(2)
		}
		total = n
	}
	fi, _ := os.Stdout.Stat()
	terminal := fi != nil && fi.Mode()&os.ModeCharDevice != 0
	if !filter(os.Stdin, os.Stdout, total, terminal) {
		os.Exit(1)
	}
}

// countTests counts the top-level tests go test runs in dir: functions named
// Test... taking one *testing.T.
func countTests(dir string, selected *regexp.Regexp) (int, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*_test.go"))
	if err != nil {
		return 0, err
	}
	n := 0
	fset := token.NewFileSet()
	for _, f := range files {
		file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			return 0, err
		}
		for _, d := range file.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && isTest(fn) && selected.MatchString(fn.Name.Name) {
				n++
			}
		}
	}
	return n, nil
}

func isTest(fn *ast.FuncDecl) bool {
	name := fn.Name.Name
	if fn.Recv != nil || !strings.HasPrefix(name, "Test") || name == "TestMain" {
		return false
	}
	if rest := name[len("Test"):]; rest != "" && rest[0] >= 'a' && rest[0] <= 'z' {
		return false
	}
	params := fn.Type.Params.List
	if len(params) != 1 || len(params[0].Names) > 1 {
		return false
	}
	star, ok := params[0].Type.(*ast.StarExpr)
	if !ok {
		return false
	}
	sel, ok := star.X.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "T"
}

// filter copies in to out as described above; it reports whether all passed.
func filter(in io.Reader, out io.Writer, total int, terminal bool) bool {
	start := time.Now()
	logs := map[string][]string{} // output of tests still running, by top-level test
	done, failed := 0, 0
	ok := true
	progressShown := false
	endProgress := func() {
		if terminal && progressShown {
			fmt.Fprintln(out)
			progressShown = false
		}
	}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Text()
		var e event
		if !strings.HasPrefix(line, "{") || json.Unmarshal([]byte(line), &e) != nil {
			endProgress()
			fmt.Fprintln(out, line)
			continue
		}
		top, _, _ := strings.Cut(e.Test, "/")
		switch {
		case e.Action == "build-output" || (e.Test == "" && e.Action == "output"):
			endProgress()
			fmt.Fprint(out, e.Output)
		case e.Test == "":
			ok = ok && e.Action != "fail"
		case e.Action == "output":
			logs[top] = append(logs[top], e.Output)
		case e.Test == top && (e.Action == "pass" || e.Action == "fail" || e.Action == "skip"):
			done++
			if e.Action == "fail" {
				failed++
				ok = false
				endProgress()
				fmt.Fprint(out, strings.Join(logs[top], ""))
			}
			delete(logs, top)
			shown := fmt.Sprintf("%d/%d tests done", done, total)
			if total == 0 {
				shown = fmt.Sprintf("%d tests done", done)
			}
			line := fmt.Sprintf("  %s, %d failed, %s elapsed (last: %s %s, %.1fs)", shown, failed,
				time.Since(start).Round(time.Second), e.Test, e.Action, e.Elapsed)
			if terminal {
				fmt.Fprintf(out, "\r\033[K%s", line)
				progressShown = true
			} else {
				fmt.Fprintln(out, line)
			}
		}
	}
	endProgress()
	return ok
}
