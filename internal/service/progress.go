package service

import (
	"context"

	"github.com/extralit/extralit-go/internal/extralit"
)

// Progress is a dataset's completion.
type Progress struct {
	Total     int `json:"total"`
	Completed int `json:"completed"`
	Pending   int `json:"pending"`
}

// DatasetProgress counts completed and pending records.
func (s *Service) DatasetProgress(ctx context.Context, actor *extralit.User, datasetID string) (Progress, error) {
	if _, err := s.datasetForMember(ctx, actor, datasetID); err != nil {
		return Progress{}, err
	}
	total, completed, err := s.store.DatasetProgress(ctx, datasetID)
	if err != nil {
		return Progress{}, err
	}
	return Progress{Total: total, Completed: completed, Pending: total - completed}, nil
}

// StatusCounts counts responses by status.
type StatusCounts struct {
	Submitted int `json:"submitted"`
	Discarded int `json:"discarded"`
	Draft     int `json:"draft"`
}

// UserProgress is one user's responses, split by record status.
type UserProgress struct {
	Username  string       `json:"username"`
	Completed StatusCounts `json:"completed"`
	Pending   StatusCounts `json:"pending"`
}

// UsersProgress lists each user's responses in a dataset.
func (s *Service) UsersProgress(ctx context.Context, actor *extralit.User, datasetID string) ([]UserProgress, error) {
	if _, err := s.datasetForMember(ctx, actor, datasetID); err != nil {
		return nil, err
	}
	rows, err := s.store.UserResponseCounts(ctx, datasetID)
	if err != nil {
		return nil, err
	}
	var out []UserProgress
	index := map[string]int{}
	for _, r := range rows {
		i, ok := index[r.UserID]
		if !ok {
			i = len(out)
			index[r.UserID] = i
			out = append(out, UserProgress{Username: r.Username})
		}
		c := &out[i].Pending
		if r.RecordStatus == extralit.RecordCompleted {
			c = &out[i].Completed
		}
		switch r.Status {
		case extralit.ResponseSubmitted:
			c.Submitted += r.Count
		case extralit.ResponseDiscarded:
			c.Discarded += r.Count
		case extralit.ResponseDraft:
			c.Draft += r.Count
		}
	}
	if out == nil {
		out = []UserProgress{}
	}
	return out, nil
}

// MyMetrics counts the actor's responses in a dataset.
type MyMetrics struct {
	Total     int `json:"total"`
	Submitted int `json:"submitted"`
	Discarded int `json:"discarded"`
	Draft     int `json:"draft"`
	Pending   int `json:"pending"`
}

// MyDatasetMetrics counts the actor's responses and what is left.
func (s *Service) MyDatasetMetrics(ctx context.Context, actor *extralit.User, datasetID string) (MyMetrics, error) {
	if _, err := s.datasetForMember(ctx, actor, datasetID); err != nil {
		return MyMetrics{}, err
	}
	total, _, err := s.store.DatasetProgress(ctx, datasetID)
	if err != nil {
		return MyMetrics{}, err
	}
	rows, err := s.store.UserResponseCounts(ctx, datasetID)
	if err != nil {
		return MyMetrics{}, err
	}
	m := MyMetrics{Total: total}
	for _, r := range rows {
		if r.UserID != actor.ID {
			continue
		}
		switch r.Status {
		case extralit.ResponseSubmitted:
			m.Submitted += r.Count
		case extralit.ResponseDiscarded:
			m.Discarded += r.Count
		case extralit.ResponseDraft:
			m.Draft += r.Count
		}
	}
	m.Pending = total - m.Submitted - m.Discarded - m.Draft
	return m, nil
}
