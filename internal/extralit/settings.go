package extralit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strings"
	"unicode/utf8"
)

// FieldSettings is the parsed settings of a field.
type FieldSettings struct {
	Type         string  `json:"type"`
	UseMarkdown  *bool   `json:"use_markdown,omitempty"`
	UseTable     *bool   `json:"use_table,omitempty"`
	Template     *string `json:"template,omitempty"`
	AdvancedMode *bool   `json:"advanced_mode,omitempty"`
}

// Option is one choice of a label, ranking or span question.
type Option struct {
	Value       any     `json:"value"`
	Text        *string `json:"text,omitempty"`
	Description *string `json:"description,omitempty"`
}

// QuestionSettings is the parsed settings of a question.
type QuestionSettings struct {
	Type             string   `json:"type"`
	UseMarkdown      *bool    `json:"use_markdown,omitempty"`
	UseTable         *bool    `json:"use_table,omitempty"`
	Options          []Option `json:"options,omitempty"`
	VisibleOptions   *int     `json:"visible_options,omitempty"`
	Strict           *bool    `json:"strict,omitempty"`
	OptionsOrder     *string  `json:"options_order,omitempty"`
	Field            *string  `json:"field,omitempty"`
	AllowOverlapping *bool    `json:"allow_overlapping,omitempty"`
	// AllowCharacterAnnotation is always true on read, as in the reference.
	AllowCharacterAnnotation *bool `json:"allow_character_annotation,omitempty"`
}

// MetadataSettings is the parsed settings of a metadata property.
type MetadataSettings struct {
	Type   string   `json:"type"`
	Values []any    `json:"values,omitempty"`
	Min    *float64 `json:"min,omitempty"`
	Max    *float64 `json:"max,omitempty"`
}

func boolPtr(b bool) *bool { return &b }

func strictDecode(raw json.RawMessage, dst any, what string) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return Errorf(KindInvalid, "%s settings: %s", what, strings.TrimPrefix(err.Error(), "json: "))
	}
	return nil
}

// ParseFieldSettings validates field settings and fills their defaults.
func ParseFieldSettings(raw json.RawMessage) (FieldSettings, error) {
	var s FieldSettings
	if len(raw) == 0 || string(raw) == "null" {
		return s, Errorf(KindInvalid, "field settings are required")
	}
	if err := strictDecode(raw, &s, "field"); err != nil {
		return s, err
	}
	switch s.Type {
	case "text":
		if s.UseMarkdown == nil {
			s.UseMarkdown = boolPtr(false)
		}
		if s.UseTable == nil {
			s.UseTable = boolPtr(false)
		}
		s.Template, s.AdvancedMode = nil, nil
	case "image", "table":
		s.UseMarkdown, s.UseTable, s.Template, s.AdvancedMode = nil, nil, nil, nil
	case "chat":
		if s.UseMarkdown == nil {
			s.UseMarkdown = boolPtr(true)
		}
		s.UseTable, s.Template, s.AdvancedMode = nil, nil, nil
	case "custom":
		if s.Template == nil || *s.Template == "" {
			return s, Errorf(KindInvalid, "custom field settings need a non-empty template")
		}
		if s.AdvancedMode == nil {
			s.AdvancedMode = boolPtr(false)
		}
		s.UseMarkdown, s.UseTable = nil, nil
	case "":
		return s, Errorf(KindInvalid, "field settings need a type (text, image, chat, custom or table)")
	default:
		return s, Errorf(KindInvalid, "field type %q is not one of text, image, chat, custom, table", s.Type)
	}
	return s, nil
}

// ParseQuestionSettings validates question settings and fills defaults.
// textFields lists the dataset's text field names, for span questions.
func ParseQuestionSettings(raw json.RawMessage, textFields []string) (QuestionSettings, error) {
	var s QuestionSettings
	if len(raw) == 0 || string(raw) == "null" {
		return s, Errorf(KindInvalid, "question settings are required")
	}
	if err := strictDecode(raw, &s, "question"); err != nil {
		return s, err
	}
	switch s.Type {
	case "text":
		if s.UseMarkdown == nil {
			s.UseMarkdown = boolPtr(false)
		}
		if s.UseTable == nil {
			s.UseTable = boolPtr(false)
		}
		return s, noneOf(s, "text", s.Options != nil, s.Field != nil, s.VisibleOptions != nil)
	case "rating":
		if len(s.Options) < 2 || len(s.Options) > 11 {
			return s, Errorf(KindInvalid, "rating questions need 2 to 11 options, got %d", len(s.Options))
		}
		seen := map[float64]bool{}
		for _, o := range s.Options {
			f, ok := o.Value.(float64)
			if !ok || f != math.Trunc(f) || f < 0 || f > 10 {
				return s, Errorf(KindInvalid, "rating option %v must be a whole number from 0 to 10", o.Value)
			}
			if seen[f] {
				return s, Errorf(KindInvalid, "rating option %v appears twice", f)
			}
			seen[f] = true
		}
	case "label_selection", "multi_label_selection":
		if err := checkOptions(s.Type, s.Options, 0, 500); err != nil {
			return s, err
		}
		if s.Strict == nil {
			s.Strict = boolPtr(true)
		}
		if s.VisibleOptions != nil && *s.VisibleOptions < 3 {
			return s, Errorf(KindInvalid, "visible_options must be at least 3")
		}
		if s.Type == "multi_label_selection" {
			if s.OptionsOrder == nil {
				o := "natural"
				s.OptionsOrder = &o
			} else if *s.OptionsOrder != "natural" && *s.OptionsOrder != "suggestion" {
				return s, Errorf(KindInvalid, "options_order must be natural or suggestion")
			}
		} else {
			s.OptionsOrder = nil
		}
	case "ranking":
		if err := checkOptions(s.Type, s.Options, 2, 50); err != nil {
			return s, err
		}
	case "span":
		if err := checkOptions(s.Type, s.Options, 1, 500); err != nil {
			return s, err
		}
		if s.Field == nil || *s.Field == "" {
			return s, Errorf(KindInvalid, "span questions need the name of a text field in settings.field")
		}
		found := false
		for _, f := range textFields {
			found = found || f == *s.Field
		}
		if !found {
			return s, Errorf(KindInvalid, "span question field %q is not a text field of the dataset", *s.Field)
		}
		if s.VisibleOptions != nil && *s.VisibleOptions < 3 {
			return s, Errorf(KindInvalid, "visible_options must be at least 3")
		}
		if s.AllowOverlapping == nil {
			s.AllowOverlapping = boolPtr(false)
		}
		s.AllowCharacterAnnotation = boolPtr(true)
	case "table":
	case "":
		return s, Errorf(KindInvalid, "question settings need a type")
	default:
		return s, Errorf(KindInvalid, "question type %q is not one of text, rating, label_selection, multi_label_selection, ranking, span, table", s.Type)
	}
	return s, nil
}

