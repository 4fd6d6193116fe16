//go:build !js

package vault

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"mailkey/wasm/jsonv"
	"mailkey/wasm/ledger"
)

func testKeys(id byte) Keys {
	var k Keys
	k.VaultID = strings.Repeat(string("0123456789abcdef"[id%16]), 32)
	for i := range k.Auth {
		k.Auth[i], k.Enc[i] = id, id+1
	}
	return k
}

// browser is one browser's ledger and sync state, as the service worker
// keeps them.
type browser struct {
	t      *testing.T
	name   string
	client *Client
	state  State
	ledger map[string]ledger.Entry
}

func newBrowser(t *testing.T, name string, s *memServer, k Keys) *browser {
	return &browser{t: t, name: name, client: &Client{Keys: k, Crypto: Native{}, Transport: s.transport(k)}, ledger: map[string]ledger.Entry{}}
}

func (b *browser) entries() []ledger.Entry {
	var out []ledger.Entry
	for _, e := range b.ledger {
		out = append(out, e)
	}
	return out
}

func (b *browser) sync(mode Mode) (Outcome, error) {
	out, err := b.client.Round(b.entries(), b.state, mode)
	if err != nil {
		return out, err
	}
	for _, e := range out.Writes {
		b.ledger[e.ID] = ledger.Merge(b.ledger[e.ID], e)
	}
	b.state = State{Version: out.Version, Lineage: out.Lineage, Digest: out.Digest, Browsers: out.Browsers}
	return out, nil
}

func (b *browser) mustSync(mode Mode) Outcome {
	b.t.Helper()
	out, err := b.sync(mode)
	if err != nil {
		b.t.Fatalf("%s: sync: %v", b.name, err)
	}
	return out
}

var clock = time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)

func tick() time.Time { clock = clock.Add(time.Second); return clock }

func (b *browser) add(id, label string) ledger.Entry {
	b.t.Helper()
	e, err := ledger.New(strings.Repeat(id, 32)[:32], "gmail", "ann@gmail.com", label, "QQ Mail", ledger.KindAppPassword, ledger.FromManual, tick())
	if err != nil {
		b.t.Fatal(err)
	}
	b.ledger[e.ID] = e
	return e
}

func TestTwoBrowsersConverge(t *testing.T) {
	s := newMemServer()
	k := testKeys(1)
	a, b := newBrowser(t, "a", s, k), newBrowser(t, "b", s, k)

	if _, err := b.sync(Join); CodeOf(err) != "no_vault" {
		t.Fatalf("joining a vault that does not exist: %v, want no_vault", err)
	}
	x := a.add("a", "Thunderbird")
	if out := a.mustSync(Create); !out.Created || out.Version != 1 || out.Pushed != 1 {
		t.Fatalf("create: %+v", out)
	}
	if out := b.mustSync(Join); len(out.Writes) != 1 || out.Writes[0] != x {
		t.Fatalf("b got %+v, want the entry a added", out.Writes)
	}

	// Different entries edited in both browsers both survive.
	y := b.add("b", "Phone")
	x2, err := a.ledger[x.ID].Edit("Thunderbird at work", "", "ann@gmail.com", "", tick())
	if err != nil {
		t.Fatal(err)
	}
	a.ledger[x.ID] = x2
	b.mustSync(Normal)
	a.mustSync(Normal)
	b.mustSync(Normal)
	for _, br := range []*browser{a, b} {
		if br.ledger[x.ID].Label != "Thunderbird at work" || br.ledger[y.ID] != y {
			t.Fatalf("%s: %+v", br.name, br.ledger)
		}
	}

	// A delete in one is honoured in the other.
	del, err := b.ledger[y.ID].Delete(tick())
	if err != nil {
		t.Fatal(err)
	}
	b.ledger[y.ID] = del
	b.mustSync(Normal)
	a.mustSync(Normal)
	if a.ledger[y.ID].Deleted == 0 {
		t.Fatal("a still shows the entry b deleted")
	}
	if Digest(a.entries()) != Digest(b.entries()) {
		t.Fatal("the two ledgers differ after syncing")
	}
}

func TestUnchangedRoundOnlyAsks(t *testing.T) {
	s := newMemServer()
	a := newBrowser(t, "a", s, testKeys(2))
	a.add("a", "Outlook")
	a.mustSync(Create)
	var seen []Request
	a.client.Transport = recorder{a.client.Transport, &seen}
	out := a.mustSync(Normal)
	if len(seen) != 1 || seen[0].IfNoneMatch != `"1"` || out.Version != 1 {
		t.Fatalf("an unchanged round sent %+v", seen)
	}
}

type recorder struct {
	Transport
	seen *[]Request
}

