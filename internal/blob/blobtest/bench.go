package blobtest

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/extralit/extralit-go/internal/blob"
)

// Benchmark measures Put, Get and Stat on a backend, with objects of 64 KiB
// (a page image, a Markdown file) and 8 MiB (a large PDF). newStore must
// return an empty store; the benchmark closes it.
func Benchmark(b *testing.B, newStore func(b *testing.B) blob.Store) {
	for _, size := range []int{64 << 10, 8 << 20} {
		data := content(uint64(size), size)
		name := fmt.Sprintf("%dKiB", size>>10)
		b.Run("Put/"+name, func(b *testing.B) {
			s := newStore(b)
			defer s.Close()
			b.SetBytes(int64(size))
			i := 0
			for b.Loop() {
				key := fmt.Sprintf("bench/put/%d", i%16)
				if _, err := s.Put(b.Context(), key, bytes.NewReader(data), int64(size), blob.PutOptions{ContentType: "application/pdf"}); err != nil {
					b.Fatalf("Put: %v", err)
				}
				i++
			}
		})
		b.Run("Get/"+name, func(b *testing.B) {
			s := newStore(b)
			defer s.Close()
			if _, err := s.Put(b.Context(), "bench/get", bytes.NewReader(data), int64(size), blob.PutOptions{}); err != nil {
				b.Fatalf("Put: %v", err)
			}
			b.SetBytes(int64(size))
			for b.Loop() {
				rc, _, err := s.Get(b.Context(), "bench/get")
				if err != nil {
					b.Fatalf("Get: %v", err)
				}
				n, err := io.Copy(io.Discard, rc)
				rc.Close()
				if err != nil || n != int64(size) {
					b.Fatalf("Get read %d bytes, %v; want %d", n, err, size)
				}
			}
		})
	}
	b.Run("Stat", func(b *testing.B) {
		s := newStore(b)
		defer s.Close()
		if _, err := s.Put(b.Context(), "bench/stat", bytes.NewReader([]byte("x")), 1, blob.PutOptions{Metadata: map[string]string{"k": "v"}}); err != nil {
			b.Fatalf("Put: %v", err)
		}
		for b.Loop() {
			if _, err := s.Stat(b.Context(), "bench/stat"); err != nil {
				b.Fatalf("Stat: %v", err)
			}
		}
	})
}
