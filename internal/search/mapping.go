package search

import (
	"fmt"
)

// FieldType is the type of a dataset field.
type FieldType string

// The field types. Every type except image is searchable as text.
const (
	FieldText   FieldType = "text"
	FieldImage  FieldType = "image"
	FieldChat   FieldType = "chat"
	FieldCustom FieldType = "custom"
	FieldTable  FieldType = "table"
	FieldColumn FieldType = "column"
)

// MetadataType is the type of a metadata property.
type MetadataType string

// The metadata property types.
const (
	MetadataTerms   MetadataType = "terms"
	MetadataInteger MetadataType = "integer"
	MetadataFloat   MetadataType = "float"
)

// QuestionType is the type of a dataset question.
type QuestionType string

// The question types.
const (
	QuestionText       QuestionType = "text"
	QuestionRating     QuestionType = "rating"
	QuestionLabel      QuestionType = "label_selection"
	QuestionMultiLabel QuestionType = "multi_label_selection"
	QuestionRanking    QuestionType = "ranking"
	QuestionSpan       QuestionType = "span"
	QuestionTable      QuestionType = "table"
)

// ValueKind says how the values of a question's responses and suggestions are
// indexed, which decides the filters and sorts they accept.
type ValueKind int

// The value kinds.
const (
	// ValueNone means values are stored by the caller but not indexed:
	// filters and sorts on them are invalid.
	ValueNone ValueKind = iota
	// ValueKeyword means values are exact strings: terms filters and sorts.
	ValueKeyword
	// ValueNumber means values are numbers: terms, range filters and sorts.
	ValueNumber
)

// ValueKind reports how values of questions of type t are indexed.
func (t QuestionType) ValueKind() ValueKind {
	switch t {
	case QuestionRating:
		return ValueNumber
	case QuestionLabel, QuestionMultiLabel, QuestionText:
		return ValueKeyword
	default:
		return ValueNone
	}
}

// Field is a dataset field as the index sees it.
type Field struct {
	// Name is the field's name, unique in its dataset.
	Name string `json:"name"`
	// Type is the field's type.
	Type FieldType `json:"type"`
}

// Searchable reports whether text queries look into the field.
func (f Field) Searchable() bool { return f.Type != FieldImage }

// MetadataProperty is a dataset metadata property as the index sees it.
type MetadataProperty struct {
	// Name is the property's name, unique in its dataset.
	Name string `json:"name"`
	// Type is terms, integer or float.
	Type MetadataType `json:"type"`
}

// Question is a dataset question as the index sees it.
type Question struct {
	// Name is the question's name, unique in its dataset.
	Name string `json:"name"`
	// Type is the question's type.
	Type QuestionType `json:"type"`
}

// VectorSettings is a dataset's vector space as the index sees it.
type VectorSettings struct {
	// Name is the vector settings' name, unique in its dataset.
	Name string `json:"name"`
	// Dimensions is the length of every vector in the space.
	Dimensions int `json:"dimensions"`
}

// Mapping is the schema of a dataset's index: what CreateIndex creates and
// what UpdateMapping changes to.
type Mapping struct {
	Fields    []Field            `json:"fields"`
	Metadata  []MetadataProperty `json:"metadata"`
	Questions []Question         `json:"questions"`
	Vectors   []VectorSettings   `json:"vectors"`
}

// Field returns the field named name.
func (m Mapping) Field(name string) (Field, bool) {
	for _, f := range m.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// MetadataProperty returns the metadata property named name.
func (m Mapping) MetadataProperty(name string) (MetadataProperty, bool) {
	for _, p := range m.Metadata {
		if p.Name == name {
			return p, true
		}
	}
	return MetadataProperty{}, false
}

// Question returns the question named name.
func (m Mapping) Question(name string) (Question, bool) {
	for _, q := range m.Questions {
		if q.Name == name {
			return q, true
		}
	}
	return Question{}, false
}

// VectorSettings returns the vector settings named name.
func (m Mapping) VectorSettings(name string) (VectorSettings, bool) {
	for _, v := range m.Vectors {
		if v.Name == name {
			return v, true
		}
	}
	return VectorSettings{}, false
}

// Validate reports the first problem in m: an empty or duplicate name, an
// unknown type or a vector space without dimensions. The error wraps
// ErrInvalidMapping.
func (m Mapping) Validate() error {
	seen := map[string]bool{}
	check := func(kind, name string, known bool) error {
		if name == "" {
			return fmt.Errorf("%w: %s with an empty name", ErrInvalidMapping, kind)
		}
		if seen[kind+"\x00"+name] {
			return fmt.Errorf("%w: duplicate %s %q", ErrInvalidMapping, kind, name)
		}
		seen[kind+"\x00"+name] = true
		if !known {
			return fmt.Errorf("%w: %s %q has an unknown type", ErrInvalidMapping, kind, name)
		}
		return nil
	}
	for _, f := range m.Fields {
		known := f.Type == FieldText || f.Type == FieldImage || f.Type == FieldChat ||
			f.Type == FieldCustom || f.Type == FieldTable || f.Type == FieldColumn
		if err := check("field", f.Name, known); err != nil {
			return err
		}
	}
	for _, p := range m.Metadata {
		known := p.Type == MetadataTerms || p.Type == MetadataInteger || p.Type == MetadataFloat
		if err := check("metadata property", p.Name, known); err != nil {
			return err
		}
	}
	for _, q := range m.Questions {
		known := q.Type == QuestionText || q.Type == QuestionRating || q.Type == QuestionLabel ||
			q.Type == QuestionMultiLabel || q.Type == QuestionRanking || q.Type == QuestionSpan ||
			q.Type == QuestionTable
		if err := check("question", q.Name, known); err != nil {
			return err
		}
	}
	for _, v := range m.Vectors {
		if err := check("vector settings", v.Name, true); err != nil {
			return err
		}
		if v.Dimensions <= 0 {
			return fmt.Errorf("%w: vector settings %q: dimensions must be positive, got %d",
				ErrInvalidMapping, v.Name, v.Dimensions)
		}
	}
	return nil
}

// CheckUpdate reports whether the index of a dataset mapped by m can change
// to next: next must be valid, and a name present in both must keep its type
// (and a vector space its dimensions), because engines cannot retype data
// already indexed. Names absent from next are dropped; new names are added.
// The error wraps ErrInvalidMapping.
func (m Mapping) CheckUpdate(next Mapping) error {
	if err := next.Validate(); err != nil {
		return err
	}
	for _, f := range next.Fields {
		if old, ok := m.Field(f.Name); ok && old.Type != f.Type {
			return fmt.Errorf("%w: field %q cannot change type from %s to %s", ErrInvalidMapping, f.Name, old.Type, f.Type)
		}
	}
	for _, p := range next.Metadata {
		if old, ok := m.MetadataProperty(p.Name); ok && old.Type != p.Type {
			return fmt.Errorf("%w: metadata property %q cannot change type from %s to %s", ErrInvalidMapping, p.Name, old.Type, p.Type)
		}
	}
	for _, q := range next.Questions {
		if old, ok := m.Question(q.Name); ok && old.Type != q.Type {
			return fmt.Errorf("%w: question %q cannot change type from %s to %s", ErrInvalidMapping, q.Name, old.Type, q.Type)
		}
	}
	for _, v := range next.Vectors {
		if old, ok := m.VectorSettings(v.Name); ok && old.Dimensions != v.Dimensions {
			return fmt.Errorf("%w: vector settings %q cannot change dimensions from %d to %d", ErrInvalidMapping, v.Name, old.Dimensions, v.Dimensions)
		}
	}
	return nil
}
