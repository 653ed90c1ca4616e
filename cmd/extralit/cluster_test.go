package main_test

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// switchProxy forwards TCP connections to a search cluster until it is cut,
// which looks to the server like a cluster that went down.
type switchProxy struct {
	target string
	mu     sync.Mutex
	ln     net.Listener
	addr   string
	conns  []net.Conn
}

func newSwitchProxy(t *testing.T, target string) *switchProxy {
	t.Helper()
	p := &switchProxy{target: target}
	p.up(t)
	t.Cleanup(p.down)
	return p
}

// up listens again (on the same address after a cut).
func (p *switchProxy) up(t *testing.T) {
	t.Helper()
	addr := p.addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("proxy listen: %v", err)
	}
	p.mu.Lock()
	p.ln, p.addr = ln, ln.Addr().String()
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, up)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(up, c); up.Close() }()
			go func() { _, _ = io.Copy(c, up); c.Close() }()
		}
	}()
}

// down closes the listener and every open connection.
func (p *switchProxy) down() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// TestClusterDownMidImport stops the search cluster between two imports: the
// second answers a clear 503, its records are kept in the database (the
// source of truth), and `extralit reindex` brings the index back in line.
func TestClusterDownMidImport(t *testing.T) {
	target := os.Getenv("TEST_ELASTIC_URL")
	if target == "" {
		t.Skip("TEST_ELASTIC_URL is not set (.ci/opensearch.sh starts a cluster)")
	}
	flavor := os.Getenv("TEST_ELASTIC_FLAVOR")
	if flavor == "" {
		flavor = "opensearch"
	}
	proxy := newSwitchProxy(t, strings.TrimPrefix(strings.TrimPrefix(target, "http://"), "https://"))
	home := t.TempDir()
	env := []string{"EXTRALIT_USERNAME=o", "EXTRALIT_PASSWORD=o-password", "EXTRALIT_API_KEY=o-api-key-1", "EXTRALIT_WORKSPACE=lab",
		"EXTRALIT_SEARCH_ENGINE=" + flavor, "EXTRALIT_ELASTICSEARCH=http://" + proxy.addr}
	_, url, _ := startServer(t, home, env)
	key := "o-api-key-1"

	status := api(t, "GET", url+"/api/v1/status", key, nil)["search_engine"].(map[string]any)
	if status["engine"] != flavor || status["version"] == "" || (status["status"] != "green" && status["status"] != "yellow") {
		t.Fatalf("status search_engine = %v, want %s with a version and its health", status, flavor)
	}
	ws := api(t, "GET", url+"/api/v1/me/workspaces", key, nil)["items"].([]any)[0].(map[string]any)["id"].(string)
	ds := api(t, "POST", url+"/api/v1/datasets", key, map[string]any{"name": "d", "workspace_id": ws})["id"].(string)
	api(t, "POST", url+"/api/v1/datasets/"+ds+"/fields", key, map[string]any{"name": "text", "title": "T", "settings": map[string]any{"type": "text"}})
	api(t, "POST", url+"/api/v1/datasets/"+ds+"/questions", key, map[string]any{"name": "q", "title": "Q", "settings": map[string]any{"type": "text"}})
	api(t, "PUT", url+"/api/v1/datasets/"+ds+"/publish", key, nil)
	batch := func(words ...string) map[string]any {
		var items []any
		for _, w := range words {
			items = append(items, map[string]any{"fields": map[string]any{"text": w}})
		}
		return map[string]any{"items": items}
	}
	api(t, "PUT", url+"/api/v1/datasets/"+ds+"/records/bulk", key, batch("alpha beta", "beta gamma", "gamma delta"))

	proxy.down()
	code, body := call(t, "PUT", url+"/api/v1/datasets/"+ds+"/records/bulk", batch("gamma epsilon", "zeta"), key)
	if code != 503 || !strings.Contains(fmt.Sprint(body), "cannot be reached") || !strings.Contains(fmt.Sprint(body), "reindex") {
		t.Fatalf("import with the cluster down = %d %v, want 503 saying the cluster cannot be reached and to reindex", code, body)
	}
	code, body = call(t, "GET", url+"/api/v1/status", nil, key)
	if s := body.(map[string]any)["search_engine"].(map[string]any); s["status"] != "unavailable" {
		t.Errorf("status with the cluster down = %d %v, want search_engine unavailable", code, s)
	}

	proxy.up(t)
	// The refused import is stored (the database is the source of truth)
	// but not indexed: search lags until reindex repairs it.
	res := api(t, "POST", url+"/api/v1/datasets/"+ds+"/records/search", key, map[string]any{"query": map[string]any{"text": map[string]any{"q": "gamma"}}})
	if res["total"].(float64) != 2 {
		t.Fatalf("search before reindex = %v, want the 2 hits indexed before the cut", res)
	}
	// Reindex runs beside the server (a cluster has no process lock), here
	// after the index was also lost on the cluster side.
	clusterEnv := []string{"EXTRALIT_SEARCH_ENGINE=" + flavor, "EXTRALIT_ELASTICSEARCH=" + target}

	// A resumed reindex keeps the index and starts after the saved
	// position: past the last record ID, it adds nothing.
	pos := fmt.Sprintf(`{"dataset_id": %q, "after": "ffffffff-ffff-ffff-ffff-ffffffffffff"}`, ds)
	if err := os.WriteFile(filepath.Join(home, "reindex-position.json"), []byte(pos), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := run(t, home, clusterEnv, "reindex", "--resume")
	if err != nil || !strings.Contains(out, "3 records") {
		t.Fatalf("reindex --resume past the end: %v\n%s\nwant the index kept with its 3 records", err, out)
	}
	if _, err := os.Stat(filepath.Join(home, "reindex-position.json")); !os.IsNotExist(err) {
		t.Errorf("the position file is still there after a finished reindex (%v)", err)
	}
	deleteIndex(t, target, "ex."+ds)
	out, err = run(t, home, clusterEnv, "reindex", "--dataset", ds)
	if err != nil || !strings.Contains(out, "5 records") {
		t.Fatalf("reindex: %v\n%s", err, out)
	}
	res = api(t, "POST", url+"/api/v1/datasets/"+ds+"/records/search", key, map[string]any{"query": map[string]any{"text": map[string]any{"q": "gamma"}}})
	if res["total"].(float64) != 3 {
		t.Fatalf("search after reindex = %v, want 3 hits", res)
	}
}

func deleteIndex(t *testing.T, cluster, index string) {
	t.Helper()
	req, _ := http.NewRequest("DELETE", strings.TrimRight(cluster, "/")+"/"+index, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("DELETE %s = %d", index, res.StatusCode)
	}
}