func (r recorder) Do(q Request) (Response, error) {
	*r.seen = append(*r.seen, q)
	return r.Transport.Do(q)
}

func TestConflictRetriesAndLosesNothing(t *testing.T) {
	s := newMemServer()
	k := testKeys(3)
	a, b := newBrowser(t, "a", s, k), newBrowser(t, "b", s, k)
	a.add("a", "one")
	a.mustSync(Create)
	b.mustSync(Join)
	a.add("c", "two")
	// b writes after a has read the vault and before a replaces it.
	b.add("d", "three")
	s.before = func(r Request) {
		s.before = func(r Request) {
			if _, err := b.sync(Normal); err != nil {
				t.Error(err)
			}
		}
	}
	a.mustSync(Normal)
	// a's first fetch came before b's write: a has b's entry only if its
	// replace was refused (412) and it fetched and merged again.
	if len(a.ledger) != 3 {
		t.Fatalf("a has %d entries after its round; want 3", len(a.ledger))
	}
	b.mustSync(Normal)
	if len(a.ledger) != 3 || len(b.ledger) != 3 {
		t.Fatalf("a has %d, b has %d entries; want 3 each", len(a.ledger), len(b.ledger))
	}
}

func TestVaultThatDoesNotOpen(t *testing.T) {
	s := newMemServer()
	k := testKeys(4)
	a := newBrowser(t, "a", s, k)
	a.add("a", "one")
	a.mustSync(Create)
	a.add("b", "two")
	a.mustSync(Normal) // version 2
	v := s.vaults[k.VaultID]
	good := append([]byte(nil), v.data...)

	b := newBrowser(t, "b", s, k)
	mine := b.add("c", "mine")
	check := func(what string, mutate func()) {
		t.Helper()
		v.data = append([]byte(nil), good...)
		mutate()
		before := Digest(b.entries())
		if _, err := b.sync(Normal); CodeOf(err) != "tampered" {
			t.Fatalf("%s: %v, want tampered", what, err)
		}
		if Digest(b.entries()) != before || b.ledger[mine.ID] != mine {
			t.Fatalf("%s: the local ledger changed", what)
		}
	}
	for i := range good {
		check("byte "+strconv.Itoa(i)+" flipped", func() { v.data[i] ^= 0x20 })
	}
	check("truncated", func() { v.data = v.data[:len(v.data)-1] })
	check("empty", func() { v.data = nil })

	// A blob replayed from version 1 does not open as version 2.
	s2 := newMemServer()
	c := newBrowser(t, "c", s2, k)
	c.add("a", "one")
	c.mustSync(Create)
	old := s2.vaults[k.VaultID].data
	check("replayed from version 1", func() { v.data = append([]byte(nil), old...) })

	// A blob from another vault, even with the same key, does not open.
	other := k
	other.VaultID = strings.Repeat("e", 32)
	d := newBrowser(t, "d", s2, other)
	d.add("a", "one")
	d.mustSync(Create)
	d.add("b", "two")
	d.mustSync(Normal)
	check("swapped from another vault", func() { v.data = append([]byte(nil), s2.vaults[other.VaultID].data...) })

	// Another passphrase's key does not open it.
	wrong := k
	wrong.Enc[0] ^= 1
	v.data = good
	e := newBrowser(t, "e", s, wrong)
	if _, err := e.sync(Normal); CodeOf(err) != "tampered" {
		t.Fatalf("wrong key: %v", err)
	}
}

