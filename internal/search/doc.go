// Package search defines the engine-neutral model of record search: the
// documents an engine indexes, the per-dataset schema an index is created
// from, the query the API sends, and the Index interface every engine
// implements.
//
// The database is the source of truth and an index is derived data: the
// service layer writes a record to the database first, then upserts its
// Document here, and `extralit reindex` rebuilds every index from the
// database. A write is visible to Search once Upsert returns.
//
// Engines live in sub-packages (bleve for the embedded default, elastic for
// Elasticsearch and OpenSearch) and all pass the conformance suite in
// searchtest. The rules that do not depend on an engine, such as checking a
// query against the dataset's Mapping, live here so every engine applies
// them the same way.
package search
