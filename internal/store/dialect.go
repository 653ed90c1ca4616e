package store

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/extralit/extralit-go/internal/extralit"
)

// dialect carries what differs between the engines in the SQL we write.
type dialect struct {
	engine Engine
}

// rebind rewrites `?` placeholders as `$1, $2, …` for PostgreSQL. Queries in
// this package never contain a literal question mark inside a string.
func (d dialect) rebind(query string) string {
	if d.engine != Postgres || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 8)
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// translate turns driver errors the services must react to into domain
// errors; anything else passes through unchanged (and becomes a 500).
func translate(err error) error {
	if err == nil {
		return nil
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "23505":
			return &extralit.Error{Kind: extralit.KindConflict, Message: conflictMessage(pgErr.ConstraintName)}
		case "23503":
			return &extralit.Error{Kind: extralit.KindInvalid, Message: "a referenced entity does not exist"}
		}
		return err
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "UNIQUE constraint failed"):
		return &extralit.Error{Kind: extralit.KindConflict, Message: conflictMessage(msg)}
	case strings.Contains(msg, "FOREIGN KEY constraint failed"):
		return &extralit.Error{Kind: extralit.KindInvalid, Message: "a referenced entity does not exist"}
	}
	return err
}

// conflictMessage names what clashed, from a constraint name or message.
func conflictMessage(where string) string {
	switch {
	case strings.Contains(where, "username"):
		return "a user with that username already exists"
	case strings.Contains(where, "api_key"):
		return "that API key is already in use"
	case strings.Contains(where, "workspaces.name"), strings.Contains(where, "workspaces_name"):
		return "a workspace with that name already exists"
	case strings.Contains(where, "workspaces_users"):
		return "the user is already a member of the workspace"
	}
	return fmt.Sprintf("the entity already exists (%s)", strings.TrimPrefix(where, "constraint failed: "))
}
