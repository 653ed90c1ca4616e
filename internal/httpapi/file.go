package httpapi

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/extralit/extralit-go/internal/blob"
	"github.com/extralit/extralit-go/internal/extralit"
)

func (a *API) fileRoutes() {
	m := a.mux
	m.Handle("GET /api/v1/file/{bucket}/{path...}", a.authed(a.getFile))
	m.Handle("HEAD /api/v1/file/{bucket}/{path...}", a.authed(a.getFile))
	m.Handle("POST /api/v1/file/{bucket}/{path...}", a.authed(a.putFile))
	m.Handle("DELETE /api/v1/file/{bucket}/{path...}", a.authed(a.deleteFile))
	m.Handle("GET /api/v1/files/{bucket}/{prefix...}", a.authed(a.listFiles))
}

func objectJSON(bucket string, info blob.Info) map[string]any {
	return map[string]any{
		"bucket_name": bucket, "object_name": info.Key, "last_modified": info.LastModified.UTC().Format("2006-01-02T15:04:05Z"),
		"etag": info.ETag, "size": info.Size, "content_type": info.ContentType, "metadata": info.Metadata,
		"version_id": nil, "version_tag": nil, "is_latest": true,
	}
}

// parseRange reads a single "bytes=start-end" range; ok is false when the
// header is absent or not of that form (then the whole file is served).
func parseRange(h string) (offset, length int64, ok bool) {
	spec, found := strings.CutPrefix(h, "bytes=")
	if !found || strings.Contains(spec, ",") {
		return 0, -1, false
	}
	from, to, _ := strings.Cut(spec, "-")
	start, err := strconv.ParseInt(from, 10, 64)
	if err != nil || start < 0 {
		return 0, -1, false
	}
	if to == "" {
		return start, -1, true
	}
	end, err := strconv.ParseInt(to, 10, 64)
	if err != nil || end < start {
		return 0, -1, false
	}
	return start, end - start + 1, true
}

func (a *API) getFile(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	bucket, path := r.PathValue("bucket"), r.PathValue("path")
	offset, length, ranged := parseRange(r.Header.Get("Range"))
	if !ranged {
		offset, length = 0, -1
	}
	rc, info, err := a.svc.OpenFile(r.Context(), actor, bucket, path, offset, length)
	if err != nil {
		if ranged && extralit.IsKind(err, extralit.KindInvalid) {
			w.Header().Set("Content-Range", "bytes */*")
			return &extralit.Error{Kind: extralit.KindInvalid, Message: "the requested range is not satisfiable"}
		}
		return err
	}
	defer rc.Close()
	h := w.Header()
	h.Set("Content-Type", info.ContentType)
	h.Set("ETag", `"`+info.ETag+`"`)
	h.Set("Last-Modified", info.LastModified.UTC().Format("2006-01-02T15:04:05Z"))
	h.Set("Accept-Ranges", "bytes")
	status := http.StatusOK
	n := info.Size
	if ranged {
		if length < 0 || offset+length > info.Size {
			length = info.Size - offset
		}
		h.Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", offset, offset+length-1, info.Size))
		status, n = http.StatusPartialContent, length
	}
	h.Set("Content-Length", strconv.FormatInt(n, 10))
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return nil
	}
	_, err = io.Copy(w, rc)
	if err != nil {
		a.log.Warn("file download interrupted", "bucket", bucket, "err", err)
	}
	return nil
}

func (a *API) putFile(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	bucket, path := r.PathValue("bucket"), r.PathValue("path")
	f, hdr, done, err := a.uploadedFile(w, r)
	if err != nil {
		return err
	}
	defer done()
	ct := hdr.Header.Get("Content-Type")
	info, err := a.svc.PutFile(r.Context(), actor, bucket, path, f, hdr.Size, ct)
	if err != nil {
		return err
	}
	info.Key = path
	writeJSON(w, http.StatusOK, objectJSON(bucket, info))
	return nil
}

func (a *API) deleteFile(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	if err := a.svc.DeleteFile(r.Context(), actor, r.PathValue("bucket"), r.PathValue("path")); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"message": "File deleted"})
	return nil
}

func (a *API) listFiles(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	q := r.URL.Query()
	recursive := q.Get("recursive") != "false"
	infos, err := a.svc.ListFiles(r.Context(), actor, r.PathValue("bucket"), r.PathValue("prefix"), recursive, q.Get("start_after"))
	if err != nil {
		return err
	}
	objects := make([]map[string]any, 0, len(infos))
	for _, info := range infos {
		if info.IsDir {
			continue
		}
		objects = append(objects, objectJSON(r.PathValue("bucket"), info))
	}
	writeJSON(w, http.StatusOK, map[string]any{"objects": objects})
	return nil
}
