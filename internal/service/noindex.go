package service

import (
	"context"
	"fmt"

	"github.com/extralit/extralit-go/internal/search"
)

// errNotIndexOwner is what a worker beside the embedded engine gets when
// something asks it for the index it must never open.
var errNotIndexOwner = fmt.Errorf("%w: this worker process does not own the embedded search index "+
	"(only `extralit server` opens it; record changes reach it through the outbox)", search.ErrUnavailable)

// notIndexOwner is the search.Index of a process in outbox mode: every
// call fails with errNotIndexOwner, so a job that needs the index gets a
// clear error instead of a nil index.
type notIndexOwner struct{}

var _ search.Index = notIndexOwner{}

func (notIndexOwner) CreateIndex(context.Context, string, search.Mapping) error {
	return errNotIndexOwner
}
func (notIndexOwner) UpdateMapping(context.Context, string, search.Mapping) error {
	return errNotIndexOwner
}
func (notIndexOwner) Mapping(context.Context, string) (search.Mapping, error) {
	return search.Mapping{}, errNotIndexOwner
}
func (notIndexOwner) DeleteIndex(context.Context, string) error { return errNotIndexOwner }
func (notIndexOwner) Upsert(context.Context, string, []search.Document) error {
	return errNotIndexOwner
}
func (notIndexOwner) Delete(context.Context, string, []string) error { return errNotIndexOwner }
func (notIndexOwner) Search(context.Context, string, search.Query) (search.Result, error) {
	return search.Result{}, errNotIndexOwner
}
func (notIndexOwner) Count(context.Context, string) (int, error) { return 0, errNotIndexOwner }
func (notIndexOwner) Close() error                               { return nil }
