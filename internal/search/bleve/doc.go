// Package bleve is the embedded search engine, the default when no
// Elasticsearch or OpenSearch address is configured. It implements
// search.Index on github.com/blevesearch/bleve/v2 (pure Go, no cgo).
//
// # Layout
//
// Each dataset has a directory under the root given to New:
//
//	<root>/<dataset ID>/mapping.json   the search.Mapping, written last on create
//	<root>/<dataset ID>/bleve/         the Bleve (scorch) index
//	<root>/<dataset ID>/vectors.log    the vectors, an append-only log
//
// # Ownership
//
// Bleve locks its files, so only one process may open the root. The server
// process owns it; workers and CLI commands write to the database and leave
// indexing to the server (see the architecture notes). The index is derived
// data: `extralit reindex` rebuilds it from the database, which is also the
// recovery after a crash or a lost directory.
//
// # How records are indexed
//
// Documents are built field by field (Bleve's IndexAdvanced), not through a
// reflective mapping: text fields are analysed (Unicode words, lowercased)
// and scored with BM25; metadata, statuses, suggestion and response values
// are keywords or numbers with doc values for sorting; responses are
// flattened per user (r.u.<user>.status, r.u.<user>.q.<question>) and for
// anyone (r.status, r.q.<question>), so filters work per question and per
// user without nested documents. Numbers and dates are indexed as
// order-preserving 64-bit keys with eight precision levels (numeric.go)
// instead of Bleve numbers, which use sixteen: less indexing work, and
// sorting reads one short doc value. Filters run unscored, where Bleve
// unions term postings as bitmaps.
//
// Bleve's BM25 differs from Lucene's in two details: it dampens term
// frequency with a square root and estimates the average field length from
// the field's vocabulary size. Rankings agree on the basics (more
// occurrences, shorter fields) but scores are not comparable across
// engines.
//
// # Vectors
//
// Bleve's vector search needs cgo and FAISS, so vectors are kept in memory,
// one flat float32 slice per vector space, and similarity is brute force:
// cosine via gonum's assembly dot product, split across cores for large
// spaces. Every change is appended to vectors.log (length-prefixed,
// CRC-checked records, synced per write); opening a dataset replays it,
// drops a torn tail, and rewrites the log when most of it is garbage.
// Memory use is 4 bytes per dimension per record (100,000 × 384 ≈ 150 MB).
package bleve
