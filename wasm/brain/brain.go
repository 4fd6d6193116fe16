// Package brain answers the extension's messages: a snapshot from the sensor
// gets a finding and a localized hint; an intent from a hint ("add to my
// ledger", "not now") is checked and carried out. It is pure Go: the js layer
// hands it the message as JSON, who sent it, and a key-value store.
package brain

import (
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"mailkey/wasm/classify"
	"mailkey/wasm/hint"
	"mailkey/wasm/i18n"
	"mailkey/wasm/jsonv"
	"mailkey/wasm/kb"
	"mailkey/wasm/ledger"
	"mailkey/wasm/snapshot"
	"mailkey/wasm/wire"
)

// Store is chrome.storage.local, or a map in tests.
type Store interface {
	Get(keys ...string) (map[string]jsonv.Value, error)
	All() (map[string]jsonv.Value, error)
	Set(items ...jsonv.Member) error
	Remove(keys ...string) error
}

// Sender is who sent a message, as the browser reports it (never as the
// message claims).
type Sender struct {
	ExtensionID string // sender.id
	URL         string // the sending frame's URL
	TabID       int    // -1 when not sent from a tab
	FrameID     int    // 0 for a tab's top frame
}

// Brain holds what every answer needs. Nothing in it may be state that must
// survive: the service worker, and Go with it, is stopped after 30 s idle.
type Brain struct {
	KB          *kb.KB
	Catalog     *i18n.Catalog
	ExtensionID string
	// ExtensionOrigin is the origin of the extension's own pages
	// (chrome-extension://<id> or, in Firefox, moz-extension://<uuid>).
	ExtensionOrigin string
	Now             func() time.Time
	NewID           func() string // 32 random hex digits
	SyncEnv         SyncEnv
	// Session is chrome.storage.session: what each tab's frames found and
	// the contexts of the hints they were given (frames.go).
	Session Store
	tabs    tabs
	// Ledger writes every ledger record: the pages' changes (ledger-write),
	// the hints' intents and sync's merges (ledger/writer.go).
	Ledger ledger.Writer

	warmOnce sync.Once // warmUp, after the first answer without a hint
}

// MaxMessage is the largest message accepted, in bytes of JSON.
const MaxMessage = snapshot.MaxBytes + 4<<10

// MaxPageMessage is the largest message accepted from the extension's own
// pages: an import (at most ledger.MaxImportBytes of file) or the migration
// write-back of a whole ledger, sent to the writer as stored records.
const MaxPageMessage = 16 << 20

var (
	errSender      = errors.New("brain: unexpected sender")
	errUnknownType = errors.New("brain: unknown message type")
)

// Handle answers one message with JSON. It never panics on bad input and
// never changes anything for a message it refuses.
func (b *Brain) Handle(msg []byte, from Sender, st Store) []byte {
	out, err := b.handle(msg, from, st)
	if err != nil {
		out = jsonv.Obj(jsonv.M("ok", jsonv.BoolValue(false)), jsonv.M("error", jsonv.Str(err.Error())))
	}
	return out.Marshal()
}

// userError is an error a person reads, already localized.
type userError struct{ text string }

func (e userError) Error() string { return e.text }

func (b *Brain) handle(msg []byte, from Sender, st Store) (jsonv.Value, error) {
	limit := MaxMessage
	if b.fromExtensionPage(from) {
		limit = MaxPageMessage
	}
	if len(msg) > limit {
		return jsonv.Value{}, snapshot.ErrTooLarge
	}
	v, err := jsonv.Parse(msg, jsonv.Limits{MaxBytes: limit, MaxDepth: 8})
	if err != nil || v.Kind() != jsonv.Object {
		return jsonv.Value{}, errors.New("brain: malformed message")
	}
	if strings.HasPrefix(v.GetStr("type"), wire.SyncPrefix) {
		return b.syncMessage(v, from, st)
	}
	if v.GetStr("type") == wire.TabFinding {
		return b.tabFinding(v, from)
	}
	if strings.HasPrefix(v.GetStr("type"), wire.LedgerPrefix) {
		return b.ledgerMessage(v, from, st)
	}
	site, err := b.contentScriptSite(from)
	if err != nil {
		return jsonv.Value{}, err
	}
	switch v.GetStr("type") {
	case wire.Snapshot:
		snapV, _ := v.Get("snap")
		s, err := snapshot.FromValue(snapV)
		if err != nil {
			return jsonv.Value{}, err
		}
		if s.URL.Host != site {
			return jsonv.Value{}, errSender // a frame describing another site
		}
		return b.answer(s, &from, st)
	case wire.Intent:
		return b.intent(v, site, from, st)
	case wire.Click:
		return click(v), nil
	}
	return jsonv.Value{}, errUnknownType
}

