package service

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/google/uuid"

	"github.com/extralit/extralit-go/internal/extralit"
)

func requireDraft(d *extralit.Dataset, action string) error {
	if d.Status == extralit.DatasetReady {
		return extralit.Errorf(extralit.KindInvalid, "%s is not allowed for a published dataset", action)
	}
	return nil
}

func validateDescription(desc *string) error {
	if desc != nil && (*desc == "" || len([]rune(*desc)) > extralit.MaxDescription) {
		return extralit.Errorf(extralit.KindInvalid, "description must be 1 to %d characters", extralit.MaxDescription)
	}
	return nil
}

// FieldCreate is the input of CreateField.
type FieldCreate struct {
	Name        string
	Title       string
	Required    *bool
	Description *string
	Settings    json.RawMessage
}

// CreateField adds a field to a draft dataset.
func (s *Service) CreateField(ctx context.Context, actor *extralit.User, datasetID string, in FieldCreate) (*extralit.Field, error) {
	d, err := s.datasetForAdmin(ctx, actor, datasetID)
	if err != nil {
		return nil, err
	}
	if err := requireDraft(d, "Adding a field"); err != nil {
		return nil, err
	}
	in.Name = strings.TrimSpace(in.Name)
	if err := extralit.ValidateName("field", in.Name); err != nil {
		return nil, err
	}
	if err := extralit.ValidateTitle("field", in.Title); err != nil {
		return nil, err
	}
	if err := validateDescription(in.Description); err != nil {
		return nil, err
	}
	fs, err := extralit.ParseFieldSettings(in.Settings)
	if err != nil {
		return nil, err
	}
	f := &extralit.Field{ID: uuid.NewString(), Name: in.Name, Title: in.Title, Required: true, Description: in.Description,
		Settings: extralit.MustJSON(fs), DatasetID: d.ID}
	if in.Required != nil {
		f.Required = *in.Required
	}
	if err := s.store.CreateField(ctx, f); err != nil {
		return nil, err
	}
	return f, nil
}

// Fields lists a dataset's fields.
func (s *Service) Fields(ctx context.Context, actor *extralit.User, datasetID string) ([]*extralit.Field, error) {
	if _, err := s.datasetForMember(ctx, actor, datasetID); err != nil {
		return nil, err
	}
	return s.store.Fields(ctx, datasetID)
}

// UpdateField changes a field's title, description or settings (only the
// display options of its own type).
func (s *Service) UpdateField(ctx context.Context, actor *extralit.User, id string, title, description *string, settings json.RawMessage) (*extralit.Field, error) {
	f, err := s.store.FieldByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.datasetForAdmin(ctx, actor, f.DatasetID); err != nil {
		return nil, err
	}
	if title != nil {
		if err := extralit.ValidateTitle("field", *title); err != nil {
			return nil, err
		}
		f.Title = *title
	}
	if description != nil {
		if err := validateDescription(description); err != nil {
			return nil, err
		}
		f.Description = description
	}
	if settings != nil {
		fs, err := extralit.ParseFieldSettings(settings)
		if err != nil {
			return nil, err
		}
		old, _ := extralit.ParseFieldSettings(f.Settings)
		if fs.Type != old.Type {
			return nil, extralit.Errorf(extralit.KindInvalid, "the field type cannot change from %s to %s", old.Type, fs.Type)
		}
		f.Settings = extralit.MustJSON(fs)
	}
	if err := s.store.UpdateField(ctx, f); err != nil {
		return nil, err
	}
	return f, nil
}

// DeleteField removes a field of a draft dataset.
func (s *Service) DeleteField(ctx context.Context, actor *extralit.User, id string) (*extralit.Field, error) {
	f, err := s.store.FieldByID(ctx, id)
	if err != nil {
		return nil, err
	}
	d, err := s.datasetForAdmin(ctx, actor, f.DatasetID)
	if err != nil {
		return nil, err
	}
	if err := requireDraft(d, "Deleting a field"); err != nil {
		return nil, err
	}
	return f, s.store.DeleteField(ctx, id)
}

