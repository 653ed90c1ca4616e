package httpapi

import (
	"net/http"

	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/service"
)

// userJSON is the wire form of a user. APIKey is set only in the answer
// that creates or regenerates the key: it is stored hashed and cannot be
// shown again (the reference returns it on every read).
type userJSON struct {
	ID         string  `json:"id"`
	FirstName  string  `json:"first_name"`
	LastName   *string `json:"last_name"`
	Username   string  `json:"username"`
	Role       string  `json:"role"`
	APIKey     *string `json:"api_key,omitempty"`
	InsertedAt string  `json:"inserted_at"`
	UpdatedAt  string  `json:"updated_at"`
}

func toUserJSON(u *extralit.User) userJSON {
	return userJSON{
		ID: u.ID, FirstName: u.FirstName, LastName: u.LastName, Username: u.Username, Role: string(u.Role),
		InsertedAt: formatTime(u.InsertedAt), UpdatedAt: formatTime(u.UpdatedAt),
	}
}

func toCreatedUserJSON(c *service.CreatedUser) userJSON {
	j := toUserJSON(c.User)
	j.APIKey = &c.APIKey
	return j
}

func usersJSON(us []*extralit.User) map[string]any { return items(us, toUserJSON) }

func (a *API) getMe(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	writeJSON(w, http.StatusOK, toUserJSON(actor))
	return nil
}

func (a *API) postMyAPIKey(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	c, err := a.svc.RegenerateAPIKey(r.Context(), actor, actor.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toCreatedUserJSON(c))
	return nil
}

func (a *API) postUserAPIKey(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	id, err := pathID(r, "user_id")
	if err != nil {
		return err
	}
	c, err := a.svc.RegenerateAPIKey(r.Context(), actor, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toCreatedUserJSON(c))
	return nil
}

func (a *API) listUsers(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	us, err := a.svc.Users(r.Context(), actor)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, usersJSON(us))
	return nil
}

// userCreateJSON is POST /users. The SDK sends its whole model, so id and
// the timestamps are accepted (the timestamps are ignored).
type userCreateJSON struct {
	ID         *string `json:"id"`
	FirstName  *string `json:"first_name"`
	LastName   *string `json:"last_name"`
	Username   string  `json:"username"`
	Role       *string `json:"role"`
	Password   string  `json:"password"`
	InsertedAt ignored `json:"inserted_at"`
	UpdatedAt  ignored `json:"updated_at"`
}

func (a *API) createUser(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	var in userCreateJSON
	if err := decodeJSON(w, r, 64<<10, &in); err != nil {
		return err
	}
	c := service.UserCreate{Username: in.Username, Password: in.Password, LastName: in.LastName}
	if in.ID != nil {
		c.ID = *in.ID
	}
	if in.FirstName != nil {
		c.FirstName = *in.FirstName
	}
	if in.Role != nil {
		c.Role = extralit.Role(*in.Role)
	}
	created, err := a.svc.CreateUser(r.Context(), actor, c)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toCreatedUserJSON(created))
	return nil
}

type userUpdateJSON struct {
	FirstName  optional[string] `json:"first_name"`
	LastName   optional[string] `json:"last_name"`
	Username   optional[string] `json:"username"`
	Role       optional[string] `json:"role"`
	Password   optional[string] `json:"password"`
	ID         ignored          `json:"id"`
	InsertedAt ignored          `json:"inserted_at"`
	UpdatedAt  ignored          `json:"updated_at"`
}

func (a *API) updateUser(w http.ResponseWriter, r *http.Request, actor *extralit.User) error {
	id, err := pathID(r, "user_id")
	if err != nil {
		return err
	}
	var in userUpdateJSON
	if err := decodeJSON(w, r, 64<<10, &in); err != nil {
		return err
	}
	for name, o := range map[string]optional[string]{"first_name": in.FirstName, "username": in.Username, "role": in.Role, "password": in.Password} {
		if err := notNull(name, o); err != nil {
			return err
		}
	}
	var ch service.UserChanges
	if in.FirstName.Set {
		ch.FirstName = &in.FirstName.Value
	}
	if in.LastName.Set {
		var last *string
		if !in.LastName.Null {
			last = &in.LastName.Value
		}
		ch.LastName = &last
	}
	if in.Username.Set {
		ch.Username = &in.Username.Value
	}
	if in.Role.Set {
		role := extralit.Role(in.Role.Value)
		ch.Role = &role
	}
	if in.Password.Set {
		ch.Password = &in.Password.Value
	}
	u, err := a.svc.UpdateUser(r.Context(), actor, id, ch)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toUserJSON(u))
	return nil
}
