package jsonv

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// toAny converts a Value to the shape encoding/json decodes into an any.
func toAny(t *testing.T, v Value) any {
	switch v.Kind() {
	case Null:
		return nil
	case Bool:
		b, _ := v.Bool()
		return b
	case Number:
		f, ok := v.Float()
		if !ok {
			// Out of float64 range: encoding/json rejects these too.
			return json.Number(v.s)
		}
		return f
	case String:
		s, _ := v.Str()
		return s
	case Array:
		out := []any{}
		for _, it := range v.Items() {
			out = append(out, toAny(t, it))
		}
		return out
	default:
		out := map[string]any{}
		for _, m := range v.Members() {
			out[m.Key] = toAny(t, m.Value)
		}
		return out
	}
}

func check(t *testing.T, in string) {
	t.Helper()
	var want any
	stdErr := json.Unmarshal([]byte(in), &want)
	got, err := ParseString(in, Limits{MaxDepth: 10000})
	if (err == nil) != (stdErr == nil) {
		// encoding/json rejects numbers out of float64 range; the grammar is the same.
		var ute *json.UnmarshalTypeError
		if errors.As(stdErr, &ute) {
			return
		}
		t.Fatalf("%q: jsonv err=%v, encoding/json err=%v", in, err, stdErr)
	}
	if err != nil {
		return
	}
	if g := toAny(t, got); !reflect.DeepEqual(g, want) {
		t.Fatalf("%q: jsonv=%#v encoding/json=%#v", in, g, want)
	}
	// What we write, encoding/json reads back to the same value.
	out := got.Marshal()
	var back any
	if err := json.Unmarshal(out, &back); err != nil || !reflect.DeepEqual(back, want) {
		t.Fatalf("%q: rewritten as %q, reads back %#v (%v)", in, out, back, err)
	}
}

func TestAgainstEncodingJSON(t *testing.T) {
	for _, in := range []string{
		`null`, `true`, `false`, `0`, `-0`, `1.5e3`, `-12.25E-2`, `"a"`, `""`, `[]`, `{}`,
		` {"a" : [1, 2, {"b": null}], "c": "\u00e9\ud83d\ude00"} `,
		`{"a":1,"a":2}`, `"\ud800"`, `"\ud800\u0041"`, `"\udc00\ud800"`, "\"\xff\xfe\"",
		`"<script>&\u2028"`, `"\/\b\f\n\r\t"`, `[1,]`, `{"a":1,}`, `01`, `1.`, `.5`, `+1`,
		`"\x"`, `"abc`, `[`, `{"a"}`, `nul`, `tru`, "\"\x01\"", `1 2`, `{"a":1}x`, `1e`,
		`-`, `"\u12"`, `[[[]]]`, `"日本語 授权码"`, `1e999`, "\t[\r\n]\n",
	} {
		check(t, in)
	}
}

func TestLimits(t *testing.T) {
	if _, err := ParseString(strings.Repeat("[", 65)+strings.Repeat("]", 65), Limits{}); !errors.Is(err, ErrTooDeep) {
		t.Fatalf("depth 65: %v", err)
	}
	if _, err := ParseString(strings.Repeat("[", 64)+strings.Repeat("]", 64), Limits{}); err != nil {
		t.Fatalf("depth 64: %v", err)
	}
	if _, err := ParseString(`"aaaa"`, Limits{MaxBytes: 5}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("size: %v", err)
	}
}

func TestBuildAndWrite(t *testing.T) {
	v := Obj(M("s", Str("a\"<b>\x00")), M("n", Int(-3)), M("f", Float(0.5)), M("t", BoolValue(true)),
		M("a", Strings([]string{"x"})), M("e", Arr()), M("o", Obj()), M("z", Value{}), M("nan", Float(zero/zero)))
	want := `{"s":"a\"\u003cb\u003e\u0000","n":-3,"f":0.5,"t":true,"a":["x"],"e":[],"o":{},"z":null,"nan":null}`
	if got := v.String(); got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	if n, ok := Int(42).Int(); !ok || n != 42 {
		t.Fatal("Int round trip")
	}
	if _, ok := Str("1").Int(); ok {
		t.Fatal("string is not an int")
	}
	if n, ok := Float(3).Int(); !ok || n != 3 {
		t.Fatal("3.0 is an int")
	}
	if _, ok := Float(3.5).Int(); ok {
		t.Fatal("3.5 is not an int")
	}
}

var zero float64

func FuzzAgainstEncodingJSON(f *testing.F) {
	for _, s := range []string{`{"a":[1,"x",true,null]}`, `"\ud83d\ude00"`, `-1.5e-3`, "\"\xff\"", `[{}]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) { check(t, in) })
}

func TestIntOfWholeNumbersWrittenOtherwise(t *testing.T) {
	for s, want := range map[string]int64{"30.0": 30, "3e1": 30, "3E+1": 30, "1.7955126e12": 1795512600000, "-2.50e1": -25, "0.0": 0, "-0": 0} {
		v, err := ParseString(s, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if n, ok := v.Int(); !ok || n != want {
			t.Errorf("%s: %d %v, want %d", s, n, ok, want)
		}
	}
	for _, s := range []string{"30.5", "3e-1", "1e19", "9223372036854775808", "1e400", "1.5e0"} {
		v, _ := ParseString(s, Limits{})
		if n, ok := v.Int(); ok {
			t.Errorf("%s read as %d", s, n)
		}
	}
}
