package main

import (
	"context"
	"fmt"

	"github.com/extralit/extralit-go/internal/search"
	"github.com/extralit/extralit-go/internal/search/elastic"
	"github.com/extralit/extralit-go/internal/search/memory"
)

// openCluster connects to the Elasticsearch or OpenSearch cluster and checks
// that it is the flavor EXTRALIT_SEARCH_ENGINE names.
func (g *globals) openCluster(ctx context.Context) (search.Index, error) {
	e, err := elastic.New(ctx, elastic.Options{
		URL:        g.cfg.ElasticsearchURL,
		CAPath:     g.cfg.ElasticsearchCAPath,
		Username:   g.cfg.ElasticsearchUsername,
		Password:   g.cfg.ElasticsearchPassword,
		APIKey:     g.cfg.ElasticsearchAPIKey,
		Candidates: g.cfg.ElasticsearchKNNCandidates,
	})
	if err != nil {
		return nil, fmt.Errorf("open the search cluster (EXTRALIT_ELASTICSEARCH): %w", err)
	}
	if string(e.Flavor()) != g.cfg.SearchEngine {
		e.Close()
		return nil, fmt.Errorf("EXTRALIT_SEARCH_ENGINE=%s, but the cluster at %s is %s %s: set EXTRALIT_SEARCH_ENGINE=%s",
			g.cfg.SearchEngine, g.cfg.ElasticsearchURL, e.Flavor(), e.Version(), e.Flavor())
	}
	return e, nil
}

// searchStatus is the search_engine part of /api/v1/status: the engine, its
// version and its health.
func searchStatus(ctx context.Context, idx search.Index) map[string]any {
	if u, ok := idx.(unlockingIndex); ok {
		idx = u.Index
	}
	e, ok := idx.(*elastic.Engine)
	if !ok {
		engine := "bleve"
		if _, inMemory := idx.(*memory.Index); inMemory {
			engine = "memory"
		}
		return map[string]any{"name": "embedded", "engine": engine, "status": "ok"}
	}
	out := map[string]any{"name": string(e.Flavor()), "engine": string(e.Flavor()), "version": e.Version()}
	health, err := e.Health(ctx)
	if err != nil {
		out["status"] = "unavailable"
		out["error"] = err.Error()
		return out
	}
	out["status"] = health
	return out
}
