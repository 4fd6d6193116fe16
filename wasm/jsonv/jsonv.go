// Package jsonv parses and writes JSON as a tree of values, without reflection.
//
// The browser binary cannot afford encoding/json: measured in a Go 1.26 wasm
// build it adds 1.2 MB raw and 305 KB gzip, more than the whole size budget
// leaves, and fmt (pulled by the common third-party parsers) costs another
// 650 KB. This package keeps to strconv and unicode/utf8. A differential fuzz
// test holds it to encoding/json's acceptance and values.
package jsonv

import (
	"errors"
	"strconv"
	"strings"
)

// Kind is the JSON type of a Value.
type Kind uint8

// The JSON kinds.
const (
	Null Kind = iota
	Bool
	Number
	String
	Array
	Object
)

// Value is one JSON value. The zero Value is null.
type Value struct {
	kind Kind
	b    bool
	s    string // string contents, or a number's literal
	arr  []Value
	obj  []Member
}

// Member is one key and value of an object, in document order.
type Member struct {
	Key   string
	Value Value
}

// Constructors.

// Str makes a string value.
func Str(s string) Value { return Value{kind: String, s: s} }

// Int makes a number value.
func Int(n int64) Value { return Value{kind: Number, s: strconv.FormatInt(n, 10)} }

// Float makes a number value. NaN and infinities are not JSON; they become null.
func Float(f float64) Value {
	if f != f || f > 1.7976931348623157e308 || f < -1.7976931348623157e308 {
		return Value{}
	}
	return Value{kind: Number, s: strconv.FormatFloat(f, 'g', -1, 64)}
}

// BoolValue makes a boolean value.
func BoolValue(b bool) Value { return Value{kind: Bool, b: b} }

// Arr makes an array value.
func Arr(items ...Value) Value {
	if items == nil {
		items = []Value{}
	}
	return Value{kind: Array, arr: items}
}

// Strings makes an array of strings.
func Strings(ss []string) Value {
	items := make([]Value, len(ss))
	for i, s := range ss {
		items[i] = Str(s)
	}
	return Arr(items...)
}

// Obj makes an object value; members keep their order.
func Obj(members ...Member) Value {
	if members == nil {
		members = []Member{}
	}
	return Value{kind: Object, obj: members}
}

// M makes a member, for Obj(M("a", Str("x")), ...).
func M(key string, v Value) Member { return Member{Key: key, Value: v} }

// Accessors.

// Kind reports the value's JSON type.
func (v Value) Kind() Kind { return v.kind }

// IsNull reports whether v is null.
func (v Value) IsNull() bool { return v.kind == Null }

// Str returns the string and whether v is a string.
func (v Value) Str() (string, bool) { return v.s, v.kind == String }

// Bool returns the boolean and whether v is a boolean.
func (v Value) Bool() (bool, bool) { return v.b, v.kind == Bool }

// Float returns the number and whether v is a number.
func (v Value) Float() (float64, bool) {
	if v.kind != Number {
		return 0, false
	}
	f, err := strconv.ParseFloat(v.s, 64)
	return f, err == nil
}

// Int returns v as an integer, and false when v is not a number or not a
// whole number that fits in an int64 ("30", "30.0" and "3e1" are 30). It
// reads the decimal digits itself: float parsing would cost the service
// worker's binary 60 KB.
func (v Value) Int() (int64, bool) {
	if v.kind != Number {
		return 0, false
	}
	if n, err := strconv.ParseInt(v.s, 10, 64); err == nil {
		return n, true
	}
	return wholeNumber(v.s)
}

// wholeNumber reads a JSON number with a fraction or an exponent as an
// int64 when it is a whole number that fits.
func wholeNumber(s string) (int64, bool) {
	mant, exp, _ := strings.Cut(strings.ToLower(s), "e")
	whole, frac, _ := strings.Cut(mant, ".")
	shift := -len(frac)
	if exp != "" {
		e, err := strconv.Atoi(exp)
		if err != nil || e > 400 || e < -400 {
			return 0, false
		}
		shift += e
	}
	digits := whole + frac
	for ; shift < 0; shift++ { // the digits after the point must be zeros
		if !strings.HasSuffix(digits, "0") {
			return 0, false
		}
		digits = digits[:len(digits)-1]
	}
	if shift > 19 {
		return 0, false
	}
	n, err := strconv.ParseInt(digits+strings.Repeat("0", shift), 10, 64)
	return n, err == nil
}

// Items returns the elements of an array (nil otherwise).
func (v Value) Items() []Value { return v.arr }

// Members returns the members of an object in document order (nil otherwise).
func (v Value) Members() []Member { return v.obj }

// Get returns the value of key in an object. Like encoding/json, the last of
// duplicate keys wins.
func (v Value) Get(key string) (Value, bool) {
	for i := len(v.obj) - 1; i >= 0; i-- {
		if v.obj[i].Key == key {
			return v.obj[i].Value, true
		}
	}
	return Value{}, false
}

// GetStr returns the string at key, or "" when missing or not a string.
func (v Value) GetStr(key string) string {
	x, _ := v.Get(key)
	s, _ := x.Str()
	return s
}

// GetBool returns the boolean at key, or false when missing or not a boolean.
func (v Value) GetBool(key string) bool {
	x, _ := v.Get(key)
	b, _ := x.Bool()
	return b
}

// GetInt returns the integer at key, or 0 when missing or not an integer.
func (v Value) GetInt(key string) int64 {
	x, _ := v.Get(key)
	n, _ := x.Int()
	return n
}

// Errors.

// ErrTooLarge is returned for input over Limits.MaxBytes.
var ErrTooLarge = errors.New("jsonv: input too large")

// ErrTooDeep is returned for nesting over Limits.MaxDepth.
var ErrTooDeep = errors.New("jsonv: nesting too deep")

// SyntaxError is malformed JSON at a byte offset.
type SyntaxError struct {
	Offset int
	msg    string
}

func (e *SyntaxError) Error() string {
	return "jsonv: " + e.msg + " at offset " + strconv.Itoa(e.Offset)
}
