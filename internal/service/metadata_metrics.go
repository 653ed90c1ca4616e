package service

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/extralit/extralit-go/internal/extralit"
)

// TermCount is how many records carry one term.
type TermCount struct {
	Term  string `json:"term"`
	Count int    `json:"count"`
}

// MetadataMetrics summarises a metadata property over a dataset's records:
// term counts for terms properties, min and max for numbers.
type MetadataMetrics struct {
	Type   string      `json:"type"`
	Total  *int        `json:"total,omitempty"`
	Values []TermCount `json:"values,omitempty"`
	Min    *float64    `json:"min,omitempty"`
	Max    *float64    `json:"max,omitempty"`
}

// MetadataPropertyMetrics computes the metrics of a metadata property the
// actor may see.
func (s *Service) MetadataPropertyMetrics(ctx context.Context, actor *extralit.User, id string) (*MetadataMetrics, error) {
	m, err := s.store.MetadataPropertyByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.datasetForMember(ctx, actor, m.DatasetID); err != nil {
		return nil, err
	}
	if !visibleTo(actor, m) {
		return nil, forbidden()
	}
	ms, err := extralit.ParseMetadataSettings(m.Settings)
	if err != nil {
		return nil, err
	}
	out := &MetadataMetrics{Type: ms.Type}
	counts := map[string]int{}
	total := 0
	err = s.store.EachRecordMetadata(ctx, m.DatasetID, func(md map[string]any) {
		v, ok := md[m.Name]
		if !ok || v == nil {
			return
		}
		if ms.Type == "terms" {
			total++
			vals := []any{v}
			if list, ok := v.([]any); ok {
				vals = list
			}
			for _, x := range vals {
				counts[fmt.Sprint(x)]++
			}
			return
		}
		f, ok := v.(float64)
		if !ok {
			return
		}
		if out.Min == nil || f < *out.Min {
			out.Min = &f
		}
		if out.Max == nil || f > *out.Max {
			out.Max = &f
		}
	})
	if err != nil {
		return nil, err
	}
	if ms.Type == "terms" {
		out.Total = &total
		out.Values = []TermCount{}
		for t, c := range counts {
			out.Values = append(out.Values, TermCount{t, c})
		}
		sort.Slice(out.Values, func(i, j int) bool {
			if out.Values[i].Count != out.Values[j].Count {
				return out.Values[i].Count > out.Values[j].Count
			}
			return out.Values[i].Term < out.Values[j].Term
		})
		return out, nil
	}
	// Floats are rounded to 5 places, as the reference does.
	for _, p := range []*float64{out.Min, out.Max} {
		if p != nil && ms.Type == "float" {
			*p = math.Round(*p*1e5) / 1e5
		}
	}
	return out, nil
}
