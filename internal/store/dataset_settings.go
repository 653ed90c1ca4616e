package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/extralit/extralit-go/internal/extralit"
)

// The four kinds of dataset settings rows share this code: each is a row
// with an id, a name unique in its dataset, and a dataset id.

func (q *queries) settingsList(ctx context.Context, table, columns, datasetID string, scan func(rowScanner) error) error {
	rows, err := q.query(ctx, `SELECT `+columns+` FROM `+table+` WHERE dataset_id = ? ORDER BY inserted_at, id`, datasetID)
	if err != nil {
		return fmt.Errorf("list %s: %w", table, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("scan %s: %w", table, err)
		}
	}
	return rows.Err()
}

func (q *queries) settingsByID(ctx context.Context, table, columns, what, id string, scan func(rowScanner) error) error {
	err := scan(q.queryRow(ctx, `SELECT `+columns+` FROM `+table+` WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return notFound(what, id)
	}
	if err != nil {
		return fmt.Errorf("read %s %s: %w", table, id, translate(err))
	}
	return nil
}

func (q *queries) settingsDelete(ctx context.Context, table, what, id string) error {
	res, err := q.exec(ctx, `DELETE FROM `+table+` WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("delete %s %s: %w", table, id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound(what, id)
	}
	return nil
}

func conflictName(err error, what, name string) error {
	if extralit.IsKind(err, extralit.KindConflict) {
		return extralit.Errorf(extralit.KindConflict, "%s with name `%s` already exists for this dataset", what, name)
	}
	return err
}

const fieldColumns = `id, name, title, required, description, settings, dataset_id, inserted_at, updated_at`

func scanField(r rowScanner) (*extralit.Field, error) {
	var f extralit.Field
	var desc sql.NullString
	var settings string
	if err := r.Scan(&f.ID, &f.Name, &f.Title, &f.Required, &desc, &settings, &f.DatasetID, &f.InsertedAt, &f.UpdatedAt); err != nil {
		return nil, err
	}
	if desc.Valid {
		f.Description = &desc.String
	}
	f.Settings = json.RawMessage(settings)
	f.InsertedAt, f.UpdatedAt = f.InsertedAt.UTC(), f.UpdatedAt.UTC()
	return &f, nil
}

// CreateField inserts a field.
func (q *queries) CreateField(ctx context.Context, f *extralit.Field) error {
	f.InsertedAt = now()
	f.UpdatedAt = f.InsertedAt
	_, err := q.exec(ctx, `INSERT INTO fields (`+fieldColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		f.ID, f.Name, f.Title, f.Required, f.Description, string(f.Settings), f.DatasetID, f.InsertedAt, f.UpdatedAt)
	return conflictName(err, "Field", f.Name)
}

// FieldByID returns a field.
func (q *queries) FieldByID(ctx context.Context, id string) (*extralit.Field, error) {
	var f *extralit.Field
	err := q.settingsByID(ctx, "fields", fieldColumns, "Field", id, func(r rowScanner) (err error) { f, err = scanField(r); return })
	return f, err
}

// Fields lists a dataset's fields.
func (q *queries) Fields(ctx context.Context, datasetID string) ([]*extralit.Field, error) {
	out := []*extralit.Field{}
	err := q.settingsList(ctx, "fields", fieldColumns, datasetID, func(r rowScanner) error {
		f, err := scanField(r)
		out = append(out, f)
		return err
	})
	return out, err
}

// UpdateField writes a field's title, description and settings.
func (q *queries) UpdateField(ctx context.Context, f *extralit.Field) error {
	f.UpdatedAt = now()
	_, err := q.exec(ctx, `UPDATE fields SET title = ?, description = ?, settings = ?, updated_at = ? WHERE id = ?`,
		f.Title, f.Description, string(f.Settings), f.UpdatedAt, f.ID)
	return err
}

// DeleteField removes a field.
func (q *queries) DeleteField(ctx context.Context, id string) error {
	return q.settingsDelete(ctx, "fields", "Field", id)
}

const questionColumns = `id, name, title, description, required, settings, dataset_id, inserted_at, updated_at`

func scanQuestion(r rowScanner) (*extralit.Question, error) {
	var x extralit.Question
	var desc sql.NullString
	var settings string
	if err := r.Scan(&x.ID, &x.Name, &x.Title, &desc, &x.Required, &settings, &x.DatasetID, &x.InsertedAt, &x.UpdatedAt); err != nil {
		return nil, err
	}
	if desc.Valid {
		x.Description = &desc.String
	}
	x.Settings = json.RawMessage(settings)
	x.InsertedAt, x.UpdatedAt = x.InsertedAt.UTC(), x.UpdatedAt.UTC()
	return &x, nil
}

// CreateQuestion inserts a question.
func (q *queries) CreateQuestion(ctx context.Context, x *extralit.Question) error {
	x.InsertedAt = now()
	x.UpdatedAt = x.InsertedAt
	_, err := q.exec(ctx, `INSERT INTO questions (`+questionColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		x.ID, x.Name, x.Title, x.Description, x.Required, string(x.Settings), x.DatasetID, x.InsertedAt, x.UpdatedAt)
	return conflictName(err, "Question", x.Name)
}

// QuestionByID returns a question.
func (q *queries) QuestionByID(ctx context.Context, id string) (*extralit.Question, error) {
	var x *extralit.Question
	err := q.settingsByID(ctx, "questions", questionColumns, "Question", id, func(r rowScanner) (err error) { x, err = scanQuestion(r); return })
	return x, err
}

// Questions lists a dataset's questions.
func (q *queries) Questions(ctx context.Context, datasetID string) ([]*extralit.Question, error) {
	out := []*extralit.Question{}
	err := q.settingsList(ctx, "questions", questionColumns, datasetID, func(r rowScanner) error {
		x, err := scanQuestion(r)
		out = append(out, x)
		return err
	})
	return out, err
}

// UpdateQuestion writes a question's title, description and settings.
func (q *queries) UpdateQuestion(ctx context.Context, x *extralit.Question) error {
	x.UpdatedAt = now()
	_, err := q.exec(ctx, `UPDATE questions SET title = ?, description = ?, settings = ?, updated_at = ? WHERE id = ?`,
		x.Title, x.Description, string(x.Settings), x.UpdatedAt, x.ID)
	return err
}

// DeleteQuestion removes a question.
func (q *queries) DeleteQuestion(ctx context.Context, id string) error {
	return q.settingsDelete(ctx, "questions", "Question", id)
}

const metadataColumns = `id, name, title, settings, visible_for_annotators, dataset_id, inserted_at, updated_at`

func scanMetadata(r rowScanner) (*extralit.MetadataProperty, error) {
	var m extralit.MetadataProperty
	var settings string
	if err := r.Scan(&m.ID, &m.Name, &m.Title, &settings, &m.VisibleForAnnotators, &m.DatasetID, &m.InsertedAt, &m.UpdatedAt); err != nil {
		return nil, err
	}
	m.Settings = json.RawMessage(settings)
	m.InsertedAt, m.UpdatedAt = m.InsertedAt.UTC(), m.UpdatedAt.UTC()
	return &m, nil
}

// CreateMetadataProperty inserts a metadata property.
func (q *queries) CreateMetadataProperty(ctx context.Context, m *extralit.MetadataProperty) error {
	m.InsertedAt = now()
	m.UpdatedAt = m.InsertedAt
	_, err := q.exec(ctx, `INSERT INTO metadata_properties (`+metadataColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		m.ID, m.Name, m.Title, string(m.Settings), m.VisibleForAnnotators, m.DatasetID, m.InsertedAt, m.UpdatedAt)
	return conflictName(err, "Metadata property", m.Name)
}

// MetadataPropertyByID returns a metadata property.
func (q *queries) MetadataPropertyByID(ctx context.Context, id string) (*extralit.MetadataProperty, error) {
	var m *extralit.MetadataProperty
	err := q.settingsByID(ctx, "metadata_properties", metadataColumns, "Metadata property", id, func(r rowScanner) (err error) { m, err = scanMetadata(r); return })
	return m, err
}

// MetadataProperties lists a dataset's metadata properties.
func (q *queries) MetadataProperties(ctx context.Context, datasetID string) ([]*extralit.MetadataProperty, error) {
	out := []*extralit.MetadataProperty{}
	err := q.settingsList(ctx, "metadata_properties", metadataColumns, datasetID, func(r rowScanner) error {
		m, err := scanMetadata(r)
		out = append(out, m)
		return err
	})
	return out, err
}

// UpdateMetadataProperty writes a property's title and visibility.
func (q *queries) UpdateMetadataProperty(ctx context.Context, m *extralit.MetadataProperty) error {
	m.UpdatedAt = now()
	_, err := q.exec(ctx, `UPDATE metadata_properties SET title = ?, visible_for_annotators = ?, updated_at = ? WHERE id = ?`,
		m.Title, m.VisibleForAnnotators, m.UpdatedAt, m.ID)
	return err
}

// DeleteMetadataProperty removes a metadata property.
func (q *queries) DeleteMetadataProperty(ctx context.Context, id string) error {
	return q.settingsDelete(ctx, "metadata_properties", "Metadata property", id)
}

const vectorSettingsColumns = `id, name, title, dimensions, dataset_id, inserted_at, updated_at`

func scanVectorSettings(r rowScanner) (*extralit.VectorSettings, error) {
	var v extralit.VectorSettings
	if err := r.Scan(&v.ID, &v.Name, &v.Title, &v.Dimensions, &v.DatasetID, &v.InsertedAt, &v.UpdatedAt); err != nil {
		return nil, err
	}
	v.InsertedAt, v.UpdatedAt = v.InsertedAt.UTC(), v.UpdatedAt.UTC()
	return &v, nil
}

// CreateVectorSettings inserts vector settings.
func (q *queries) CreateVectorSettings(ctx context.Context, v *extralit.VectorSettings) error {
	v.InsertedAt = now()
	v.UpdatedAt = v.InsertedAt
	_, err := q.exec(ctx, `INSERT INTO vectors_settings (`+vectorSettingsColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		v.ID, v.Name, v.Title, v.Dimensions, v.DatasetID, v.InsertedAt, v.UpdatedAt)
	return conflictName(err, "Vector settings", v.Name)
}

// VectorSettingsByID returns vector settings.
func (q *queries) VectorSettingsByID(ctx context.Context, id string) (*extralit.VectorSettings, error) {
	var v *extralit.VectorSettings
	err := q.settingsByID(ctx, "vectors_settings", vectorSettingsColumns, "Vector settings", id, func(r rowScanner) (err error) { v, err = scanVectorSettings(r); return })
	return v, err
}

// VectorSettingsList lists a dataset's vector settings.
func (q *queries) VectorSettingsList(ctx context.Context, datasetID string) ([]*extralit.VectorSettings, error) {
	out := []*extralit.VectorSettings{}
	err := q.settingsList(ctx, "vectors_settings", vectorSettingsColumns, datasetID, func(r rowScanner) error {
		v, err := scanVectorSettings(r)
		out = append(out, v)
		return err
	})
	return out, err
}

// UpdateVectorSettings writes the title.
func (q *queries) UpdateVectorSettings(ctx context.Context, v *extralit.VectorSettings) error {
	v.UpdatedAt = now()
	_, err := q.exec(ctx, `UPDATE vectors_settings SET title = ?, updated_at = ? WHERE id = ?`, v.Title, v.UpdatedAt, v.ID)
	return err
}

// DeleteVectorSettings removes vector settings.
func (q *queries) DeleteVectorSettings(ctx context.Context, id string) error {
	return q.settingsDelete(ctx, "vectors_settings", "Vector settings", id)
}