// A server that serves an older copy of the vault, under the version it had
// then (so it opens), is caught by a browser that has seen a newer one: the
// round fails with rolled_back and changes nothing, also in the next round,
// also for a copy sealed before vaults had a lineage. Turning sync on again
// in one browser (a join) accepts the server's copy under a new lineage,
// which the others then take as a vault made again; so is a vault deleted
// and made again.
func TestRollbackDetected(t *testing.T) {
	s := newMemServer()
	k := testKeys(6)
	a := newBrowser(t, "a", s, k)
	first := a.add("a", "one")
	a.mustSync(Create)
	v := s.vaults[k.VaultID]
	oldData, oldVersion := append([]byte(nil), v.data...), v.version
	a.add("b", "two")
	a.mustSync(Normal)
	a.add("c", "three")
	a.mustSync(Normal) // version 3
	if a.state.Version != 3 || !IsHex128(a.state.Lineage) {
		t.Fatalf("state %+v", a.state)
	}
	lineage := a.state.Lineage

	unlined, err := Seal(Native{}, k, 1, "", Encode(Contents{Entries: []ledger.Entry{first}}))
	if err != nil {
		t.Fatal(err)
	}
	mine := a.add("d", "four")
	for what, data := range map[string][]byte{"version 1": oldData, "version 1 without a lineage": unlined} {
		v.data, v.version = data, oldVersion
		for round := 0; round < 2; round++ {
			before, state := Digest(a.entries()), a.state
			if _, err := a.sync(Normal); CodeOf(err) != "rolled_back" {
				t.Fatalf("%s, round %d: %v, want rolled_back", what, round, err)
			}
			if Digest(a.entries()) != before || a.state.JSON().String() != state.JSON().String() || v.version != oldVersion || !bytes.Equal(v.data, data) {
				t.Fatalf("%s, round %d: something changed", what, round)
			}
		}
	}

	// Turned on again in another browser: the server's copy is accepted
	// under a new lineage, and a merges with it.
	v.data = oldData
	b := newBrowser(t, "b", s, k)
	if out := b.mustSync(Join); out.Lineage == lineage || !IsHex128(out.Lineage) || out.Version != 2 || len(b.ledger) != 1 {
		t.Fatalf("joining browser: %+v, %d entries", out, len(b.ledger))
	}
	a.mustSync(Normal)
	if a.state.Lineage != b.state.Lineage || a.state.Version != 3 || a.ledger[mine.ID] != mine {
		t.Fatalf("after the join: state %+v", a.state)
	}

	// Deleted and made again behind a's back (a server that keeps no
	// tombstone): a lineage that does not descend from a's is refused
	// (issue 12, finding 7: it was merged silently), whatever its version.
	if err := b.client.Delete(); err != nil {
		t.Fatal(err)
	}
	b.state = State{}
	b.add("e", "five")
	b.mustSync(Create)
	for i := 0; i < 5; i++ {
		b.add(string(rune('0'+i)), "more")
		b.mustSync(Normal) // past a's version
	}
	before := Digest(a.entries())
	if _, err := a.sync(Normal); CodeOf(err) != "rolled_back" || Digest(a.entries()) != before {
		t.Fatalf("a vault made again with a foreign lineage: %v", err)
	}
}

// Issue 12, finding 7: the lineage is bound into the seal; an older
// lineage's blob, served again after the vault moved on, is refused.
func TestOldLineageRefused(t *testing.T) {
	s := newMemServer()
	k := testKeys(9)
	a, b := newBrowser(t, "a", s, k), newBrowser(t, "b", s, k)
	a.add("a", "one")
	a.mustSync(Create)
	v := s.vaults[k.VaultID]
	l1Data, l1Version := append([]byte(nil), v.data...), v.version
	b.mustSync(Join) // lineage 2, naming lineage 1
	a.mustSync(Normal)
	if a.state.Lineage != b.state.Lineage {
		t.Fatal("a did not follow b's new lineage")
	}
	if hl := SealedLineage(v.data); hl != a.state.Lineage {
		t.Fatalf("the seal's lineage %q, the payload's %q", hl, a.state.Lineage)
	}
	// The server serves lineage 1 again, at its own version: it opens,
	// but it is older than lineage 2.
	v.data, v.version = l1Data, l1Version
	if _, err := a.sync(Normal); CodeOf(err) != "rolled_back" {
		t.Fatalf("an older lineage: %v, want rolled_back", err)
	}
	// Its header rewritten to claim lineage 2: it does not open.
	forged := append([]byte(nil), l1Data...)
	forged = append(append([]byte(magic), unhex(a.state.Lineage)...), forged[len(magicV1):]...)
	v.data = forged
	if _, err := a.sync(Normal); CodeOf(err) != "tampered" {
		t.Fatalf("a forged lineage: %v, want tampered", err)
	}
}

// Issue 12, finding 7: a server answering 304 to a question it was not
// asked froze this browser's unsent changes, which then counted as synced.
func TestNotModifiedUnaskedIsStalled(t *testing.T) {
	s := newMemServer()
	k := testKeys(10)
	a := newBrowser(t, "a", s, k)
	a.add("a", "one")
	a.mustSync(Create)
	a.mustSync(Normal) // asks If-None-Match: 304, fine
	state := a.state
	a.client.Transport = fixed{Response{Status: 304, Version: state.Version}, nil}
	a.add("b", "unsent")
	if _, err := a.sync(Normal); CodeOf(err) != "stalled" {
		t.Fatalf("304 with unsent changes: %v, want stalled", err)
	}
	if a.state.Digest != state.Digest {
		t.Fatal("the unsent change counts as synced")
	}
}

