package httpapi

import (
	"context"
	"net/http"
	"strings"

	"github.com/extralit/extralit-go/internal/extralit"
)

// byID builds the handler of a route that reads one UUID path parameter,
// calls the service with it and answers 200 with one entity.
func byID[T, J any](param string, call func(context.Context, *extralit.User, string) (T, error), conv func(T) J) authedFunc {
	return func(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
		id, err := pathID(r, param)
		if err != nil {
			return err
		}
		v, err := call(r.Context(), actor, id)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, conv(v))
		return nil
	}
}

// listByID is byID for services that return a list, answered as {"items": […]}.
func listByID[T, J any](param string, call func(context.Context, *extralit.User, string) ([]T, error), conv func(T) J) authedFunc {
	return func(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
		id, err := pathID(r, param)
		if err != nil {
			return err
		}
		vs, err := call(r.Context(), actor, id)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, items(vs, conv))
		return nil
	}
}

// queryIDs reads a repeatable, comma-separated list of UUIDs from the query.
func queryIDs(r *http.Request, name string) ([]string, error) {
	var ids []string
	for _, raw := range r.URL.Query()[name] {
		for _, s := range strings.Split(raw, ",") {
			if s = strings.TrimSpace(s); s != "" {
				id, err := uuidString(name, s)
				if err != nil {
					return nil, err
				}
				ids = append(ids, id)
			}
		}
	}
	return ids, nil
}
