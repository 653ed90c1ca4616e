package httpapi_test

import (
	"fmt"
	"strings"
	"testing"
)

// mustOK fails the test unless res has the wanted status.
func mustStatus(t testing.TB, res response, want int, what string) map[string]any {
	t.Helper()
	if res.status != want {
		t.Fatalf("%s = %d, want %d\n%s", what, res.status, want, res.body)
	}
	if len(res.body) == 0 || res.body[0] != '{' {
		return nil
	}
	return res.json(t)
}

// dataset is a published dataset made through the API in workspace lab.
type dataset struct {
	id        string
	questions map[string]string // name → id
}

func (e *env) newDataset(t testing.TB, name string, allowExtra bool) dataset {
	t.Helper()
	d := mustStatus(t, e.do("owner", "POST", "/api/v1/datasets", map[string]any{
		"name": name, "workspace_id": e.lab.ID, "allow_extra_metadata": allowExtra,
		"distribution": map[string]any{"strategy": "overlap", "min_submitted": 1},
	}), 201, "create dataset")
	id := d["id"].(string)
	base := "/api/v1/datasets/" + id
	mustStatus(t, e.do("owner", "POST", base+"/fields", map[string]any{"name": "text", "title": "Text", "required": true,
		"settings": map[string]any{"type": "text"}}), 201, "create field")
	ds := dataset{id: id, questions: map[string]string{}}
	for _, q := range []map[string]any{
		{"name": "label", "title": "Label", "required": true, "settings": map[string]any{"type": "label_selection",
			"options": []any{map[string]any{"value": "yes", "text": "Yes"}, map[string]any{"value": "no", "text": "No"}}}},
		{"name": "rank", "title": "Rank", "required": false, "settings": map[string]any{"type": "ranking",
			"options": []any{map[string]any{"value": "a", "text": "A"}, map[string]any{"value": "b", "text": "B"}}}},
		{"name": "spans", "title": "Spans", "required": false, "settings": map[string]any{"type": "span", "field": "text",
			"options": []any{map[string]any{"value": "GENE", "text": "Gene"}}}},
		{"name": "stars", "title": "Stars", "required": false, "settings": map[string]any{"type": "rating",
			"options": []any{map[string]any{"value": 1}, map[string]any{"value": 2}, map[string]any{"value": 3}}}},
	} {
		qd := mustStatus(t, e.do("owner", "POST", base+"/questions", q), 201, "create question")
		ds.questions[q["name"].(string)] = qd["id"].(string)
	}
	mustStatus(t, e.do("owner", "POST", base+"/metadata-properties", map[string]any{"name": "year", "title": "Year",
		"settings": map[string]any{"type": "integer", "min": 1900, "max": 2100}}), 201, "create metadata")
	mustStatus(t, e.do("owner", "POST", base+"/metadata-properties", map[string]any{"name": "secret", "title": "Secret",
		"visible_for_annotators": false, "settings": map[string]any{"type": "terms"}}), 201, "create metadata")
	mustStatus(t, e.do("owner", "POST", base+"/vectors-settings", map[string]any{"name": "emb", "title": "Emb", "dimensions": 2}), 201, "create vectors")
	mustStatus(t, e.do("owner", "PUT", base+"/publish", nil), 200, "publish")
	return ds
}

func (e *env) logRecords(t testing.TB, ds dataset, n int) {
	t.Helper()
	var items []any
	for i := range n {
		items = append(items, map[string]any{
			"external_id": fmt.Sprintf("r%02d", i),
			"fields":      map[string]any{"text": fmt.Sprintf("record number %d mentions BRCA1", i)},
			"metadata":    map[string]any{"year": 2000 + i, "secret": "s"},
			"vectors":     map[string]any{"emb": []float64{1, float64(i)}},
			"suggestions": []any{map[string]any{"question_id": ds.questions["label"], "value": []string{"yes", "no"}[i%2], "score": float64(i) / 10, "agent": "m1"}},
		})
	}
	mustStatus(t, e.do("owner", "PUT", "/api/v1/datasets/"+ds.id+"/records/bulk", map[string]any{"items": items}), 200, "bulk upsert")
}

