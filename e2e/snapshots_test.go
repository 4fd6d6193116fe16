package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// snapshotCase is a page whose snapshot, as the real sensor sends it after a
// person's action there, is kept in wasm/classify/testdata for the
// classifier's unit tests.
type snapshotCase struct {
	name, url, frame string
	field, text      string // typed with real keys after the recorder is in place
	click            string // then clicked, if set
	open             string // clicked (focus and Enter) before typing, if set
}

var snapshotCases = []snapshotCase{
	{"qq-collector-zh", qqFrames + "?sid=test", qqCollector, "#pop3_email", "someone@gmail.com", "", ""},
	{"qq-refused-zh", qqCollector + "?sid=test", qqCollector, "#pop3_email", "someone@gmail.com", "#pop3_submit", ""},
	{"qq-refused-generic-zh", qqCollector + "?sid=test", qqCollector, "#pop3_email", "someone@yahoo.com", "#pop3_submit", ""},
	{"qq-inbox-zh", "https://mail.qq.com/cgi-bin/mail_list?sid=test", "https://mail.qq.com/cgi-bin/mail_list", "#mlsearch", "someone@gmail.com", "", ""},
	{"gmail-accounts-en", gmailApp + "?delay=0#settings/accounts", gmailApp, "input[name=email]", "someone@yahoo.com", "", ""},
	{"netease-collector-zh", "https://mail.163.com/js6/main.jsp?sid=test#module=options.CollectModule", "https://mail.163.com/js6/main.jsp", "input[name=account]", "someone@qq.com", "", ""},
	{"yandex-collector-ru", "https://mail.yandex.ru/#setup/collectors", "https://mail.yandex.ru/", "input[type=email]", "someone@mail.ru", "", ""},
	{"mailru-collector-ru", "https://e.mail.ru/settings/collector", "https://e.mail.ru/settings/collector", "input[type=email]", "someone@yandex.ru", "", ""},
	{"gmx-external-de", "https://www.gmx.net/", "https://www.gmx.net/", "input[type=email]", "someone@gmail.com", "", ""},
	{"zoho-pop-en", "https://mail.zoho.com/zm/", "https://mail.zoho.com/zm/", "input[type=email]", "someone@aol.com", "", ""},
	{"yahoo-mailboxes-en", "https://mail.yahoo.com/d/settings/2", "https://mail.yahoo.com/d/settings/2", "input[type=email]", "someone@outlook.com", "", ""},
	{"qq-help-setup-zh", "https://service.mail.qq.com/cgi-bin/help", "https://service.mail.qq.com/cgi-bin/help", "input[type=email]", "someone@qq.com", "", ""},
	// Providers' generator pages: the step where the password gets its name
	// (or, without a name field, the page as it opens).
	{name: "mailru-generator-ru", url: "https://account.mail.ru/user/2-step-auth/passwords/", frame: "https://account.mail.ru/user/2-step-auth/passwords/",
		open: "#mrAdd", field: "#mrName", text: "Outlook дома"},
	{name: "netease-generator-zh", url: "https://mail.126.com/js6/main.jsp?sid=test#module=options.PopModule", frame: "https://mail.126.com/js6/main.jsp",
		open: "#btnAddAuth", field: "#authDesc", text: "Foxmail 笔记本"},
	{name: "qq-generator-zh", url: "https://mail.qq.com/cgi-bin/setting4?fun=list&acc=1&sid=test#pop3Info", frame: "https://mail.qq.com/cgi-bin/setting4"},
	{name: "microsoft-generator-en", url: "https://account.live.com/proofs/AppPassword", frame: "https://account.live.com/proofs/AppPassword"},
}

