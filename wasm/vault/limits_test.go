//go:build !js

package vault

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// A vault gone from the server (deleted from another browser, or expired)
// is reported: the server keeps its id as a tombstone, so it cannot be made
// again under that id (before issue 12 a round made it again).
func TestNormalRoundOnMissingVaultIsGone(t *testing.T) {
	s := newMemServer()
	k := testKeys(11)
	a := newBrowser(t, "a", s, k)
	a.add("a", "one")
	a.mustSync(Create)
	s.mu.Lock()
	delete(s.vaults, k.VaultID)
	s.mu.Unlock()
	if _, err := a.sync(Normal); CodeOf(err) != "gone" {
		t.Fatalf("round on a deleted vault: %v, want gone", err)
	}
	if len(s.vaults) != 0 {
		t.Fatal("the round made the vault again")
	}
}

// enrollCheck answers like a server that wants an enrollment token.
type enrollCheck struct{ got *[]Request }

func (e enrollCheck) Do(r Request) (Response, error) {
	*e.got = append(*e.got, r)
	switch {
	case r.Method == "GET":
		return Response{Status: 404}, nil
	case r.Enroll != "operator-token-123456789":
		return Response{Status: 403}, nil
	}
	return Response{Status: 201, Version: 1}, nil
}

func TestCreateSendsEnrollmentToken(t *testing.T) {
	k := testKeys(12)
	var got []Request
	c := &Client{Keys: k, Crypto: Native{}, Transport: enrollCheck{&got}}
	if _, err := c.Round(nil, State{}, Create); CodeOf(err) != "enrollment" {
		t.Fatalf("without the token: %v, want enrollment", err)
	}
	c.Enroll = "operator-token-123456789"
	got = nil
	if out, err := c.Round(nil, State{}, Create); err != nil || !out.Created {
		t.Fatalf("with the token: %+v %v", out, err)
	}
	if got[0].Enroll != "" {
		t.Error("the token was sent with a GET")
	}
	found := false
	for _, h := range got[1].Headers(k) {
		found = found || h == [2]string{EnrollHeader, "operator-token-123456789"}
	}
	if !found {
		t.Errorf("the create's headers lack the token: %v", got[1].Headers(k))
	}
}

// Finding 11: a server that answers without end is read up to MaxResponse.
func TestTransportCapsTheAnswer(t *testing.T) {
	chunk := make([]byte, 64<<10)
	var sent atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"1"`)
		for sent.Load() < 64<<20 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
			sent.Add(int64(len(chunk)))
		}
	}))
	defer srv.Close()
	k := testKeys(13)
	c := &Client{Keys: k, Crypto: Native{}, Transport: HTTP{Server: srv.URL, Keys: k}}
	if _, err := c.Round(nil, State{}, Normal); CodeOf(err) != "huge_answer" {
		t.Fatalf("an endless answer: %v, want huge_answer", err)
	}
	if sent.Load() >= 64<<20 {
		t.Errorf("the whole 64 MiB answer was read")
	}
}