func noneOf(s QuestionSettings, typ string, bad ...bool) error {
	for _, b := range bad {
		if b {
			return Errorf(KindInvalid, "%s question settings take only use_markdown and use_table", typ)
		}
	}
	return nil
}

func checkOptions(typ string, opts []Option, lo, hi int) error {
	if len(opts) < lo || len(opts) > hi {
		return Errorf(KindInvalid, "%s questions need %d to %d options, got %d", typ, lo, hi, len(opts))
	}
	seen := map[string]bool{}
	for i := range opts {
		v, ok := opts[i].Value.(string)
		if !ok || v == "" || utf8.RuneCountInString(v) > 200 {
			return Errorf(KindInvalid, "%s option values must be strings of 1 to 200 characters, got %v", typ, opts[i].Value)
		}
		if opts[i].Text == nil {
			t := v
			opts[i].Text = &t
		}
		if seen[v] {
			return Errorf(KindInvalid, "%s option %q appears twice", typ, v)
		}
		seen[v] = true
	}
	return nil
}

// ParseMetadataSettings validates metadata property settings. The SDK
// repeats visible_for_annotators inside settings; it is dropped here.
func ParseMetadataSettings(raw json.RawMessage) (MetadataSettings, error) {
	var s MetadataSettings
	if len(raw) == 0 || string(raw) == "null" {
		return s, Errorf(KindInvalid, "metadata property settings are required")
	}
	var loose map[string]json.RawMessage
	if err := json.Unmarshal(raw, &loose); err != nil {
		return s, Errorf(KindInvalid, "metadata settings must be an object")
	}
	delete(loose, "visible_for_annotators")
	clean, _ := json.Marshal(loose)
	if err := strictDecode(clean, &s, "metadata property"); err != nil {
		return s, err
	}
	switch s.Type {
	case "terms":
		if s.Values != nil && (len(s.Values) < 1 || len(s.Values) > 250) {
			return s, Errorf(KindInvalid, "terms metadata need 1 to 250 values, got %d", len(s.Values))
		}
		s.Min, s.Max = nil, nil
	case "integer", "float":
		if s.Values != nil {
			return s, Errorf(KindInvalid, "%s metadata take min and max, not values", s.Type)
		}
		if s.Type == "integer" {
			for _, b := range []*float64{s.Min, s.Max} {
				if b != nil && *b != math.Trunc(*b) {
					return s, Errorf(KindInvalid, "integer metadata bounds must be whole numbers")
				}
			}
		}
		if s.Min != nil && s.Max != nil && *s.Min >= *s.Max {
			return s, Errorf(KindInvalid, "metadata min (%v) must be less than max (%v)", *s.Min, *s.Max)
		}
	case "":
		return s, Errorf(KindInvalid, "metadata settings need a type (terms, integer or float)")
	default:
		return s, Errorf(KindInvalid, "metadata type %q is not one of terms, integer, float", s.Type)
	}
	return s, nil
}

// MustJSON marshals v, which must be marshalable.
func MustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("marshal %T: %v", v, err))
	}
	return b
}

var agentPattern = regexp.MustCompile(`^[a-zA-Z0-9-_:\./\s]*[a-zA-Z0-9][a-zA-Z0-9-_:\./\s]*$`)

// ValidateAgent checks a suggestion's agent name.
func ValidateAgent(agent string) error {
	if utf8.RuneCountInString(agent) > 200 || !agentPattern.MatchString(agent) {
		return Errorf(KindInvalid, "agent %q must be 1 to 200 letters, digits, spaces and - _ : . /", agent)
	}
	return nil
}
