// Package web serves the annotation UI: the Vue application built into
// web/dist by `make web`, embedded in the binary. A binary built without
// Node (web/dist empty or missing) serves a page that says how to build it.
package web

import (
	"embed"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// dist holds the built UI. The "all:" prefix keeps files whose names start
// with "." or "_" (Vite emits some). The pattern matches .gitkeep when the
// UI is not built, so go build works on a fresh checkout.
//
//go:embed all:dist
var dist embed.FS

//go:embed fallback/index.html
var fallback []byte

// Built reports whether the binary embeds a built UI.
func Built() bool {
	_, err := fs.Stat(dist, "dist/index.html")
	return err == nil
}

// Handler returns the handler that serves the UI. It serves the built
// files; any other path gets index.html, so the application's own router
// handles deep links such as /dataset/ID/annotation-mode.
func Handler() http.Handler {
	if !Built() {
		return fallbackHandler()
	}
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		// fs.Sub fails only for an invalid path, and "dist" is valid.
		panic("web: " + err.Error())
	}
	return NewHandler(sub)
}

// NewHandler returns the UI handler over files, whose root holds
// index.html and the assets/ folder that Vite writes.
func NewHandler(files fs.FS) http.Handler {
	index, err := fs.ReadFile(files, "index.html")
	if err != nil {
		return fallbackHandler()
	}
	fileServer := http.FileServerFS(files)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if name == "" || name == "index.html" || !isFile(files, name) {
			if strings.HasPrefix(name, "assets/") {
				// A missing hashed asset is a stale page after an upgrade:
				// answering index.html would be parsed as a script.
				http.NotFound(w, r)
				return
			}
			serveIndex(w, index)
			return
		}
		if strings.HasPrefix(name, "assets/") {
			// Vite puts a content hash in every asset name, so an asset
			// never changes under its name.
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
		fileServer.ServeHTTP(w, r)
	})
}

func isFile(files fs.FS, name string) bool {
	st, err := fs.Stat(files, name)
	return err == nil && !st.IsDir()
}

// serveIndex writes the application page; it must never be cached, or a
// browser would keep asking for the assets of an older build.
func serveIndex(w http.ResponseWriter, index []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(index)
}

func fallbackHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		serveIndex(w, fallback)
	})
}
