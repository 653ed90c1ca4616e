package httpapi

import (
	"net/http"

	"github.com/extralit/extralit-go/internal/extralit"
)

type workspaceJSON struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	InsertedAt string `json:"inserted_at"`
	UpdatedAt  string `json:"updated_at"`
}

func toWorkspaceJSON(w *extralit.Workspace) workspaceJSON {
	return workspaceJSON{ID: w.ID, Name: w.Name, InsertedAt: formatTime(w.InsertedAt), UpdatedAt: formatTime(w.UpdatedAt)}
}

func workspacesJSON(ws []*extralit.Workspace) map[string]any { return items(ws, toWorkspaceJSON) }

func (a *API) listMyWorkspaces(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	ws, err := a.svc.MyWorkspaces(r.Context(), actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, workspacesJSON(ws))
	return nil
}

func (a *API) createWorkspace(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	var in struct {
		Name       string  `json:"name"`
		ID         *string `json:"id"`
		InsertedAt ignored `json:"inserted_at"`
		UpdatedAt  ignored `json:"updated_at"`
	}
	if err := decodeJSON(w, r, 64<<10, &in); err != nil {
		return err
	}
	var id string
	if in.ID != nil {
		id = *in.ID
	}
	ws, err := a.svc.CreateWorkspace(r.Context(), actor, in.Name, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toWorkspaceJSON(ws))
	return nil
}

func (a *API) addWorkspaceUser(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	id, err := pathID(r, "workspace_id")
	if err != nil {
		return err
	}
	var in struct {
		UserID string `json:"user_id"`
	}
	if err := decodeJSON(w, r, 64<<10, &in); err != nil {
		return err
	}
	userID, err := uuidString("user_id", in.UserID)
	if err != nil {
		return err
	}
	u, err := a.svc.AddWorkspaceMember(r.Context(), actor, id, userID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toUserJSON(u))
	return nil
}

func (a *API) removeWorkspaceUser(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	id, err := pathID(r, "workspace_id")
	if err != nil {
		return err
	}
	userID, err := pathID(r, "user_id")
	if err != nil {
		return err
	}
	u, err := a.svc.RemoveWorkspaceMember(r.Context(), actor, id, userID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toUserJSON(u))
	return nil
}
