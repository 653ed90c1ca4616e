package store_test

import (
	"testing"

	"github.com/extralit/extralit-go/internal/store"
	"github.com/extralit/extralit-go/internal/store/storetest"
)

type engine struct {
	name string
	open func(t *testing.T) *store.Store
}

// engines lists the engines to run a test on.
func engines() []engine {
	var es []engine
	for _, e := range storetest.Engines() {
		es = append(es, engine{e.Name, func(t *testing.T) *store.Store { return storetest.OpenMigrated(t, e.URL(t)) }})
	}
	return es
}
