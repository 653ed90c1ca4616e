// Package extractcmd implements the "extralit extract" command: offline
// PDF to Markdown conversion with the pdftext engine.
package extractcmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/extralit/extralit-go/internal/pdftext"
)

// flags holds the command's options.
type flags struct {
	out      string
	workers  int
	json     bool
	margins  string
	password string
	headers  string
	cacheDir string
	maxPages int
	timeout  time.Duration
}

// Command returns the "extract" command.
func Command() *cobra.Command {
	var f flags
	cmd := &cobra.Command{
		Use:   "extract FILE.pdf|DIR ... [-o OUT/]",
		Short: "Convert PDFs to hierarchical Markdown (offline)",
		Long: `Convert PDFs to hierarchical Markdown, offline and without a server.

With one file and no -o, the Markdown is printed to stdout; with --json the
metadata JSON is printed instead of the Markdown.

With several files, a directory (its *.pdf files) or -o OUT/, every PDF is
converted in parallel (--workers) to OUT/<name>.md, plus OUT/<name>.json
with --json. Progress goes to stderr. A file that fails is reported as
"file: reason" and does not stop the others; the exit code is 1 if any
file failed.

Markdown conventions: "<!-- page N -->" starts each page; headings come
from the outline when the PDF has one (--headers auto), else from font
sizes and short bold lines; superscripts are written as word^1; a page
without a text layer says so in a quoted line.`,
		Args:          cobra.MinimumNArgs(1),
		SilenceUsage:  true,
		SilenceErrors: false,
		RunE: func(cmd *cobra.Command, args []string) error {
			return run(cmd.Context(), f, args, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.out, "output", "o", "", "output directory for <name>.md (and <name>.json)")
	fl.IntVar(&f.workers, "workers", runtime.NumCPU(), "number of files converted at the same time")
	fl.BoolVar(&f.json, "json", false, "also write metadata JSON (single file to stdout: the JSON instead of the Markdown)")
	fl.StringVar(&f.margins, "margins", "0,50,0,30", "page margins to cut in points: left,top,right,bottom")
	fl.StringVar(&f.password, "password", "", "password for encrypted PDFs")
	fl.StringVar(&f.headers, "headers", "auto", "header levels from: auto (outline if present, else fonts), outline, font")
	fl.StringVar(&f.cacheDir, "cache-dir", defaultCacheDir(), "wazero compilation cache (empty disables it)")
	fl.IntVar(&f.maxPages, "max-pages", 0, "convert at most this many pages per file (0 = all)")
	fl.DurationVar(&f.timeout, "timeout", 0, "give up on a file after this long, e.g. 2m (0 = no limit)")
	return cmd
}

// defaultCacheDir is $EXTRALIT_HOME_PATH/cache/wazero, home ~/.extralit.
func defaultCacheDir() string {
	home := os.Getenv("EXTRALIT_HOME_PATH")
	if home == "" {
		h, err := os.UserHomeDir()
		if err != nil {
			return ""
		}
		home = filepath.Join(h, ".extralit")
	}
	return filepath.Join(home, "cache", "wazero")
}

// parseMargins reads "l,t,r,b" in points.
func parseMargins(s string) (pdftext.Margins, error) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 {
		return pdftext.Margins{}, fmt.Errorf("--margins %q: want four numbers left,top,right,bottom", s)
	}
	var v [4]float64
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || x < 0 {
			return pdftext.Margins{}, fmt.Errorf("--margins %q: %q is not a non-negative number", s, p)
		}
		v[i] = x
	}
	return pdftext.Margins{Left: v[0], Top: v[1], Right: v[2], Bottom: v[3]}, nil
}

func (f flags) options() (pdftext.Options, error) {
	m, err := parseMargins(f.margins)
	if err != nil {
		return pdftext.Options{}, err
	}
	mode, err := pdftext.ParseHeaderMode(f.headers)
	if err != nil {
		return pdftext.Options{}, fmt.Errorf("--headers: %w", err)
	}
	if f.workers < 1 {
		return pdftext.Options{}, fmt.Errorf("--workers must be at least 1, got %d", f.workers)
	}
	return pdftext.Options{Margins: &m, Password: f.password, Headers: mode, MaxPages: f.maxPages}, nil
}

// inputs expands directories to their *.pdf files (sorted).
func inputs(args []string) ([]string, bool, error) {
	var files []string
	batch := len(args) > 1
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, false, fmt.Errorf("input %s: %w", a, err)
		}
		if !st.IsDir() {
			files = append(files, a)
			continue
		}
		batch = true
		m, err := filepath.Glob(filepath.Join(a, "*.pdf"))
		if err != nil {
			return nil, false, err
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		return nil, false, errors.New("no PDF files found")
	}
	return files, batch, nil
}

func run(ctx context.Context, f flags, args []string, stdout, stderr io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	opts, err := f.options()
	if err != nil {
		return err
	}
	files, batch, err := inputs(args)
	if err != nil {
		return err
	}
	if batch && f.out == "" {
		return errors.New("several inputs need -o OUT/ (an output directory)")
	}
	workers := min(f.workers, len(files))
	eng, err := pdftext.NewEngine(pdftext.EngineConfig{Workers: workers, CacheDir: f.cacheDir})
	if err != nil {
		return err
	}
	defer eng.Close()
	if f.out == "" {
		return single(ctx, eng, files[0], opts, f, stdout)
	}
	if err := os.MkdirAll(f.out, 0o755); err != nil {
		return fmt.Errorf("create output dir: %w", err)
	}
	return convertAll(ctx, eng, files, opts, f, workers, stderr)
}

// single converts one file to stdout.
func single(ctx context.Context, eng *pdftext.Engine, file string, opts pdftext.Options, f flags, stdout io.Writer) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	ctx, cancel := f.fileContext(ctx)
	defer cancel()
	res, err := eng.Extract(ctx, data, opts)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	if f.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res.Metadata)
	}
	_, err = io.WriteString(stdout, res.Markdown)
	return err
}

// fileContext bounds one file's conversion by --timeout.
func (f flags) fileContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if f.timeout > 0 {
		return context.WithTimeout(ctx, f.timeout)
	}
	return context.WithCancel(ctx)
}