// TestSnapshotFixtures records what the sensor sends on each page and checks
// it against the committed fixture, so the classifier is tested on what the
// real sensor produces. UPDATE_SNAPSHOTS=1 rewrites the fixtures.
func TestSnapshotFixtures(t *testing.T) {
	b, ctx := launch(t, "en-US")
	update := os.Getenv("UPDATE_SNAPSHOTS") != ""
	for _, c := range snapshotCases {
		t.Run(c.name, func(t *testing.T) {
			navigate(t, ctx, c.url)
			// Wait for the form (single-page apps render late), then record.
			wait := c.field
			if c.open != "" || wait == "" {
				wait = "body"
			}
			if err := b.EvalInFrame(ctx, c.frame, `new Promise(r => { const f = () => document.querySelector(`+quote(wait)+`) ? r(true) : setTimeout(f, 50); f(); })`, nil); err != nil {
				t.Fatal(err)
			}
			time.Sleep(300 * time.Millisecond) // the first snapshot is answered before recording starts
			if err := b.EvalInContentScript(ctx, c.frame, recordMessages, nil); err != nil {
				t.Fatal(err)
			}
			if c.open != "" {
				if err := b.EvalInFrame(ctx, c.frame, `document.querySelector(`+quote(c.open)+`).focus()`, nil); err != nil {
					t.Fatal(err)
				}
				press(t, ctx, "\r")
				time.Sleep(400 * time.Millisecond)
			}
			if c.field != "" {
				typeInto(t, b, ctx, c.frame, c.field, c.text)
			} else {
				// Nothing to type: a changed title makes the sensor send
				// the page again (quiet, on a provider's own page).
				if err := b.EvalInFrame(ctx, c.frame, `document.title += ' ·'`, nil); err != nil {
					t.Fatal(err)
				}
			}
			if c.click != "" {
				time.Sleep(500 * time.Millisecond)
				if err := b.EvalInFrame(ctx, c.frame, `document.querySelector(`+quote(c.click)+`).focus()`, nil); err != nil {
					t.Fatal(err)
				}
				press(t, ctx, "\r")
			}
			snap := lastSnapshot(t, b, ctx, c.frame, c.click != "")
			path := filepath.Join(root, "wasm", "classify", "testdata", c.name+".json")
			if update {
				if err := os.WriteFile(path, snap, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (UPDATE_SNAPSHOTS=1 writes it)", err)
			}
			if !bytes.Equal(want, snap) {
				t.Errorf("the sensor now sends a different snapshot for %s; review and rerun with UPDATE_SNAPSHOTS=1\n got: %s\nwant: %s", c.name, snap, want)
			}
		})
	}
}

// lastSnapshot waits for the sensor to settle and returns the last snapshot
// it sent, indented; with refused it waits for one showing a text.
func lastSnapshot(t *testing.T, b interface {
	EvalInContentScript(ctx context.Context, frame, expr string, out any) error
}, ctx context.Context, frame string, refused bool) []byte {
	t.Helper()
	read := func() json.RawMessage {
		var sent []string
		if err := b.EvalInContentScript(ctx, frame, `globalThis.__sent`, &sent); err != nil {
			t.Fatal(err)
		}
		var last json.RawMessage
		for _, m := range sent {
			var msg struct {
				Type string
				Snap json.RawMessage
			}
			if json.Unmarshal([]byte(m), &msg) == nil && msg.Type == "snapshot" {
				last = msg.Snap
			}
		}
		return last
	}
	// Settled: the same last snapshot on two reads 700 ms apart.
	var last, prev json.RawMessage
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(700 * time.Millisecond) {
		prev, last = last, read()
		ok := last != nil && (!refused || strings.Contains(string(last), "密码错误") || strings.Contains(string(last), "-ERR"))
		if ok && bytes.Equal(prev, last) {
			break
		}
	}
	if last == nil {
		t.Fatal("the sensor sent no snapshot")
	}
	// "first" says which snapshot of the document it is, not what the page
	// shows: the fixtures leave it out.
	last = bytes.Replace(bytes.Replace(last, []byte(`,"first":false`), nil, 1), []byte(`,"first":true`), nil, 1)
	var out bytes.Buffer
	if err := json.Indent(&out, last, "", "  "); err != nil {
		t.Fatal(err)
	}
	out.WriteByte('\n')
	return out.Bytes()
}
