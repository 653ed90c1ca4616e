package service

import (
	"context"
	"errors"
	"io"
	"strings"

	"github.com/extralit/extralit-go/internal/blob"
	"github.com/extralit/extralit-go/internal/extralit"
)

// fileKey checks a files-API path: the bucket is a workspace name and the
// path a relative key under it. No path from the request reaches storage
// unchecked.
func (s *Service) fileKey(ctx context.Context, actor *extralit.User, bucket, path string, admin bool) (string, error) {
	w, err := s.store.WorkspaceByName(ctx, bucket)
	if extralit.IsKind(err, extralit.KindNotFound) {
		return "", extralit.Errorf(extralit.KindNotFound, "No bucket (workspace) named %q", bucket)
	}
	if err != nil {
		return "", err
	}
	if admin {
		err = s.requireAdminMember(ctx, actor, w.ID)
	} else {
		err = s.requireMember(ctx, actor, w.ID)
	}
	if err != nil {
		return "", err
	}
	key := w.Name + "/" + strings.TrimPrefix(path, "/")
	if err := blob.ValidateKey(key); err != nil {
		return "", extralit.Errorf(extralit.KindInvalid, "invalid file path %q: %v", path, strings.TrimPrefix(err.Error(), "blob: "))
	}
	return key, nil
}

func blobError(err error, path string) error {
	switch {
	case errors.Is(err, blob.ErrNotFound):
		return extralit.Errorf(extralit.KindNotFound, "No object at path %s", path)
	case errors.Is(err, blob.ErrInvalidKey), errors.Is(err, blob.ErrInvalidRange), errors.Is(err, blob.ErrInvalidMetadata):
		return extralit.Errorf(extralit.KindInvalid, "%s", strings.TrimPrefix(err.Error(), "blob: "))
	case errors.Is(err, blob.ErrSizeMismatch):
		return extralit.Errorf(extralit.KindBadRequest, "the upload ended before its declared size")
	}
	return err
}

// OpenFile opens a stored file (or a byte range of it, when length ≥ 0).
func (s *Service) OpenFile(ctx context.Context, actor *extralit.User, bucket, path string, offset, length int64) (io.ReadCloser, blob.Info, error) {
	key, err := s.fileKey(ctx, actor, bucket, path, false)
	if err != nil {
		return nil, blob.Info{}, err
	}
	var rc io.ReadCloser
	var info blob.Info
	if length >= 0 || offset > 0 {
		rc, info, err = s.blobs.GetRange(ctx, key, offset, length)
	} else {
		rc, info, err = s.blobs.Get(ctx, key)
	}
	if err != nil {
		return nil, blob.Info{}, blobError(err, bucket+"/"+path)
	}
	return rc, info, nil
}

// PutFile stores a file; owners and admins of the workspace.
func (s *Service) PutFile(ctx context.Context, actor *extralit.User, bucket, path string, r io.Reader, size int64, contentType string) (blob.Info, error) {
	key, err := s.fileKey(ctx, actor, bucket, path, true)
	if err != nil {
		return blob.Info{}, err
	}
	info, err := s.blobs.Put(ctx, key, r, size, blob.PutOptions{ContentType: contentType})
	return info, blobError(err, bucket+"/"+path)
}

// DeleteFile removes a file; owners and admins of the workspace.
func (s *Service) DeleteFile(ctx context.Context, actor *extralit.User, bucket, path string) error {
	key, err := s.fileKey(ctx, actor, bucket, path, true)
	if err != nil {
		return err
	}
	return blobError(s.blobs.Delete(ctx, key), bucket+"/"+path)
}

// ListFiles lists files under a prefix of a workspace; members only.
func (s *Service) ListFiles(ctx context.Context, actor *extralit.User, bucket, prefix string, recursive bool, startAfter string) ([]blob.Info, error) {
	w, err := s.store.WorkspaceByName(ctx, bucket)
	if err != nil {
		return nil, err
	}
	if err := s.requireMember(ctx, actor, w.ID); err != nil {
		return nil, err
	}
	full := w.Name + "/" + strings.TrimPrefix(prefix, "/")
	if err := blob.ValidatePrefix(full); err != nil {
		return nil, extralit.Errorf(extralit.KindInvalid, "invalid prefix %q", prefix)
	}
	opts := blob.ListOptions{Recursive: recursive}
	if startAfter != "" {
		opts.StartAfter = w.Name + "/" + strings.TrimPrefix(startAfter, "/")
	}
	infos, err := s.blobs.List(ctx, full, opts)
	if err != nil {
		return nil, blobError(err, full)
	}
	for i := range infos {
		infos[i].Key = strings.TrimPrefix(infos[i].Key, w.Name+"/")
	}
	return infos, nil
}