func (e *env) recordCount(t *testing.T, ds dataset) int {
	t.Helper()
	body := mustStatus(t, e.do("owner", "GET", "/api/v1/datasets/"+ds.id+"/records?limit=1", nil), 200, "list records")
	return int(body["total"].(float64))
}

func TestDatasetPublishRules(t *testing.T) {
	forEngine(t, func(t *testing.T, newURL func(t *testing.T) string) {
		e := newEnv(t, newURL(t))
		d := mustStatus(t, e.do("owner", "POST", "/api/v1/datasets", map[string]any{"name": "draft", "workspace_id": e.lab.ID}), 201, "create")
		base := "/api/v1/datasets/" + d["id"].(string)
		if d["status"] != "draft" {
			t.Fatalf("new dataset status = %v", d["status"])
		}
		res := e.do("owner", "PUT", base+"/publish", nil)
		mustStatus(t, res, 422, "publish without fields")
		mustStatus(t, e.do("owner", "POST", base+"/fields", map[string]any{"name": "t", "title": "T", "settings": map[string]any{"type": "text"}}), 201, "field")
		mustStatus(t, e.do("owner", "POST", base+"/questions", map[string]any{"name": "q", "title": "Q", "required": false, "settings": map[string]any{"type": "text"}}), 201, "question")
		if res := e.do("owner", "PUT", base+"/publish", nil); res.status != 422 || !strings.Contains(string(res.body), "required questions") {
			t.Fatalf("publish without a required question = %d %s", res.status, res.body)
		}
		mustStatus(t, e.do("owner", "POST", base+"/questions", map[string]any{"name": "q2", "title": "Q2", "settings": map[string]any{"type": "text"}}), 201, "question")
		mustStatus(t, e.do("owner", "PUT", base+"/publish", nil), 200, "publish")
		mustStatus(t, e.do("owner", "PUT", base+"/publish", nil), 422, "publish twice")
		mustStatus(t, e.do("owner", "POST", base+"/fields", map[string]any{"name": "late", "title": "L", "settings": map[string]any{"type": "text"}}), 422, "field after publish")
		mustStatus(t, e.do("owner", "POST", "/api/v1/datasets", map[string]any{"name": "draft", "workspace_id": e.lab.ID}), 409, "duplicate dataset name")
		mustStatus(t, e.do("owner", "DELETE", "/api/v1/workspaces/"+e.lab.ID, nil), 409, "delete a workspace with datasets")
	})
}

