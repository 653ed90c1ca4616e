package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"

	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/service"
)

type documentJSON struct {
	ID           string          `json:"id"`
	WorkspaceID  string          `json:"workspace_id"`
	URL          *string         `json:"url"`
	FileName     *string         `json:"file_name"`
	Reference    *string         `json:"reference"`
	PMID         *string         `json:"pmid"`
	DOI          *string         `json:"doi"`
	Metadata     json.RawMessage `json:"metadata"`
	ThumbnailURL *string         `json:"thumbnail_url"`
	InsertedAt   string          `json:"inserted_at"`
	UpdatedAt    string          `json:"updated_at"`
}

func toDocumentJSON(d *extralit.Document) documentJSON {
	j := documentJSON{ID: d.ID, WorkspaceID: d.WorkspaceID, URL: d.URL, FileName: d.FileName, Reference: d.Reference,
		PMID: d.PMID, DOI: d.DOI, Metadata: d.Metadata, InsertedAt: formatTime(d.InsertedAt), UpdatedAt: formatTime(d.UpdatedAt)}
	if len(j.Metadata) == 0 {
		j.Metadata = json.RawMessage("null")
	}
	return j
}

func documentsJSON(ds []*extralit.Document) []documentJSON { return mapJSON(ds, toDocumentJSON) }

func (a *API) documentRoutes() {
	m := a.mux
	m.Handle("POST /api/v1/documents", a.authed(a.createDocument))
	m.Handle("GET /api/v1/documents", a.authed(a.findDocuments))
	m.Handle("GET /api/v1/documents/{document_id}", a.authed(a.getDocument))
	// GET /documents/workspace/{id} (the reference's) and our
	// GET /documents/{id}/markdown overlap as patterns, so one handler
	// dispatches on the first segment.
	m.Handle("GET /api/v1/documents/{first}/{second}", a.authed(func(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
		if r.PathValue("first") == "workspace" {
			r.SetPathValue("workspace_id", r.PathValue("second"))
			return a.listWorkspaceDocuments(w, r, actor)
		}
		if r.PathValue("second") == "markdown" {
			r.SetPathValue("document_id", r.PathValue("first"))
			return a.getDocumentMarkdown(w, r, actor)
		}
		return extralit.Errorf(extralit.KindNotFound, "no route GET %s", r.URL.Path)
	}))
	m.Handle("PATCH /api/v1/documents/{document_id}", a.authed(a.updateDocument))
	m.Handle("DELETE /api/v1/documents/workspace/{workspace_id}", a.authed(a.deleteDocument))
	a.fileRoutes()
}

// documentCreateJSON is the document part of an upload; the SDK dumps its
// whole model, so the keys it derives are accepted and ignored.
type documentCreateJSON struct {
	ID          *string         `json:"id"`
	WorkspaceID string          `json:"workspace_id"`
	URL         *string         `json:"url"`
	FileName    *string         `json:"file_name"`
	Reference   *string         `json:"reference"`
	PMID        *string         `json:"pmid"`
	DOI         *string         `json:"doi"`
	Metadata    json.RawMessage `json:"metadata"`
	FilePath    ignored         `json:"file_path"`
	InsertedAt  ignored         `json:"inserted_at"`
	UpdatedAt   ignored         `json:"updated_at"`
}

func (d documentCreateJSON) input() service.DocumentCreate {
	in := service.DocumentCreate{WorkspaceID: d.WorkspaceID, URL: d.URL, FileName: d.FileName, Reference: d.Reference,
		PMID: d.PMID, DOI: d.DOI, Metadata: d.Metadata}
	if d.ID != nil {
		in.ID = *d.ID
	}
	if string(in.Metadata) == "null" {
		in.Metadata = nil
	}
	return in
}

// fromValues reads document fields from query parameters or form fields
// (the older SDK encodings), where an empty string means absent.
func fromValues(get func(string) string) documentCreateJSON {
	opt := func(k string) *string {
		if v := get(k); v != "" {
			return &v
		}
		return nil
	}
	return documentCreateJSON{ID: opt("id"), WorkspaceID: get("workspace_id"), URL: opt("url"), FileName: opt("file_name"),
		Reference: opt("reference"), PMID: opt("pmid"), DOI: opt("doi")}
}

