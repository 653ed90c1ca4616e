package elastic

import (
	"context"
	"sync"
	"time"

	"github.com/extralit/extralit-go/internal/search"
)

// mappingTTL is how long Search trusts a mapping it has read. Writes always
// read the mapping afresh, so a stale mapping never drops a new name's
// values from the index; a query that fails validation against a cached
// mapping is checked again against a fresh one.
const mappingTTL = 10 * time.Second

// mappingCache holds recently read mappings by dataset.
type mappingCache struct {
	mu sync.Mutex
	m  map[string]cachedMapping
}

type cachedMapping struct {
	m  search.Mapping
	at time.Time
}

func (c *mappingCache) get(datasetID string) (search.Mapping, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[datasetID]
	if !ok || time.Since(e.at) > mappingTTL {
		return search.Mapping{}, false
	}
	return e.m, true
}

func (c *mappingCache) put(datasetID string, m search.Mapping) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]cachedMapping{}
	}
	c.m[datasetID] = cachedMapping{m: m, at: time.Now()}
}

func (c *mappingCache) forget(datasetID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, datasetID)
}

// queryMapping returns the mapping to validate q with: the cached one when
// q fits it, else a fresh one.
func (e *Engine) queryMapping(ctx context.Context, datasetID string, q search.Query) (search.Mapping, error) {
	if m, ok := e.cache.get(datasetID); ok && q.Validate(m) == nil {
		return m, nil
	}
	m, err := e.Mapping(ctx, datasetID)
	if err != nil {
		return search.Mapping{}, err
	}
	return m, q.Validate(m)
}