// A vault sealed before vaults had a lineage gets one at the next round,
// even when the round has nothing else to write.
func TestLineageAdded(t *testing.T) {
	s := newMemServer()
	k := testKeys(7)
	a := newBrowser(t, "a", s, k)
	e := a.add("a", "one")
	data, err := Seal(Native{}, k, 1, "", Encode(Contents{Entries: []ledger.Entry{e}}))
	if err != nil {
		t.Fatal(err)
	}
	s.vaults[k.VaultID] = &memVault{auth: k.AuthToken(), version: 1, data: data}
	a.state = State{Version: 1, Digest: Digest(a.entries())}
	out := a.mustSync(Normal)
	plain, err := Open(Native{}, k, 2, s.vaults[k.VaultID].data)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Decode(plain)
	if err != nil || out.Version != 2 || !IsHex128(c.Lineage) || out.Lineage != c.Lineage {
		t.Fatalf("outcome %+v, lineage %q, %v", out, c.Lineage, err)
	}
}

func TestUnreadableRecordsAreCarried(t *testing.T) {
	s := newMemServer()
	k := testKeys(5)
	a := newBrowser(t, "a", s, k)
	x := a.add("a", "one")
	future := jsonv.Obj(jsonv.M("v", jsonv.Int(99)), jsonv.M("id", jsonv.Str(strings.Repeat("f", 32))))
	secret := jsonv.Obj(jsonv.M("v", jsonv.Int(2)), jsonv.M("password", jsonv.Str("hunter22hunter22")))
	payload := Encode(Contents{Entries: []ledger.Entry{x}, Kept: []jsonv.Value{future, secret}})
	blob, err := Seal(Native{}, k, 1, "", payload)
	if err != nil {
		t.Fatal(err)
	}
	s.vaults[k.VaultID] = &memVault{auth: k.AuthToken(), version: 1, data: blob}

	a.add("b", "two")
	out := a.mustSync(Normal)
	if out.Dropped != 1 || out.Version != 2 {
		t.Fatalf("outcome %+v", out)
	}
	plain, err := Open(Native{}, k, 2, s.vaults[k.VaultID].data)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(plain, future.Marshal()) {
		t.Fatal("a record from a newer version was dropped from the vault")
	}
	if bytes.Contains(plain, []byte("hunter22")) {
		t.Fatal("a record with a password key was sealed again")
	}
	c, err := Decode(plain)
	if err != nil || len(c.Entries) != 2 || len(c.Kept) != 1 {
		t.Fatalf("decoded %+v, %v", c, err)
	}
}

func TestServerErrors(t *testing.T) {
	k := testKeys(6)
	for _, tc := range []struct {
		r    Response
		err  error
		code string
	}{
		{Response{Status: 401}, nil, "unauthorized"},
		{Response{Status: 429, RetryAfter: 30}, nil, "rate_limited"},
		{Response{Status: 413}, nil, "too_large"},
		{Response{Status: 500}, nil, "server"},
		{Response{Status: 404}, nil, "gone"},
		{Response{}, ErrTooLarge, "huge_answer"},
		{Response{}, errors.New("net down"), "offline"},
		{Response{Status: 200, Version: 0, Body: []byte("x")}, nil, "server"},
	} {
		c := &Client{Keys: k, Crypto: Native{}, Transport: fixed{tc.r, tc.err}}
		if _, err := c.Round(nil, State{}, Normal); CodeOf(err) != tc.code {
			t.Errorf("%+v: %v, want %s", tc.r, err, tc.code)
		}
	}
}

type fixed struct {
	r   Response
	err error
}

func (f fixed) Do(Request) (Response, error) { return f.r, f.err }

func TestInflateBomb(t *testing.T) {
	big := bytes.Repeat([]byte{'a'}, MaxPlain+1)
	packed, err := Native{}.Deflate(big)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (Native{}).Inflate(packed, MaxPlain); err != ErrTooLarge {
		t.Fatalf("inflating %d bytes: %v", len(big), err)
	}
}

type down struct{}

func (down) Do(Request) (Response, error) { return Response{}, errors.New("no route to host") }

// An edit made while the server cannot be reached stays here and is sent
// by the first round that reaches it.
func TestOfflineEditSentLater(t *testing.T) {
	s := newMemServer()
	k := testKeys(8)
	a, b := newBrowser(t, "a", s, k), newBrowser(t, "b", s, k)
	a.add("a", "one")
	a.mustSync(Create)
	b.mustSync(Join)

	online := a.client.Transport
	a.client.Transport = down{}
	x := a.add("b", "made offline")
	if _, err := a.sync(Normal); CodeOf(err) != "offline" {
		t.Fatalf("offline round: %v", err)
	}
	if a.ledger[x.ID] != x {
		t.Fatal("the offline edit is gone")
	}
	a.client.Transport = online
	if out := a.mustSync(Normal); out.Pushed != 1 {
		t.Fatalf("the round back online pushed %d entries, want 1", out.Pushed)
	}
	b.mustSync(Normal)
	if b.ledger[x.ID] != x {
		t.Fatal("the offline edit never reached b")
	}
}
