package service_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/extralit/extralit-go/internal/store/storetest"
)

// BenchmarkImport imports 2,000 new records per iteration from each
// format on SQLite: in the index-owning process (direct indexing), and as
// a worker whose writes the owner applies from the outbox (the import
// returns once they are indexed).
func BenchmarkImport(b *testing.B) {
	const rows = 2000
	for _, c := range []struct{ name, format string }{{"jsonl", "jsonl"}, {"csv", "csv"}, {"jsonl-outbox", "jsonl"}} {
		format := c.format
		b.Run(c.name, func(b *testing.B) {
			p := newOutboxPair(b, storetest.SQLiteURL(b))
			s := p.server
			if c.name == "jsonl-outbox" {
				s = p.worker
				ctx, stop := context.WithCancel(context.Background())
				done := make(chan struct{})
				go func() { defer close(done); p.server.RunOutbox(ctx, 20*time.Millisecond, nil) }()
				defer func() { stop(); <-done }()
			}
			bl := withBlobs(b, p)
			d := newLabDataset(b, p, "bench-"+format)
			n := 0
			for b.Loop() {
				var sb strings.Builder
				if format == "csv" {
					sb.WriteString("external_id,text,metadata.year,label.suggestion\n")
				}
				for i := range rows {
					n++
					if format == "csv" {
						fmt.Fprintf(&sb, "r%d,\"record %d about mosquito nets and malaria\",%d,yes\n", n, i, 2000+i%20)
					} else {
						fmt.Fprintf(&sb, `{"external_id": "r%d", "text": "record %d about mosquito nets and malaria", "year": %d, "label": "yes"}`+"\n", n, i, 2000+i%20)
					}
				}
				if _, err := importFile(b, s, bl, p.owner, d, format, []byte(sb.String()), nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
		})
	}
}