// TestRecordsBadInput checks that invalid records give a 422 naming the
// record and the problem, and that the whole batch is refused.
func TestRecordsBadInput(t *testing.T) {
	forEngine(t, func(t *testing.T, newURL func(t *testing.T) string) {
		e := newEnv(t, newURL(t))
		ds := e.newDataset(t, "papers", false)
		e.logRecords(t, ds, 3)
		good := func(id string) map[string]any {
			return map[string]any{"external_id": id, "fields": map[string]any{"text": "BRCA1 is a gene"}}
		}
		with := func(key string, v any) map[string]any {
			r := good("bad")
			r[key] = v
			return r
		}
		var tooMany []any
		for i := range 501 {
			tooMany = append(tooMany, good(fmt.Sprintf("m%d", i)))
		}
		cases := []struct {
			name  string
			items []any
			want  string
		}{
			{"wrong label", []any{good("n1"), with("suggestions", []any{map[string]any{"question_id": ds.questions["label"], "value": "maybe"}})}, `position 1`},
			{"wrong label says why", []any{with("suggestions", []any{map[string]any{"question_id": ds.questions["label"], "value": "maybe"}})}, `is not one of the labels`},
			{"unknown field", []any{map[string]any{"fields": map[string]any{"text": "x", "abstract": "y"}}}, `abstract`},
			{"missing required field", []any{map[string]any{"fields": map[string]any{}}}, `fields`},
			{"wrong vector length", []any{with("vectors", map[string]any{"emb": []float64{1, 2, 3}})}, `3 dimensions, the dataset expects 2`},
			{"unknown vector", []any{with("vectors", map[string]any{"nope": []float64{1, 2}})}, `\"nope\" does not exist`},
			{"undeclared metadata", []any{with("metadata", map[string]any{"colour": "red"})}, `\"colour\" is not defined`},
			{"metadata out of range", []any{with("metadata", map[string]any{"year": 1200})}, `outside`},
			{"rating not an option", []any{with("responses", []any{map[string]any{"user_id": e.users["owner"].ID, "status": "submitted",
				"values": map[string]any{"label": map[string]any{"value": "yes"}, "stars": map[string]any{"value": 7}}}})}, `not one of the ratings`},
			{"ranking not a permutation", []any{with("responses", []any{map[string]any{"user_id": e.users["owner"].ID, "status": "submitted",
				"values": map[string]any{"label": map[string]any{"value": "yes"}, "rank": map[string]any{"value": []any{map[string]any{"value": "a", "rank": 1}}}}}})}, `every option`},
			{"span past the text", []any{with("responses", []any{map[string]any{"user_id": e.users["owner"].ID, "status": "draft",
				"values": map[string]any{"spans": map[string]any{"value": []any{map[string]any{"label": "GENE", "start": 0, "end": 99}}}}}})}, `after the end of the text`},
			{"submitted without a required answer", []any{with("responses", []any{map[string]any{"user_id": e.users["owner"].ID, "status": "submitted",
				"values": map[string]any{"stars": map[string]any{"value": 2}}}})}, `required question`},
			{"unknown question", []any{with("suggestions", []any{map[string]any{"question_id": "00000000-0000-0000-0000-000000000001", "value": "yes"}})}, `does not exist`},
			{"score out of range", []any{with("suggestions", []any{map[string]any{"question_id": ds.questions["label"], "value": "yes", "score": 3}})}, `0 to 1`},
			{"501 records", tooMany, `1 to 500`},
			{"duplicate external ids", []any{good("d"), good("d")}, `same external_id`},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				before := e.recordCount(t, ds)
				res := e.do("owner", "PUT", "/api/v1/datasets/"+ds.id+"/records/bulk", map[string]any{"items": tc.items})
				if res.status != 422 || !strings.Contains(string(res.body), tc.want) {
					t.Fatalf("status %d body %s; want 422 mentioning %q", res.status, res.body, tc.want)
				}
				if after := e.recordCount(t, ds); after != before {
					t.Fatalf("a refused batch changed the record count from %d to %d", before, after)
				}
			})
		}
	})
}

