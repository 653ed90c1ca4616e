package searchtest

import (
	"testing"

	"github.com/extralit/extralit-go/internal/search"
)

func terms(s search.Scope, values ...string) search.Filter {
	return search.Terms{Scope: s, Values: values}
}

func between(s search.Scope, ge, le *search.Bound) search.Filter {
	return search.Range{Scope: s, GE: ge, LE: le}
}

func testFilters(t *testing.T, newIndex func(t *testing.T) search.Index) {
	f := load(t, newIndex)
	var (
		genre     = search.MetadataScope("genre")
		year      = search.MetadataScope("year")
		price     = search.MetadataScope("price")
		status    = search.RecordScope(search.PropStatus)
		rstatus   = search.ResponseStatusScope()
		label     = search.ResponseValueScope("label")
		rating    = search.ResponseValueScope("rating")
		sugLabel  = search.SuggestionScope("label", search.PropValue)
		sugLabels = search.SuggestionScope("labels", search.PropValue)
	)
	tests := []struct {
		name    string
		user    string
		filters []search.Filter
		want    []int
	}{
		{"metadata terms", "", []search.Filter{terms(genre, "trial")}, []int{1, 4}},
		{"metadata terms, several values", "", []search.Filter{terms(genre, "cohort", "surveillance")}, []int{2, 3, 6}},
		{"metadata terms, no match", "", []search.Filter{terms(genre, "Trial")}, nil},
		{"integer terms", "", []search.Filter{terms(year, "2019")}, []int{1, 4}},
		{"integer range", "", []search.Filter{between(year, search.Num(2015), search.Num(2019))}, []int{1, 2, 4}},
		{"integer range, ge only", "", []search.Filter{between(year, search.Num(2020), nil)}, []int{3}},
		{"float range, le only", "", []search.Filter{between(price, nil, search.Num(1.5))}, []int{1, 3, 6}},
		{"float range", "", []search.Filter{between(price, search.Num(0.5), search.Num(3.25))}, []int{1, 2, 6}},
		{"float terms", "", []search.Filter{terms(price, "1.5")}, []int{1}},
		{"record status", "", []search.Filter{terms(status, "completed")}, []int{1, 4}},
		{"record status pending", "", []search.Filter{terms(status, "pending")}, []int{2, 3, 5, 6}},
		{"record id", "", []search.Filter{terms(search.RecordScope(search.PropID), rid(3), rid(5))}, []int{3, 5}},
		{"external id", "", []search.Filter{terms(search.RecordScope(search.PropExternalID), "ext-2")}, []int{2}},
		{"inserted_at from", "", []search.Filter{between(search.RecordScope(search.PropInsertedAt), search.At(minutes(2)), nil)}, []int{2, 3, 4, 6}},
		{"inserted_at until", "", []search.Filter{between(search.RecordScope(search.PropInsertedAt), nil, search.At(minutes(1)))}, []int{1, 5}},
		{"updated_at", "", []search.Filter{between(search.RecordScope(search.PropUpdatedAt), search.At(minutes(20)), search.At(minutes(40)))}, []int{5}},

		{"response status submitted, caller", alice, []search.Filter{terms(rstatus, "submitted")}, []int{1, 4}},
		{"response status draft, caller", alice, []search.Filter{terms(rstatus, "draft")}, nil},
		{"response status discarded, caller", alice, []search.Filter{terms(rstatus, "discarded")}, []int{2}},
		{"response status pending, caller", alice, []search.Filter{terms(rstatus, "pending")}, []int{3, 5, 6}},
		{"response status pending or discarded", alice, []search.Filter{terms(rstatus, "pending", "discarded")}, []int{2, 3, 5, 6}},
		{"response status draft, other caller", bob, []search.Filter{terms(rstatus, "draft")}, []int{1}},
		{"response status pending, other caller", bob, []search.Filter{terms(rstatus, "pending")}, []int{2, 5, 6}},
		{"response status, anyone", "", []search.Filter{terms(rstatus, "submitted")}, []int{1, 3, 4}},
		{"response status pending, no one", "", []search.Filter{terms(rstatus, "pending")}, []int{5, 6}},
		{"response value, caller", alice, []search.Filter{terms(label, "yes")}, []int{1}},
		{"response value, other caller", bob, []search.Filter{terms(label, "yes")}, []int{3, 4}},
		{"response value, anyone", "", []search.Filter{terms(label, "yes")}, []int{1, 3, 4}},
		{"response rating range, caller", alice, []search.Filter{between(rating, search.Num(4), nil)}, []int{1}},
		{"response rating range, other caller", bob, []search.Filter{between(rating, search.Num(4), nil)}, []int{3, 4}},
		{"response rating terms", bob, []search.Filter{terms(rating, "2")}, []int{1}},
		{"response multi-label value", alice, []search.Filter{terms(search.ResponseValueScope("labels"), "b")}, []int{1}},

		{"suggestion value", "", []search.Filter{terms(sugLabel, "yes")}, []int{1, 6}},
		{"suggestion value, default property", "", []search.Filter{terms(search.Scope{Entity: search.EntitySuggestion, Name: "label"}, "no")}, []int{2}},
		{"suggestion rating value", "", []search.Filter{terms(search.SuggestionScope("rating", search.PropValue), "3")}, []int{3}},
		{"suggestion multi-label value", "", []search.Filter{terms(sugLabels, "c")}, []int{4}},
		{"suggestion score", "", []search.Filter{between(search.SuggestionScope("label", search.PropScore), search.Num(0.5), nil)}, []int{1}},
		{"suggestion list score, high", "", []search.Filter{between(search.SuggestionScope("labels", search.PropScore), search.Num(0.5), nil)}, []int{4}},
		{"suggestion list score, low", "", []search.Filter{between(search.SuggestionScope("labels", search.PropScore), nil, search.Num(0.3))}, []int{4}},
		{"suggestion agent", "", []search.Filter{terms(search.SuggestionScope("label", search.PropAgent), "gpt")}, []int{1}},
		{"suggestion agent, other question", "", []search.Filter{terms(search.SuggestionScope("rating", search.PropAgent), "gpt")}, []int{3}},
		{"suggestion type", "", []search.Filter{terms(search.SuggestionScope("label", search.PropType), "human")}, []int{2}},

		{"filters are and-ed", "", []search.Filter{terms(genre, "trial"), terms(status, "completed"), terms(year, "2019")}, []int{1, 4}},
		{"filters are and-ed, with a response", alice, []search.Filter{terms(genre, "trial"), between(rating, search.Num(4), nil)}, []int{1}},
		{"filters are and-ed, with pending", alice, []search.Filter{terms(rstatus, "pending"), terms(genre, "cohort", "surveillance")}, []int{3, 6}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := ordered(tc.want...)
			res := f.search(t, search.Query{Filters: tc.filters, UserID: tc.user, Limit: 100})
			wantPage(t, res, want, len(want))
			for i, h := range res.Items {
				if h.Score != nil {
					t.Errorf("item %d score = %v, want nil without a text or vector query", i, *h.Score)
				}
			}
		})
	}
}
