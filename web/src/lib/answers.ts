// Answers of the question form: their empty values, validation, and the
// conversion to and from the API's response values. Pure functions, so the
// form's rules are tested without a browser (answers.test.ts).
import type {
  AnswerValue, DatasetRecord, Question, RankingValue, ResponseStatus, ResponseValues, SpanValue, Suggestion,
} from '../api/types'

/** Answers maps a question name to its current value (null when unanswered). */
export type Answers = Record<string, AnswerValue | null>

/** emptyAnswer is the unanswered value of a question. */
export function emptyAnswer(q: Question): AnswerValue | null {
  switch (q.settings.type) {
    case 'multi_label_selection':
    case 'span':
    case 'ranking':
      return []
    default:
      return null
  }
}

/** isAnswered reports whether a question has a value worth sending. */
export function isAnswered(q: Question, v: AnswerValue | null | undefined): boolean {
  if (v === null || v === undefined) return false
  if (typeof v === 'string') return v.trim() !== ''
  if (Array.isArray(v)) return v.length > 0
  return true
}

function optionValues(q: Question): string[] {
  const s = q.settings
  return 'options' in s ? s.options.map((o) => String(o.value)) : []
}

/**
 * validateAnswer checks one answered value against the question's settings
 * and returns what is wrong, or null when the value is valid.
 */
export function validateAnswer(q: Question, v: AnswerValue | null, fieldText?: string): string | null {
  if (!isAnswered(q, v)) return null
  const s = q.settings
  const options = optionValues(q)
  switch (s.type) {
    case 'text':
      return typeof v === 'string' ? null : 'The answer must be text.'
    case 'rating':
      return typeof v === 'number' && s.options.some((o) => o.value === v)
        ? null
        : `Choose one of the ratings ${s.options.map((o) => o.value).join(', ')}.`
    case 'label_selection':
      return typeof v === 'string' && options.includes(v) ? null : `"${String(v)}" is not one of the labels.`
    case 'multi_label_selection': {
      if (!Array.isArray(v)) return 'The answer must be a list of labels.'
      const bad = (v as unknown[]).filter((x) => !options.includes(String(x)))
      if (bad.length) return `Not labels of this question: ${bad.join(', ')}.`
      if (new Set(v as unknown[]).size !== v.length) return 'A label is chosen twice.'
      return null
    }
    case 'ranking': {
      const r = v as RankingValue
      if (!Array.isArray(r)) return 'The answer must be a ranking.'
      const ranked = new Set(r.map((x) => x.value))
      const missing = options.filter((o) => !ranked.has(o))
      if (missing.length) return `Rank every option; not ranked yet: ${missing.join(', ')}.`
      for (const x of r) {
        if (!options.includes(x.value)) return `"${x.value}" is not an option of this ranking.`
        if (!Number.isInteger(x.rank) || x.rank < 1 || x.rank > options.length)
          return `Ranks go from 1 to ${options.length}; "${x.value}" has ${x.rank}.`
      }
      if (ranked.size !== r.length) return 'An option is ranked twice.'
      return null
    }
    case 'span': {
      const spans = v as SpanValue
      if (!Array.isArray(spans)) return 'The answer must be a list of spans.'
      for (const sp of spans) {
        if (!options.includes(sp.label)) return `"${sp.label}" is not a span label.`
        if (!(Number.isInteger(sp.start) && Number.isInteger(sp.end) && sp.start >= 0 && sp.end > sp.start))
          return `A span must end after it starts (got ${sp.start}–${sp.end}).`
        if (fieldText !== undefined && sp.end > fieldText.length)
          return `A span ends at ${sp.end}, past the end of the text (${fieldText.length}).`
      }
      if (!s.allow_overlapping) {
        const sorted = [...spans].sort((a, b) => a.start - b.start)
        for (let i = 1; i < sorted.length; i++) {
          if (sorted[i].start < sorted[i - 1].end) return 'Spans overlap, and this question does not allow it.'
        }
      }
      return null
    }
    case 'table': {
      let parsed: unknown = v
      if (typeof v === 'string') {
        try {
          parsed = JSON.parse(v)
        } catch {
          return 'The table is not valid JSON.'
        }
      }
      const isObj = (x: unknown) => !!x && typeof x === 'object' && !Array.isArray(x)
      if (isObj(parsed)) return null
      if (Array.isArray(parsed) && parsed.every(isObj)) return null
      return 'The table must be an object or a list of row objects.'
    }
  }
}

