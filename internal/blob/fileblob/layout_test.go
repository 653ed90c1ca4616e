package fileblob_test

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/extralit/extralit-go/internal/blob"
	"github.com/extralit/extralit-go/internal/blob/fileblob"
)

func TestETagIsHexMD5AndDataFileHoldsRawBytes(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	data := []byte("%PDF-1.7 raw bytes")
	in, err := s.Put(t.Context(), "ws/pdf/doc", bytes.NewReader(data), int64(len(data)), blob.PutOptions{ContentType: "application/pdf"})
	if err != nil {
		t.Fatalf("Put: %v", err)
	}
	sum := md5.Sum(data)
	if want := hex.EncodeToString(sum[:]); in.ETag != want {
		t.Errorf("ETag = %q, want hex MD5 %q", in.ETag, want)
	}
	onDisk, err := os.ReadFile(filepath.Join(dir, "data", "ws", "pdf", "doc"))
	if err != nil {
		t.Fatalf("data file: %v", err)
	}
	if !bytes.Equal(onDisk, data) {
		t.Errorf("data file holds %q, want %q", onDisk, data)
	}
	if _, err := os.Stat(filepath.Join(dir, "meta", "ws", "pdf", "doc")); err != nil {
		t.Errorf("sidecar: %v", err)
	}
	entries, err := os.ReadDir(filepath.Join(dir, "tmp"))
	if err != nil || len(entries) != 0 {
		t.Errorf("tmp/ after Put = %v, %v; want empty", entries, err)
	}
}

func TestFailedPutLeavesNoTempFiles(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	r := io.MultiReader(strings.NewReader("partial"), iotestErrReader{})
	if _, err := s.Put(t.Context(), "ws/x", r, -1, blob.PutOptions{}); err == nil {
		t.Fatal("Put from a failing reader succeeded")
	}
	entries, err := os.ReadDir(filepath.Join(dir, "tmp"))
	if err != nil || len(entries) != 0 {
		t.Errorf("tmp/ after a failed Put = %v, %v; want empty", entries, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "data", "ws")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("data/ws after a failed Put: %v, want it absent", err)
	}
}

type iotestErrReader struct{}

func (iotestErrReader) Read([]byte) (int, error) { return 0, errors.New("dropped") }

// A data file changed behind the sidecar's back (a crash between the two
// renames, or an operator's edit) is served with its true size and ETag and
// the default content type, never with the stale sidecar's.
func TestSidecarOutOfStepFallsBack(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	if _, err := s.Put(t.Context(), "ws/doc", strings.NewReader("old"), 3, blob.PutOptions{ContentType: "text/plain", Metadata: map[string]string{"k": "v"}}); err != nil {
		t.Fatalf("Put: %v", err)
	}
	replaced := []byte("new content, other size")
	if err := os.WriteFile(filepath.Join(dir, "data", "ws", "doc"), replaced, 0o644); err != nil {
		t.Fatal(err)
	}
	sum := md5.Sum(replaced)
	want := hex.EncodeToString(sum[:])
	in, err := s.Stat(t.Context(), "ws/doc")
	if err != nil {
		t.Fatalf("Stat: %v", err)
	}
	if in.Size != int64(len(replaced)) || in.ETag != want || in.ContentType != blob.DefaultContentType || in.Metadata != nil {
		t.Errorf("Stat = %+v, want size %d, ETag %q, default type, no metadata", in, len(replaced), want)
	}
	rc, gin, err := s.Get(t.Context(), "ws/doc")
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	got, _ := io.ReadAll(rc)
	rc.Close()
	if !bytes.Equal(got, replaced) || gin.ETag != want {
		t.Errorf("Get = %q (ETag %q), want %q (ETag %q)", got, gin.ETag, replaced, want)
	}
	// Same size, new modification time: still detected.
	put, err := s.Put(t.Context(), "ws/same", strings.NewReader("aaaa"), 4, blob.PutOptions{ContentType: "text/plain"})
	if err != nil {
		t.Fatalf("Put: %v", err)
	}
	p := filepath.Join(dir, "data", "ws", "same")
	if err := os.WriteFile(p, []byte("bbbb"), 0o644); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(p, later, later); err != nil {
		t.Fatal(err)
	}
	sum = md5.Sum([]byte("bbbb"))
	in2, err := s.Stat(t.Context(), "ws/same")
	if err != nil || in2.ETag != hex.EncodeToString(sum[:]) || in2.ETag == put.ETag || in2.ContentType != blob.DefaultContentType {
		t.Errorf("Stat after a same-size change = %+v, %v; want ETag %x and the default type", in2, err, sum)
	}
}

