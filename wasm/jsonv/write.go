package jsonv

import "unicode/utf8"

// Marshal returns the compact JSON text of v.
func (v Value) Marshal() []byte { return v.AppendJSON(nil) }

// String returns the compact JSON text of v.
func (v Value) String() string { return string(v.AppendJSON(nil)) }

// AppendJSON appends the compact JSON text of v to buf.
func (v Value) AppendJSON(buf []byte) []byte {
	switch v.kind {
	case Bool:
		if v.b {
			return append(buf, "true"...)
		}
		return append(buf, "false"...)
	case Number:
		return append(buf, v.s...)
	case String:
		return AppendString(buf, v.s)
	case Array:
		buf = append(buf, '[')
		for i, item := range v.arr {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = item.AppendJSON(buf)
		}
		return append(buf, ']')
	case Object:
		buf = append(buf, '{')
		for i, m := range v.obj {
			if i > 0 {
				buf = append(buf, ',')
			}
			buf = AppendString(buf, m.Key)
			buf = append(buf, ':')
			buf = m.Value.AppendJSON(buf)
		}
		return append(buf, '}')
	default:
		return append(buf, "null"...)
	}
}

const hexDigits = "0123456789abcdef"

// AppendString appends s as a JSON string. Like encoding/json it escapes
// <, > and & and the line separators U+2028/U+2029, so the text is safe to
// embed anywhere, and replaces invalid UTF-8 with U+FFFD.
func AppendString(buf []byte, s string) []byte {
	buf = append(buf, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				buf = append(buf, '\\', c)
			case c == '\n':
				buf = append(buf, '\\', 'n')
			case c == '\r':
				buf = append(buf, '\\', 'r')
			case c == '\t':
				buf = append(buf, '\\', 't')
			case c < 0x20 || c == '<' || c == '>' || c == '&':
				buf = append(buf, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				buf = append(buf, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			buf = append(buf, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			buf = append(buf, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			buf = append(buf, s[i:i+size]...)
		}
		i += size
	}
	return append(buf, '"')
}
