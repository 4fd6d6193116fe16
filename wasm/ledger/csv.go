package ledger

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A small RFC 4180 reader and writer. encoding/csv would pull fmt into the
// browser binary; these behave exactly as encoding/csv's Reader with default
// settings and Writer with UseCRLF, which the differential tests and
// FuzzCSVAgainstStd hold them to.

// csvError is a CSV syntax error; line is the 1-based line where the record
// starts.
type csvError struct {
	line   int    // the line where the record starts, from 1
	record int    // the record's number, from 1
	last   bool   // the record is the last in the input
	reason string // "bare_quote", "quote", "eof_in_quote", "field_count"
}

func (e *csvError) Error() string { return "csv: " + e.reason }

type csvReader struct {
	data []byte
	pos  int
	line int // lines read so far
}

// readLine returns the next line without its line break, whether it had one,
// and false at the end of the input. Like encoding/csv, "\r\n" counts as
// "\n", and a "\r" right before the end of input is dropped.
func (r *csvReader) readLine() (text []byte, nl, ok bool) {
	if r.pos >= len(r.data) {
		return nil, false, false
	}
	rest := r.data[r.pos:]
	r.line++
	i := bytes.IndexByte(rest, '\n')
	if i < 0 {
		r.pos = len(r.data)
		if rest[len(rest)-1] == '\r' {
			rest = rest[:len(rest)-1]
		}
		return rest, false, true
	}
	r.pos += i + 1
	text = rest[:i]
	if len(text) > 0 && text[len(text)-1] == '\r' {
		text = text[:len(text)-1]
	}
	return text, true, true
}

// readCSV reads all records. Empty lines are skipped; every record must have
// as many fields as the first.
func readCSV(data []byte) ([][]string, error) {
	r := csvReader{data: data}
	var out [][]string
	var buf []byte
	var ends []int
	for {
		var text []byte
		var nl, ok bool
		for {
			if text, nl, ok = r.readLine(); !ok || len(text) > 0 {
				break
			}
		}
		if !ok {
			return out, nil
		}
		start := r.line
		fail := func(reason string) error {
			return &csvError{line: start, record: len(out) + 1, last: r.pos >= len(r.data), reason: reason}
		}
		buf, ends = buf[:0], ends[:0]
	fields:
		for {
			if len(text) == 0 || text[0] != '"' {
				i := bytes.IndexByte(text, ',')
				field := text
				if i >= 0 {
					field = text[:i]
				}
				if bytes.IndexByte(field, '"') >= 0 {
					return nil, fail("bare_quote")
				}
				buf = append(buf, field...)
				ends = append(ends, len(buf))
				if i < 0 {
					break fields
				}
				text = text[i+1:]
				continue
			}
			text = text[1:]
			for {
				i := bytes.IndexByte(text, '"')
				switch {
				case i >= 0:
					buf = append(buf, text[:i]...)
					text = text[i+1:]
					switch {
					case len(text) > 0 && text[0] == '"':
						buf = append(buf, '"')
						text = text[1:]
					case len(text) > 0 && text[0] == ',':
						text = text[1:]
						ends = append(ends, len(buf))
						continue fields
					case len(text) == 0:
						ends = append(ends, len(buf))
						break fields
					default:
						return nil, fail("quote")
					}
				case len(text) > 0 || nl:
					buf = append(buf, text...)
					if nl {
						buf = append(buf, '\n')
					}
					if text, nl, ok = r.readLine(); !ok {
						text, nl = nil, false
					}
				default:
					return nil, fail("eof_in_quote")
				}
			}
		}
		s := string(buf)
		rec := make([]string, len(ends))
		prev := 0
		for i, end := range ends {
			rec[i] = s[prev:end]
			prev = end
		}
		if len(out) > 0 && len(rec) != len(out[0]) {
			return nil, fail("field_count")
		}
		out = append(out, rec)
	}
}

// appendCSV appends one record, quoted where needed, ending in CRLF. Inside
// a quoted field "\n" is written as CRLF and "\r" is dropped, as
// encoding/csv's Writer does with UseCRLF.
func appendCSV(buf []byte, rec []string) []byte {
	for n, field := range rec {
		if n > 0 {
			buf = append(buf, ',')
		}
		if !csvNeedsQuotes(field) {
			buf = append(buf, field...)
			continue
		}
		buf = append(buf, '"')
		for i := 0; i < len(field); i++ {
			switch c := field[i]; c {
			case '"':
				buf = append(buf, '"', '"')
			case '\r':
			case '\n':
				buf = append(buf, '\r', '\n')
			default:
				buf = append(buf, c)
			}
		}
		buf = append(buf, '"')
	}
	return append(buf, '\r', '\n')
}

func csvNeedsQuotes(field string) bool {
	if field == "" {
		return false
	}
	if field == `\.` || strings.ContainsAny(field, "\"\r\n,") {
		return true
	}
	r, _ := utf8.DecodeRuneInString(field)
	return unicode.IsSpace(r)
}

// A spreadsheet runs a cell that starts with one of these as a formula
// ("=HYPERLINK(...)"). The export puts a single quote before such a cell,
// which spreadsheets show as text; the import takes exactly that quote off.
// To keep the two exact inverses, a cell that already starts with quotes
// followed by a trigger also gets one more.
func isFormulaStart(c byte) bool {
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'
}

func formulaRisk(s string) bool {
	rest := strings.TrimLeft(s, "'")
	return rest != "" && isFormulaStart(rest[0])
}

// escapeCell guards a cell against formula injection.
func escapeCell(s string) string {
	if formulaRisk(s) {
		return "'" + s
	}
	return s
}

// unescapeCell undoes escapeCell.
func unescapeCell(s string) string {
	if strings.HasPrefix(s, "'") && formulaRisk(s) {
		return s[1:]
	}
	return s
}