func TestSymlinksCannotEscape(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret")
	if err := os.WriteFile(secret, []byte("outside the store"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := open(t, dir)
	if _, err := s.Put(t.Context(), "ws/ok", strings.NewReader("ok"), 2, blob.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	// Someone with access to the folder plants links to the outside.
	if err := os.Symlink(outside, filepath.Join(dir, "data", "ws", "linkdir")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(dir, "data", "ws", "linkfile")); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"ws/linkdir/secret", "ws/linkfile"} {
		rc, _, err := s.Get(t.Context(), key)
		if err == nil {
			b, _ := io.ReadAll(rc)
			rc.Close()
			t.Errorf("Get(%q) read %q from outside the store", key, b)
		}
		if _, err := s.Stat(t.Context(), key); err == nil {
			t.Errorf("Stat(%q) succeeded through a link to outside the store", key)
		}
	}
	if _, err := s.Put(t.Context(), "ws/linkdir/planted", strings.NewReader("x"), 1, blob.PutOptions{}); err == nil {
		t.Errorf("Put through a link to outside the store succeeded")
	}
	if _, err := os.Stat(filepath.Join(outside, "planted")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a file was written outside the store: %v", err)
	}
	entries, err := s.List(t.Context(), "", blob.ListOptions{Recursive: true})
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	if len(entries) != 1 || entries[0].Key != "ws/ok" {
		t.Errorf("List = %v, want only ws/ok (links are not objects)", entries)
	}
}

func TestKeyAndPrefixConflict(t *testing.T) {
	s := open(t, t.TempDir())
	ctx := t.Context()
	if _, err := s.Put(ctx, "a/b", strings.NewReader("x"), 1, blob.PutOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put(ctx, "a", strings.NewReader("y"), 1, blob.PutOptions{}); !errors.Is(err, blob.ErrConflict) {
		t.Errorf("Put(a) over prefix a/: error = %v, want ErrConflict", err)
	}
	if _, err := s.Put(ctx, "a/b/c", strings.NewReader("z"), 1, blob.PutOptions{}); !errors.Is(err, blob.ErrConflict) {
		t.Errorf("Put(a/b/c) below object a/b: error = %v, want ErrConflict", err)
	}
	rc, _, err := s.Get(ctx, "a/b")
	if err != nil {
		t.Fatalf("Get(a/b) after refused Puts: %v", err)
	}
	b, _ := io.ReadAll(rc)
	rc.Close()
	if string(b) != "x" {
		t.Errorf("a/b = %q after refused Puts, want %q", b, "x")
	}
}

func TestNewRemovesStaleUploads(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(dir, "tmp", "put-stale")
	fresh := filepath.Join(dir, "tmp", "put-fresh")
	for _, p := range []string{stale, fresh} {
		if err := os.WriteFile(p, []byte("partial upload"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	old := time.Now().Add(-2 * time.Hour)
	if err := os.Chtimes(stale, old, old); err != nil {
		t.Fatal(err)
	}
	open(t, dir)
	if _, err := os.Stat(stale); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale upload still present: %v", err)
	}
	if _, err := os.Stat(fresh); err != nil {
		t.Errorf("an upload possibly in progress (recent) was removed: %v", err)
	}
}

func TestNewRefusesBadDirectories(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"", file, filepath.Join(file, "below")} {
		if s, err := fileblob.New(dir); err == nil {
			s.Close()
			t.Errorf("New(%q) succeeded, want an error", dir)
		}
	}
}
