// Package service holds the business rules of Extralit, written once above
// the storage backends: who may do what (the reference's policy table),
// validation that spans entities, and multi-step transactions. The HTTP API
// and the command line both call it; neither talks to a backend directly.
package service

import (
	"log/slog"

	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/search"
)

// Service is the entry point to every use case.
type Service struct {
	store extralit.Store
	auth  *Auth
	log   *slog.Logger
	index search.Index
}

// New returns a Service over store, signing tokens with auth.
func New(store extralit.Store, auth *Auth, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{store: store, auth: auth, log: log}
}

// SetIndex sets the search engine that records are indexed in. It must be
// called before the service handles dataset requests.
func (s *Service) SetIndex(idx search.Index) { s.index = idx }

// Index returns the search engine.
func (s *Service) Index() search.Index { return s.index }

// Auth returns the authenticator the service uses.
func (s *Service) Auth() *Auth { return s.auth }

// Store returns the database the service runs on.
func (s *Service) Store() extralit.Store { return s.store }