/** FormErrors maps a question name to what is wrong with its answer. */
export type FormErrors = Record<string, string>

/**
 * validateForm checks all answers for the given status: a submitted
 * response needs every required question answered; any status needs every
 * given answer to be valid. A discard needs nothing.
 */
export function validateForm(
  questions: Question[],
  answers: Answers,
  status: ResponseStatus,
  fieldTexts: Record<string, string> = {},
): FormErrors {
  const errors: FormErrors = {}
  if (status === 'discarded') return errors
  for (const q of questions) {
    const v = answers[q.name] ?? null
    const fieldText = q.settings.type === 'span' ? fieldTexts[q.settings.field] : undefined
    const err = validateAnswer(q, v, fieldText)
    if (err) errors[q.name] = err
    else if (status === 'submitted' && q.required && !isAnswered(q, v)) errors[q.name] = 'This question needs an answer.'
  }
  if (status === 'draft' && !questions.some((q) => isAnswered(q, answers[q.name]))) {
    errors._form = 'A draft needs at least one answer.'
  }
  return errors
}

/** toResponseValues turns the answers into the API's values, leaving out unanswered questions. */
export function toResponseValues(questions: Question[], answers: Answers): ResponseValues {
  const out: ResponseValues = {}
  for (const q of questions) {
    const v = answers[q.name]
    if (!isAnswered(q, v)) continue
    let value = v as AnswerValue
    if (q.settings.type === 'table' && typeof value === 'string') value = JSON.parse(value)
    out[q.name] = { value }
  }
  return out
}

/** Prefill is the starting answers of a record and where each came from. */
export interface Prefill {
  answers: Answers
  fromSuggestion: Record<string, Suggestion>
}

/**
 * prefill starts the form from the user's own response when there is one,
 * and otherwise from the record's suggestions.
 */
export function prefill(questions: Question[], record: DatasetRecord, userId: string | undefined): Prefill {
  const answers: Answers = {}
  const fromSuggestion: Record<string, Suggestion> = {}
  const mine = record.responses?.find((r) => r.user_id === userId) ?? record.responses?.[0]
  const byQuestion = new Map((record.suggestions ?? []).map((s) => [s.question_id, s]))
  for (const q of questions) {
    const resp = mine?.values?.[q.name]
    if (mine && mine.status !== 'discarded' && resp) {
      answers[q.name] = clone(resp.value)
      if (q.settings.type === 'table' && typeof answers[q.name] !== 'string') answers[q.name] = JSON.stringify(resp.value, null, 2)
      continue
    }
    const s = byQuestion.get(q.id)
    if (s && !mine) {
      answers[q.name] = suggestionAnswer(q, s.value)
      fromSuggestion[q.name] = s
      continue
    }
    answers[q.name] = emptyAnswer(q)
  }
  return { answers, fromSuggestion }
}

function suggestionAnswer(q: Question, v: AnswerValue): AnswerValue | null {
  switch (q.settings.type) {
    case 'multi_label_selection':
      return Array.isArray(v) ? [...(v as string[])] : [String(v)]
    case 'table':
      return typeof v === 'string' ? v : JSON.stringify(v, null, 2)
    case 'text':
      return String(v)
    default:
      return clone(v)
  }
}

function clone<T>(v: T): T {
  return v === null || typeof v !== 'object' ? v : JSON.parse(JSON.stringify(v))
}

/** scoreFor returns a suggestion's score for one option, or its overall score. */
export function scoreFor(s: Suggestion | undefined, option?: string): number | null {
  if (!s || s.score === null || s.score === undefined) return null
  if (!Array.isArray(s.score)) return s.score
  if (option === undefined || !Array.isArray(s.value)) return null
  const i = (s.value as unknown[]).findIndex((x) => x === option || (x as { value?: string })?.value === option)
  return i >= 0 ? (s.score[i] ?? null) : null
}

/** suggestedOptions lists the option values a suggestion proposes. */
export function suggestedOptions(s: Suggestion | undefined): string[] {
  if (!s) return []
  if (Array.isArray(s.value)) return (s.value as unknown[]).map((x) => (typeof x === 'object' && x && 'value' in x ? String((x as { value: unknown }).value) : String(x)))
  return [String(s.value)]
}