// contentScriptSite checks that a message comes from this extension's content
// script on a knowledge-base host, and returns that host.
func (b *Brain) contentScriptSite(from Sender) (string, error) {
	if from.ExtensionID == "" || from.ExtensionID != b.ExtensionID || from.TabID < 0 {
		return "", errSender
	}
	u, err := snapshot.ParseURL(from.URL)
	if err != nil || b.KB.ByHost(u.Host) == nil {
		return "", errSender
	}
	return u.Host, nil
}

func dismissKey(c hint.Context) string {
	who := c.Provider
	if who == "" {
		who = "@" + c.Domain
	}
	return dismissPrefix + c.Site + "/" + who
}

// answer classifies a snapshot and builds its hint. What the frame found is
// kept for its intents and the popup; from is nil for a rehearsal (warmUp).
func (b *Brain) answer(s *snapshot.Snapshot, from *Sender, st Store) (jsonv.Value, error) {
	f := classify.Classify(b.KB, s)
	chosen, _ := st.Get(i18n.ChoiceKey) // unreadable: automatic, as if none was chosen
	locale := b.Catalog.Choose(i18n.ChoiceFrom(chosen), f.Lang, s.BrowserLang)
	var h *hint.Hint
	var items map[string]jsonv.Value // all of storage, when a revoke list needed it
	switch f.Kind {
	case classify.Generator, classify.Revoke:
		var active []ledger.Entry
		if f.Revocable {
			var err error
			if items, err = st.All(); err != nil {
				return jsonv.Value{}, err
			}
			for _, e := range ledger.Load(items).Entries {
				if e.Provider == f.Page.ID && e.Active() {
					active = append(active, e)
				}
			}
		}
		h = hint.ForProviderPage(f, b.KB, b.Catalog, locale, active, b.Now())
	default:
		h = hint.For(f, b.KB, b.Catalog, locale)
	}
	if h == nil {
		b.warmOnce.Do(func() { go b.warmUp(s, locale) })
	}
	if h != nil {
		key := dismissKey(h.Context)
		if items == nil {
			var err error
			if items, err = st.Get(key); err != nil {
				return jsonv.Value{}, err
			}
		}
		if _, dismissed := items[key]; dismissed {
			h = nil
		}
	}
	finding := []jsonv.Member{jsonv.M("kind", jsonv.Str(string(f.Kind))), jsonv.M("anchor", jsonv.Int(int64(f.Anchor))),
		jsonv.M("lang", jsonv.Str(locale)), jsonv.M("quiet", jsonv.BoolValue(f.Kind == classify.Generator || f.Kind == classify.Revoke))}
	if f.Page != nil {
		finding = append(finding, jsonv.M("page", jsonv.Str(f.Page.ID)))
	}
	if f.Provider != nil {
		finding = append(finding, jsonv.M("provider", jsonv.Str(f.Provider.ID)))
	}
	if f.Domain != "" {
		finding = append(finding, jsonv.M("domain", jsonv.Str(f.Domain)))
	}
	found := jsonv.Obj(finding...)
	given := []*hint.Hint{h}
	if h != nil {
		given = append(given, h.Offer)
	}
	if from != nil {
		if err := b.tabs.remember(b.Session, *from, s.First, b.Now().UnixMilli(), found, given...); err != nil {
			return jsonv.Value{}, err // a hint whose intents could not be checked is no hint
		}
	}
	out := []jsonv.Member{jsonv.M("ok", jsonv.BoolValue(true)), jsonv.M("finding", found)}
	if h != nil {
		out = append(out, jsonv.M("hint", h.JSON()))
	}
	return jsonv.Obj(out...), nil
}

