package pdftext

import "errors"

// Errors returned by Extract. Test for them with errors.Is; the returned
// error wraps one of these with detail about the file.
var (
	// ErrEmpty means the input has zero bytes.
	ErrEmpty = errors.New("pdftext: empty file")
	// ErrNotPDF means the input does not start with a PDF header.
	ErrNotPDF = errors.New("pdftext: not a PDF file")
	// ErrMalformed means the file claims to be a PDF but is truncated or
	// damaged beyond repair.
	ErrMalformed = errors.New("pdftext: malformed or truncated PDF")
	// ErrPasswordRequired means the document is encrypted with a user
	// password and none was given.
	ErrPasswordRequired = errors.New("pdftext: PDF is encrypted and needs a password")
	// ErrWrongPassword means a password was given but it does not open the
	// document.
	ErrWrongPassword = errors.New("pdftext: wrong password for encrypted PDF")
	// ErrNoPages means the document opened but has no pages.
	ErrNoPages = errors.New("pdftext: PDF has no pages")
	// ErrInvalidOptions means the Options given to Extract are not valid.
	ErrInvalidOptions = errors.New("pdftext: invalid options")
	// ErrEngineClosed means Extract was called after Close.
	ErrEngineClosed = errors.New("pdftext: engine is closed")
	// ErrInternal means the PDF engine failed unexpectedly (for example it
	// panicked on a hostile file); the engine itself stays usable.
	ErrInternal = errors.New("pdftext: internal PDF engine failure")
)
