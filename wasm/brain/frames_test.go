package brain

import (
	"strings"
	"testing"

	"mailkey/wasm/jsonv"
	"mailkey/wasm/wire"
)

func tabFindingMsg(tab int) string {
	return `{"type":"tab-finding","tab":` + jsonv.Int(int64(tab)).String() + `}`
}

var fromPopup = Sender{ExtensionID: extID, URL: "chrome-extension://" + extID + "/extension/popup.html", TabID: -1}

// The popup asks the worker what a tab found: the latest finding of a
// frame that found something, whichever frame it was.
func TestTabFinding(t *testing.T) {
	b, st := newBrain(t), &MemStore{}
	if v := ask(t, b, st, fromPopup, tabFindingMsg(3)); !v.GetBool("ok") {
		t.Fatalf("a tab nothing was heard from: %s", v)
	} else if _, found := v.Get("finding"); found {
		t.Fatalf("a tab nothing was heard from found %s", v)
	}
	top := Sender{ExtensionID: extID, URL: "https://mail.qq.com/cgi-bin/frame_html", TabID: 3}
	ask(t, b, st, top, `{"type":"snapshot","snap":{"v":1,"url":"https://mail.qq.com/cgi-bin/frame_html","top":true,"first":true,"fields":[]}}`)
	inner := fromQQ
	inner.FrameID = 5
	ask(t, b, st, inner, collector("en", "en", "someone@gmail.com", ""))
	// The top frame answers again, finding nothing: the inner frame's
	// finding still stands.
	ask(t, b, st, top, `{"type":"snapshot","snap":{"v":1,"url":"https://mail.qq.com/cgi-bin/frame_html","top":true,"fields":[]}}`)
	v := ask(t, b, st, fromPopup, tabFindingMsg(3))
	f, found := v.Get("finding")
	if !found || f.GetStr("kind") != "collector" || f.GetStr("provider") != "google" || f.GetStr("page") != "qq" {
		t.Fatalf("tab 3 found %s", v)
	}
	if _, found := ask(t, b, st, fromPopup, tabFindingMsg(4)).Get("finding"); found {
		t.Error("tab 4 found what tab 3 did")
	}
	// Only the extension's pages may ask.
	if v := ask(t, b, st, fromQQ, tabFindingMsg(3)); v.GetBool("ok") {
		t.Errorf("a content script read a tab's finding: %s", v)
	}
	// Kept across a worker restart: a new brain on the same session store.
	b2 := newBrain(t)
	b2.Session = b.Session
	if _, found := ask(t, b2, st, fromPopup, tabFindingMsg(3)).Get("finding"); !found {
		t.Error("a restarted worker forgot the tab's finding")
	}
	// A new page in the top frame: the old frames' findings go.
	ask(t, b2, st, top, `{"type":"snapshot","snap":{"v":1,"url":"https://mail.qq.com/cgi-bin/frame_html","top":true,"first":true,"fields":[]}}`)
	if _, found := ask(t, b2, st, fromPopup, tabFindingMsg(3)).Get("finding"); found {
		t.Error("a new page kept the last page's finding")
	}
	// A closed tab leaves nothing behind.
	ask(t, b2, st, inner, collector("en", "en", "someone@gmail.com", ""))
	if err := b2.ForgetTab(3); err != nil {
		t.Fatal(err)
	}
	for k := range b2.Session.(*MemStore).M {
		if strings.HasPrefix(k, wire.TabKeyPrefix+"3") {
			t.Errorf("closed tab left %s", k)
		}
	}
}

// A "log it" offer stays on screen while newer answers come: its key keeps
// working after the frame was given other hints, up to maxHints of them.
func TestOlderHintsOfTheFrameStillAnswer(t *testing.T) {
	b, st := newBrain(t), &MemStore{}
	first, _ := hintOf(ask(t, b, st, fromQQ, collector("en", "en", "someone@gmail.com", "")))
	for _, addr := range []string{"someone@yahoo.com", "someone@163.com", "someone@outlook.com"} {
		ask(t, b, st, fromQQ, collector("en", "en", addr, ""))
	}
	v := ask(t, b, st, fromQQ, intent("add", "kept", first.GetStr("key")))
	if !v.GetBool("ok") {
		t.Fatalf("an earlier hint's intent: %s", v)
	}
	// A new document in the frame forgets its earlier hints.
	ask(t, b, st, fromQQ, strings.Replace(collector("en", "en", "someone@yahoo.com", ""), `"v":1,`, `"v":1,"first":true,`, 1))
	if v := ask(t, b, st, fromQQ, intent("add", "stale", first.GetStr("key"))); v.GetBool("ok") {
		t.Errorf("a hint of the frame's last document still answers: %s", v)
	}
}
