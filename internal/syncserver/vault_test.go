package syncserver

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"mailkey/wasm/ledger"
	"mailkey/wasm/vault"
)

// The extension's sync rounds (wasm/vault, natively: the same code the
// service worker runs, with Go's AES-GCM and DEFLATE in place of the
// browser's) against the real Worker: 8 browsers add entries at the same
// time, each retrying its round while others win the race, and every entry
// from every browser ends up in all of them.
func TestVaultRoundsAgainstWorker(t *testing.T) {
	s := Start(t, Options{Vars: map[string]string{"RATE_VAULT_PER_MIN": "0", "RATE_IP_PER_MIN": "0"}})
	server, err := vault.NormalizeServer(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	var k vault.Keys
	k.VaultID = NewID()
	for i := range k.Auth {
		k.Auth[i], k.Enc[i] = byte(i), byte(i*7+1)
	}
	client := func() *vault.Client {
		return &vault.Client{Keys: k, Crypto: vault.Native{}, Transport: vault.HTTP{Server: server, Keys: k}}
	}
	// The first browser creates the vault, with the enrollment token.
	first := client()
	first.Enroll = TestEnrollToken
	if _, err := first.Round(nil, vault.State{}, vault.Create); err != nil {
		t.Fatal(err)
	}

	const browsers, each = 8, 4
	var wg sync.WaitGroup
	errs := make(chan error, browsers)
	for b := range browsers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, local, st := client(), map[string]ledger.Entry{}, vault.State{}
			for i := range each {
				e, err := ledger.New(fmt.Sprintf("%016x%016x", b+1, i+1), "google", "ann@gmail.com",
					fmt.Sprintf("browser %d entry %d", b, i), "Thunderbird", ledger.KindAppPassword, ledger.FromManual, time.Now())
				if err != nil {
					errs <- err
					return
				}
				local[e.ID] = e
				for try := 0; ; try++ {
					list := make([]ledger.Entry, 0, len(local))
					for _, e := range local {
						list = append(list, e)
					}
					out, err := c.Round(list, st, vault.Normal)
					if vault.CodeOf(err) == "conflict" && try < 20 {
						continue // others kept winning: a new round, as the next alarm would
					}
					if err != nil {
						errs <- err
						return
					}
					for _, w := range out.Writes {
						local[w.ID] = ledger.Merge(local[w.ID], w)
					}
					st = vault.State{Version: out.Version, Digest: out.Digest}
					break
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	// A browser joining now gets every entry, once.
	out, err := client().Round(nil, vault.State{}, vault.Join)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Writes) != browsers*each {
		t.Fatalf("the vault holds %d entries, want %d", len(out.Writes), browsers*each)
	}
	// What D1 stores is ciphertext: no label is readable in its files.
	files, err := s.D1Files()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), "browser 3 entry") || strings.Contains(string(data), "ann@gmail.com") {
			t.Fatalf("%s holds a label or address in plain text", f)
		}
	}
}
