package web_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/extralit/extralit-go/web"
)

func TestHandlerServesTheApplication(t *testing.T) {
	t.Parallel()
	files := fstest.MapFS{
		"index.html":            {Data: []byte("<!doctype html><title>app</title>")},
		"assets/index-abc12.js": {Data: []byte("console.log(1)")},
		"favicon.svg":           {Data: []byte("<svg/>")},
	}
	h := web.NewHandler(files)
	tests := []struct {
		name, method, path string
		wantStatus         int
		wantBody           string
		wantCache          string
	}{
		{"root is the app", "GET", "/", 200, "<title>app</title>", "no-cache"},
		{"deep link is the app", "GET", "/dataset/0b5c/annotation-mode?page=2", 200, "<title>app</title>", "no-cache"},
		{"index.html itself", "GET", "/index.html", 200, "<title>app</title>", "no-cache"},
		{"hashed asset cached for a year", "GET", "/assets/index-abc12.js", 200, "console.log(1)", "public, max-age=31536000, immutable"},
		{"other file revalidated", "GET", "/favicon.svg", 200, "<svg/>", "no-cache"},
		{"missing asset is 404, not the page", "GET", "/assets/index-old.js", 404, "404 page not found", ""},
		{"head works", "HEAD", "/", 200, "", "no-cache"},
		{"post refused", "POST", "/", 405, "method not allowed", ""},
		{"path escape stays inside", "GET", "/../../etc/passwd", 200, "<title>app</title>", "no-cache"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, nil))
			if rec.Code != tc.wantStatus {
				t.Fatalf("%s %s: status %d, want %d", tc.method, tc.path, rec.Code, tc.wantStatus)
			}
			if !strings.Contains(rec.Body.String(), tc.wantBody) {
				t.Errorf("%s %s: body %q, want it to contain %q", tc.method, tc.path, rec.Body.String(), tc.wantBody)
			}
			if got := rec.Header().Get("Cache-Control"); got != tc.wantCache {
				t.Errorf("%s %s: Cache-Control %q, want %q", tc.method, tc.path, got, tc.wantCache)
			}
		})
	}
}

func TestHandlerWithoutBuildExplainsHowToBuild(t *testing.T) {
	t.Parallel()
	h := web.NewHandler(fstest.MapFS{".gitkeep": {}})
	for _, p := range []string{"/", "/sign-in", "/assets/x.js"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s: status %d, want 200", p, rec.Code)
		}
		if !strings.Contains(rec.Body.String(), "make web") {
			t.Errorf("GET %s: body does not say to run make web: %q", p, rec.Body.String())
		}
	}
}

func TestEmbeddedHandlerAnswers(t *testing.T) {
	t.Parallel()
	// Whether or not the UI was built, the root must answer a page: the
	// built app when web/dist has index.html, the fallback otherwise.
	rec := httptest.NewRecorder()
	web.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /: status %d, want 200", rec.Code)
	}
	body := rec.Body.String()
	if web.Built() && !strings.Contains(body, `id="app"`) {
		t.Errorf("built UI: index has no app mount point: %q", body)
	}
	if !web.Built() && !strings.Contains(body, "make web") {
		t.Errorf("unbuilt UI: fallback does not say to run make web: %q", body)
	}
}
