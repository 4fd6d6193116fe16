package syncserver

import (
	"context"
	"fmt"
	"testing"
)

// BenchmarkWorker measures GET and PUT If-Match against the local Worker for
// a vault of 100 and of 10,000 entries. Run it with a fixed count, e.g.
//
//	go test ./internal/syncserver/ -run '^$' -bench Worker -benchtime 200x
func BenchmarkWorker(b *testing.B) {
	s := Start(b, Options{Vars: map[string]string{"RATE_VAULT_PER_MIN": "0", "RATE_IP_PER_MIN": "0"}})
	b.Logf("wrangler dev healthy after %v", s.StartupTime)
	for _, size := range []struct {
		name  string
		bytes int
	}{{"100entries", Blob100Entries}, {"10000entries", Blob10000Entries}} {
		b.Run(size.name, func(b *testing.B) {
			r, err := Bench(context.Background(), s.URL, size.bytes, b.N)
			if err != nil {
				b.Fatal(err)
			}
			for _, op := range []struct {
				name string
				s    OpStats
			}{{"get", r.Get}, {"put", r.Put}} {
				b.ReportMetric(op.s.RPS, op.name+"-req/s")
				b.ReportMetric(float64(op.s.P50.Microseconds())/1000, op.name+"-p50-ms")
				b.ReportMetric(float64(op.s.P99.Microseconds())/1000, op.name+"-p99-ms")
			}
			b.ReportMetric(0, "ns/op")
			fmt.Println(r)
		})
	}
}
