package elastic

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/extralit/extralit-go/internal/search"
)

// The document layout in the cluster. A user-chosen name always sits under a
// fixed object (fields, metadata, suggestions, responses.values, vectors), so
// names never collide with the record's own properties.
const (
	pID         = "id"
	pExternalID = "external_id"
	pStatus     = "status"
	pInsertedAt = "inserted_at"
	pUpdatedAt  = "updated_at"
	pAllText    = "all_text"  // every searchable field, copied for all-field text queries
	pResponses  = "responses" // nested: user_id, status, values.{question}
	metaKey     = "extralit_mapping"
)

func fieldPath(name string) string            { return "fields." + name }
func metadataPath(name string) string         { return "metadata." + name }
func suggestionPath(q, prop string) string    { return "suggestions." + q + "." + prop }
func responseValuePath(q string) string       { return "responses.values." + q }
func vectorPath(name string) string           { return "vectors." + name }
func obj(props map[string]any) map[string]any { return map[string]any{"properties": props} }

var (
	keyword = map[string]any{"type": "keyword"}
	number  = map[string]any{"type": "double"}
	date    = map[string]any{"type": "date", "format": "strict_date_optional_time_nanos"}
)

// properties returns the explicit mapping of m's names.
func (e *Engine) properties(m search.Mapping) map[string]any {
	fields := map[string]any{}
	for _, f := range m.Fields {
		if f.Searchable() {
			fields[f.Name] = map[string]any{"type": "text", "copy_to": pAllText}
		} else {
			fields[f.Name] = map[string]any{"type": "keyword", "index": false, "doc_values": false}
		}
	}
	metadata := map[string]any{}
	for _, p := range m.Metadata {
		switch p.Type {
		case search.MetadataTerms:
			metadata[p.Name] = keyword
		case search.MetadataInteger:
			metadata[p.Name] = map[string]any{"type": "long"}
		default:
			metadata[p.Name] = number
		}
	}
	suggestions := map[string]any{}
	values := map[string]any{}
	for _, q := range m.Questions {
		s := map[string]any{"score": number, "agent": keyword, "type": keyword}
		switch q.Type.ValueKind() {
		case search.ValueKeyword:
			s["value"] = keyword
			values[q.Name] = keyword
		case search.ValueNumber:
			s["value"] = number
			values[q.Name] = number
		}
		suggestions[q.Name] = obj(s)
	}
	vectors := map[string]any{}
	for _, v := range m.Vectors {
		vectors[v.Name] = e.vectorField(v.Dimensions)
	}
	return map[string]any{
		pID: keyword, pExternalID: keyword, pStatus: keyword,
		pInsertedAt: date, pUpdatedAt: date,
		pAllText:      map[string]any{"type": "text"},
		"fields":      obj(fields),
		"metadata":    obj(metadata),
		"suggestions": obj(suggestions),
		pResponses: map[string]any{"type": "nested", "properties": map[string]any{
			"user_id": keyword, "status": keyword, "values": obj(values),
		}},
		"vectors": obj(vectors),
	}
}

// vectorField is the flavor's vector type, indexed in an HNSW graph for
// cosine k-NN (see similarityQuery). OpenSearch uses Lucene's engine, which
// needs no native library (the k-NN plugin on Maven Central has none).
// Elasticsearch gets plain float HNSW: since 8.14 its default quantizes
// vectors to int8, which makes scores approximate as well as the ranking.
func (e *Engine) vectorField(dims int) map[string]any {
	if e.flavor == OpenSearch {
		return map[string]any{"type": "knn_vector", "dimension": dims,
			"method": map[string]any{"name": "hnsw", "engine": "lucene", "space_type": "cosinesimil"}}
	}
	return map[string]any{"type": "dense_vector", "dims": dims, "index": true, "similarity": "cosine",
		"index_options": map[string]any{"type": "hnsw"}}
}

func metaOf(m search.Mapping) (map[string]any, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("encode mapping: %w", err)
	}
	return map[string]any{metaKey: json.RawMessage(b)}, nil
}

