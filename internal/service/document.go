package service

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/google/uuid"

	"github.com/extralit/extralit-go/internal/blob"
	"github.com/extralit/extralit-go/internal/extralit"
)

// DocumentCreate is the input of CreateDocument.
type DocumentCreate struct {
	ID          string
	WorkspaceID string
	URL         *string
	FileName    *string
	Reference   *string
	PMID        *string
	DOI         *string
	Metadata    json.RawMessage
}

// PDFKey is where a document's PDF is stored.
func PDFKey(workspace, documentID string) string { return workspace + "/pdf/" + documentID }

// MarkdownKey is where a document's extracted Markdown is stored.
func MarkdownKey(workspace, documentID string) string {
	return workspace + "/markdown/" + documentID + ".md"
}

func emptyToNil(p *string) *string {
	if p == nil || strings.TrimSpace(*p) == "" {
		return nil
	}
	v := strings.TrimSpace(*p)
	return &v
}

// CreateDocument stores a document and, when given, its PDF. Owners and
// admins of the workspace may add documents. A document sharing the id,
// reference, file name or URL of one in the workspace is a conflict.
func (s *Service) CreateDocument(ctx context.Context, actor *extralit.User, in DocumentCreate, pdf io.Reader, size int64) (*extralit.Document, error) {
	if _, err := uuid.Parse(in.WorkspaceID); err != nil {
		return nil, extralit.Errorf(extralit.KindInvalid, "workspace_id %q is not a UUID", in.WorkspaceID)
	}
	w, err := s.store.WorkspaceByID(ctx, in.WorkspaceID)
	if extralit.IsKind(err, extralit.KindNotFound) {
		return nil, extralit.Errorf(extralit.KindNotFound, "Workspace with id `%s` not found", in.WorkspaceID)
	}
	if err != nil {
		return nil, err
	}
	if err := s.requireAdminMember(ctx, actor, w.ID); err != nil {
		return nil, err
	}
	d := &extralit.Document{ID: uuid.NewString(), WorkspaceID: w.ID, URL: emptyToNil(in.URL), FileName: emptyToNil(in.FileName),
		Reference: emptyToNil(in.Reference), PMID: emptyToNil(in.PMID), DOI: emptyToNil(in.DOI), Metadata: in.Metadata}
	if in.ID != "" {
		id, err := uuid.Parse(in.ID)
		if err != nil {
			return nil, extralit.Errorf(extralit.KindInvalid, "id %q is not a UUID", in.ID)
		}
		d.ID = id.String()
	}
	if pdf == nil && d.URL == nil && d.Reference == nil && d.PMID == nil && d.DOI == nil {
		return nil, extralit.Errorf(extralit.KindInvalid, "a document needs a PDF file, a url, a reference, a pmid or a doi")
	}
	if dup, err := s.store.FindDuplicateDocument(ctx, d); err == nil {
		return nil, extralit.Errorf(extralit.KindConflict, "a document with the same id, reference, file name or url already exists in the workspace (id %s)", dup.ID)
	} else if !extralit.IsKind(err, extralit.KindNotFound) {
		return nil, err
	}
	key := PDFKey(w.Name, d.ID)
	if pdf != nil {
		br := bufio.NewReaderSize(pdf, 2048)
		head, _ := br.Peek(1024)
		if !bytes.Contains(head, []byte("%PDF-")) {
			if len(head) == 0 {
				return nil, extralit.Errorf(extralit.KindInvalid, "the uploaded file is empty")
			}
			return nil, extralit.Errorf(extralit.KindInvalid, "the uploaded file is not a PDF (it does not start with %%PDF-)")
		}
		if _, err := s.blobs.Put(ctx, key, br, size, blob.PutOptions{ContentType: "application/pdf"}); err != nil {
			return nil, fmt.Errorf("store PDF: %w", err)
		}
		url := "/api/v1/file/" + w.Name + "/pdf/" + d.ID
		d.URL = &url
	}
	err = s.store.InTx(ctx, func(q extralit.Queries) error {
		if err := q.CreateDocument(ctx, d); err != nil {
			return err
		}
		if pdf != nil && s.afterDocumentStored != nil {
			return s.afterDocumentStored(ctx, q, d)
		}
		return nil
	})
	if err != nil {
		if pdf != nil {
			// Nothing half-written: the file goes when its row could not be stored.
			if derr := s.blobs.Delete(context.WithoutCancel(ctx), key); derr != nil && !errors.Is(derr, blob.ErrNotFound) {
				s.log.Error("remove PDF of a document that was not stored", "key", key, "err", derr)
			}
		}
		return nil, err
	}
	return d, nil
}

