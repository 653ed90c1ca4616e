package searchtest

import (
	"testing"

	"github.com/extralit/extralit-go/internal/search"
)

func asc(s search.Scope) search.Sort  { return search.Sort{Scope: s} }
func desc(s search.Scope) search.Sort { return search.Sort{Scope: s, Descending: true} }

func testSort(t *testing.T, newIndex func(t *testing.T) search.Index) {
	f := load(t, newIndex)
	var (
		year     = search.MetadataScope("year")
		price    = search.MetadataScope("price")
		genre    = search.MetadataScope("genre")
		status   = search.RecordScope(search.PropStatus)
		labelSc  = search.SuggestionScope("label", search.PropScore)
		labelVal = search.SuggestionScope("label", search.PropValue)
		rating   = search.ResponseValueScope("rating")
	)
	// Missing values sort last in both directions; ties fall to the ID.
	tests := []struct {
		name string
		user string
		sort []search.Sort
		want []int
	}{
		{"default: inserted_at then id", "", nil, []int{5, 1, 2, 3, 4, 6}},
		{"inserted_at desc", "", []search.Sort{desc(search.RecordScope(search.PropInsertedAt))}, []int{6, 4, 2, 3, 1, 5}},
		{"updated_at asc", "", []search.Sort{asc(search.RecordScope(search.PropUpdatedAt))}, []int{1, 2, 3, 4, 6, 5}},
		{"id desc", "", []search.Sort{desc(search.RecordScope(search.PropID))}, []int{6, 5, 4, 3, 2, 1}},
		{"external_id asc", "", []search.Sort{asc(search.RecordScope(search.PropExternalID))}, []int{1, 2, 4, 3, 5, 6}},
		{"external_id desc", "", []search.Sort{desc(search.RecordScope(search.PropExternalID))}, []int{4, 2, 1, 3, 5, 6}},
		{"status asc", "", []search.Sort{asc(status)}, []int{1, 4, 2, 3, 5, 6}},
		{"status desc", "", []search.Sort{desc(status)}, []int{2, 3, 5, 6, 1, 4}},
		{"integer asc", "", []search.Sort{asc(year)}, []int{6, 2, 1, 4, 3, 5}},
		{"integer desc", "", []search.Sort{desc(year)}, []int{3, 1, 4, 2, 6, 5}},
		{"float asc, negative first", "", []search.Sort{asc(price)}, []int{3, 6, 1, 2, 4, 5}},
		{"float desc", "", []search.Sort{desc(price)}, []int{4, 2, 1, 6, 3, 5}},
		{"terms asc, least of several", "", []search.Sort{asc(genre)}, []int{4, 2, 6, 3, 1, 5}},
		{"terms desc, greatest of several", "", []search.Sort{desc(genre)}, []int{1, 4, 3, 2, 6, 5}},
		{"suggestion score desc", "", []search.Sort{desc(labelSc)}, []int{1, 2, 3, 4, 5, 6}},
		{"suggestion score asc", "", []search.Sort{asc(labelSc)}, []int{2, 1, 3, 4, 5, 6}},
		{"suggestion value asc", "", []search.Sort{asc(labelVal)}, []int{2, 1, 6, 3, 4, 5}},
		{"suggestion agent desc", "", []search.Sort{desc(search.SuggestionScope("label", search.PropAgent))}, []int{2, 1, 3, 4, 5, 6}},
		{"suggestion type asc", "", []search.Sort{asc(search.SuggestionScope("label", search.PropType))}, []int{2, 1, 3, 4, 5, 6}},
		{"caller's response value desc", alice, []search.Sort{desc(rating)}, []int{1, 4, 2, 3, 5, 6}},
		{"caller's response value asc", alice, []search.Sort{asc(rating)}, []int{4, 1, 2, 3, 5, 6}},
		{"other caller's response value asc", bob, []search.Sort{asc(rating)}, []int{1, 3, 4, 2, 5, 6}},
		{"caller's response status asc", alice, []search.Sort{asc(search.ResponseStatusScope())}, []int{2, 1, 4, 3, 5, 6}},
		{"two keys", "", []search.Sort{asc(status), desc(year)}, []int{1, 4, 3, 2, 6, 5}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := f.search(t, search.Query{Sort: tc.sort, UserID: tc.user, Limit: 100})
			wantPage(t, res, rids(tc.want...), 6)
		})
	}

	t.Run("text query with a sort", func(t *testing.T) {
		res := f.search(t, search.Query{Text: &search.TextQuery{Q: "malaria"}, Sort: []search.Sort{asc(year)}, Limit: 10})
		wantPage(t, res, rids(2, 1, 4), 3)
		for i, h := range res.Items {
			if h.Score == nil {
				t.Errorf("item %d has no score; a text query scores even when sorted", i)
			}
		}
	})
}
