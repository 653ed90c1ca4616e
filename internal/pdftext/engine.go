package pdftext

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// EngineConfig configures an Engine.
type EngineConfig struct {
	// Workers is the number of PDFium instances, that is the number of
	// documents converted at the same time. Zero means runtime.NumCPU().
	Workers int
	// CacheDir holds wazero's compiled-module cache, which cuts engine start
	// from seconds to a tenth of a second. Empty means no cache.
	CacheDir string
}

// Engine converts PDFs to Markdown with a pool of PDFium instances running
// on WebAssembly. Create one per process; it is safe for concurrent use.
type Engine struct {
	pool    pdfium.Pool
	cache   wazero.CompilationCache
	workers int

	mu     sync.RWMutex
	closed bool
}

// NewEngine starts the PDFium pool described by cfg.
func NewEngine(cfg EngineConfig) (*Engine, error) {
	workers := cfg.Workers
	if workers < 0 {
		return nil, fmt.Errorf("%w: workers must not be negative, got %d", ErrInvalidOptions, workers)
	}
	if workers == 0 {
		workers = runtime.NumCPU()
	}
	// Exception handling is required by the bundled PDFium build.
	// CloseOnContextDone is left off on purpose: wazero then starts a
	// goroutine per call into WebAssembly, which made extraction 3-5x
	// slower (measured with BenchmarkExtract). Cancellation is handled in
	// Extract instead: the caller returns at once and the instance is
	// killed, stopping the work at its next call into PDFium.
	rc := wazero.NewRuntimeConfig().
		WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling)
	var cache wazero.CompilationCache
	if cfg.CacheDir != "" {
		if err := os.MkdirAll(cfg.CacheDir, 0o755); err != nil {
			return nil, fmt.Errorf("pdftext: create cache dir: %w", err)
		}
		c, err := wazero.NewCompilationCacheWithDir(cfg.CacheDir)
		if err != nil {
			return nil, fmt.Errorf("pdftext: open cache dir %s: %w", cfg.CacheDir, err)
		}
		cache = c
		rc = rc.WithCompilationCache(c)
	}
	pool, err := webassembly.Init(webassembly.Config{
		MinIdle:       1,
		MaxIdle:       workers,
		MaxTotal:      workers,
		RuntimeConfig: rc,
		// Documents are passed as bytes, so PDFium gets no file system.
		FSConfig:     wazero.NewFSConfig(),
		Stdout:       io.Discard,
		Stderr:       io.Discard,
		ReuseWorkers: true,
	})
	if err != nil {
		if cache != nil {
			_ = cache.Close(context.Background())
		}
		return nil, fmt.Errorf("pdftext: start PDFium: %w", err)
	}
	return &Engine{pool: pool, cache: cache, workers: workers}, nil
}

// Workers returns the number of PDFium instances in the pool.
func (e *Engine) Workers() int { return e.workers }

// Close stops the pool. Extract calls after Close return ErrEngineClosed.
func (e *Engine) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil
	}
	e.closed = true
	err := e.pool.Close()
	if e.cache != nil {
		if cerr := e.cache.Close(context.Background()); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return fmt.Errorf("pdftext: close engine: %w", err)
	}
	return nil
}
