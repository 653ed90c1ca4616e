package extralit

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// NormalizeFieldValue checks a record's value for a field and returns it in
// its stored form (numbers in text fields become strings, as in the
// reference).
func NormalizeFieldValue(name string, fs FieldSettings, v any) (any, error) {
	bad := func(want string) error {
		return Errorf(KindInvalid, "field %q must be %s, got %s", name, want, describe(v))
	}
	switch fs.Type {
	case "text", "table":
		switch x := v.(type) {
		case string:
			return x, nil
		case float64:
			return strconv.FormatFloat(x, 'f', -1, 64), nil
		case json.Number:
			return x.String(), nil
		}
		if fs.Type == "table" {
			if _, ok := v.(map[string]any); ok {
				return v, nil
			}
			if _, ok := v.([]any); ok {
				return v, nil
			}
		}
		return nil, bad("a string")
	case "image":
		s, ok := v.(string)
		if !ok || !(strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "data:") || strings.HasPrefix(s, "/")) {
			return nil, bad("an image URL (http, https or a data: URI)")
		}
		return s, nil
	case "chat":
		msgs, ok := v.([]any)
		if !ok {
			return nil, bad("a list of {role, content} messages")
		}
		if len(msgs) > 500 {
			return nil, Errorf(KindInvalid, "field %q has %d chat messages, at most 500 are allowed", name, len(msgs))
		}
		for i, m := range msgs {
			mm, ok := m.(map[string]any)
			_, hasRole := mm["role"].(string)
			_, hasContent := mm["content"].(string)
			if !ok || !hasRole || !hasContent {
				return nil, Errorf(KindInvalid, "field %q message %d must be {\"role\": string, \"content\": string}", name, i)
			}
		}
		return msgs, nil
	case "custom":
		if _, ok := v.(map[string]any); !ok {
			return nil, bad("an object")
		}
		return v, nil
	}
	return nil, Errorf(KindInvalid, "field %q has unknown type %q", name, fs.Type)
}

// ValidateMetadataValue checks one metadata value against its property.
func ValidateMetadataValue(name string, ms MetadataSettings, v any) error {
	if v == nil {
		return nil
	}
	switch ms.Type {
	case "terms":
		vals := []any{v}
		if list, ok := v.([]any); ok {
			vals = list
		}
		for _, x := range vals {
			if ms.Values != nil && !containsValue(ms.Values, x) {
				return Errorf(KindInvalid, "metadata %q: %v is not one of the allowed values %v", name, x, ms.Values)
			}
		}
	case "integer", "float":
		f, ok := v.(float64)
		if !ok || math.IsNaN(f) || math.IsInf(f, 0) {
			return Errorf(KindInvalid, "metadata %q must be a number, got %s", name, describe(v))
		}
		if ms.Type == "integer" && f != math.Trunc(f) {
			return Errorf(KindInvalid, "metadata %q must be a whole number, got %v", name, f)
		}
		if (ms.Min != nil && f < *ms.Min) || (ms.Max != nil && f > *ms.Max) {
			return Errorf(KindInvalid, "metadata %q value %v is outside [%v, %v]", name, f, fmtBound(ms.Min), fmtBound(ms.Max))
		}
	}
	return nil
}

func fmtBound(b *float64) string {
	if b == nil {
		return "∞"
	}
	return strconv.FormatFloat(*b, 'f', -1, 64)
}

func containsValue(list []any, v any) bool {
	for _, x := range list {
		if fmt.Sprint(x) == fmt.Sprint(v) {
			return true
		}
	}
	return false
}

func optionValues(opts []Option) []string {
	out := make([]string, len(opts))
	for i, o := range opts {
		out[i] = fmt.Sprint(o.Value)
	}
	return out
}

func inOptions(opts []Option, v string) bool {
	for _, o := range opts {
		if fmt.Sprint(o.Value) == v {
			return true
		}
	}
	return false
}

