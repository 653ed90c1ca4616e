package blob

import (
	"errors"
	"fmt"
	"io"
)

// ExactReader returns a reader that yields the bytes of r and fails with
// ErrSizeMismatch when r holds fewer or more than size bytes. It looks for
// surplus bytes before it hands over the last expected ones, so a consumer
// that stops reading after size bytes (as S3 clients do when they send a
// Content-Length) still gets the error before it can finish the upload.
// A size below zero returns r unchanged.
func ExactReader(r io.Reader, size int64) io.Reader {
	if size < 0 {
		return r
	}
	return &exactReader{r: r, size: size, left: size}
}

type exactReader struct {
	r    io.Reader
	size int64
	left int64
	err  error // sticky: returned by every Read once set
}

func (e *exactReader) Read(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	if e.left == 0 {
		// Size zero, or the last Read was cut short by the caller's buffer.
		if err := e.checkEnd(); err != nil {
			return 0, e.err
		}
		return 0, io.EOF
	}
	if int64(len(p)) > e.left {
		p = p[:e.left]
	}
	n, err := e.r.Read(p)
	e.left -= int64(n)
	switch {
	case errors.Is(err, io.EOF):
		if e.left > 0 {
			e.err = fmt.Errorf("%w: the reader ended after %d of %d bytes", ErrSizeMismatch, e.size-e.left, e.size)
			return 0, e.err
		}
		e.err = io.EOF
		return n, io.EOF
	case err != nil:
		e.err = err
		return n, err
	case e.left == 0:
		if err := e.checkEnd(); err != nil {
			// Withhold the last bytes so the consumer cannot complete.
			return 0, e.err
		}
		return n, io.EOF
	}
	return n, nil
}

// checkEnd reads ahead once the declared size was delivered and sets e.err
// to io.EOF when r is exhausted, or to an error when it is not.
func (e *exactReader) checkEnd() error {
	var one [1]byte
	// io.Reader allows (0, nil); give up like bufio does after many.
	for range 100 {
		n, err := e.r.Read(one[:])
		if n > 0 {
			e.err = fmt.Errorf("%w: the reader holds more than %d bytes", ErrSizeMismatch, e.size)
			return e.err
		}
		if errors.Is(err, io.EOF) {
			e.err = io.EOF
			return nil
		}
		if err != nil {
			e.err = err
			return err
		}
	}
	e.err = io.ErrNoProgress
	return e.err
}