// intent carries out what the person chose in a hint. The intent names the
// hint by its key; what the hint was about is what the brain gave this
// frame (frames.go), never what the message says.
func (b *Brain) intent(v jsonv.Value, site string, from Sender, st Store) (jsonv.Value, error) {
	given, known := b.tabs.hintFor(b.Session, from, v.GetStr("key"))
	locale := b.Catalog.Pick(given.Locale, "")
	t := func(key string, args ...string) string { return b.Catalog.Text(locale, key, args...) }
	if !known {
		return jsonv.Value{}, userError{t("err_hint_gone")}
	}
	c := given.Context
	if c.Site != site {
		return jsonv.Value{}, errSender
	}
	ok := jsonv.M("ok", jsonv.BoolValue(true))
	switch v.GetStr("action") {
	case wire.Dismiss:
		if c.Provider == "" && c.Domain == "" || c.Provider != "" && b.KB.ByID(c.Provider) == nil {
			return jsonv.Value{}, userError{t("err_request")}
		}
		day := jsonv.Obj(jsonv.M("at", jsonv.Str(ledger.Day(b.Now()))))
		if err := st.Set(jsonv.M(dismissKey(c), day)); err != nil {
			return jsonv.Value{}, userError{t("err_save")}
		}
		return jsonv.Obj(ok), nil
	case wire.Add:
		source := ledger.FromHint
		switch {
		case b.KB.ByID(c.Provider) == nil:
			return jsonv.Value{}, userError{t("err_request")}
		case c.Source == ledger.FromGenerator:
			// Logged on the provider's own page: only for that provider.
			if b.KB.ByHost(site) == nil || b.KB.ByHost(site).ID != c.Provider {
				return jsonv.Value{}, errSender
			}
			source = ledger.FromGenerator
		}
		e, err := ledger.New(b.NewID(), c.Provider, c.Account, v.GetStr("label"), c.UsedBy, c.Kind, source, b.Now())
		switch {
		case errors.Is(err, ledger.ErrLabelEmpty):
			return jsonv.Value{}, userError{t("err_label_empty")}
		case errors.Is(err, ledger.ErrLabelLong):
			return jsonv.Value{}, userError{t("err_label_long", strconv.Itoa(ledger.MaxLabel))}
		case errors.Is(err, ledger.ErrAccount):
			return jsonv.Value{}, userError{t("err_address", c.Account)}
		case err != nil:
			return jsonv.Value{}, userError{t("err_request")}
		}
		if r, err := b.Ledger.Put(st, []ledger.Change{{Entry: e, Base: ledger.NoRecord}}); err != nil || !r[0].Written {
			return jsonv.Value{}, userError{t("err_save")}
		}
		return jsonv.Obj(ok, jsonv.M("message", jsonv.Str(t("hint_saved", e.Label))), jsonv.M("id", jsonv.Str(e.ID))), nil
	case wire.Lookup:
		// The hint's "look up who hosts this domain": the Guide opens on
		// the domain, where the person asks for the lookup itself.
		if c.Provider != "" || !lookupDomain(c.Domain) || b.KB.ByAddress("someone@"+c.Domain) != nil {
			return jsonv.Value{}, userError{t("err_request")}
		}
		return jsonv.Obj(ok, jsonv.M("openPage", jsonv.Str(GuideLookupPage+c.Domain))), nil
	case wire.Revoke:
		// Marked revoked from the provider's own list page: only that
		// provider's entries, only an entry that exists.
		page := b.KB.ByHost(site)
		if page == nil || page.ID != c.Provider {
			return jsonv.Value{}, errSender
		}
		e, err := b.revokeFromPage(st, v.GetStr("id"), page.ID, t("how_revoke_page", t(page.Name)))
		if err != nil {
			return jsonv.Value{}, userError{t(err.Error())}
		}
		return jsonv.Obj(ok, jsonv.M("message", jsonv.Str(t("gen_revoked", e.Label)))), nil
	}
	return jsonv.Value{}, userError{t("err_request")}
}

// MemStore is a Store in memory, for tests and native tools.
type MemStore struct{ M map[string]jsonv.Value }

// Get returns the stored values of the keys that exist.
func (m *MemStore) Get(keys ...string) (map[string]jsonv.Value, error) {
	out := map[string]jsonv.Value{}
	for _, k := range keys {
		if v, ok := m.M[k]; ok {
			out[k] = v
		}
	}
	return out, nil
}

// All returns every stored value.
func (m *MemStore) All() (map[string]jsonv.Value, error) {
	out := map[string]jsonv.Value{}
	for k, v := range m.M {
		out[k] = v
	}
	return out, nil
}

// Set stores values.
func (m *MemStore) Set(items ...jsonv.Member) error {
	if m.M == nil {
		m.M = map[string]jsonv.Value{}
	}
	for _, it := range items {
		m.M[strings.Clone(it.Key)] = it.Value
	}
	return nil
}

// Remove deletes keys.
func (m *MemStore) Remove(keys ...string) error {
	for _, k := range keys {
		delete(m.M, k)
	}
	return nil
}

// GuideLookupPage is the popup page opened on the Guide, ready to look up
// the domain that follows; the page reads it back (wasm/ui).
const GuideLookupPage = "extension/popup.html#lookup="

// lookupDomain reports whether d can follow GuideLookupPage as it is: a
// domain name of letters (any script: 例子.中国 is asked in its ASCII form
// by the page), digits, dots and hyphens, with a dot; nothing that could
// end the fragment or change the page.
func lookupDomain(d string) bool {
	if len(d) > 253 || !strings.Contains(d, ".") || strings.HasPrefix(d, ".") || strings.HasSuffix(d, ".") {
		return false
	}
	for _, r := range d {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-') {
			return false
		}
	}
	return true
}
