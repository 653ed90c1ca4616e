package pdftext

import (
	"fmt"
	"math"
)

// HeaderMode selects where Markdown header levels come from.
type HeaderMode string

// Header modes accepted by Options.Headers.
const (
	// HeadersAuto uses the outline when the PDF has one, else font sizes.
	HeadersAuto HeaderMode = "auto"
	// HeadersOutline uses the outline (bookmarks) only; a PDF without one
	// gets no size-based headers, only bold lines as headings.
	HeadersOutline HeaderMode = "outline"
	// HeadersFont ignores the outline and derives levels from font sizes.
	HeadersFont HeaderMode = "font"
)

// ParseHeaderMode returns the HeaderMode named by s ("" means auto).
func ParseHeaderMode(s string) (HeaderMode, error) {
	switch HeaderMode(s) {
	case "", HeadersAuto:
		return HeadersAuto, nil
	case HeadersOutline, HeadersFont:
		return HeaderMode(s), nil
	}
	return "", fmt.Errorf("%w: headers mode %q is not one of auto, outline, font", ErrInvalidOptions, s)
}

// Margins are the widths, in PDF points, of the page borders whose text is
// ignored (running headers, footers and line numbers live there).
type Margins struct {
	Left   float64 `json:"left"`
	Top    float64 `json:"top"`
	Right  float64 `json:"right"`
	Bottom float64 `json:"bottom"`
}

// DefaultMargins are the margins used when Options.Margins is nil: the
// same (0, 50, 0, 30) points as the reference extractor.
var DefaultMargins = Margins{Left: 0, Top: 50, Right: 0, Bottom: 30}

// Options control one extraction. The zero value is valid and means the
// defaults.
type Options struct {
	// Margins to cut; nil means DefaultMargins.
	Margins *Margins
	// Password opens encrypted documents; empty means none.
	Password string
	// Headers selects the header strategy; empty means HeadersAuto.
	Headers HeaderMode
	// MaxPages stops after this many pages when positive.
	MaxPages int
}

// margins returns the effective margins after validation.
func (o Options) margins() (Margins, error) {
	if o.Margins == nil {
		return DefaultMargins, nil
	}
	m := *o.Margins
	for _, v := range []float64{m.Left, m.Top, m.Right, m.Bottom} {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return m, fmt.Errorf("%w: margins must be finite and not negative, got %+v", ErrInvalidOptions, m)
		}
	}
	return m, nil
}
