package brain

import (
	"strings"
	"testing"

	"mailkey/wasm/i18n"
	"mailkey/wasm/jsonv"
)

// countingStore counts the reads that reach storage.
type countingStore struct {
	MemStore
	gets int
}

func (s *countingStore) Get(keys ...string) (map[string]jsonv.Value, error) {
	s.gets++
	return s.MemStore.Get(keys...)
}

func TestReadCacheServesAnswersFromMemory(t *testing.T) {
	b, st := newBrain(t), &countingStore{}
	c := NewReadCache(st)
	msg := collector("zh-CN", "en-US", "someone@gmail.com", "")
	ask(t, b, c, fromQQ, msg)
	first := st.gets
	if first == 0 {
		t.Fatal("the first answer read nothing")
	}
	v := ask(t, b, c, fromQQ, msg)
	if st.gets != first {
		t.Errorf("a second answer read storage %d more times", st.gets-first)
	}
	if h, _ := hintOf(v); h.GetStr("lang") != "zh-CN" {
		t.Fatalf("hint in %q", h.GetStr("lang"))
	}
	// A language chosen elsewhere (the options page) applies once storage
	// reports the change.
	if err := st.Set(jsonv.M(i18n.ChoiceKey, i18n.ChoiceValue("en"))); err != nil {
		t.Fatal(err)
	}
	c.Changed([]string{i18n.ChoiceKey})
	if h, _ := hintOf(ask(t, b, c, fromQQ, msg)); h.GetStr("lang") != "en" {
		t.Errorf("after the choice changed, the hint is in %q", h.GetStr("lang"))
	}
	// "Not now" goes through the cache: the next answer has no hint.
	v = ask(t, b, c, fromQQ, msg)
	h, _ := hintOf(v)
	intent := `{"type":"intent","key":` + jsonv.Str(h.GetStr("key")).String() + `,"action":"dismiss"}`
	if r := ask(t, b, c, fromQQ, intent); !r.GetBool("ok") {
		t.Fatalf("dismiss: %s", r)
	}
	if _, ok := hintOf(ask(t, b, c, fromQQ, msg)); ok {
		t.Error("a dismissed hint came back from the cache")
	}
}

// A read that straddles a change does not keep what it read.
func TestReadCacheDropsAReadOverlappingAChange(t *testing.T) {
	st := &MemStore{}
	c := NewReadCache(st)
	_ = st.Set(jsonv.M(i18n.ChoiceKey, i18n.ChoiceValue("en")))
	slow := &hookStore{Store: st, during: func() {
		_ = st.Set(jsonv.M(i18n.ChoiceKey, i18n.ChoiceValue("zh_CN")))
		c.Changed([]string{i18n.ChoiceKey})
	}}
	c.Store = slow
	if _, err := c.Get(i18n.ChoiceKey); err != nil {
		t.Fatal(err)
	}
	slow.during = nil
	got, _ := c.Get(i18n.ChoiceKey)
	if i18n.ChoiceFrom(got) != "zh_CN" {
		t.Errorf("kept the read that straddled the change: %v", got)
	}
}

type hookStore struct {
	Store
	during func()
}

func (h *hookStore) Get(keys ...string) (map[string]jsonv.Value, error) {
	v, err := h.Store.Get(keys...)
	if h.during != nil {
		h.during()
	}
	return v, err
}

// listingStore is a countingStore that can list its keys, as
// chrome.storage's getKeys.
type listingStore struct{ countingStore }

func (s *listingStore) KeysUnder(prefix string) ([]string, bool, error) {
	var keys []string
	for k := range s.M {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	return keys, true, nil
}

// Once the dismissals are listed, a hint not dismissed costs no read of
// its dismissal, and a dismissed one is still dismissed; a dismissal made
// elsewhere afterwards counts.
func TestReadCacheKnowsTheDismissals(t *testing.T) {
	b := newBrain(t)
	st := &listingStore{}
	st.M = map[string]jsonv.Value{i18n.ChoiceKey: i18n.ChoiceValue("en"), "dismiss/mail.qq.com/yahoo": jsonv.Int(1)}
	c := NewReadCache(st)
	c.LearnKeys()
	ask(t, b, c, fromQQ, collector("zh-CN", "en-US", "someone@gmail.com", "")) // reads the language
	before := st.gets
	if _, ok := hintOf(ask(t, b, c, fromQQ, collector("zh-CN", "en-US", "someone@outlook.com", ""))); !ok {
		t.Fatal("no hint for an address whose provider was not dismissed")
	}
	if st.gets != before {
		t.Errorf("a hint not dismissed read its dismissal: %d reads", st.gets-before)
	}
	if _, ok := hintOf(ask(t, b, c, fromQQ, collector("zh-CN", "en-US", "someone@yahoo.com", ""))); ok {
		t.Error("a dismissed hint came back once the dismissals were listed")
	}
	// "Not now" in another worker's time (or the options page): storage
	// reports it, and the listing is no longer trusted.
	if err := st.Set(jsonv.M("dismiss/mail.qq.com/google", jsonv.Int(1))); err != nil {
		t.Fatal(err)
	}
	c.Changed([]string{"dismiss/mail.qq.com/google"})
	if _, ok := hintOf(ask(t, b, c, fromQQ, collector("zh-CN", "en-US", "someone@gmail.com", ""))); ok {
		t.Error("a dismissal made after the listing was not seen")
	}
}

// A listing that straddles a change is not kept.
func TestReadCacheDropsAListingOverlappingAChange(t *testing.T) {
	st := &changingLister{}
	c := NewReadCache(st)
	st.during = func() {
		st.M = map[string]jsonv.Value{"dismiss/a/b": jsonv.Int(1)}
		c.Changed([]string{"dismiss/a/b"})
	}
	c.LearnKeys()
	got, err := c.Get("dismiss/a/b")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := got["dismiss/a/b"]; !ok {
		t.Error("a dismissal written while the keys were listed was taken as absent")
	}
}

// changingLister lists no keys, after running during (a change elsewhere).
type changingLister struct {
	MemStore
	during func()
}

func (s *changingLister) KeysUnder(string) ([]string, bool, error) {
	s.during()
	return nil, true, nil
}