// CreateIndex creates the dataset's index with m's explicit mapping.
func (e *Engine) CreateIndex(ctx context.Context, datasetID string, m search.Mapping) error {
	if err := e.check(); err != nil {
		return err
	}
	if err := m.Validate(); err != nil {
		return err
	}
	meta, err := metaOf(m)
	if err != nil {
		return err
	}
	settings := map[string]any{
		"number_of_shards":     1,
		"auto_expand_replicas": e.o.Replicas,
		"max_result_window":    1_000_000,
	}
	if e.flavor == OpenSearch {
		settings["knn"] = true
	}
	mappings := map[string]any{"dynamic": "strict", "_meta": meta, "properties": e.properties(m)}
	body := map[string]any{"settings": map[string]any{"index": settings}, "mappings": mappings}
	if err := e.c.do(ctx, "PUT", indexPath(datasetID)+"?wait_for_active_shards=1", body, nil); err != nil {
		return fmt.Errorf("create index %s: %w", IndexName(datasetID), mappingError(err))
	}
	return nil
}

// mappingError turns the cluster's refusal of a mapping into
// search.ErrInvalidMapping.
func mappingError(err error) error {
	var ae *apiError
	if errors.As(err, &ae) && ae.Status == 400 {
		return fmt.Errorf("%w: the search cluster refused the mapping: %s", search.ErrInvalidMapping, ae.Reason)
	}
	return err
}

// Mapping returns the dataset's mapping, read from the index's _meta.
func (e *Engine) Mapping(ctx context.Context, datasetID string) (search.Mapping, error) {
	if err := e.check(); err != nil {
		return search.Mapping{}, err
	}
	var out map[string]struct {
		Mappings struct {
			Meta map[string]json.RawMessage `json:"_meta"`
		} `json:"mappings"`
	}
	if err := e.c.do(ctx, "GET", indexPath(datasetID)+"/_mapping", nil, &out); err != nil {
		return search.Mapping{}, fmt.Errorf("mapping of %s: %w", IndexName(datasetID), err)
	}
	idx, ok := out[IndexName(datasetID)]
	raw := idx.Mappings.Meta[metaKey]
	if !ok || raw == nil {
		return search.Mapping{}, fmt.Errorf("%w: index %s was not made by Extralit (no %s in its _meta)",
			search.ErrInvalidMapping, IndexName(datasetID), metaKey)
	}
	var m search.Mapping
	if err := json.Unmarshal(raw, &m); err != nil {
		return search.Mapping{}, fmt.Errorf("%w: index %s: decode _meta: %v", search.ErrInvalidMapping, IndexName(datasetID), err)
	}
	e.cache.put(datasetID, m)
	return m, nil
}

// UpdateMapping adds m's new names to the index mapping and records m. The
// cluster cannot remove a mapped field: a dropped name stays in the cluster's
// mapping but is unknown to queries and no longer written, and a name later
// re-added with another type is refused with search.ErrInvalidMapping.
func (e *Engine) UpdateMapping(ctx context.Context, datasetID string, m search.Mapping) error {
	old, err := e.Mapping(ctx, datasetID)
	if err != nil {
		return err
	}
	if err := old.CheckUpdate(m); err != nil {
		return err
	}
	meta, err := metaOf(m)
	if err != nil {
		return err
	}
	body := map[string]any{"_meta": meta, "properties": e.properties(m)}
	e.cache.forget(datasetID)
	if err := e.c.do(ctx, "PUT", indexPath(datasetID)+"/_mapping", body, nil); err != nil {
		return fmt.Errorf("update mapping of %s: %w", IndexName(datasetID), mappingError(err))
	}
	return nil
}

// DeleteIndex deletes the dataset's index.
func (e *Engine) DeleteIndex(ctx context.Context, datasetID string) error {
	if err := e.check(); err != nil {
		return err
	}
	e.cache.forget(datasetID)
	if err := e.c.do(ctx, "DELETE", indexPath(datasetID), nil, nil); err != nil {
		return fmt.Errorf("delete index %s: %w", IndexName(datasetID), err)
	}
	return nil
}

// Count returns the number of documents in the dataset's index.
func (e *Engine) Count(ctx context.Context, datasetID string) (int, error) {
	if err := e.check(); err != nil {
		return 0, err
	}
	var out struct {
		Count int `json:"count"`
	}
	if err := e.c.do(ctx, "GET", indexPath(datasetID)+"/_count", nil, &out); err != nil {
		return 0, fmt.Errorf("count %s: %w", IndexName(datasetID), err)
	}
	return out.Count, nil
}
