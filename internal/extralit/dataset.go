package extralit

import (
	"context"
	"encoding/json"
	"time"
	"unicode/utf8"
)

// DatasetStatus tells whether a dataset still takes settings (draft) or
// records (ready).
type DatasetStatus string

// The dataset statuses.
const (
	DatasetDraft DatasetStatus = "draft"
	DatasetReady DatasetStatus = "ready"
)

// Distribution says how many submitted responses complete a record.
type Distribution struct {
	Strategy     string `json:"strategy"`
	MinSubmitted int    `json:"min_submitted"`
}

// Dataset is a set of records with the fields shown and questions asked.
type Dataset struct {
	ID                 string
	Name               string
	Guidelines         *string
	AllowExtraMetadata bool
	Status             DatasetStatus
	Distribution       Distribution
	Metadata           json.RawMessage // free-form, null when absent
	WorkspaceID        string
	LastActivityAt     time.Time
	InsertedAt         time.Time
	UpdatedAt          time.Time
}

// Limits on dataset settings, as the reference enforces them.
const (
	MaxTitleLength      = 500
	MaxGuidelinesLength = 10000
	MaxDescription      = 1000
	MaxVectorSettings   = 5
	MaxBulkRecords      = 500
)

// ValidateName checks an entity name: 1 to 200 characters.
func ValidateName(what, name string) error {
	if name == "" {
		return Errorf(KindInvalid, "%s name must not be empty", what)
	}
	if n := utf8.RuneCountInString(name); n > MaxNameLength {
		return Errorf(KindInvalid, "%s name must be at most %d characters, got %d", what, MaxNameLength, n)
	}
	return nil
}

// ValidateTitle checks a title: 1 to 500 characters.
func ValidateTitle(what, title string) error {
	if title == "" {
		return Errorf(KindInvalid, "%s title must not be empty", what)
	}
	if n := utf8.RuneCountInString(title); n > MaxTitleLength {
		return Errorf(KindInvalid, "%s title must be at most %d characters, got %d", what, MaxTitleLength, n)
	}
	return nil
}

// Field is a piece of a record shown to annotators.
type Field struct {
	ID          string
	Name        string
	Title       string
	Required    bool
	Description *string
	Settings    json.RawMessage
	DatasetID   string
	InsertedAt  time.Time
	UpdatedAt   time.Time
}

// Question is asked about every record of a dataset.
type Question struct {
	ID          string
	Name        string
	Title       string
	Description *string
	Required    bool
	Settings    json.RawMessage
	DatasetID   string
	InsertedAt  time.Time
	UpdatedAt   time.Time
}

// MetadataProperty declares a metadata key of the records.
type MetadataProperty struct {
	ID                   string
	Name                 string
	Title                string
	Settings             json.RawMessage
	VisibleForAnnotators bool
	DatasetID            string
	InsertedAt           time.Time
	UpdatedAt            time.Time
}

// VectorSettings declares an embedding space of the records.
type VectorSettings struct {
	ID         string
	Name       string
	Title      string
	Dimensions int
	DatasetID  string
	InsertedAt time.Time
	UpdatedAt  time.Time
}

// DatasetSchema is a dataset with everything that shapes its records.
type DatasetSchema struct {
	Dataset   *Dataset
	Fields    []*Field
	Questions []*Question
	Metadata  []*MetadataProperty
	Vectors   []*VectorSettings
}

// DatasetStore persists datasets and their settings.
type DatasetStore interface {
	CreateDataset(ctx context.Context, d *Dataset) error
	DatasetByID(ctx context.Context, id string) (*Dataset, error)
	// Datasets lists datasets of the given workspaces (all when nil).
	Datasets(ctx context.Context, workspaceIDs []string) ([]*Dataset, error)
	UpdateDataset(ctx context.Context, d *Dataset) error
	DeleteDataset(ctx context.Context, id string) error
	CountDatasets(ctx context.Context, workspaceID string) (int, error)
	TouchDataset(ctx context.Context, id string, at time.Time) error

	CreateField(ctx context.Context, f *Field) error
	FieldByID(ctx context.Context, id string) (*Field, error)
	Fields(ctx context.Context, datasetID string) ([]*Field, error)
	UpdateField(ctx context.Context, f *Field) error
	DeleteField(ctx context.Context, id string) error

	CreateQuestion(ctx context.Context, q *Question) error
	QuestionByID(ctx context.Context, id string) (*Question, error)
	Questions(ctx context.Context, datasetID string) ([]*Question, error)
	UpdateQuestion(ctx context.Context, q *Question) error
	DeleteQuestion(ctx context.Context, id string) error

	CreateMetadataProperty(ctx context.Context, m *MetadataProperty) error
	MetadataPropertyByID(ctx context.Context, id string) (*MetadataProperty, error)
	MetadataProperties(ctx context.Context, datasetID string) ([]*MetadataProperty, error)
	UpdateMetadataProperty(ctx context.Context, m *MetadataProperty) error
	DeleteMetadataProperty(ctx context.Context, id string) error

	CreateVectorSettings(ctx context.Context, v *VectorSettings) error
	VectorSettingsByID(ctx context.Context, id string) (*VectorSettings, error)
	VectorSettingsList(ctx context.Context, datasetID string) ([]*VectorSettings, error)
	UpdateVectorSettings(ctx context.Context, v *VectorSettings) error
	DeleteVectorSettings(ctx context.Context, id string) error
}
