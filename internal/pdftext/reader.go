package pdftext

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	pdfiumerr "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/responses"
)

// rect is an axis-aligned box in page space with y growing downwards.
type rect struct{ X0, Y0, X1, Y1 float64 }

func (r rect) w() float64 { return r.X1 - r.X0 }
func (r rect) h() float64 { return r.Y1 - r.Y0 }

// glyph is one character as PDFium reports it, in top-down page space.
type glyph struct {
	R         rune
	Box       rect
	Size      float64
	Font      string
	Bold      bool
	Italic    bool
	SmallCaps bool
	Angle     float64
}

// rawPage is everything read from PDFium for one page.
type rawPage struct {
	Number int // 1-based
	W, H   float64
	Glyphs []glyph
	Images []rect
	Paths  []rect
	// Stroked are the boxes of text objects drawn with fill and stroke
	// (render mode 2 or 6), the way many producers fake a bold face.
	Stroked []rect
}

// OutlineEntry is one entry of the document outline (bookmarks),
// flattened in document order.
type OutlineEntry struct {
	// Level is the 1-based depth in the outline tree.
	Level int `json:"level"`
	// Title is the bookmark text with white space normalised.
	Title string `json:"title"`
	// Page is the 1-based destination page; 0 when it has none.
	Page int `json:"page"`
}

// document is what reading a PDF produces before layout.
type document struct {
	TotalPages int
	Pages      []rawPage
	Outline    []OutlineEntry
	Title      string
	Encrypted  bool
}

// openDocument loads pdf into inst and maps PDFium's errors to ours.
func openDocument(inst pdfium.Pdfium, pdf []byte, password string) (references.FPDF_DOCUMENT, error) {
	req := &requests.OpenDocument{File: &pdf}
	if password != "" {
		req.Password = &password
	}
	doc, err := inst.OpenDocument(req)
	if err != nil {
		switch {
		case errors.Is(err, pdfiumerr.ErrPassword) && password == "":
			return "", ErrPasswordRequired
		case errors.Is(err, pdfiumerr.ErrPassword):
			return "", ErrWrongPassword
		case errors.Is(err, pdfiumerr.ErrFormat), errors.Is(err, pdfiumerr.ErrFile):
			return "", fmt.Errorf("%w: %v", ErrMalformed, err)
		case errors.Is(err, pdfiumerr.ErrSecurity):
			return "", fmt.Errorf("%w: unsupported encryption: %v", ErrMalformed, err)
		}
		return "", fmt.Errorf("%w: open document: %v", ErrMalformed, err)
	}
	return doc.Document, nil
}

// readDocument reads pages [0, maxPages) plus the outline and title.
func readDocument(ctx context.Context, inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, maxPages int) (*document, error) {
	pc, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc})
	if err != nil {
		return nil, fmt.Errorf("%w: count pages: %v", ErrMalformed, err)
	}
	if pc.PageCount == 0 {
		return nil, ErrNoPages
	}
	d := &document{TotalPages: pc.PageCount}
	n := pc.PageCount
	if maxPages > 0 && maxPages < n {
		n = maxPages
	}
	if bm, err := inst.GetBookmarks(&requests.GetBookmarks{Document: doc}); err == nil {
		flattenOutline(bm.Bookmarks, 1, &d.Outline)
	}
	if md, err := inst.GetMetaData(&requests.GetMetaData{Document: doc, Tags: &[]string{"Title"}}); err == nil && len(md.Tags) > 0 {
		d.Title = strings.TrimSpace(md.Tags[0].Value)
	}
	for i := 0; i < n; i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p, err := readPage(inst, doc, i)
		if err != nil {
			return nil, fmt.Errorf("page %d: %w", i+1, err)
		}
		d.Pages = append(d.Pages, p)
	}
	return d, nil
}

