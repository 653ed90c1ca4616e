// Package memory is the default embedded search engine: every dataset's
// index lives in the server's memory, and the database is its only copy on
// disk. The server fills it from the database when it starts (the service's
// reindex), then keeps it in step with every write, as any engine is.
//
// Why not an on-disk engine: an inverted index built into immutable
// segments (Bleve's scorch) costs about 0.18 ms of CPU per record on the
// project's 2-core machine, two thirds of a bulk write's cost, mostly for
// the metadata, date and ID terms that a column scan serves better. Here a
// record costs a few microseconds: its values are kept as they are, in one
// struct per record, and only its text goes into posting lists.
//
// Layout of one dataset:
//
//   - records are numbered by slot in the order they were written; a
//     rewritten record takes a new slot and its old slot is left empty, so
//     writes never search posting lists. When empty slots outnumber the
//     live ones the dataset is compacted.
//   - text: for every searchable field, a map from word to the slots that
//     hold it and how often, scored with BM25 (k1 1.2, b 0.75). Words are
//     runs of letters and digits, lowercased, as tokenize describes.
//   - filters and sorts read the record structs: a scan of the candidates,
//     which for 100,000 records is a few milliseconds.
//   - vectors: one vecspace.Space per vector settings, ranked by brute
//     force.
//
// Memory: about 1 KB per record plus its text's postings (roughly six bytes
// per word) and its vectors (four bytes per dimension).
package memory
