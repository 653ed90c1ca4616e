package blobtest

import (
	"errors"
	"slices"
	"testing"

	"github.com/extralit/extralit-go/internal/blob"
	"github.com/google/go-cmp/cmp"
)

// listFixture is the set of keys the listing tests store. "ws1.txt" sorts
// before "ws1/" and "ws1/" before "ws10/", which catches listings that sort
// or match prefixes by path instead of by bytes.
var listFixture = []string{
	"ws1/pdf/a",
	"ws1/pdf/b",
	"ws1/pdf/sub/c",
	"ws1/schemas/s.json",
	"ws1/top.txt",
	"ws1.txt",
	"ws10/pdf/z",
}

func putFixture(t *testing.T, s blob.Store) {
	t.Helper()
	for i, k := range listFixture {
		put(t, s, k, content(uint64(100+i), 10+i), blob.PutOptions{})
	}
}

func testList(t *testing.T, s blob.Store) {
	putFixture(t, s)
	tests := []struct {
		name   string
		prefix string
		opts   blob.ListOptions
		want   []string
	}{
		{"everything", "", blob.ListOptions{Recursive: true}, sorted(listFixture)},
		{"top level", "", blob.ListOptions{}, []string{"ws1.txt", "ws1/", "ws10/"}},
		{"workspace recursive", "ws1/", blob.ListOptions{Recursive: true},
			[]string{"ws1/pdf/a", "ws1/pdf/b", "ws1/pdf/sub/c", "ws1/schemas/s.json", "ws1/top.txt"}},
		{"workspace one level", "ws1/", blob.ListOptions{}, []string{"ws1/pdf/", "ws1/schemas/", "ws1/top.txt"}},
		{"folder one level", "ws1/pdf/", blob.ListOptions{}, []string{"ws1/pdf/a", "ws1/pdf/b", "ws1/pdf/sub/"}},
		{"partial segment recursive", "ws1/pdf/s", blob.ListOptions{Recursive: true}, []string{"ws1/pdf/sub/c"}},
		{"partial segment one level", "ws1", blob.ListOptions{}, []string{"ws1.txt", "ws1/", "ws10/"}},
		{"start after", "ws1/", blob.ListOptions{Recursive: true, StartAfter: "ws1/pdf/b"},
			[]string{"ws1/pdf/sub/c", "ws1/schemas/s.json", "ws1/top.txt"}},
		{"start after one level", "ws1/", blob.ListOptions{StartAfter: "ws1/pdf/"}, []string{"ws1/schemas/", "ws1/top.txt"}},
		{"start after past a workspace", "", blob.ListOptions{Recursive: true, StartAfter: "ws1/zzz"}, []string{"ws10/pdf/z"}},
		{"start after everything", "", blob.ListOptions{Recursive: true, StartAfter: "ws2"}, []string{}},
		{"limit", "", blob.ListOptions{Recursive: true, Limit: 2}, sorted(listFixture)[:2]},
		{"missing prefix", "nope/", blob.ListOptions{Recursive: true}, []string{}},
		{"prefix that is an object", "ws1/top.txt/", blob.ListOptions{Recursive: true}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := listKeys(t, s, tt.prefix, tt.opts)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("List(%q, %+v) keys mismatch (-want +got):\n%s", tt.prefix, tt.opts, diff)
			}
		})
	}

	t.Run("entries match Stat", func(t *testing.T) {
		entries, err := s.List(t.Context(), "", blob.ListOptions{Recursive: true})
		if err != nil {
			t.Fatalf("List: %v", err)
		}
		for _, e := range entries {
			sameVersion(t, "List entry "+e.Key, e, stat(t, s, e.Key))
		}
	})

	t.Run("invalid arguments", func(t *testing.T) {
		for _, p := range []string{"/abs", "a//b/", "../", "a/./b", "a\\b", "nul\x00/"} {
			if _, err := s.List(t.Context(), p, blob.ListOptions{}); !errors.Is(err, blob.ErrInvalidKey) {
				t.Errorf("List(%q) error = %v, want ErrInvalidKey", p, err)
			}
		}
		if _, err := s.List(t.Context(), "", blob.ListOptions{StartAfter: "bad\x00"}); !errors.Is(err, blob.ErrInvalidKey) {
			t.Errorf("List with StartAfter holding NUL: error = %v, want ErrInvalidKey", err)
		}
		if _, err := s.List(t.Context(), "", blob.ListOptions{Limit: -1}); err == nil {
			t.Errorf("List with Limit -1 succeeded, want an error")
		}
	})
}

func testListPaging(t *testing.T, s blob.Store) {
	putFixture(t, s)
	for _, recursive := range []bool{true, false} {
		var got []string
		after := ""
		for page := 0; ; page++ {
			if page > len(listFixture) {
				t.Fatalf("paging did not end after %d pages: %q", page, got)
			}
			keys := listKeys(t, s, "", blob.ListOptions{Recursive: recursive, StartAfter: after, Limit: 2})
			if len(keys) == 0 {
				break
			}
			got = append(got, keys...)
			after = keys[len(keys)-1]
		}
		want := listKeys(t, s, "", blob.ListOptions{Recursive: recursive})
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("recursive=%v: pages of 2 differ from one listing (-want +got):\n%s", recursive, diff)
		}
		if !slices.IsSorted(got) {
			t.Errorf("recursive=%v: paged keys not sorted: %q", recursive, got)
		}
	}
}
