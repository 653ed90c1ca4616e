package httpapi

import (
	"fmt"
	"maps"
	"net/http"
	"runtime"
)

func (a *API) getVersion(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, map[string]any{"version": a.opts.Version})
	return nil
}

// getStatus reports the version, whether the database answers, memory, and
// whatever the wired engines add. It answers 503 when the database is down
// so that health checks can use it.
func (a *API) getStatus(w http.ResponseWriter, r *http.Request) error {
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	body := map[string]any{
		"version":  a.opts.Version,
		"database": map[string]any{"status": "ok"},
		"memory": map[string]any{
			"heap_alloc": humanBytes(mem.HeapAlloc),
			"sys":        humanBytes(mem.Sys),
			"rss":        humanBytes(rss()),
		},
		"search_engine": map[string]any{},
	}
	if a.opts.Status != nil {
		maps.Copy(body, a.opts.Status(r.Context()))
	}
	status := http.StatusOK
	if err := a.svc.Store().Ping(r.Context()); err != nil {
		body["database"] = map[string]any{"status": "unavailable", "error": "the database does not answer"}
		status = http.StatusServiceUnavailable
	}
	writeJSON(w, status, body)
	return nil
}

func (a *API) getSettings(w http.ResponseWriter, r *http.Request) error {
	body := map[string]any{
		"extralit":        map[string]any{"share_your_progress_enabled": false},
		"oauth_providers": []any{},
	}
	if a.opts.Settings != nil {
		maps.Copy(body, a.opts.Settings(r.Context()))
	}
	writeJSON(w, http.StatusOK, body)
	return nil
}

func humanBytes(n uint64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%dB", n)
	}
	div, exp := uint64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f%c", float64(n)/float64(div), "KMGTPE"[exp])
}