// Documents lists a workspace's documents matching f; members only.
func (s *Service) Documents(ctx context.Context, actor *extralit.User, f extralit.DocumentFilter) ([]*extralit.Document, error) {
	if _, err := uuid.Parse(f.WorkspaceID); err != nil {
		return nil, extralit.Errorf(extralit.KindInvalid, "workspace_id %q is not a UUID", f.WorkspaceID)
	}
	if _, err := s.store.WorkspaceByID(ctx, f.WorkspaceID); err != nil {
		return nil, err
	}
	if err := s.requireMember(ctx, actor, f.WorkspaceID); err != nil {
		return nil, err
	}
	return s.store.Documents(ctx, f)
}

// Document returns one document of a workspace the actor belongs to.
func (s *Service) Document(ctx context.Context, actor *extralit.User, id string) (*extralit.Document, *extralit.Workspace, error) {
	d, err := s.store.DocumentByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if err := s.requireMember(ctx, actor, d.WorkspaceID); err != nil {
		return nil, nil, err
	}
	w, err := s.store.WorkspaceByID(ctx, d.WorkspaceID)
	return d, w, err
}

// DocumentUpdate holds changes to a document; nil fields stay.
type DocumentUpdate struct {
	Reference, PMID, DOI, FileName, URL *string
	Metadata                            *json.RawMessage
}

// UpdateDocument changes a document; owners and admins of its workspace.
func (s *Service) UpdateDocument(ctx context.Context, actor *extralit.User, id string, upd DocumentUpdate) (*extralit.Document, error) {
	d, err := s.store.DocumentByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.requireAdminMember(ctx, actor, d.WorkspaceID); err != nil {
		return nil, err
	}
	if upd.Reference != nil {
		d.Reference = emptyToNil(upd.Reference)
	}
	if upd.PMID != nil {
		d.PMID = emptyToNil(upd.PMID)
	}
	if upd.DOI != nil {
		d.DOI = emptyToNil(upd.DOI)
	}
	if upd.FileName != nil {
		d.FileName = emptyToNil(upd.FileName)
	}
	if upd.URL != nil {
		d.URL = emptyToNil(upd.URL)
	}
	if upd.Metadata != nil {
		d.Metadata = *upd.Metadata
	}
	return d, s.store.UpdateDocument(ctx, d)
}

// DeleteDocument removes a document of the workspace and its files, and
// returns how many documents were deleted (0 or 1).
func (s *Service) DeleteDocument(ctx context.Context, actor *extralit.User, workspaceID, id string) (int, error) {
	w, err := s.store.WorkspaceByID(ctx, workspaceID)
	if err != nil {
		return 0, err
	}
	if err := s.requireAdminMember(ctx, actor, w.ID); err != nil {
		return 0, err
	}
	d, err := s.store.DocumentByID(ctx, id)
	if extralit.IsKind(err, extralit.KindNotFound) || (err == nil && d.WorkspaceID != w.ID) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if err := s.store.DeleteDocument(ctx, id); err != nil {
		return 0, err
	}
	for _, key := range []string{PDFKey(w.Name, id), MarkdownKey(w.Name, id)} {
		if err := s.blobs.Delete(ctx, key); err != nil && !errors.Is(err, blob.ErrNotFound) {
			s.log.Error("delete document file", "key", key, "err", err)
		}
	}
	return 1, nil
}

// DocumentMarkdown opens the extracted Markdown of a document.
func (s *Service) DocumentMarkdown(ctx context.Context, actor *extralit.User, id string) (io.ReadCloser, error) {
	d, w, err := s.Document(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	rc, _, err := s.blobs.Get(ctx, MarkdownKey(w.Name, d.ID))
	if errors.Is(err, blob.ErrNotFound) {
		return nil, extralit.Errorf(extralit.KindNotFound, "the text of document %s has not been extracted yet", d.ID)
	}
	return rc, err
}