// createDocument accepts the three encodings SDK versions use: a JSON body;
// multipart with a `document_create` JSON field; multipart form fields or
// query parameters; each with an optional `file_data` PDF part. The answer
// is the new document's id as a JSON string.
func (a *API) createDocument(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	limit := a.uploadLimit()
	var doc documentCreateJSON
	var file io.Reader
	size := int64(-1)
	ct := r.Header.Get("Content-Type")
	switch {
	case strings.HasPrefix(ct, "multipart/form-data"):
		if err := a.parseUpload(w, r); err != nil {
			return err
		}
		defer r.MultipartForm.RemoveAll()
		if raw := r.FormValue("document_create"); raw != "" {
			dec := json.NewDecoder(strings.NewReader(raw))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&doc); err != nil {
				return extralit.Errorf(extralit.KindInvalid, "document_create is not a valid document: %v", jsonError(err))
			}
		} else {
			doc = fromValues(r.FormValue)
		}
		if f, hdr, err := r.FormFile("file_data"); err == nil {
			defer f.Close()
			if hdr.Size > limit {
				return extralit.Errorf(extralit.KindTooLarge, "the file is %d MB, over the limit of %d MB (EXTRALIT_MAX_UPLOAD_SIZE)", hdr.Size>>20, limit>>20)
			}
			file, size = f, hdr.Size
			if doc.FileName == nil && hdr.Filename != "" {
				name := hdr.Filename
				doc.FileName = &name
			}
		} else if !errors.Is(err, http.ErrMissingFile) && !errors.Is(err, multipart.ErrMessageTooLarge) {
			return extralit.Errorf(extralit.KindInvalid, "read file_data: %v", err)
		}
	case strings.HasPrefix(ct, "application/json"):
		if err := decodeJSON(w, r, 1<<20, &doc); err != nil {
			return err
		}
	default:
		doc = fromValues(r.URL.Query().Get)
	}
	if doc.WorkspaceID == "" {
		return extralit.Errorf(extralit.KindInvalid, "workspace_id is required")
	}
	d, err := a.svc.CreateDocument(r.Context(), actor, doc.input(), file, size)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, d.ID)
	return nil
}

func (a *API) findDocuments(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	q := r.URL.Query()
	f := extralit.DocumentFilter{WorkspaceID: q.Get("workspace_id"), ID: q.Get("id"), Reference: q.Get("reference"), PMID: q.Get("pmid"), DOI: q.Get("doi")}
	if f.WorkspaceID == "" {
		return extralit.Errorf(extralit.KindBadRequest, "workspace_id is required")
	}
	if f.ID == "" && f.Reference == "" && f.PMID == "" && f.DOI == "" {
		return extralit.Errorf(extralit.KindBadRequest, "give at least one of id, reference, pmid or doi")
	}
	if f.ID != "" {
		id, err := uuidString("id", f.ID)
		if err != nil {
			return err
		}
		f.ID = id
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return extralit.Errorf(extralit.KindInvalid, "limit must be a positive whole number")
		}
		f.Limit = n
	}
	ds, err := a.svc.Documents(r.Context(), actor, f)
	if err != nil {
		return err
	}
	if len(ds) == 0 {
		return extralit.Errorf(extralit.KindNotFound, "No documents found")
	}
	writeJSON(w, http.StatusOK, documentsJSON(ds))
	return nil
}

func (a *API) getDocument(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	id, err := pathID(r, "document_id")
	if err != nil {
		return err
	}
	d, _, err := a.svc.Document(r.Context(), actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toDocumentJSON(d))
	return nil
}

func (a *API) getDocumentMarkdown(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	id, err := pathID(r, "document_id")
	if err != nil {
		return err
	}
	rc, err := a.svc.DocumentMarkdown(r.Context(), actor, id)
	if err != nil {
		return err
	}
	defer rc.Close()
	w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
	_, err = io.Copy(w, rc)
	return err
}

func (a *API) updateDocument(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	id, err := pathID(r, "document_id")
	if err != nil {
		return err
	}
	var in struct {
		Reference, PMID, DOI, FileName, URL *string
		Metadata                            *json.RawMessage
	}
	var raw struct {
		Reference *string          `json:"reference"`
		PMID      *string          `json:"pmid"`
		DOI       *string          `json:"doi"`
		FileName  *string          `json:"file_name"`
		URL       *string          `json:"url"`
		Metadata  *json.RawMessage `json:"metadata"`
	}
	if err := decodeJSON(w, r, 1<<20, &raw); err != nil {
		return err
	}
	in.Reference, in.PMID, in.DOI, in.FileName, in.URL, in.Metadata = raw.Reference, raw.PMID, raw.DOI, raw.FileName, raw.URL, raw.Metadata
	d, err := a.svc.UpdateDocument(r.Context(), actor, id, service.DocumentUpdate(in))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toDocumentJSON(d))
	return nil
}

func (a *API) listWorkspaceDocuments(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	id, err := pathID(r, "workspace_id")
	if err != nil {
		return err
	}
	ds, err := a.svc.Documents(r.Context(), actor, extralit.DocumentFilter{WorkspaceID: id})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, documentsJSON(ds))
	return nil
}

func (a *API) deleteDocument(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	wsID, err := pathID(r, "workspace_id")
	if err != nil {
		return err
	}
	var in struct {
		ID        string  `json:"id"`
		Reference *string `json:"reference"`
	}
	body, _ := io.ReadAll(http.MaxBytesReader(w, r.Body, 64<<10))
	if len(bytes.TrimSpace(body)) == 0 {
		return extralit.Errorf(extralit.KindBadRequest, "a JSON body with the document id is required")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return jsonError(err)
	}
	if in.ID == "" {
		return extralit.Errorf(extralit.KindBadRequest, "the document id is required")
	}
	id, err := uuidString("id", in.ID)
	if err != nil {
		return err
	}
	n, err := a.svc.DeleteDocument(r.Context(), actor, wsID, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, n)
	return nil
}
