package service

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/extralit/extralit-go/internal/extralit"
	"github.com/extralit/extralit-go/internal/search"
)

// DatasetCreate is the input of CreateDataset.
type DatasetCreate struct {
	Name               string
	Guidelines         *string
	AllowExtraMetadata *bool
	Distribution       *extralit.Distribution
	Metadata           json.RawMessage
	WorkspaceID        string
}

func validateGuidelines(g *string) error {
	if g != nil && (*g == "" || utf8.RuneCountInString(*g) > extralit.MaxGuidelinesLength) {
		return extralit.Errorf(extralit.KindInvalid, "guidelines must be 1 to %d characters", extralit.MaxGuidelinesLength)
	}
	return nil
}

func validateDistribution(d *extralit.Distribution) error {
	if d == nil {
		return nil
	}
	if d.Strategy == "" {
		d.Strategy = "overlap"
	}
	if d.Strategy != "overlap" {
		return extralit.Errorf(extralit.KindInvalid, "distribution strategy %q is not supported (only overlap)", d.Strategy)
	}
	if d.MinSubmitted < 1 {
		return extralit.Errorf(extralit.KindInvalid, "distribution min_submitted must be at least 1")
	}
	return nil
}

// datasetForAdmin loads a dataset and checks the actor may change it.
func (s *Service) datasetForAdmin(ctx context.Context, actor *extralit.User, id string) (*extralit.Dataset, error) {
	d, err := s.store.DatasetByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return d, s.requireAdminMember(ctx, actor, d.WorkspaceID)
}

// datasetForMember loads a dataset and checks the actor belongs to it.
func (s *Service) datasetForMember(ctx context.Context, actor *extralit.User, id string) (*extralit.Dataset, error) {
	d, err := s.store.DatasetByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return d, s.requireMember(ctx, actor, d.WorkspaceID)
}

