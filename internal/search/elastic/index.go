package elastic

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/extralit/extralit-go/internal/search"
)

// Options configure the engine. URL is required.
type Options struct {
	// URL is the cluster's address, e.g. http://127.0.0.1:9200. User
	// information in the URL is used for basic auth when Username is empty.
	URL string
	// CAPath is a PEM file of the certificate authorities to trust for
	// https URLs; empty uses the system's.
	CAPath string
	// Username and Password enable basic auth.
	Username, Password string
	// APIKey is sent as "Authorization: ApiKey …" and wins over basic auth.
	APIKey string
	// Refresh is the refresh parameter of every write: "true" (default:
	// refresh the affected shards now), "wait_for" (wait for the next
	// scheduled refresh) or "false" (not visible until then; for bulk
	// loads only).
	Refresh string
	// BatchSize is how many documents one bulk request carries (default
	// 500).
	BatchSize int
	// Replicas is index.auto_expand_replicas (default "0-1": a replica
	// when the cluster has a second node).
	Replicas string
	// Timeout bounds each request (default one minute).
	Timeout time.Duration
	// Candidates is how many neighbours a similarity query's HNSW search
	// keeps while it walks the graph (default 100, at most 10,000; never
	// fewer than the page needs): more finds the true nearest records more
	// often and costs more time.
	Candidates int
}

// Engine is a search.Index on an Elasticsearch or OpenSearch cluster. It is
// safe for concurrent use; many processes may share one cluster.
type Engine struct {
	c       *client
	o       Options
	flavor  Flavor
	version string
	closed  atomic.Bool
	cache   mappingCache
}

var _ search.Index = (*Engine)(nil)

// New connects to the cluster, reads its flavor and version, and returns the
// engine. A cluster that cannot be reached is search.ErrUnavailable.
func New(ctx context.Context, o Options) (*Engine, error) {
	c, err := newClient(o)
	if err != nil {
		return nil, err
	}
	switch o.Refresh {
	case "":
		o.Refresh = "true"
	case "true", "wait_for", "false":
	default:
		return nil, fmt.Errorf("elastic: refresh must be true, wait_for or false, not %q", o.Refresh)
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 500
	}
	switch {
	case o.Candidates == 0:
		o.Candidates = 100
	case o.Candidates < 0 || o.Candidates > maxNeighbours:
		return nil, fmt.Errorf("elastic: candidates must be from 1 to %d, not %d", maxNeighbours, o.Candidates)
	}
	if o.Replicas == "" {
		o.Replicas = "0-1"
	}
	i, err := c.serverInfo(ctx)
	if err != nil {
		return nil, fmt.Errorf("elastic: open %s: %w", c.base.Host, err)
	}
	if i.Version.Number == "" {
		return nil, fmt.Errorf("elastic: %s does not look like Elasticsearch or OpenSearch (GET / has no version)", c.base.Host)
	}
	e := &Engine{c: c, o: o, flavor: i.flavor(), version: i.Version.Number}
	// 8.4 brought the search's top-level knn section, which similarity
	// queries use.
	if e.flavor == Elasticsearch && (major(e.version) < 8 || major(e.version) == 8 && minor(e.version) < 4) {
		return nil, fmt.Errorf("elastic: Elasticsearch %s is too old: version 8.4 or later is needed", e.version)
	}
	if e.flavor == OpenSearch && major(e.version) < 2 {
		return nil, fmt.Errorf("elastic: OpenSearch %s is too old: version 2 or later is needed", e.version)
	}
	return e, nil
}

func major(v string) int {
	n := 0
	for _, r := range v {
		if r < '0' || r > '9' {
			break
		}
		n = n*10 + int(r-'0')
	}
	return n
}

// minor returns the second number of a version string such as "8.19.21".
func minor(v string) int {
	_, rest, ok := strings.Cut(v, ".")
	if !ok {
		return 0
	}
	return major(rest)
}

// Flavor reports whether the cluster is Elasticsearch or OpenSearch.
func (e *Engine) Flavor() Flavor { return e.flavor }

// Version reports the cluster's version number.
func (e *Engine) Version() string { return e.version }

// Health reports the cluster's health (green, yellow or red).
func (e *Engine) Health(ctx context.Context) (string, error) {
	var h struct {
		Status string `json:"status"`
	}
	if err := e.c.do(ctx, "GET", "/_cluster/health", nil, &h); err != nil {
		return "", fmt.Errorf("cluster health: %w", err)
	}
	return h.Status, nil
}

// Close marks the engine closed; later calls return search.ErrClosed.
func (e *Engine) Close() error {
	e.closed.Store(true)
	e.c.http.CloseIdleConnections()
	return nil
}

func (e *Engine) check() error {
	if e.closed.Load() {
		return search.ErrClosed
	}
	return nil
}

// IndexName returns the name of a dataset's index, as the reference names
// it.
func IndexName(datasetID string) string { return "ex." + datasetID }

func indexPath(datasetID string) string { return "/" + url.PathEscape(IndexName(datasetID)) }
