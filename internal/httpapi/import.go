package httpapi

import (
	"encoding/json"
	"io"
	"net/http"

	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/service"
)

// importDataset takes a multipart upload of one file (part "file", with
// optional "format" and "mapping" fields), checks it, and answers with the
// background import job (202).
func (a *API) importDataset(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	id, err := pathID(r, "dataset_id")
	if err != nil {
		return err
	}
	limit := a.uploadLimit()
	f, hdr, done, err := a.uploadedFile(w, r)
	if err != nil {
		return err
	}
	defer done()
	if hdr.Size > limit {
		return extralit.Errorf(extralit.KindTooLarge, "the file is larger than the limit of %d MB", limit>>20)
	}
	data, err := io.ReadAll(f)
	if err != nil {
		return extralit.Errorf(extralit.KindInvalid, "the uploaded file cannot be read: %v", err)
	}
	req := service.ImportRequest{Filename: hdr.Filename, Format: r.FormValue("format"), Data: data}
	if raw := r.FormValue("mapping"); raw != "" {
		if err := json.Unmarshal([]byte(raw), &req.Mapping); err != nil {
			return extralit.Errorf(extralit.KindInvalid, "mapping must be a JSON object of column names to targets, such as {\"abstract\": \"field:text\"}: %v", err)
		}
	}
	job, err := a.svc.RequestImport(r.Context(), actor, id, req)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, toJobJSON(job))
	return nil
}
