package ledger

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
)

// stdRead is encoding/csv's reading of data, with default settings.
func stdRead(data []byte) ([][]string, error) {
	return csv.NewReader(bytes.NewReader(data)).ReadAll()
}

func stdWrite(recs [][]string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	_ = w.WriteAll(recs)
	return b.Bytes()
}

// checkCSV holds readCSV and appendCSV to encoding/csv on one input.
func checkCSV(t *testing.T, data []byte) {
	t.Helper()
	got, err := readCSV(data)
	want, stdErr := stdRead(data)
	if (err == nil) != (stdErr == nil) {
		t.Fatalf("%q: ours err=%v, encoding/csv err=%v", data, err, stdErr)
	}
	if err != nil {
		return
	}
	if len(got) != len(want) || !slices.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("%q:\n ours %q\n  std %q", data, got, want)
	}
	// Writing: the same bytes as encoding/csv's Writer with UseCRLF, and
	// encoding/csv reads them back as we do.
	var ours []byte
	for _, rec := range got {
		ours = appendCSV(ours, rec)
	}
	if std := stdWrite(got); !bytes.Equal(ours, std) {
		t.Fatalf("%q: written\n ours %q\n  std %q", data, ours, std)
	}
	back, err := readCSV(ours)
	stdBack, stdErr := stdRead(ours)
	if (err == nil) != (stdErr == nil) || !slices.EqualFunc(back, stdBack, slices.Equal) {
		t.Fatalf("%q: reread ours %q (%v), std %q (%v)", ours, back, err, stdBack, stdErr)
	}
}

var csvSamples = []string{
	"", "\n", "\r\n", "\r", "a", "a\n", "a\r\n", "a\r", "a\r\r", "a,b\nc,d\n", "a,b\nc\n", "a,b\r\nc,d",
	`"a","b"` + "\n", `"a""b",c`, `"a,b",c`, "\"a\nb\",c\n", "\"a\r\nb\",c\r\n", "\"a\rb\",c", `a"b,c`, `"a"b,c`,
	`"abc`, "\"abc\n", "\"a\n\n\nb\"", "a,,\n,,\n", "\n\na,b\n\n\nc,d\n\n", " a , b ", `""`, `"",""`, "x,\"\"\"\"",
	"\"a\"\r", "\"a\"\r\n\r\n", "a\rb,c", "\"a\"\"", "\ufeffid,label", "é,日本,授权码\n", "\xff,\xfe\n", "a,b,\n", "\"\n\"",
	"\"a\"\n\"b\"", "a\n\r\nb", "\"a\n\r\", c", "=1+2,@SUM(A1)", `\.`, "\"\\.\"", "a\n\n",
}

func TestCSVAgainstStd(t *testing.T) {
	for _, s := range csvSamples {
		checkCSV(t, []byte(s))
	}
	// Writing fields encoding/csv treats specially.
	for _, f := range []string{"", " lead", "\u00a0nbsp", "\u3000ideographic", "trail ", `\.`, `\..`, "a\rb", "a\nb",
		"a\r\nb", `"`, ",", "é", "\xff", "\t"} {
		rec := []string{f, "x"}
		if ours, std := appendCSV(nil, rec), stdWrite([][]string{rec}); !bytes.Equal(ours, std) {
			t.Errorf("%q: ours %q, std %q", f, ours, std)
		}
	}
}

func TestCSVErrors(t *testing.T) {
	for in, want := range map[string]string{
		`a"b`:       "bare_quote",
		`"a"b`:      "quote",
		`"abc`:      "eof_in_quote",
		"a,b\nc":    "field_count",
		"a\n\"b\nc": "eof_in_quote",
	} {
		_, err := readCSV([]byte(in))
		if ce, ok := err.(*csvError); !ok || ce.reason != want {
			t.Errorf("%q: %v, want %s", in, err, want)
		}
	}
	_, err := readCSV([]byte("h\n\n\"x\ny\n\"z\"q\n"))
	if ce := err.(*csvError); ce.line != 3 || ce.record != 2 || !ce.last {
		t.Errorf("position %+v", ce)
	}
}

func TestFormulaCells(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "\rx": "'\rx",
		"'=x": "''=x", "''-x": "'''-x", "'x": "'x", "x=1": "x=1", "": "", "'": "'", "=": "'=", "＝1": "＝1",
	} {
		if got := escapeCell(in); got != want {
			t.Errorf("escapeCell(%q) = %q, want %q", in, got, want)
		}
		if back := unescapeCell(escapeCell(in)); back != in {
			t.Errorf("unescapeCell(escapeCell(%q)) = %q", in, back)
		}
	}
	// A single quote a person typed before a formula is taken off: it is
	// the spreadsheet's own "this is text".
	if got := unescapeCell("'=HYPERLINK(1)"); got != "=HYPERLINK(1)" {
		t.Error(got)
	}
}

func FuzzCSVAgainstStd(f *testing.F) {
	for _, s := range csvSamples {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkCSV(t, data)
		// Any record written, whatever it holds, reads back the same
		// (encoding/csv drops CR inside quoted fields; so do we).
		rec := strings.Split(string(data), "|")
		out, err := readCSV(appendCSV(nil, rec))
		for i := range rec {
			rec[i] = strings.ReplaceAll(rec[i], "\r", "")
		}
		if len(rec) == 1 && rec[0] == "" {
			return // an empty record is an empty line, which readers skip
		}
		if err != nil || len(out) != 1 || !slices.Equal(out[0], rec) {
			t.Fatalf("%q: read back %q %v", rec, out, err)
		}
	})
}