func TestSearchOverHTTP(t *testing.T) {
	forEngine(t, func(t *testing.T, newURL func(t *testing.T) string) {
		e := newEnv(t, newURL(t))
		ds := e.newDataset(t, "papers", true)
		e.logRecords(t, ds, 10)
		search := func(role, path string, body any) map[string]any {
			t.Helper()
			return mustStatus(t, e.do(role, "POST", path, body), 200, "search")
		}
		ids := func(body map[string]any) []string {
			var out []string
			for _, it := range body["items"].([]any) {
				item := it.(map[string]any)
				if _, ok := item["query_score"]; !ok {
					t.Fatalf("search item without query_score: %v", item)
				}
				out = append(out, item["record"].(map[string]any)["external_id"].(string))
			}
			return out
		}
		admin := "/api/v1/datasets/" + ds.id + "/records/search"
		sorted := search("owner", admin+"?limit=3", map[string]any{"sort": []any{map[string]any{"scope": map[string]any{"entity": "metadata", "metadata_property": "year"}, "order": "desc"}}})
		if got := ids(sorted); strings.Join(got, ",") != "r09,r08,r07" || sorted["total"].(float64) != 10 {
			t.Fatalf("sort by year desc = %v total %v", got, sorted["total"])
		}
		scored := search("owner", admin, map[string]any{"filters": map[string]any{"and": []any{map[string]any{"type": "range",
			"scope": map[string]any{"entity": "suggestion", "question": "label", "property": "score"}, "ge": 0.75}}}})
		if got := ids(scored); len(got) != 2 {
			t.Fatalf("suggestion score ≥ 0.75 = %v, want r08 r09", got)
		}
		// Annotators: their own view hides invisible metadata and refuses filters on it.
		me := "/api/v1/me/datasets/" + ds.id + "/records/search"
		res := search("annotator", me, map[string]any{"query": map[string]any{"text": map[string]any{"q": "brca1"}}})
		if res["total"].(float64) != 10 || strings.Contains(fmt.Sprint(res["items"]), "secret") {
			t.Fatalf("annotator search = %v", res)
		}
		mustStatus(t, e.do("annotator", "POST", me, map[string]any{"filters": map[string]any{"and": []any{map[string]any{"type": "terms",
			"scope": map[string]any{"entity": "metadata", "metadata_property": "secret"}, "values": []string{"s"}}}}}), 422, "filter on hidden metadata")
		mustStatus(t, e.do("annotator", "POST", admin, map[string]any{}), 403, "annotator on the admin search")
		// A response moves a record out of the annotator's pending queue.
		first := search("owner", admin+"?limit=1", map[string]any{})["items"].([]any)[0].(map[string]any)["record"].(map[string]any)["id"].(string)
		mustStatus(t, e.do("annotator", "POST", "/api/v1/records/"+first+"/responses", map[string]any{"status": "submitted",
			"values": map[string]any{"label": map[string]any{"value": "yes"}}}), 201, "respond")
		mustStatus(t, e.do("annotator", "POST", "/api/v1/records/"+first+"/responses", map[string]any{"status": "submitted",
			"values": map[string]any{"label": map[string]any{"value": "yes"}}}), 409, "respond twice")
		pending := search("annotator", me, map[string]any{"filters": map[string]any{"and": []any{map[string]any{"type": "terms",
			"scope": map[string]any{"entity": "response", "property": "status"}, "values": []string{"pending"}}}}})
		if pending["total"].(float64) != 9 {
			t.Fatalf("annotator pending after one response = %v, want 9", pending["total"])
		}
		prog := mustStatus(t, e.do("annotator", "GET", "/api/v1/datasets/"+ds.id+"/progress", nil), 200, "progress")
		if prog["completed"].(float64) != 1 || prog["pending"].(float64) != 9 {
			t.Fatalf("progress = %v", prog)
		}
		metrics := mustStatus(t, e.do("annotator", "GET", "/api/v1/me/datasets/"+ds.id+"/metrics", nil), 200, "metrics")
		if m := metrics["responses"].(map[string]any); m["submitted"].(float64) != 1 || m["pending"].(float64) != 9 {
			t.Fatalf("metrics = %v", metrics)
		}
		sim := search("owner", admin+"?limit=2", map[string]any{"query": map[string]any{"vector": map[string]any{"name": "emb", "value": []float64{1, 9}}}})
		if got := ids(sim); got[0] != "r09" {
			t.Fatalf("most similar to (1,9) = %v", got)
		}
	})
}

