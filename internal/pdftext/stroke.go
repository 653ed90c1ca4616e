package pdftext

import (
	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
)

// strokedText returns the box, in top-down page space of a page of height
// h, of a text object whose glyphs are filled and then stroked (render
// mode fill+stroke, with or without clipping). Producers without a bold
// font draw bold this way; the font name and flags then say regular.
func strokedText(inst pdfium.Pdfium, obj references.FPDF_PAGEOBJECT, h float64) (rect, bool) {
	m, err := inst.FPDFTextObj_GetTextRenderMode(&requests.FPDFTextObj_GetTextRenderMode{PageObject: obj})
	if err != nil || !fillStroke(m.TextRenderMode) {
		return rect{}, false
	}
	b, err := inst.FPDFPageObj_GetBounds(&requests.FPDFPageObj_GetBounds{PageObject: obj})
	if err != nil {
		return rect{}, false
	}
	return rect{X0: float64(b.Left), X1: float64(b.Right), Y0: h - float64(b.Top), Y1: h - float64(b.Bottom)}, true
}

// fillStroke reports the render modes that fill and stroke the glyphs.
func fillStroke(m enums.FPDF_TEXT_RENDERMODE) bool {
	return m == enums.FPDF_TEXTRENDERMODE_FILL_STROKE || m == enums.FPDF_TEXTRENDERMODE_FILL_STROKE_CLIP
}

// markStrokedBold marks as bold the glyphs whose centre lies in the box of
// a fill+stroke text object.
func markStrokedBold(rp *rawPage) {
	if len(rp.Stroked) == 0 {
		return
	}
	const tol = 0.5 // points: object bounds and glyph boxes round differently
	for i := range rp.Glyphs {
		g := &rp.Glyphs[i]
		cx, cy := (g.Box.X0+g.Box.X1)/2, (g.Box.Y0+g.Box.Y1)/2
		for _, r := range rp.Stroked {
			if cx >= r.X0-tol && cx <= r.X1+tol && cy >= r.Y0-tol && cy <= r.Y1+tol {
				g.Bold = true
				break
			}
		}
	}
}
