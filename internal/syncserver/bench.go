package syncserver

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"sort"
	"time"
)

// OpStats are the figures of one kind of request.
type OpStats struct {
	N      int           // requests made
	RPS    float64       // requests per second, back to back
	P50    time.Duration // median latency
	P99    time.Duration // 99th percentile latency
	Mean   time.Duration
	Errors int
}

// BenchResult is what Bench measured for one vault size.
type BenchResult struct {
	BlobBytes int
	Get       OpStats // GET of the whole vault
	Put       OpStats // PUT If-Match of a new vault of the same size
}

func (r BenchResult) String() string {
	f := func(name string, s OpStats) string {
		return fmt.Sprintf("%-4s n=%d  %.0f req/s  p50 %.1f ms  p99 %.1f ms  errors %d", name, s.N, s.RPS,
			float64(s.P50.Microseconds())/1000, float64(s.P99.Microseconds())/1000, s.Errors)
	}
	return fmt.Sprintf("vault of %d bytes:\n  %s\n  %s", r.BlobBytes, f("GET", r.Get), f("PUT", r.Put))
}

// Blob sizes of a ledger's ciphertext, for Bench.
const (
	Blob100Entries   = 8 << 10   // about 8 KB: 100 entries
	Blob10000Entries = 700 << 10 // about 700 KB: 10,000 entries
)

// Bench creates a vault of blobBytes random bytes on the server at url,
// then makes n GETs and n PUT If-Match back to back from one client, and
// deletes the vault. The server's rate limits must allow 2n+2 requests a
// minute on one vault (start it with RATE_VAULT_PER_MIN and RATE_IP_PER_MIN
// "0" to turn them off).
func Bench(ctx context.Context, url string, blobBytes, n int) (BenchResult, error) {
	res := BenchResult{BlobBytes: blobBytes}
	c := &Client{BaseURL: url, HTTP: &http.Client{Timeout: 30 * time.Second}, Enroll: TestEnrollToken}
	id, secret := NewID(), NewSecret()
	blob := make([]byte, blobBytes)
	_, _ = rand.Read(blob)
	version, err := c.Create(ctx, id, secret, blob)
	if err != nil {
		return res, err
	}
	defer c.Delete(context.WithoutCancel(ctx), id, secret, 0)

	// Warm up: the first requests compile and cache.
	for i := 0; i < 3; i++ {
		if _, _, err := c.Get(ctx, id, secret); err != nil {
			return res, err
		}
	}
	var firstErr error
	res.Get = measure(n, func() error {
		data, _, err := c.Get(ctx, id, secret)
		if err == nil && len(data) != blobBytes {
			err = fmt.Errorf("GET returned %d bytes, want %d", len(data), blobBytes)
		}
		if err != nil && firstErr == nil {
			firstErr = err
		}
		return err
	})
	res.Put = measure(n, func() error {
		blob[0]++
		v, err := c.Replace(ctx, id, secret, version, blob)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			return err
		}
		version = v
		return nil
	})
	if ctx.Err() != nil {
		return res, ctx.Err()
	}
	if firstErr != nil {
		return res, fmt.Errorf("bench: %d GET and %d PUT errors, first: %w", res.Get.Errors, res.Put.Errors, firstErr)
	}
	return res, nil
}

func measure(n int, op func() error) OpStats {
	s := OpStats{N: n}
	lat := make([]time.Duration, 0, n)
	began := time.Now()
	for i := 0; i < n; i++ {
		t := time.Now()
		if err := op(); err != nil {
			s.Errors++
			continue
		}
		lat = append(lat, time.Since(t))
	}
	total := time.Since(began)
	if total > 0 {
		s.RPS = float64(n) / total.Seconds()
	}
	if len(lat) == 0 {
		return s
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	s.P50 = lat[len(lat)/2]
	s.P99 = lat[min(len(lat)-1, (len(lat)*99+99)/100-1)]
	var sum time.Duration
	for _, d := range lat {
		sum += d
	}
	s.Mean = sum / time.Duration(len(lat))
	return s
}
