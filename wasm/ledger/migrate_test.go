package ledger

import (
	"errors"
	"os"
	"testing"

	"mailkey/wasm/jsonv"
)

func TestMigrationsMatchVersion(t *testing.T) {
	if len(migrations) != Version-1 {
		t.Fatalf("%d migrations for schema version %d: every version needs one", len(migrations), Version)
	}
}

// v1Record is what Mailkey wrote before schema 2 (README, "The ledger record").
const v1Record = `{"v":1,"id":"c35b963c7535403fb755bab4b369afe7","provider":"google","account":"someone@gmail.com","label":"QQ Mail POP collector","usedBy":"QQ Mail 其他邮箱","kind":"app_password","created":"2026-11-24","source":"hint","updated":1795524226459}`

func TestMigrationV1to2(t *testing.T) {
	in := parse(t, v1Record)
	before := in.String()
	out, err := v1to2(in)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"v":2,"id":"c35b963c7535403fb755bab4b369afe7","provider":"google","account":"someone@gmail.com","label":"QQ Mail POP collector","usedBy":"QQ Mail 其他邮箱","kind":"app_password","created":"2026-11-24","source":"hint","updated":1795524226459,"confirmed":"","revoked":"","revokedHow":"","note":"","deleted":0}`
	if out.String() != want {
		t.Fatalf("got  %s\nwant %s", out, want)
	}
	if in.String() != before {
		t.Fatal("the migration changed its input")
	}
	// Refused: not version 1, not an object, a key version 1 did not have.
	for name, text := range map[string]string{
		"version 2":  `{"v":2}`,
		"no version": `{"id":"x"}`,
		"array":      `[{"v":1}]`,
		"has note":   `{"v":1,"note":"x"}`,
	} {
		if _, err := v1to2(parse(t, text)); err == nil {
			t.Errorf("%s: migrated", name)
		}
	}
}

// Every stored record ever written by a released version reads as the entry
// it was, through all the migrations.
func TestDecodeOldRecords(t *testing.T) {
	data, err := os.ReadFile("testdata/v1.json")
	if err != nil {
		t.Fatal(err)
	}
	v := parse(t, string(data))
	e, err := Decode(v)
	if err != nil {
		t.Fatal(err)
	}
	want := Entry{ID: "c35b963c7535403fb755bab4b369afe7", Provider: "google", Account: "someone@gmail.com",
		Label: "QQ Mail POP collector", UsedBy: "QQ Mail 其他邮箱", Kind: KindAppPassword, Created: "2026-11-24",
		Source: FromHint, Updated: 1795524226459}
	if e != want {
		t.Fatalf("got %+v", e)
	}
	out, migrated, err := Migrate(v)
	if err != nil || !migrated {
		t.Fatalf("Migrate: %v %v", migrated, err)
	}
	if n, _ := version(out); n != Version {
		t.Fatalf("migrated to %d", n)
	}
	if _, migrated, _ := Migrate(e.JSON()); migrated {
		t.Fatal("a current record was migrated")
	}
	// A version 1 record that was already unreadable stays unreadable.
	if _, err := Decode(parse(t, `{"v":1,"id":"ab","provider":"google","label":"x","kind":"app_password","created":"2026-11-24","source":"hint","updated":1,"colour":"red"}`)); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("v1 with unknown key: %v", err)
	}
}

func TestMigrateRefuses(t *testing.T) {
	for name, tc := range map[string]struct {
		v    jsonv.Value
		want error
	}{
		"future":  {parse(t, `{"v":3}`), ErrFuture},
		"string":  {jsonv.Str("x"), ErrMalformed},
		"v float": {parse(t, `{"v":1.5}`), ErrMalformed},
		"secret":  {parse(t, `{"v":1,"x":{"password":"y"}}`), ErrSecret},
	} {
		if _, _, err := Migrate(tc.v); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
