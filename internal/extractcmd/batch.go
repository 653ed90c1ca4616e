package extractcmd

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/extralit/extralit-go/internal/pdftext"
)

// outcome is the result of converting one file in a batch.
type outcome struct {
	file  string
	pages int
	err   error
}

// convertAll converts files with a fixed number of goroutines, each
// owning one engine call at a time; it returns an error if any file failed.
func convertAll(ctx context.Context, eng *pdftext.Engine, files []string, opts pdftext.Options, f flags, workers int, stderr io.Writer) error {
	start := time.Now()
	jobs := make(chan string)
	results := make(chan outcome)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for file := range jobs {
				results <- convertOne(ctx, eng, file, opts, f)
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, file := range files {
			select {
			case jobs <- file:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	tty := isTerminal(stderr)
	var failed []outcome
	done, pages := 0, 0
	for r := range results {
		done++
		pages += r.pages
		if r.err != nil {
			failed = append(failed, r)
			if tty {
				fmt.Fprint(stderr, "\r\033[K")
			}
			fmt.Fprintf(stderr, "%s: %v\n", r.file, r.err)
		}
		if tty {
			fmt.Fprintf(stderr, "\r\033[K%s", progressBar(done, len(files), 30))
		}
	}
	if tty {
		fmt.Fprintln(stderr)
	}
	secs := time.Since(start).Seconds()
	fmt.Fprintf(stderr, "converted %d of %d files (%d pages) in %.1fs, %.1f pages/s; %d failed\n",
		done-len(failed), len(files), pages, secs, float64(pages)/max(secs, 1e-9), len(failed))
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d of %d files failed", len(failed), len(files))
	}
	return nil
}

func progressBar(done, total, width int) string {
	n := done * width / max(total, 1)
	return fmt.Sprintf("[%s%s] %d/%d", strings.Repeat("#", n), strings.Repeat(".", width-n), done, total)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// convertOne converts a file and writes OUT/<name>.md (and .json).
func convertOne(ctx context.Context, eng *pdftext.Engine, file string, opts pdftext.Options, f flags) outcome {
	o := outcome{file: file}
	data, err := os.ReadFile(file)
	if err != nil {
		o.err = err
		return o
	}
	fctx, cancel := f.fileContext(ctx)
	defer cancel()
	res, err := eng.Extract(fctx, data, opts)
	if err != nil {
		o.err = err
		return o
	}
	o.pages = res.Metadata.Pages
	base := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	if err := os.WriteFile(filepath.Join(f.out, base+".md"), []byte(res.Markdown), 0o644); err != nil {
		o.err = err
		return o
	}
	if f.json {
		j, err := json.MarshalIndent(res.Metadata, "", "  ")
		if err != nil {
			o.err = err
			return o
		}
		if err := os.WriteFile(filepath.Join(f.out, base+".json"), append(j, '\n'), 0o644); err != nil {
			o.err = err
		}
	}
	return o
}
