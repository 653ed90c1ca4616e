// Package elastic is the search engine on an Elasticsearch 8 or OpenSearch 2
// cluster, for deployments that run several server and worker processes.
//
// Both engines are reached over their common REST JSON API with net/http:
// the official Elasticsearch client refuses servers that are not Elastic's,
// and one small client serves both. The flavor (Elasticsearch or OpenSearch)
// is read from GET / when the engine is opened; it decides only the vector
// field type (dense_vector or the k-NN plugin's knn_vector) and the index
// settings the k-NN plugin needs.
//
// Each dataset has its own index, named "ex.{dataset_id}" as the reference
// server names it, created with an explicit mapping derived from the
// dataset's search.Mapping; the search.Mapping itself is kept in the index
// mapping's _meta, so every process sees the same schema. Writes use the bulk
// API with a refresh chosen per call (Options.Refresh), so they are visible to
// search when Upsert returns.
//
// Similarity queries use the engine's approximate k-NN on an HNSW graph
// (the knn section of an Elasticsearch search on dense_vector, the k-NN
// plugin's knn query with Lucene's engine on OpenSearch), filtered by the query's own filters, and score records
// (1 + cos) / 2 as the embedded engine does; totals count every matching
// record. Least similar is most similar to the negated vector. Only a page
// reaching past the 10,000 nearest records, which k-NN cannot serve, is
// scored exactly with a painless script_score. Neither engine needs a
// scripting module otherwise, so Elastic's integ-test distribution (no
// lang-painless) serves every query but those deep pages. Options.Candidates
// trades the k-NN's recall against its latency.
package elastic
