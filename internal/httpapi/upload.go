package httpapi

import (
	"errors"
	"mime/multipart"
	"net/http"

	"github.com/extralit/extralit-go/internal/extralit"
)

// uploadLimit is the largest accepted upload in bytes.
func (a *API) uploadLimit() int64 {
	if a.opts.MaxUploadBytes > 0 {
		return a.opts.MaxUploadBytes
	}
	return 100 << 20
}

// parseUpload reads a multipart/form-data body of at most the upload limit
// (plus room for the other parts), keeping up to 32 MB in memory and the
// rest in temporary files; the caller must call r.MultipartForm.RemoveAll.
// Too large a body is a 413 that names the limit, anything else that is
// not a multipart form a 422.
func (a *API) parseUpload(w http.ResponseWriter, r *http.Request) error {
	limit := a.uploadLimit()
	r.Body = http.MaxBytesReader(w, r.Body, limit+1<<20)
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return extralit.Errorf(extralit.KindTooLarge, "the upload is larger than the limit of %d MB (EXTRALIT_MAX_UPLOAD_SIZE)", limit>>20)
		}
		return extralit.Errorf(extralit.KindInvalid, "the body must be multipart/form-data: %v", err)
	}
	return nil
}

// uploadedFile parses the upload (see parseUpload) and opens its part named
// file; a missing part is a 422. The caller must call done, which closes the
// file and removes the form's temporary files.
func (a *API) uploadedFile(w http.ResponseWriter, r *http.Request) (multipart.File, *multipart.FileHeader, func(), error) {
	if err := a.parseUpload(w, r); err != nil {
		return nil, nil, nil, err
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		_ = r.MultipartForm.RemoveAll()
		return nil, nil, nil, extralit.Errorf(extralit.KindInvalid, "the multipart part named file is missing")
	}
	done := func() {
		f.Close()
		_ = r.MultipartForm.RemoveAll()
	}
	return f, hdr, done, nil
}
