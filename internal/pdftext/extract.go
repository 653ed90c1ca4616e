package pdftext

import (
	"bytes"
	"context"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/requests"
)

// Extract converts one PDF to Markdown. It honours ctx: when ctx is done
// the PDFium instance working on the file is killed (and replaced) and
// ctx.Err() is returned. It never panics on bad input.
func (e *Engine) Extract(ctx context.Context, pdf []byte, opts Options) (res *Result, err error) {
	start := time.Now()
	margins, err := opts.margins()
	if err != nil {
		return nil, err
	}
	mode, err := ParseHeaderMode(string(opts.Headers))
	if err != nil {
		return nil, err
	}
	if err := sniff(pdf); err != nil {
		return nil, err
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	if e.closed {
		return nil, ErrEngineClosed
	}
	inst, err := e.pool.GetInstanceWithContext(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("pdftext: get PDFium instance: %w", err)
	}
	doc, timings, err := e.read(ctx, inst, pdf, opts)
	if err != nil {
		return nil, err
	}
	t := time.Now()
	res, err = safeRender(doc, margins, mode)
	if err != nil {
		return nil, err
	}
	res.Metadata.Timings = timings
	res.Metadata.Timings.Layout = ms(time.Since(t))
	res.Metadata.Timings.Total = ms(time.Since(start))
	return res, nil
}

// read runs all PDFium work for one document on inst, which it releases.
// The work runs in its own goroutine so that the caller gets ctx.Err() as
// soon as ctx ends; the instance is then killed (and later replaced by the
// pool), which stops the work at its next call into PDFium. A panic inside
// go-pdfium becomes ErrInternal.
func (e *Engine) read(ctx context.Context, inst pdfium.Pdfium, pdf []byte, opts Options) (*document, Timings, error) {
	type outcome struct {
		doc *document
		tm  Timings
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		var o outcome
		defer func() {
			if r := recover(); r != nil {
				o = outcome{err: fmt.Errorf("%w: %v\n%s", ErrInternal, r, debug.Stack())}
			}
			done <- o
		}()
		o.doc, o.tm, o.err = readAll(ctx, inst, pdf, opts)
	}()
	select {
	case o := <-done:
		_ = inst.Close()
		return o.doc, o.tm, o.err
	case <-ctx.Done():
		_ = inst.Kill()
		return nil, Timings{}, ctx.Err()
	}
}

// readAll opens the document and reads its pages.
func readAll(ctx context.Context, inst pdfium.Pdfium, pdf []byte, opts Options) (*document, Timings, error) {
	var tm Timings
	t := time.Now()
	ref, err := openDocument(inst, pdf, opts.Password)
	if err != nil {
		return nil, tm, err
	}
	defer inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: ref})
	tm.Open = ms(time.Since(t))
	t = time.Now()
	doc, err := readDocument(ctx, inst, ref, opts.MaxPages)
	if err != nil {
		if ctx.Err() != nil {
			return nil, tm, ctx.Err()
		}
		return nil, tm, err
	}
	tm.Read = ms(time.Since(t))
	if enc, err := inst.FPDF_GetSecurityHandlerRevision(&requests.FPDF_GetSecurityHandlerRevision{Document: ref}); err == nil {
		doc.Encrypted = enc.SecurityHandlerRevision > 0
	}
	return doc, tm, nil
}

// safeRender lays out the document; a bug in the layout code on an odd
// page becomes ErrInternal instead of a crash of the whole program.
func safeRender(doc *document, m Margins, mode HeaderMode) (res *Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("%w: layout: %v\n%s", ErrInternal, r, debug.Stack())
		}
	}()
	return render(doc, m, mode), nil
}

// sniff rejects inputs that cannot be a PDF before PDFium sees them.
func sniff(pdf []byte) error {
	if len(pdf) == 0 {
		return ErrEmpty
	}
	head := pdf
	if len(head) > 1024 {
		head = head[:1024]
	}
	if !bytes.Contains(head, []byte("%PDF-")) {
		return fmt.Errorf("%w: no %%PDF- header in the first %d bytes", ErrNotPDF, len(head))
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
