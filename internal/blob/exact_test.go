package blob_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/extralit/extralit-go/internal/blob"
)

func TestExactReader(t *testing.T) {
	data := []byte("0123456789")
	errDrop := errors.New("dropped")
	tests := []struct {
		name    string
		r       io.Reader
		size    int64
		wantErr error // nil: reads all of data (none when size is 0)
	}{
		{"exact", bytes.NewReader(data), 10, nil},
		{"exact in one-byte reads", iotest.OneByteReader(bytes.NewReader(data)), 10, nil},
		{"exact with data and EOF together", iotest.DataErrReader(bytes.NewReader(data)), 10, nil},
		{"unknown size", bytes.NewReader(data), -1, nil},
		{"empty", strings.NewReader(""), 0, nil},
		{"shorter", bytes.NewReader(data), 11, blob.ErrSizeMismatch},
		{"longer", bytes.NewReader(data), 9, blob.ErrSizeMismatch},
		{"longer than zero", bytes.NewReader(data), 0, blob.ErrSizeMismatch},
		{"reader error passes through", io.MultiReader(bytes.NewReader(data[:4]), iotest.ErrReader(errDrop)), 10, errDrop},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := io.ReadAll(blob.ExactReader(tt.r, tt.size))
			if tt.wantErr == nil {
				want := data
				if tt.size == 0 {
					want = []byte{}
				}
				if err != nil || !bytes.Equal(got, want) {
					t.Fatalf("ReadAll = %q, %v; want %q, nil", got, err, want)
				}
				return
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("ReadAll error = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

// A consumer that stops after the declared size (as an HTTP client sending
// a Content-Length does) must still see surplus bytes as an error, before
// it receives the last declared byte.
func TestExactReaderReportsSurplusBeforeLastByte(t *testing.T) {
	r := blob.ExactReader(strings.NewReader("abcdef"), 4)
	buf := make([]byte, 4)
	n, err := io.ReadFull(r, buf)
	if !errors.Is(err, blob.ErrSizeMismatch) {
		t.Fatalf("ReadFull of the declared 4 bytes = %d, %v; want ErrSizeMismatch", n, err)
	}
	if n == 4 {
		t.Errorf("all 4 declared bytes were delivered before the error")
	}
}
