package pdftext

// Result is the outcome of one extraction.
type Result struct {
	// Markdown is the document text; see the package documentation for the
	// conventions used.
	Markdown string `json:"markdown"`
	// Metadata describes the document and how it was converted.
	Metadata Metadata `json:"metadata"`
	// Outline is the document's outline, empty when it has none.
	Outline []OutlineEntry `json:"outline"`
}

// Metadata describes one extraction. Its JSON names follow the reference
// extractor's text-extraction metadata, plus a few fields of our own.
type Metadata struct {
	// Pages is the number of pages converted.
	Pages int `json:"pages"`
	// TotalPages is the number of pages in the document.
	TotalPages int `json:"total_pages"`
	// TOCEntries is the number of outline (bookmark) entries.
	TOCEntries int `json:"toc_entries"`
	// TOCUnmatched counts outline entries whose title was not found in the
	// page text; they are still written as headings, right after the
	// previous heading (or at the top of their destination page).
	TOCUnmatched int `json:"toc_unmatched"`
	// TOCUnmatchedWithPage counts the unmatched entries that have a page
	// destination (entries without one often name no text at all).
	TOCUnmatchedWithPage int `json:"toc_unmatched_with_page"`
	// HeadersStrategy is "toc" when header levels come from the outline and
	// "font" when they come from font sizes.
	HeadersStrategy string `json:"headers_strategy"`
	// HeaderLevelsDetected is the number of distinct header levels used.
	HeaderLevelsDetected int `json:"header_levels_detected"`
	// BodyFontSize is the most frequent font size (points), at least 10.
	BodyFontSize float64 `json:"body_font_size"`
	// Margins are the margins that were cut.
	Margins Margins `json:"margins"`
	// OutputSizeChars is the length of Markdown in characters.
	OutputSizeChars int `json:"output_size_chars"`
	// ScannedPages lists the 1-based numbers of pages with no text layer
	// (no characters at all: scans without OCR, or pages drawn as paths).
	ScannedPages []int `json:"scanned_pages"`
	// Title is the document title from its info dictionary, when set.
	Title string `json:"title,omitempty"`
	// Encrypted is true when the document is encrypted.
	Encrypted bool `json:"encrypted"`
	// Timings are wall-clock durations in milliseconds.
	Timings Timings `json:"timings_ms"`
}

// Timings are the durations of the extraction phases, in milliseconds.
type Timings struct {
	// Open is the time to load the document.
	Open float64 `json:"open"`
	// Read is the time to read characters and page objects from PDFium.
	Read float64 `json:"read"`
	// Layout is the time to build lines, columns and Markdown.
	Layout float64 `json:"layout"`
	// Total is the whole Extract call, including waiting for an instance.
	Total float64 `json:"total"`
}
