package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// A run as `go test -json` prints it: one pass, one failing test with a
// subtest, a skip, and go test's closing lines.
const run = `{"Action":"start","Package":"mailkey/e2e"}
{"Action":"run","Package":"mailkey/e2e","Test":"TestA"}
{"Action":"output","Package":"mailkey/e2e","Test":"TestA","Output":"=== RUN   TestA\n"}
{"Action":"output","Package":"mailkey/e2e","Test":"TestA","Output":"--- PASS: TestA (1.00s)\n"}
{"Action":"pass","Package":"mailkey/e2e","Test":"TestA","Elapsed":1}
{"Action":"run","Package":"mailkey/e2e","Test":"TestB"}
{"Action":"run","Package":"mailkey/e2e","Test":"TestB/sub"}
{"Action":"output","Package":"mailkey/e2e","Test":"TestB/sub","Output":"    b_test.go:9: the hint covers the field\n"}
{"Action":"fail","Package":"mailkey/e2e","Test":"TestB/sub","Elapsed":0.5}
{"Action":"output","Package":"mailkey/e2e","Test":"TestB","Output":"--- FAIL: TestB (0.50s)\n"}
{"Action":"fail","Package":"mailkey/e2e","Test":"TestB","Elapsed":0.5}
{"Action":"skip","Package":"mailkey/e2e","Test":"TestC","Elapsed":0}
{"Action":"output","Package":"mailkey/e2e","Output":"FAIL\n"}
{"Action":"output","Package":"mailkey/e2e","Output":"FAIL\tmailkey/e2e\t1.600s\n"}
{"Action":"fail","Package":"mailkey/e2e","Elapsed":1.6}
`

func TestFilter(t *testing.T) {
	var out bytes.Buffer
	if filter(strings.NewReader(run), &out, 3, false) {
		t.Error("a failed run reported as passed")
	}
	got := out.String()
	for _, want := range []string{"1/3 tests done, 0 failed", "2/3 tests done, 1 failed", "3/3 tests done, 1 failed",
		"the hint covers the field", "--- FAIL: TestB", "FAIL\tmailkey/e2e\t1.600s\n"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "=== RUN   TestA") {
		t.Errorf("a passing test's output was printed:\n%s", got)
	}
}

func TestFilterPass(t *testing.T) {
	pass := `{"Action":"pass","Package":"p","Test":"TestA","Elapsed":1}
{"Action":"output","Package":"p","Output":"ok  \tp\t1.0s\n"}
{"Action":"pass","Package":"p","Elapsed":1}
`
	var out bytes.Buffer
	if !filter(strings.NewReader(pass), &out, 1, true) {
		t.Error("a passing run reported as failed")
	}
	if !strings.Contains(out.String(), "\r\033[K  1/1 tests done") || !strings.HasSuffix(out.String(), "\nok  \tp\t1.0s\n") {
		t.Errorf("terminal output: %q", out.String())
	}
}

func TestCountTests(t *testing.T) {
	dir := t.TempDir()
	src := `package x
import "testing"
func TestMain(m *testing.M) {}
func TestOne(t *testing.T) {}
func Testlower(t *testing.T) {}
func TestTwo(t *testing.T) {}
func helperTest(t *testing.T) {}
func BenchmarkX(b *testing.B) {}
`
	if err := os.WriteFile(filepath.Join(dir, "x_test.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	for pattern, want := range map[string]int{"": 2, "TestTwo": 1, "One|Two/sub": 2, "Nothing": 0} {
		n, err := countTests(dir, regexp.MustCompile(strings.SplitN(pattern, "/", 2)[0]))
		if err != nil || n != want {
			t.Errorf("countTests with -run %q = %d, %v; want %d", pattern, n, err, want)
		}
	}
}