func flattenOutline(bms []responses.GetBookmarksBookmark, level int, out *[]OutlineEntry) {
	if level > 16 {
		return // guards against absurdly deep (or cyclic) outlines
	}
	for _, b := range bms {
		e := OutlineEntry{Level: level, Title: cleanTitle(b.Title)}
		switch {
		case b.DestInfo != nil:
			e.Page = b.DestInfo.PageIndex + 1
		case b.ActionInfo != nil && b.ActionInfo.DestInfo != nil:
			e.Page = b.ActionInfo.DestInfo.PageIndex + 1
		}
		if e.Title != "" {
			*out = append(*out, e)
		}
		flattenOutline(b.Children, level+1, out)
	}
}

func cleanTitle(s string) string {
	return strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if r < 0x20 {
			return ' '
		}
		return r
	}, s)), " ")
}

// readPage reads the characters and drawn objects of page index i.
func readPage(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, i int) (rawPage, error) {
	rp := rawPage{Number: i + 1}
	lp, err := inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc, Index: i})
	if err != nil {
		return rp, fmt.Errorf("%w: load page: %v", ErrMalformed, err)
	}
	defer inst.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: lp.Page})
	page := requests.Page{ByReference: &lp.Page}
	sz, err := inst.GetPageSize(&requests.GetPageSize{Page: page})
	if err != nil {
		return rp, fmt.Errorf("%w: page size: %v", ErrMalformed, err)
	}
	rp.W, rp.H = sz.Width, sz.Height
	txt, err := inst.GetPageTextStructured(&requests.GetPageTextStructured{
		Page: page, Mode: requests.GetPageTextStructuredModeChars, CollectFontInformation: true,
	})
	if err != nil {
		return rp, fmt.Errorf("%w: read text: %v", ErrMalformed, err)
	}
	rp.Glyphs = make([]glyph, 0, len(txt.Chars))
	for _, c := range txt.Chars {
		r := []rune(c.Text)
		if len(r) != 1 {
			continue
		}
		g := glyph{R: r[0], Box: rect{
			X0: c.PointPosition.Left, X1: c.PointPosition.Right,
			Y0: rp.H - c.PointPosition.Top, Y1: rp.H - c.PointPosition.Bottom,
		}, Angle: c.Angle}
		if fi := c.FontInformation; fi != nil {
			g.Size = fi.RenderedSize
			if g.Size <= 0 {
				g.Size = fi.Size
			}
			g.Font = fi.Name
			g.Bold, g.Italic = fontStyle(fi.Name, fi.Flags)
			g.SmallCaps = smallCaps(fi.Name, fi.Flags)
		}
		rp.Glyphs = append(rp.Glyphs, g)
	}
	readObjects(inst, page, &rp)
	markStrokedBold(&rp)
	return rp, nil
}

// readObjects collects image and path boxes of the page, descending one
// level into form XObjects (common in stamped conference PDFs).
func readObjects(inst pdfium.Pdfium, page requests.Page, rp *rawPage) {
	cnt, err := inst.FPDFPage_CountObjects(&requests.FPDFPage_CountObjects{Page: page})
	if err != nil {
		return
	}
	for k := 0; k < cnt.Count; k++ {
		o, err := inst.FPDFPage_GetObject(&requests.FPDFPage_GetObject{Page: page, Index: k})
		if err != nil {
			continue
		}
		addObject(inst, o.PageObject, rp, 0)
	}
}