// ValidateAnswer checks a response or suggestion value for a question.
// fieldText is the text of the span question's field in this record.
func ValidateAnswer(question string, qs QuestionSettings, v any, fieldText string) error {
	bad := func(format string, args ...any) error {
		return Errorf(KindInvalid, "question %q: "+format, append([]any{question}, args...)...)
	}
	switch qs.Type {
	case "text":
		s, ok := v.(string)
		if !ok || s == "" {
			return bad("the answer must be a non-empty string, got %s", describe(v))
		}
	case "rating":
		f, ok := v.(float64)
		if !ok {
			return bad("the answer must be one of the ratings %v, got %s", optionValues(qs.Options), describe(v))
		}
		if !inOptions(qs.Options, strconv.FormatFloat(f, 'f', -1, 64)) {
			return bad("%v is not one of the ratings %v", f, optionValues(qs.Options))
		}
	case "label_selection":
		s, ok := v.(string)
		if !ok {
			return bad("the answer must be a label string, got %s", describe(v))
		}
		if (qs.Strict == nil || *qs.Strict) && !inOptions(qs.Options, s) {
			return bad("%q is not one of the labels %v", s, optionValues(qs.Options))
		}
	case "multi_label_selection":
		list, ok := v.([]any)
		if !ok || len(list) == 0 {
			return bad("the answer must be a non-empty list of labels, got %s", describe(v))
		}
		seen := map[string]bool{}
		for _, x := range list {
			s, ok := x.(string)
			if !ok {
				return bad("labels must be strings, got %s", describe(x))
			}
			if (qs.Strict == nil || *qs.Strict) && !inOptions(qs.Options, s) {
				return bad("%q is not one of the labels %v", s, optionValues(qs.Options))
			}
			if seen[s] {
				return bad("label %q appears twice", s)
			}
			seen[s] = true
		}
	case "ranking":
		return validateRanking(qs, v, bad)
	case "span":
		return validateSpans(qs, v, fieldText, bad)
	case "table":
		switch x := v.(type) {
		case map[string]any:
		case []any:
			for _, row := range x {
				if _, ok := row.(map[string]any); !ok {
					return bad("table rows must be objects, got %s", describe(row))
				}
			}
		default:
			return bad("the answer must be an object or a list of row objects, got %s", describe(v))
		}
	default:
		return bad("unknown question type %q", qs.Type)
	}
	return nil
}

func validateRanking(qs QuestionSettings, v any, bad func(string, ...any) error) error {
	list, ok := v.([]any)
	if !ok {
		return bad("the answer must be a list of {value, rank}, got %s", describe(v))
	}
	seen := map[string]bool{}
	for _, x := range list {
		item, ok := x.(map[string]any)
		value, okV := item["value"].(string)
		if !ok || !okV {
			return bad("each ranking item must be {\"value\": string, \"rank\": int}")
		}
		if !inOptions(qs.Options, value) {
			return bad("%q is not one of the options %v", value, optionValues(qs.Options))
		}
		if rank, present := item["rank"]; present && rank != nil {
			r, ok := rank.(float64)
			if !ok || r != math.Trunc(r) || r < 1 || int(r) > len(qs.Options) {
				return bad("rank of %q must be a whole number from 1 to %d", value, len(qs.Options))
			}
		}
		if seen[value] {
			return bad("%q is ranked twice", value)
		}
		seen[value] = true
	}
	if len(seen) != len(qs.Options) {
		return bad("a ranking must rank every option exactly once (%d of %d ranked)", len(seen), len(qs.Options))
	}
	return nil
}

func validateSpans(qs QuestionSettings, v any, text string, bad func(string, ...any) error) error {
	list, ok := v.([]any)
	if !ok {
		return bad("the answer must be a list of {label, start, end}, got %s", describe(v))
	}
	if len(list) > 10000 {
		return bad("at most 10000 spans are allowed")
	}
	type span struct{ start, end int }
	var spans []span
	n := utf8.RuneCountInString(text)
	for i, x := range list {
		item, ok := x.(map[string]any)
		label, okL := item["label"].(string)
		start, okS := item["start"].(float64)
		end, okE := item["end"].(float64)
		if !ok || !okL || !okS || !okE || start != math.Trunc(start) || end != math.Trunc(end) {
			return bad("span %d must be {\"label\": string, \"start\": int, \"end\": int}", i)
		}
		if !inOptions(qs.Options, label) {
			return bad("span label %q is not one of %v", label, optionValues(qs.Options))
		}
		if start < 0 || end <= start {
			return bad("span %d: start must be ≥ 0 and end greater than start (got %v..%v)", i, start, end)
		}
		if int(end) > n {
			return bad("span %d ends at %v, after the end of the text (%d characters)", i, end, n)
		}
		spans = append(spans, span{int(start), int(end)})
	}
	if qs.AllowOverlapping != nil && !*qs.AllowOverlapping {
		sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
		for i := 1; i < len(spans); i++ {
			if spans[i].start < spans[i-1].end {
				return bad("spans %d..%d and %d..%d overlap, and this question does not allow overlapping spans",
					spans[i-1].start, spans[i-1].end, spans[i].start, spans[i].end)
			}
		}
	}
	return nil
}

// ValidateScore checks a suggestion score against its value.
func ValidateScore(question string, value, score any) error {
	if score == nil {
		return nil
	}
	check := func(x any) error {
		f, ok := x.(float64)
		if !ok || f < 0 || f > 1 {
			return Errorf(KindInvalid, "question %q: suggestion scores must be numbers from 0 to 1, got %s", question, describe(x))
		}
		return nil
	}
	if list, ok := score.([]any); ok {
		values, isList := value.([]any)
		if !isList {
			return Errorf(KindInvalid, "question %q: a list of scores needs a list value", question)
		}
		if len(list) != len(values) {
			return Errorf(KindInvalid, "question %q: %d scores for %d values", question, len(list), len(values))
		}
		for _, x := range list {
			if err := check(x); err != nil {
				return err
			}
		}
		return nil
	}
	return check(score)
}

func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		if len(x) > 40 {
			x = x[:40] + "…"
		}
		return strconv.Quote(x)
	case float64:
		return "the number " + strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return fmt.Sprintf("%v", x)
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
