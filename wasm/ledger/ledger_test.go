package ledger

import (
	"errors"
	"strings"
	"testing"
	"time"

	"mailkey/wasm/jsonv"
)

var now = time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)

const testID = "0123456789abcdef0123456789abcdef"

func parse(t testing.TB, s string) jsonv.Value {
	t.Helper()
	v, err := jsonv.ParseString(s, jsonv.Limits{})
	if err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	return v
}

func mustNew(t testing.TB) Entry {
	t.Helper()
	e, err := New(testID, "google", "a@gmail.com", "QQ Mail POP collector", "QQ Mail 其他邮箱", KindAppPassword, FromHint, now)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestNewAndRoundTrip(t *testing.T) {
	e, err := New(testID, "google", " a@gmail.com ", "  QQ Mail\tPOP\ncollector ", "QQ Mail 其他邮箱", KindAppPassword, FromHint, now)
	if err != nil {
		t.Fatal(err)
	}
	if e.Label != "QQ Mail POP collector" || e.Account != "a@gmail.com" || e.Created != "2026-11-24" || e.Updated != now.UnixMilli() {
		t.Fatalf("cleaned entry: %+v", e)
	}
	text := e.JSON().String()
	want := `{"v":2,"id":"0123456789abcdef0123456789abcdef","provider":"google","account":"a@gmail.com","label":"QQ Mail POP collector","usedBy":"QQ Mail 其他邮箱","kind":"app_password","created":"2026-11-24","confirmed":"","revoked":"","revokedHow":"","note":"","source":"hint","updated":1795512600000,"deleted":0}`
	if text != want {
		t.Fatalf("stored record:\n got %s\nwant %s", text, want)
	}
	back, err := Decode(parse(t, text))
	if err != nil || back != e {
		t.Fatalf("round trip: %+v %v", back, err)
	}
	// Every field survives the stored record.
	full := e
	full.Confirmed, full.Revoked, full.RevokedHow, full.Note, full.Deleted = "2026-11-25", "2026-11-26", "password changed", "line 1\nline 2", now.UnixMilli()+5
	if back, err := Decode(parse(t, full.JSON().String())); err != nil || back != full {
		t.Fatalf("full round trip: %+v %v", back, err)
	}
}

func TestNewRefuses(t *testing.T) {
	for name, tc := range map[string]struct {
		provider, account, label string
		kind                     Kind
		want                     error
	}{
		"empty label":   {"google", "a@gmail.com", "  \n ", KindAppPassword, ErrLabelEmpty},
		"long label":    {"google", "a@gmail.com", strings.Repeat("标", MaxLabel+1), KindAppPassword, ErrLabelLong},
		"bad account":   {"google", "not an address", "x", KindAppPassword, ErrAccount},
		"bad provider":  {"Goo gle", "a@gmail.com", "x", KindAppPassword, ErrProvider},
		"unknown kind":  {"google", "a@gmail.com", "x", Kind("password"), ErrKind},
		"no provider":   {"", "a@gmail.com", "x", KindAppPassword, ErrProvider},
		"account html":  {"google", "<script>@x.com", "x", KindAppPassword, ErrAccount},
		"double domain": {"google", "a@gmail..com", "x", KindAppPassword, ErrAccount},
	} {
		_, err := New(testID, tc.provider, tc.account, tc.label, "", tc.kind, FromHint, now)
		if !errors.Is(err, tc.want) || err != tc.want {
			t.Errorf("%s: got %v, want %v", name, err, tc.want)
		}
	}
	if _, err := New("ABC", "google", "", "x", "", KindOther, FromHint, now); err != ErrID {
		t.Errorf("upper-case id: %v", err)
	}
	// A label may hold markup: it is text, stored as typed and drawn as text.
	if e, err := New(testID, "google", "", `<img src=x onerror=alert(1)>`, "", KindAppPassword, FromHint, now); err != nil || e.Label != `<img src=x onerror=alert(1)>` {
		t.Errorf("markup label: %+v %v", e, err)
	}
}

func TestNewManual(t *testing.T) {
	e, err := NewManual(testID, "qq", "", "Foxmail", "Foxmail on the laptop", KindAuthCode, "2025-03-01", now)
	if err != nil || e.Created != "2025-03-01" || e.Source != FromManual || e.Updated != now.UnixMilli() {
		t.Fatalf("%+v %v", e, err)
	}
	if e, err := NewManual(testID, "qq", "", "Foxmail", "", KindAuthCode, "", now); err != nil || e.Created != "2026-11-24" {
		t.Fatalf("default day: %+v %v", e, err)
	}
	for _, day := range []string{"2025-02-29", "2026-11-26", "yesterday"} {
		if _, err := NewManual(testID, "qq", "", "Foxmail", "", KindAuthCode, day, now); err != ErrDate {
			t.Errorf("%s: %v", day, err)
		}
	}
	if _, err := NewManual(testID, "qq", "", "Foxmail", "", KindAuthCode, "2026-11-25", now); err != nil {
		t.Errorf("tomorrow (time zones): %v", err)
	}
}

func TestLifecycle(t *testing.T) {
	e := mustNew(t)
	later := func(d time.Duration) time.Time { return now.Add(d) }

	c, err := e.Confirm("2026-11-24", later(time.Hour))
	if err != nil || c.Confirmed != "2026-11-24" || c.Updated != later(time.Hour).UnixMilli() {
		t.Fatalf("confirm: %+v %v", c, err)
	}
	for _, day := range []string{"2026-11-23", "2026-11-26", "2026-13-01"} { // before made, after tomorrow, no date
		if _, err := e.Confirm(day, later(time.Hour)); err != ErrDate {
			t.Errorf("confirm %s: %v", day, err)
		}
	}
	// A change always gets a later time than the version it changed, even
	// when the clock went back.
	if c2, _ := c.Confirm("2026-11-24", now.Add(-time.Hour)); c2.Updated != c.Updated+1 {
		t.Errorf("clock back: %d after %d", c2.Updated, c.Updated)
	}

	r, err := c.Revoke("2026-11-24", "  deleted at\tthe provider ", later(2*time.Hour))
	if err != nil || r.Revoked != "2026-11-24" || r.RevokedHow != "deleted at the provider" || r.Active() {
		t.Fatalf("revoke: %+v %v", r, err)
	}
	if _, err := r.Confirm("2026-11-24", later(3*time.Hour)); err != ErrRevoked {
		t.Errorf("confirm revoked: %v", err)
	}
	if _, err := c.Revoke("2026-11-24", strings.Repeat("x", MaxRevokedHow+1), later(time.Hour)); err != ErrTooLong {
		t.Errorf("long how: %v", err)
	}
	if r2, err := r.Revoke("2026-11-25", "password changed", later(3*time.Hour)); err != nil || r2.Revoked != "2026-11-25" {
		t.Errorf("correct revocation: %+v %v", r2, err)
	}
	u, err := r.Unrevoke(later(4 * time.Hour))
	if err != nil || u.Revoked != "" || u.RevokedHow != "" || !u.Active() {
		t.Fatalf("unrevoke: %+v %v", u, err)
	}
	if _, err := u.Unrevoke(later(5 * time.Hour)); err != ErrNotRevoked {
		t.Errorf("unrevoke active: %v", err)
	}

	d, err := u.Delete(later(5 * time.Hour))
	if err != nil || d.Deleted != later(5*time.Hour).UnixMilli() || d.Updated != d.Deleted || d.Active() {
		t.Fatalf("delete: %+v %v", d, err)
	}
	for name, op := range map[string]func() (Entry, error){
		"delete":   func() (Entry, error) { return d.Delete(later(6 * time.Hour)) },
		"confirm":  func() (Entry, error) { return d.Confirm("2026-11-24", later(6*time.Hour)) },
		"revoke":   func() (Entry, error) { return d.Revoke("2026-11-24", "", later(6*time.Hour)) },
		"unrevoke": func() (Entry, error) { return d.Unrevoke(later(6 * time.Hour)) },
		"edit":     func() (Entry, error) { return d.Edit("x", "", "", "", later(6*time.Hour)) },
	} {
		if got, err := op(); err != ErrDeleted || got != d {
			t.Errorf("%s on a tombstone: %v", name, err)
		}
	}
	un, err := d.Undelete(later(6 * time.Hour))
	if err != nil || un.Deleted != 0 || un.Updated != later(6*time.Hour).UnixMilli() {
		t.Fatalf("undelete: %+v %v", un, err)
	}
	if _, err := un.Undelete(later(7 * time.Hour)); err != ErrNotDeleted {
		t.Errorf("undelete live: %v", err)
	}
	// The originals are values: nothing above changed e.
	if e != mustNew(t) {
		t.Error("a method changed its receiver")
	}
}

func TestEdit(t *testing.T) {
	e := mustNew(t)
	ed, err := e.Edit(" Thunderbird\t", " office PC ", " b@gmail.com", "  first line \r\n\r\n second\tline \u2028third\n\n", now.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if ed.Label != "Thunderbird" || ed.UsedBy != "office PC" || ed.Account != "b@gmail.com" ||
		ed.Note != "first line\n\nsecond line\nthird" || ed.Updated != now.Add(time.Minute).UnixMilli() {
		t.Fatalf("edit: %q", []string{ed.Label, ed.UsedBy, ed.Account, ed.Note})
	}
	if same, err := e.Edit(e.Label, e.UsedBy, e.Account, e.Note, now.Add(time.Hour)); err != nil || same != e {
		t.Errorf("no-op edit changed the entry: %+v %v", same, err)
	}
	for name, tc := range map[string]struct {
		label, used, account, note string
		want                       error
	}{
		"empty label":  {"", "", "", "", ErrLabelEmpty},
		"long label":   {strings.Repeat("x", MaxLabel+1), "", "", "", ErrLabelLong},
		"long used-by": {"x", strings.Repeat("y", MaxUsedBy+1), "", "", ErrTooLong},
		"long note":    {"x", "", "", strings.Repeat("笔", MaxNote+1), ErrTooLong},
		"bad account":  {"x", "", "someone", "", ErrAccount},
	} {
		if got, err := e.Edit(tc.label, tc.used, tc.account, tc.note, now.Add(time.Hour)); err != tc.want || got != e {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := e.Edit("x", "", "", strings.Repeat("笔", MaxNote), now.Add(time.Hour)); err != nil {
		t.Errorf("note at the limit: %v", err)
	}
}

func TestAge(t *testing.T) {
	e := mustNew(t)
	e.Created = "2026-01-01"
	for today, want := range map[time.Time]int{
		time.Date(2026, 1, 1, 23, 59, 0, 0, time.UTC):                     0,
		time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC):                       1,
		time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC):                      365,
		time.Date(2025, 12, 31, 12, 0, 0, 0, time.UTC):                    0, // made "tomorrow"
		time.Date(2026, 3, 1, 0, 30, 0, 0, time.FixedZone("CST", 8*3600)): 59,
	} {
		if got := e.Age(today); got != want {
			t.Errorf("Age(%v) = %d, want %d", today, got, want)
		}
	}
}

func TestCheckFields(t *testing.T) {
	base := mustNew(t)
	for name, tc := range map[string]struct {
		edit func(*Entry)
		want error
	}{
		"confirmed date": {func(e *Entry) { e.Confirmed = "2026-02-30" }, ErrDate},
		"revoked date":   {func(e *Entry) { e.Revoked = "soon" }, ErrDate},
		"how, no date":   {func(e *Entry) { e.RevokedHow = "deleted" }, ErrField},
		"negative del":   {func(e *Entry) { e.Deleted = -1 }, ErrField},
		"no updated":     {func(e *Entry) { e.Updated = 0 }, ErrUpdated},
		"huge updated":   {func(e *Entry) { e.Updated = 1 << 53 }, ErrUpdated},
		"source":         {func(e *Entry) { e.Source = "sync" }, ErrSource},
		"long id":        {func(e *Entry) { e.ID = strings.Repeat("a", MaxID+1) }, ErrID},
		"long how":       {func(e *Entry) { e.Revoked, e.RevokedHow = "2026-11-24", strings.Repeat("x", MaxRevokedHow+1) }, ErrTooLong},
	} {
		e := base
		tc.edit(&e)
		if err := e.Check(); err != tc.want {
			t.Errorf("%s: %v, want %v", name, err, tc.want)
		}
	}
}

func TestDecodeRefusesSecretsAndKeepsFuture(t *testing.T) {
	base := `{"v":2,"id":"ab","provider":"google","account":"","label":"x","usedBy":"","kind":"app_password","created":"2026-11-24","confirmed":"","revoked":"","revokedHow":"","note":"","source":"hint","updated":1,"deleted":0`
	if _, err := Decode(parse(t, base+`}`)); err != nil {
		t.Fatalf("base: %v", err)
	}
	for name, text := range map[string]string{
		"password key":  base + `,"password":"hunter2"}`,
		"pwd key":       base + `,"appPwd":"x"}`,
		"授权码 key":       base + `,"授权码":"x"}`,
		"code key":      base + `,"code":"x"}`,
		"spaced key":    base + `,"App Pass Word":"x"}`,
		"full-width":    base + `,"ｐａｓｓ":"x"}`,
		"future secret": strings.Replace(base, `"v":2`, `"v":9`, 1) + `,"token":"x"}`,
		"v1 secret":     `{"v":1,"id":"ab","password":"x"}`,
	} {
		if _, err := Decode(parse(t, text)); !errors.Is(err, ErrSecret) {
			t.Errorf("%s: %v", name, err)
		}
	}
	for name, tc := range map[string]struct {
		text string
		want error
	}{
		"unknown key": {base + `,"extra":"x"}`, ErrUnknownKey},
		"bad date":    {strings.Replace(base, "2026-11-24", "2026-02-30", 1) + `}`, ErrDate},
		"no version":  {strings.Replace(base, `"v":2,`, ``, 1) + `}`, ErrMalformed},
		"version 0":   {strings.Replace(base, `"v":2`, `"v":0`, 1) + `}`, ErrMalformed},
		"number id":   {strings.Replace(base, `"id":"ab"`, `"id":12`, 1) + `}`, ErrField},
		"missing":     {strings.Replace(base, `"note":"",`, ``, 1) + `}`, ErrField},
		"twice":       {base + `,"note":"again"}`, ErrMalformed},
		"string time": {strings.Replace(base, `"updated":1`, `"updated":"1"`, 1) + `}`, ErrField},
		"not object":  {`[1]`, ErrMalformed},
	} {
		if _, err := Decode(parse(t, tc.text)); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", name, err, tc.want)
		}
	}
	if _, err := Decode(parse(t, strings.Replace(base, `"v":2`, `"v":3`, 1)+`,"newField":1}`)); !errors.Is(err, ErrFuture) {
		t.Errorf("future version: %v", err)
	}
}

func TestDays(t *testing.T) {
	for s, ok := range map[string]bool{"2026-11-24": true, "2024-02-29": true, "2026-02-29": false, "2026-13-01": false,
		"26-11-24": false, "2026-1-124": false, "+026-11-24": false, "2026-11-2x": false, "2026-00-10": false,
		"0000-01-01": true, "2026-11-+4": false, "２026-11-24": false} {
		if ValidDay(s) != ok {
			t.Errorf("ValidDay(%q) != %v", s, ok)
		}
	}
	if d := Day(time.Date(7, 3, 5, 0, 0, 0, 0, time.UTC)); d != "0007-03-05" {
		t.Errorf("Day = %s", d)
	}
}

func TestLooksLikeSecret(t *testing.T) {
	for _, n := range []string{"password", "Passwort", "app_password", "pwd", "secret", "token", "密码", "授权码", "code",
		"authCode", "Auth Code", "app-pwd", "ｐａｓｓｗｏｒｄ", "pass\u200bword", "密碼", "비밀번호", "пароль", "PIN", "apiKey", "key", "OTP"} {
		if !LooksLikeSecret(n) {
			t.Errorf("%q should look like a secret", n)
		}
	}
	for _, n := range append(fieldNames[:], "label", "v", "format", "version", "entries", "note", "Used By") {
		if LooksLikeSecret(n) || secretName(n) {
			t.Errorf("%q should not look like a secret", n)
		}
	}
}

func TestErrors(t *testing.T) {
	err := error(at(ErrUnknownColumn, 3, "colour"))
	if !errors.Is(err, ErrUnknownColumn) || errors.Is(err, ErrUnknownKey) || ReasonOf(err) != "unknown_column" {
		t.Fatal(err)
	}
	if err.Error() != `ledger: unknown_column ("colour") in row 3` {
		t.Fatal(err.Error())
	}
	if ReasonOf(nil) != "" || ReasonOf(errors.New("x")) != "malformed" {
		t.Fatal("ReasonOf")
	}
}

// A label cannot be made to read backwards: bidi overrides, embeddings and
// isolates are dropped; right-to-left text itself stays.
func TestLabelBidiControlsDropped(t *testing.T) {
	e, err := New(strings.Repeat("a", 32), "google", "ann@gmail.com", "\u202egpj.exe\u202c Thunderbird \u2067עברית\u2069",
		"\u202aPhone\u202c", KindAppPassword, FromManual, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if e.Label != "gpj.exe Thunderbird עברית" || e.UsedBy != "Phone" {
		t.Fatalf("label %q, used-by %q", e.Label, e.UsedBy)
	}
}

// Issue 12, finding 10: an account could hold bidi overrides and zero-width
// characters ("ad\u202emoc.elgoog@gmail.com" reads as a Google address).
// What a person types or imports is cleaned; a record arriving unclean (by
// sync) is refused.
func TestAccountInvisiblesDropped(t *testing.T) {
	now := time.Now()
	for typed, want := range map[string]string{
		"ad\u202emoc.elgoog@gmail.com":     "admoc.elgoog@gmail.com",
		"ann\u200b@gmail.com":              "ann@gmail.com",
		"\ufeff ann@gm\u200dail.com\u2066": "ann@gmail.com",
		"ann\u200e\u200f@gmail.com":        "ann@gmail.com",
	} {
		e, err := New(strings.Repeat("a", 32), "google", typed, "Thunderbird", "", KindAppPassword, FromManual, now)
		if err != nil || e.Account != want {
			t.Errorf("New(%q): account %q, %v; want %q", typed, e.Account, err, want)
		}
		if e, err = e.Edit("Thunderbird", "", typed, "", now.Add(time.Second)); err != nil || e.Account != want {
			t.Errorf("Edit(%q): account %q, %v", typed, e.Account, err)
		}
		rec := e.JSON().String()
		rec = strings.Replace(rec, `"account":"`+want+`"`, `"account":"`+strings.ReplaceAll(typed, "\u202e", `\u202e`)+`"`, 1)
		v, perr := jsonv.ParseString(rec, jsonv.Limits{})
		if perr != nil {
			t.Fatal(perr)
		}
		if _, err := Decode(v); err == nil {
			t.Errorf("a stored or synced record with account %q was accepted", typed)
		}
	}
	csv := "provider,label,account\r\ngoogle,Thunderbird,\"ad\u202emoc.elgoog@gmail.com\"\r\n"
	p, err := Preview([]byte(csv), nil, now, counter())
	if err != nil || len(p.Rows) != 1 || p.Rows[0].Account != "admoc.elgoog@gmail.com" {
		t.Fatalf("import: %+v %v", p.Rows, err)
	}
}