// QuestionCreate is the input of CreateQuestion.
type QuestionCreate struct {
	Name        string
	Title       string
	Description *string
	Required    *bool
	Settings    json.RawMessage
}

func textFieldNames(fields []*extralit.Field) []string {
	var names []string
	for _, f := range fields {
		if fs, _ := extralit.ParseFieldSettings(f.Settings); fs.Type == "text" {
			names = append(names, f.Name)
		}
	}
	return names
}

// CreateQuestion adds a question to a draft dataset.
func (s *Service) CreateQuestion(ctx context.Context, actor *extralit.User, datasetID string, in QuestionCreate) (*extralit.Question, error) {
	d, err := s.datasetForAdmin(ctx, actor, datasetID)
	if err != nil {
		return nil, err
	}
	if err := requireDraft(d, "Adding a question"); err != nil {
		return nil, err
	}
	in.Name = strings.TrimSpace(in.Name)
	if err := extralit.ValidateName("question", in.Name); err != nil {
		return nil, err
	}
	if err := extralit.ValidateTitle("question", in.Title); err != nil {
		return nil, err
	}
	if err := validateDescription(in.Description); err != nil {
		return nil, err
	}
	fields, err := s.store.Fields(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	qs, err := extralit.ParseQuestionSettings(in.Settings, textFieldNames(fields))
	if err != nil {
		return nil, err
	}
	if qs.Type == "span" {
		existing, err := s.store.Questions(ctx, d.ID)
		if err != nil {
			return nil, err
		}
		for _, q := range existing {
			other, _ := extralit.ParseQuestionSettings(q.Settings, textFieldNames(fields))
			if other.Type == "span" && other.Field != nil && *other.Field == *qs.Field {
				return nil, extralit.Errorf(extralit.KindInvalid, "field %q already has a span question (%s)", *qs.Field, q.Name)
			}
		}
	}
	q := &extralit.Question{ID: uuid.NewString(), Name: in.Name, Title: in.Title, Description: in.Description, Required: true,
		Settings: extralit.MustJSON(qs), DatasetID: d.ID}
	if in.Required != nil {
		q.Required = *in.Required
	}
	if err := s.store.CreateQuestion(ctx, q); err != nil {
		return nil, err
	}
	return q, nil
}

// Questions lists a dataset's questions.
func (s *Service) Questions(ctx context.Context, actor *extralit.User, datasetID string) ([]*extralit.Question, error) {
	if _, err := s.datasetForMember(ctx, actor, datasetID); err != nil {
		return nil, err
	}
	return s.store.Questions(ctx, datasetID)
}

// UpdateQuestion changes a question's title, description or settings.
// Settings may change only where the reference allows (labels, visible
// options, order, markdown); the type never changes.
func (s *Service) UpdateQuestion(ctx context.Context, actor *extralit.User, id string, title, description *string, settings json.RawMessage) (*extralit.Question, error) {
	q, err := s.store.QuestionByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.datasetForAdmin(ctx, actor, q.DatasetID); err != nil {
		return nil, err
	}
	if title != nil {
		if err := extralit.ValidateTitle("question", *title); err != nil {
			return nil, err
		}
		q.Title = *title
	}
	if description != nil {
		if err := validateDescription(description); err != nil {
			return nil, err
		}
		q.Description = description
	}
	if settings != nil {
		fields, err := s.store.Fields(ctx, q.DatasetID)
		if err != nil {
			return nil, err
		}
		old, _ := extralit.ParseQuestionSettings(q.Settings, textFieldNames(fields))
		// Unchanged keys keep their stored values.
		var merged map[string]any
		_ = json.Unmarshal(q.Settings, &merged)
		var patch map[string]any
		if err := json.Unmarshal(settings, &patch); err != nil {
			return nil, extralit.Errorf(extralit.KindInvalid, "question settings must be an object")
		}
		for k, v := range patch {
			merged[k] = v
		}
		qs, err := extralit.ParseQuestionSettings(extralit.MustJSON(merged), textFieldNames(fields))
		if err != nil {
			return nil, err
		}
		if qs.Type != old.Type {
			return nil, extralit.Errorf(extralit.KindInvalid, "the question type cannot change from %s to %s", old.Type, qs.Type)
		}
		if (qs.Type == "rating" || qs.Type == "ranking") && string(extralit.MustJSON(qs.Options)) != string(extralit.MustJSON(old.Options)) {
			return nil, extralit.Errorf(extralit.KindInvalid, "the options of a %s question cannot change", qs.Type)
		}
		q.Settings = extralit.MustJSON(qs)
	}
	if err := s.store.UpdateQuestion(ctx, q); err != nil {
		return nil, err
	}
	return q, nil
}

// DeleteQuestion removes a question of a draft dataset.
func (s *Service) DeleteQuestion(ctx context.Context, actor *extralit.User, id string) (*extralit.Question, error) {
	q, err := s.store.QuestionByID(ctx, id)
	if err != nil {
		return nil, err
	}
	d, err := s.datasetForAdmin(ctx, actor, q.DatasetID)
	if err != nil {
		return nil, err
	}
	if err := requireDraft(d, "Deleting a question"); err != nil {
		return nil, err
	}
	return q, s.store.DeleteQuestion(ctx, id)
}

// MetadataCreate is the input of CreateMetadataProperty.
type MetadataCreate struct {
	Name                 string
	Title                string
	Settings             json.RawMessage
	VisibleForAnnotators *bool
}

// CreateMetadataProperty adds a metadata property, also to published datasets.
func (s *Service) CreateMetadataProperty(ctx context.Context, actor *extralit.User, datasetID string, in MetadataCreate) (*extralit.MetadataProperty, error) {
	d, err := s.datasetForAdmin(ctx, actor, datasetID)
	if err != nil {
		return nil, err
	}
	in.Name = strings.TrimSpace(in.Name)
	if err := extralit.ValidateName("metadata property", in.Name); err != nil {
		return nil, err
	}
	if err := extralit.ValidateTitle("metadata property", in.Title); err != nil {
		return nil, err
	}
	ms, err := extralit.ParseMetadataSettings(in.Settings)
	if err != nil {
		return nil, err
	}
	m := &extralit.MetadataProperty{ID: uuid.NewString(), Name: in.Name, Title: in.Title, Settings: extralit.MustJSON(ms),
		VisibleForAnnotators: true, DatasetID: d.ID}
	if in.VisibleForAnnotators != nil {
		m.VisibleForAnnotators = *in.VisibleForAnnotators
	}
	err = s.store.InTx(ctx, func(q extralit.Queries) error {
		if err := q.CreateMetadataProperty(ctx, m); err != nil {
			return err
		}
		return s.updateMapping(ctx, q, d)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// MetadataProperties lists the properties the actor may see: owners all,
// others those visible to their role.
func (s *Service) MetadataProperties(ctx context.Context, actor *extralit.User, datasetID string) ([]*extralit.MetadataProperty, error) {
	if _, err := s.datasetForMember(ctx, actor, datasetID); err != nil {
		return nil, err
	}
	all, err := s.store.MetadataProperties(ctx, datasetID)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, m := range all {
		if visibleTo(actor, m) {
			out = append(out, m)
		}
	}
	return out, nil
}

func visibleTo(actor *extralit.User, m *extralit.MetadataProperty) bool {
	return actor.Role != extralit.RoleAnnotator || m.VisibleForAnnotators
}

// UpdateMetadataProperty changes a property's title or visibility.
func (s *Service) UpdateMetadataProperty(ctx context.Context, actor *extralit.User, id string, title *string, visible *bool) (*extralit.MetadataProperty, error) {
	m, err := s.store.MetadataPropertyByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.datasetForAdmin(ctx, actor, m.DatasetID); err != nil {
		return nil, err
	}
	if title != nil {
		if err := extralit.ValidateTitle("metadata property", *title); err != nil {
			return nil, err
		}
		m.Title = *title
	}
	if visible != nil {
		m.VisibleForAnnotators = *visible
	}
	return m, s.store.UpdateMetadataProperty(ctx, m)
}

// DeleteMetadataProperty removes a property.
func (s *Service) DeleteMetadataProperty(ctx context.Context, actor *extralit.User, id string) (*extralit.MetadataProperty, error) {
	m, err := s.store.MetadataPropertyByID(ctx, id)
	if err != nil {
		return nil, err
	}
	d, err := s.datasetForAdmin(ctx, actor, m.DatasetID)
	if err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(q extralit.Queries) error {
		if err := q.DeleteMetadataProperty(ctx, id); err != nil {
			return err
		}
		return s.updateMapping(ctx, q, d)
	})
	return m, err
}

// CreateVectorSettings adds an embedding space, at most five per dataset.
func (s *Service) CreateVectorSettings(ctx context.Context, actor *extralit.User, datasetID, name, title string, dimensions int) (*extralit.VectorSettings, error) {
	d, err := s.datasetForAdmin(ctx, actor, datasetID)
	if err != nil {
		return nil, err
	}
	name = strings.TrimSpace(name)
	if err := extralit.ValidateName("vector settings", name); err != nil {
		return nil, err
	}
	if err := extralit.ValidateTitle("vector settings", title); err != nil {
		return nil, err
	}
	if dimensions < 1 {
		return nil, extralit.Errorf(extralit.KindInvalid, "dimensions must be a positive whole number, got %d", dimensions)
	}
	existing, err := s.store.VectorSettingsList(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	if len(existing) >= extralit.MaxVectorSettings {
		return nil, extralit.Errorf(extralit.KindInvalid, "a dataset may have at most %d vector settings", extralit.MaxVectorSettings)
	}
	v := &extralit.VectorSettings{ID: uuid.NewString(), Name: name, Title: title, Dimensions: dimensions, DatasetID: d.ID}
	err = s.store.InTx(ctx, func(q extralit.Queries) error {
		if err := q.CreateVectorSettings(ctx, v); err != nil {
			return err
		}
		return s.updateMapping(ctx, q, d)
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// VectorSettingsList lists a dataset's embedding spaces.
func (s *Service) VectorSettingsList(ctx context.Context, actor *extralit.User, datasetID string) ([]*extralit.VectorSettings, error) {
	if _, err := s.datasetForMember(ctx, actor, datasetID); err != nil {
		return nil, err
	}
	return s.store.VectorSettingsList(ctx, datasetID)
}

// UpdateVectorSettings changes the title.
func (s *Service) UpdateVectorSettings(ctx context.Context, actor *extralit.User, id, title string) (*extralit.VectorSettings, error) {
	v, err := s.store.VectorSettingsByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if _, err := s.datasetForAdmin(ctx, actor, v.DatasetID); err != nil {
		return nil, err
	}
	if err := extralit.ValidateTitle("vector settings", title); err != nil {
		return nil, err
	}
	v.Title = title
	return v, s.store.UpdateVectorSettings(ctx, v)
}

// DeleteVectorSettings removes an embedding space and its vectors.
func (s *Service) DeleteVectorSettings(ctx context.Context, actor *extralit.User, id string) (*extralit.VectorSettings, error) {
	v, err := s.store.VectorSettingsByID(ctx, id)
	if err != nil {
		return nil, err
	}
	d, err := s.datasetForAdmin(ctx, actor, v.DatasetID)
	if err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(q extralit.Queries) error {
		if err := q.DeleteVectorSettings(ctx, id); err != nil {
			return err
		}
		return s.updateMapping(ctx, q, d)
	})
	return v, err
}
