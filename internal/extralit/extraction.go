package extralit

import (
	"context"
	"encoding/json"
)

// TextExtractor turns a PDF into Markdown. Metadata describes the result
// (pages, header strategy, scanned pages …) as JSON. An error of
// KindInvalid means the PDF itself cannot be read (retrying will not help).
type TextExtractor interface {
	ExtractText(ctx context.Context, pdf []byte) (markdown string, metadata json.RawMessage, err error)
}
