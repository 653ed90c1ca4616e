package bleve

import (
	"sync"

	"github.com/extralit/extralit-go/internal/search/vecspace"
)

// vectors is a dataset's vector spaces, in memory and in a log on disk.
type vectors struct {
	mu     sync.RWMutex
	spaces map[string]*vecspace.Space
	log    *vectorLog
}
