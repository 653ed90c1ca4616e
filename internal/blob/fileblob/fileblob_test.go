package fileblob_test

import (
	"testing"

	"github.com/extralit/extralit-go/internal/blob"
	"github.com/extralit/extralit-go/internal/blob/blobtest"
	"github.com/extralit/extralit-go/internal/blob/fileblob"
)

func TestConformance(t *testing.T) {
	blobtest.Run(t, func(t *testing.T) blob.Store {
		t.Helper()
		return open(t, t.TempDir())
	})
}

// open returns a Store on dir, closed when the test ends.
func open(t *testing.T, dir string) *fileblob.Store {
	t.Helper()
	s, err := fileblob.New(dir)
	if err != nil {
		t.Fatalf("New(%q): %v", dir, err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func BenchmarkStore(b *testing.B) {
	blobtest.Benchmark(b, func(b *testing.B) blob.Store {
		s, err := fileblob.New(b.TempDir())
		if err != nil {
			b.Fatalf("New: %v", err)
		}
		return s
	})
}