// CreateDataset adds a draft dataset to a workspace.
func (s *Service) CreateDataset(ctx context.Context, actor *extralit.User, in DatasetCreate) (*extralit.Dataset, error) {
	in.Name = strings.TrimSpace(in.Name)
	if err := extralit.ValidateName("dataset", in.Name); err != nil {
		return nil, err
	}
	if err := validateGuidelines(in.Guidelines); err != nil {
		return nil, err
	}
	if err := validateDistribution(in.Distribution); err != nil {
		return nil, err
	}
	if _, err := uuid.Parse(in.WorkspaceID); err != nil {
		return nil, extralit.Errorf(extralit.KindInvalid, "workspace_id %q is not a UUID", in.WorkspaceID)
	}
	w, err := s.store.WorkspaceByID(ctx, in.WorkspaceID)
	if extralit.IsKind(err, extralit.KindNotFound) {
		return nil, extralit.Errorf(extralit.KindInvalid, "Workspace with id `%s` not found", in.WorkspaceID)
	}
	if err != nil {
		return nil, err
	}
	if err := s.requireAdminMember(ctx, actor, w.ID); err != nil {
		return nil, err
	}
	d := &extralit.Dataset{
		ID: uuid.NewString(), Name: in.Name, Guidelines: in.Guidelines, AllowExtraMetadata: true,
		Status: extralit.DatasetDraft, Distribution: extralit.Distribution{Strategy: "overlap", MinSubmitted: 1},
		Metadata: in.Metadata, WorkspaceID: w.ID,
	}
	if in.AllowExtraMetadata != nil {
		d.AllowExtraMetadata = *in.AllowExtraMetadata
	}
	if in.Distribution != nil {
		d.Distribution = *in.Distribution
	}
	err = s.store.InTx(ctx, func(q extralit.Queries) error {
		if err := q.CreateDataset(ctx, d); err != nil {
			return err
		}
		return s.Publish(ctx, q, extralit.EventDatasetCreated, datasetEvent(d))
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// Dataset returns a dataset the actor may see.
func (s *Service) Dataset(ctx context.Context, actor *extralit.User, id string) (*extralit.Dataset, error) {
	return s.datasetForMember(ctx, actor, id)
}

// MyDatasets lists the datasets the actor may see, optionally of one workspace.
func (s *Service) MyDatasets(ctx context.Context, actor *extralit.User, workspaceID, name string) ([]*extralit.Dataset, error) {
	var ids []string
	if actor.Role != extralit.RoleOwner {
		ws, err := s.store.WorkspacesOfUser(ctx, actor.ID)
		if err != nil {
			return nil, err
		}
		ids = []string{}
		for _, w := range ws {
			ids = append(ids, w.ID)
		}
	}
	ds, err := s.store.Datasets(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := ds[:0]
	for _, d := range ds {
		if (workspaceID == "" || d.WorkspaceID == workspaceID) && (name == "" || d.Name == name) {
			out = append(out, d)
		}
	}
	return out, nil
}

// DatasetUpdate holds the changes to a dataset; nil fields stay.
type DatasetUpdate struct {
	Name               *string
	Guidelines         **string
	AllowExtraMetadata *bool
	Distribution       *extralit.Distribution
	Metadata           *json.RawMessage
}

// UpdateDataset changes a dataset. A changed distribution recomputes every
// record's status.
func (s *Service) UpdateDataset(ctx context.Context, actor *extralit.User, id string, upd DatasetUpdate) (*extralit.Dataset, error) {
	d, err := s.datasetForAdmin(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if upd.Name != nil {
		name := strings.TrimSpace(*upd.Name)
		if err := extralit.ValidateName("dataset", name); err != nil {
			return nil, err
		}
		d.Name = name
	}
	if upd.Guidelines != nil {
		if err := validateGuidelines(*upd.Guidelines); err != nil {
			return nil, err
		}
		d.Guidelines = *upd.Guidelines
	}
	if upd.AllowExtraMetadata != nil {
		d.AllowExtraMetadata = *upd.AllowExtraMetadata
	}
	distChanged := false
	if upd.Distribution != nil {
		if err := validateDistribution(upd.Distribution); err != nil {
			return nil, err
		}
		distChanged = *upd.Distribution != d.Distribution
		d.Distribution = *upd.Distribution
	}
	if upd.Metadata != nil {
		d.Metadata = *upd.Metadata
	}
	err = s.store.InTx(ctx, func(q extralit.Queries) error {
		if err := q.UpdateDataset(ctx, d); err != nil {
			return err
		}
		if err := s.Publish(ctx, q, extralit.EventDatasetUpdated, datasetEvent(d)); err != nil {
			return err
		}
		if distChanged && d.Status == extralit.DatasetReady {
			return s.recomputeAllStatuses(ctx, q, d)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// DeleteDataset removes a dataset, its records and its index.
func (s *Service) DeleteDataset(ctx context.Context, actor *extralit.User, id string) (*extralit.Dataset, error) {
	d, err := s.datasetForAdmin(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	err = s.store.InTx(ctx, func(q extralit.Queries) error {
		if err := q.DeleteDataset(ctx, id); err != nil {
			return err
		}
		return s.Publish(ctx, q, extralit.EventDatasetDeleted, datasetEvent(d))
	})
	if err != nil {
		return nil, err
	}
	if s.index != nil {
		if err := s.index.DeleteIndex(ctx, id); err != nil && !errors.Is(err, search.ErrIndexNotFound) {
			s.log.Error("delete search index", "dataset_id", id, "err", err)
		}
	}
	return d, nil
}

// Schema loads a dataset's settings.
func (s *Service) Schema(ctx context.Context, q extralit.Queries, d *extralit.Dataset) (*extralit.DatasetSchema, error) {
	sc := &extralit.DatasetSchema{Dataset: d}
	var err error
	if sc.Fields, err = q.Fields(ctx, d.ID); err != nil {
		return nil, err
	}
	if sc.Questions, err = q.Questions(ctx, d.ID); err != nil {
		return nil, err
	}
	if sc.Metadata, err = q.MetadataProperties(ctx, d.ID); err != nil {
		return nil, err
	}
	if sc.Vectors, err = q.VectorSettingsList(ctx, d.ID); err != nil {
		return nil, err
	}
	return sc, nil
}

// PublishDataset makes a draft dataset ready for records.
func (s *Service) PublishDataset(ctx context.Context, actor *extralit.User, id string) (*extralit.Dataset, error) {
	d, err := s.datasetForAdmin(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if d.Status == extralit.DatasetReady {
		return nil, extralit.Errorf(extralit.KindInvalid, "Dataset is already published")
	}
	sc, err := s.Schema(ctx, s.store, d)
	if err != nil {
		return nil, err
	}
	if len(sc.Fields) == 0 {
		return nil, extralit.Errorf(extralit.KindInvalid, "Dataset cannot be published without fields")
	}
	required := false
	for _, q := range sc.Questions {
		required = required || q.Required
	}
	if !required {
		return nil, extralit.Errorf(extralit.KindInvalid, "Dataset cannot be published without required questions")
	}
	d.Status = extralit.DatasetReady
	err = s.store.InTx(ctx, func(q extralit.Queries) error {
		if err := q.UpdateDataset(ctx, d); err != nil {
			return err
		}
		if err := s.Publish(ctx, q, extralit.EventDatasetPublished, datasetEvent(d)); err != nil {
			return err
		}
		if err := s.index.CreateIndex(ctx, d.ID, searchMapping(sc)); err != nil && !errors.Is(err, search.ErrIndexExists) {
			return fmt.Errorf("create search index: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// searchMapping derives the index mapping from a dataset's settings.
func searchMapping(sc *extralit.DatasetSchema) search.Mapping {
	var m search.Mapping
	for _, f := range sc.Fields {
		fs, _ := extralit.ParseFieldSettings(f.Settings)
		m.Fields = append(m.Fields, search.Field{Name: f.Name, Type: search.FieldType(fs.Type)})
	}
	for _, p := range sc.Metadata {
		ms, _ := extralit.ParseMetadataSettings(p.Settings)
		m.Metadata = append(m.Metadata, search.MetadataProperty{Name: p.Name, Type: search.MetadataType(ms.Type)})
	}
	for _, q := range sc.Questions {
		var qs struct {
			Type string `json:"type"`
		}
		_ = json.Unmarshal(q.Settings, &qs)
		m.Questions = append(m.Questions, search.Question{Name: q.Name, Type: search.QuestionType(qs.Type)})
	}
	for _, v := range sc.Vectors {
		m.Vectors = append(m.Vectors, search.VectorSettings{Name: v.Name, Dimensions: v.Dimensions})
	}
	return m
}

// updateMapping brings a published dataset's index mapping up to date.
func (s *Service) updateMapping(ctx context.Context, q extralit.Queries, d *extralit.Dataset) error {
	if d.Status != extralit.DatasetReady {
		return nil
	}
	sc, err := s.Schema(ctx, q, d)
	if err != nil {
		return err
	}
	if err := s.index.UpdateMapping(ctx, d.ID, searchMapping(sc)); err != nil {
		return fmt.Errorf("update search mapping: %w", err)
	}
	return nil
}