func addObject(inst pdfium.Pdfium, obj references.FPDF_PAGEOBJECT, rp *rawPage, depth int) {
	t, err := inst.FPDFPageObj_GetType(&requests.FPDFPageObj_GetType{PageObject: obj})
	if err != nil {
		return
	}
	switch t.Type {
	case enums.FPDF_PAGEOBJ_TEXT:
		if r, ok := strokedText(inst, obj, rp.H); ok {
			rp.Stroked = append(rp.Stroked, r)
		}
	case enums.FPDF_PAGEOBJ_IMAGE, enums.FPDF_PAGEOBJ_PATH:
		b, err := inst.FPDFPageObj_GetBounds(&requests.FPDFPageObj_GetBounds{PageObject: obj})
		if err != nil {
			return
		}
		r := rect{X0: float64(b.Left), X1: float64(b.Right), Y0: rp.H - float64(b.Top), Y1: rp.H - float64(b.Bottom)}
		if t.Type == enums.FPDF_PAGEOBJ_IMAGE {
			rp.Images = append(rp.Images, r)
		} else {
			rp.Paths = append(rp.Paths, r)
		}
	case enums.FPDF_PAGEOBJ_FORM:
		if depth > 0 {
			return
		}
		// Children of a form report bounds in the form's space; only forms
		// with an identity matrix (the usual page stamping case) are
		// descended, others are kept whole as one drawing.
		m, err := inst.FPDFPageObj_GetMatrix(&requests.FPDFPageObj_GetMatrix{PageObject: obj})
		if err != nil || m.Matrix.A != 1 || m.Matrix.D != 1 || m.Matrix.B != 0 || m.Matrix.C != 0 || m.Matrix.E != 0 || m.Matrix.F != 0 {
			return
		}
		cnt, err := inst.FPDFFormObj_CountObjects(&requests.FPDFFormObj_CountObjects{PageObject: obj})
		if err != nil {
			return
		}
		for k := 0; k < cnt.Count; k++ {
			c, err := inst.FPDFFormObj_GetObject(&requests.FPDFFormObj_GetObject{PageObject: obj, Index: uint64(k)})
			if err != nil {
				continue
			}
			addObject(inst, c.PageObject, rp, depth+1)
		}
	}
}

// fontStyle guesses bold and italic from the font name and descriptor
// flags; PDFium's weight is unreliable for subset fonts, so it is not used.
func fontStyle(name string, flags int) (bold, italic bool) {
	const flagItalic, flagForceBold = 1 << 6, 1 << 18
	n := strings.ToLower(name)
	if i := strings.IndexByte(n, '+'); i >= 0 {
		n = n[i+1:]
	}
	bold = flags&flagForceBold != 0
	// "-Medi" is Nimbus' bold (NimbusRomNo9L-Medi); "Medium" in other
	// families (StoneSerifStd-Medium) is a text weight, so it is not bold.
	if strings.HasSuffix(n, "-medi") || strings.HasSuffix(n, "-mediital") {
		bold = true
	}
	for _, k := range []string{"bold", "black", "heavy", "semibold", "demi", "cmbx", "cmb10", "cmssbx", ",b", "-bd", "bdit"} {
		if strings.Contains(n, k) {
			bold = true
		}
	}
	if strings.HasSuffix(n, "-b") || strings.HasSuffix(n, ".b") || strings.HasSuffix(n, ".bi") {
		bold = true
	}
	// Linux Libertine / Biolinum (ACM templates): LinLibertineTB, …TZI.
	if strings.HasPrefix(n, "linlibertine") || strings.HasPrefix(n, "linbiolinum") {
		suf := strings.TrimPrefix(strings.TrimPrefix(n, "linlibertine"), "linbiolinum")
		bold = bold || strings.ContainsAny(suf, "bz")
		italic = strings.HasSuffix(suf, "i") || strings.HasSuffix(suf, "o")
	}
	italic = italic || flags&flagItalic != 0 || strings.HasSuffix(n, ".i") || strings.HasSuffix(n, ".bi")
	// cmmi (math italic) is left out on purpose: single math letters are
	// not emphasis.
	if strings.HasSuffix(n, "ital") {
		italic = true
	}
	for _, k := range []string{"italic", "oblique", "-ital", "cmti", "cmsl", ",i", "-it", "bdit"} {
		if strings.Contains(n, k) {
			italic = true
		}
	}
	return bold, italic
}

// smallCaps reports a small-capitals font (TeX's cmcsc, "SmallCaps" or
// "SC" names, or the descriptor flag).
func smallCaps(name string, flags int) bool {
	const flagSmallCap = 1 << 17
	n := strings.ToLower(name)
	return flags&flagSmallCap != 0 || strings.Contains(n, "cmcsc") || strings.Contains(n, "smallcap") || strings.HasSuffix(n, "-sc") || strings.HasSuffix(n, "sc10")
}