func TestDatasetRoleMatrix(t *testing.T) {
	e := newEnv(t, newSQLite(t))
	ds := e.newDataset(t, "papers", true)
	e.logRecords(t, ds, 2)
	outsider := e.mustCreateUser("outsider", "annotator")
	e.keys["outsider"] = outsider.APIKey
	type row struct {
		method, path string
		body         any
		want         map[string]int
	}
	base := "/api/v1/datasets/" + ds.id
	rows := []row{
		{"GET", base, nil, map[string]int{"owner": 200, "admin": 200, "annotator": 200, "outsider": 403, "anonymous": 401}},
		{"GET", base + "/fields", nil, map[string]int{"owner": 200, "admin": 200, "annotator": 200, "outsider": 403, "anonymous": 401}},
		{"GET", base + "/progress", nil, map[string]int{"owner": 200, "admin": 200, "annotator": 200, "outsider": 403, "anonymous": 401}},
		{"GET", base + "/records", nil, map[string]int{"owner": 200, "admin": 200, "annotator": 403, "outsider": 403, "anonymous": 401}},
		{"POST", base + "/records/search", map[string]any{}, map[string]int{"owner": 200, "admin": 200, "annotator": 403, "outsider": 403, "anonymous": 401}},
		{"POST", "/api/v1/me/datasets/" + ds.id + "/records/search", map[string]any{}, map[string]int{"owner": 200, "admin": 200, "annotator": 200, "outsider": 403, "anonymous": 401}},
		{"PATCH", base, map[string]any{"guidelines": "new"}, map[string]int{"owner": 200, "admin": 200, "annotator": 403, "outsider": 403, "anonymous": 401}},
		{"POST", "/api/v1/datasets", map[string]any{"name": "x", "workspace_id": e.lab.ID}, map[string]int{"owner": 201, "admin": 201, "annotator": 403, "outsider": 403, "anonymous": 401}},
		{"POST", "/api/v1/datasets", map[string]any{"name": "y", "workspace_id": e.other.ID}, map[string]int{"owner": 201, "admin": 403, "annotator": 403, "outsider": 403, "anonymous": 401}},
	}
	for _, r := range rows {
		for _, role := range []string{"owner", "admin", "annotator", "outsider", "anonymous"} {
			res := e.do(role, r.method, r.path, r.body)
			if res.status != r.want[role] {
				t.Errorf("%s %s as %s = %d, want %d: %s", r.method, r.path, role, res.status, r.want[role], res.body)
			}
			if res.status == 201 {
				id := res.json(t)["id"].(string)
				e.do("owner", "DELETE", "/api/v1/datasets/"+id, nil)
			}
		}
	}
	mustStatus(t, e.do("annotator", "DELETE", base, nil), 403, "annotator deletes dataset")
	mustStatus(t, e.do("admin", "DELETE", base, nil), 200, "admin deletes dataset")
	mustStatus(t, e.do("owner", "GET", base, nil), 404, "deleted dataset")
}

func TestMetadataMetrics(t *testing.T) {
	forEngine(t, func(t *testing.T, newURL func(t *testing.T) string) {
		e := newEnv(t, newURL(t))
		ds := e.newDataset(t, "papers", true)
		e.logRecords(t, ds, 5)
		props := mustStatus(t, e.do("owner", "GET", "/api/v1/me/datasets/"+ds.id+"/metadata-properties", nil), 200, "props")
		ids := map[string]string{}
		for _, it := range props["items"].([]any) {
			p := it.(map[string]any)
			ids[p["name"].(string)] = p["id"].(string)
		}
		year := mustStatus(t, e.do("annotator", "GET", "/api/v1/metadata-properties/"+ids["year"]+"/metrics", nil), 200, "year metrics")
		if year["type"] != "integer" || year["min"].(float64) != 2000 || year["max"].(float64) != 2004 {
			t.Fatalf("year metrics = %v", year)
		}
		secret := mustStatus(t, e.do("owner", "GET", "/api/v1/metadata-properties/"+ids["secret"]+"/metrics", nil), 200, "secret metrics")
		if secret["total"].(float64) != 5 || fmt.Sprint(secret["values"]) != "[map[count:5 term:s]]" {
			t.Fatalf("terms metrics = %v", secret)
		}
		mustStatus(t, e.do("annotator", "GET", "/api/v1/metadata-properties/"+ids["secret"]+"/metrics", nil), 403, "hidden property's metrics")
	})
}
