package elastic

// maxNeighbours is the most nearest neighbours one k-NN search returns:
// Elasticsearch's limit on num_candidates and OpenSearch's on k. A variable
// so that tests can lower it.
var maxNeighbours = 10_000

// similarityQuery scores the records that match filter (a bool query's
// body: the query's filters, the vector's exists and the text query) by
// cosine similarity to qv, as (1 + cos) / 2, the contract of
// search.VectorQuery. need is the number of ranked records the page needs
// (offset + limit). It returns the request's query and, on Elasticsearch,
// its top-level knn section (nil otherwise).
//
// The ranking is the engine's approximate k-NN on the vector field's HNSW
// graph, filtered by the same clauses, so the neighbours are found among the
// matching records only:
//
//   - Elasticsearch: the search request's top-level knn section (there since
//     8.4, with k and num_candidates in every 8.x release; the knn query's
//     own k came only in 8.15) beside the filter as the query. The hits are
//     the union of both, scored knn + query, and a bool of filters scores 0.
//   - OpenSearch: the k-NN plugin's knn query (Lucene's engine) as a should
//     clause beside the filters, which score 0 too.
//
// Either way every matching record counts in the total, as on the embedded
// engine, and the need best are scored by similarity. Lucene scores cosine
// as (1 + cos) / 2 on both engines, and a least-similar query arrives here
// with its vector negated, which makes the score (1 - cos) / 2: what the
// contract asks in both orders. When the filter leaves fewer records than
// the search visits, Lucene compares them all, so small results are exact.
//
// A page that reaches past maxNeighbours cannot be served by k-NN; it is
// scored exactly with script_score (see exactQuery).
func (e *Engine) similarityQuery(filter object, name string, qv []float32, need int) (query, knn object) {
	if need > maxNeighbours {
		return e.exactQuery(filter, name, qv), nil
	}
	k := max(need, 1)
	// candidates is how many neighbours the HNSW search keeps while it
	// walks the graph (ef): more finds the true neighbours more often.
	candidates := min(max(k, e.o.Candidates), maxNeighbours)
	field := vectorPath(name)
	knnFilter := object{"bool": filter}
	if e.flavor == Elasticsearch {
		knn = object{"field": field, "query_vector": qv, "k": k, "num_candidates": candidates, "filter": knnFilter}
		return object{"bool": filter}, knn
	}
	// With Lucene's engine the plugin's k is both the beam width and the
	// number of neighbours scored.
	clause := object{"knn": object{field: object{"vector": qv, "k": candidates, "filter": knnFilter}}}
	b := object{"filter": filter["filter"], "must_not": filter["must_not"], "should": []any{clause}}
	return object{"bool": b}, nil
}

// exactQuery scores every record matching filter with script_score. Both
// engines' painless provide cosineSimilarity (on OpenSearch through the
// k-NN plugin). A cluster without the lang-painless module (Elastic's
// integ-test distribution) refuses it; Search says so.
func (e *Engine) exactQuery(filter object, name string, qv []float32) object {
	src := "(1.0 + cosineSimilarity(params.q, params.f)) / 2.0"
	if e.flavor == OpenSearch {
		src = "(1.0 + cosineSimilarity(params.q, doc[params.f])) / 2.0"
	}
	script := object{"source": src, "params": object{"q": qv, "f": vectorPath(name)}}
	return object{"script_score": object{"query": object{"bool": filter}, "script": script}}
}
