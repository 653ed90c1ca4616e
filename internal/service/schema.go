package service

import (
	"github.com/extralit/extralit-go/internal/extralit"
)

// parsedSchema is a dataset's settings with every settings blob parsed, for
// validating records.
type parsedSchema struct {
	*extralit.DatasetSchema
	fields       map[string]extralit.FieldSettings
	fieldOrder   []*extralit.Field
	questions    map[string]*extralit.Question        // by id
	questionName map[string]*extralit.Question        // by name
	qsettings    map[string]extralit.QuestionSettings // by id
	metadata     map[string]extralit.MetadataSettings
	metaProps    map[string]*extralit.MetadataProperty
	vectors      map[string]*extralit.VectorSettings // by name
}

func parseSchema(sc *extralit.DatasetSchema) *parsedSchema {
	p := &parsedSchema{
		DatasetSchema: sc, fields: map[string]extralit.FieldSettings{}, questions: map[string]*extralit.Question{},
		questionName: map[string]*extralit.Question{}, qsettings: map[string]extralit.QuestionSettings{},
		metadata: map[string]extralit.MetadataSettings{}, metaProps: map[string]*extralit.MetadataProperty{},
		vectors: map[string]*extralit.VectorSettings{}, fieldOrder: sc.Fields,
	}
	var texts []string
	for _, f := range sc.Fields {
		fs, _ := extralit.ParseFieldSettings(f.Settings)
		p.fields[f.Name] = fs
		if fs.Type == "text" {
			texts = append(texts, f.Name)
		}
	}
	for _, q := range sc.Questions {
		qs, _ := extralit.ParseQuestionSettings(q.Settings, texts)
		p.questions[q.ID] = q
		p.questionName[q.Name] = q
		p.qsettings[q.ID] = qs
	}
	for _, m := range sc.Metadata {
		ms, _ := extralit.ParseMetadataSettings(m.Settings)
		p.metadata[m.Name] = ms
		p.metaProps[m.Name] = m
	}
	for _, v := range sc.Vectors {
		p.vectors[v.Name] = v
	}
	return p
}
