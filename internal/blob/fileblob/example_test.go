package fileblob_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"strings"

	"github.com/extralit/extralit-go/internal/blob"
	"github.com/extralit/extralit-go/internal/blob/fileblob"
)

// Example stores a workspace's PDF, reads it back, lists the workspace one
// level deep and removes the workspace.
func Example() {
	dir, err := os.MkdirTemp("", "storage")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	s, err := fileblob.New(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()

	pdf := "%PDF-1.7 ..."
	info, err := s.Put(ctx, "my-workspace/pdf/0b5e4c1a", strings.NewReader(pdf), int64(len(pdf)),
		blob.PutOptions{ContentType: "application/pdf", Metadata: map[string]string{"Document-Id": "0b5e4c1a"}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("stored", info.Key, info.Size, "bytes, etag", info.ETag)

	rc, info, err := s.Get(ctx, "my-workspace/pdf/0b5e4c1a")
	if err != nil {
		log.Fatal(err)
	}
	body, _ := io.ReadAll(rc)
	rc.Close()
	fmt.Printf("read %q as %s, metadata %v\n", body, info.ContentType, info.Metadata)

	entries, err := s.List(ctx, "my-workspace/", blob.ListOptions{})
	if err != nil {
		log.Fatal(err)
	}
	for _, e := range entries {
		fmt.Println("listed", e.Key, "dir:", e.IsDir)
	}

	n, err := s.DeletePrefix(ctx, "my-workspace/")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("removed", n)
	// Output:
	// stored my-workspace/pdf/0b5e4c1a 12 bytes, etag 2deb358fe8a46f5c2624af83f1991414
	// read "%PDF-1.7 ..." as application/pdf, metadata map[document-id:0b5e4c1a]
	// listed my-workspace/pdf/ dir: true
	// removed 1
}
