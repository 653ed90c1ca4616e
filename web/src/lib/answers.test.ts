import { describe, expect, it } from 'vitest'
import type { DatasetRecord, Question, QuestionSettings } from '../api/types'
import { isAnswered, prefill, toResponseValues, validateAnswer, validateForm } from './answers'

function q(name: string, settings: QuestionSettings, required = true): Question {
  return { id: `id-${name}`, name, title: name, description: null, required, settings, dataset_id: 'd' }
}
const opts = (...v: string[]) => v.map((value) => ({ value, text: value.toUpperCase() }))

const label = q('label', { type: 'label_selection', options: opts('pos', 'neg') })
const multi = q('multi', { type: 'multi_label_selection', options: opts('a', 'b', 'c') }, false)
const rating = q('rating', { type: 'rating', options: [1, 2, 3].map((value) => ({ value })) }, false)
const ranking = q('ranking', { type: 'ranking', options: opts('x', 'y') }, false)
const text = q('text', { type: 'text' }, false)
const span = q('span', { type: 'span', field: 'body', options: opts('PER', 'ORG') }, false)
const spanOverlap = q('span2', { type: 'span', field: 'body', options: opts('PER'), allow_overlapping: true }, false)
const table = q('table', { type: 'table' }, false)

describe('validateAnswer', () => {
  const cases: [string, Question, unknown, string | null, string?][] = [
    ['label in options', label, 'pos', null],
    ['label not in options', label, 'maybe', '"maybe" is not one of the labels.'],
    ['multi subset', multi, ['a', 'c'], null],
    ['multi unknown label', multi, ['a', 'z'], 'Not labels of this question: z.'],
    ['multi duplicate', multi, ['a', 'a'], 'A label is chosen twice.'],
    ['rating in scale', rating, 2, null],
    ['rating outside scale', rating, 7, 'Choose one of the ratings 1, 2, 3.'],
    ['rating as text', rating, '2', 'Choose one of the ratings 1, 2, 3.'],
    ['ranking complete', ranking, [{ value: 'x', rank: 1 }, { value: 'y', rank: 2 }], null],
    ['ranking ties allowed', ranking, [{ value: 'x', rank: 1 }, { value: 'y', rank: 1 }], null],
    ['ranking incomplete', ranking, [{ value: 'x', rank: 1 }], 'Rank every option; not ranked yet: y.'],
    ['ranking rank too high', ranking, [{ value: 'x', rank: 1 }, { value: 'y', rank: 3 }], 'Ranks go from 1 to 2; "y" has 3.'],
    ['text', text, 'hello', null],
    ['span ok', span, [{ label: 'PER', start: 0, end: 3 }], null, 'Ana went'],
    ['span unknown label', span, [{ label: 'LOC', start: 0, end: 3 }], '"LOC" is not a span label.', 'Ana went'],
    ['span reversed', span, [{ label: 'PER', start: 3, end: 3 }], 'A span must end after it starts (got 3–3).', 'Ana went'],
    ['span past the text', span, [{ label: 'PER', start: 0, end: 30 }], 'A span ends at 30, past the end of the text (8).', 'Ana went'],
    ['spans overlap', span, [{ label: 'PER', start: 0, end: 3 }, { label: 'ORG', start: 2, end: 6 }], 'Spans overlap, and this question does not allow it.', 'Ana went'],
    ['spans may overlap when allowed', spanOverlap, [{ label: 'PER', start: 0, end: 3 }, { label: 'PER', start: 2, end: 6 }], null, 'Ana went'],
    ['table rows', table, '[{"a": 1}]', null],
    ['table object', table, '{"columns": ["a"], "data": [[1]]}', null],
    ['table bad JSON', table, '[{"a": 1}', 'The table is not valid JSON.'],
    ['table of numbers', table, '[1, 2]', 'The table must be an object or a list of row objects.'],
  ]
  for (const [name, question, value, want, fieldText] of cases) {
    it(name, () => {
      expect(validateAnswer(question, value as never, fieldText)).toBe(want)
    })
  }
  it('unanswered values are not checked', () => {
    expect(validateAnswer(label, null)).toBeNull()
    expect(validateAnswer(multi, [])).toBeNull()
    expect(validateAnswer(text, '   ')).toBeNull()
  })
})

describe('validateForm', () => {
  const qs = [label, multi, text]
  it('submit needs the required questions', () => {
    expect(validateForm(qs, { label: null, multi: ['a'], text: '' }, 'submitted')).toEqual({ label: 'This question needs an answer.' })
  })
  it('submit with the required answers passes', () => {
    expect(validateForm(qs, { label: 'neg', multi: [], text: '' }, 'submitted')).toEqual({})
  })
  it('a draft may leave required questions empty but needs one answer', () => {
    expect(validateForm(qs, { label: null, multi: ['b'], text: '' }, 'draft')).toEqual({})
    expect(validateForm(qs, { label: null, multi: [], text: ' ' }, 'draft')).toEqual({ _form: 'A draft needs at least one answer.' })
  })
  it('a draft still rejects invalid answers', () => {
    expect(validateForm(qs, { label: 'other', multi: [], text: '' }, 'draft')).toEqual({ label: '"other" is not one of the labels.' })
  })
  it('a discard needs nothing', () => {
    expect(validateForm(qs, { label: 'other' }, 'discarded')).toEqual({})
  })
  it('checks spans against the text of their field', () => {
    const errs = validateForm([span], { span: [{ label: 'PER', start: 0, end: 99 }] }, 'submitted', { body: 'short' })
    expect(errs.span).toBe('A span ends at 99, past the end of the text (5).')
  })
})

describe('toResponseValues', () => {
  it('wraps answered values and drops unanswered ones', () => {
    const v = toResponseValues([label, multi, text, table], { label: 'pos', multi: [], text: 'note', table: '[{"a":1}]' })
    expect(v).toEqual({ label: { value: 'pos' }, text: { value: 'note' }, table: { value: [{ a: 1 }] } })
  })
})

describe('prefill', () => {
  const record = (extra: Partial<DatasetRecord>): DatasetRecord => ({
    id: 'r1', status: 'pending', fields: { body: 'x' }, metadata: null, external_id: null, dataset_id: 'd', inserted_at: '', updated_at: '', ...extra,
  })
  it('starts from suggestions when the user has no response', () => {
    const p = prefill([label, multi], record({ suggestions: [
      { id: 's1', question_id: 'id-label', type: 'model', value: 'neg', agent: 'gpt', score: 0.8 },
      { id: 's2', question_id: 'id-multi', type: 'model', value: 'b', agent: 'gpt', score: null },
    ] }), 'u1')
    expect(p.answers).toEqual({ label: 'neg', multi: ['b'] })
    expect(Object.keys(p.fromSuggestion)).toEqual(['label', 'multi'])
  })
  it("prefers the user's own response over suggestions", () => {
    const p = prefill([label], record({
      responses: [{ id: 'x', values: { label: { value: 'pos' } }, status: 'draft', record_id: 'r1', user_id: 'u1', inserted_at: '', updated_at: '' }],
      suggestions: [{ id: 's1', question_id: 'id-label', type: 'model', value: 'neg', agent: 'gpt', score: 0.8 }],
    }), 'u1')
    expect(p.answers).toEqual({ label: 'pos' })
    expect(p.fromSuggestion).toEqual({})
  })
  it('leaves questions empty without response or suggestion', () => {
    expect(prefill([label, multi], record({}), 'u1').answers).toEqual({ label: null, multi: [] })
  })
})

describe('isAnswered', () => {
  it('treats blank text and empty lists as unanswered', () => {
    expect(isAnswered(text, '  ')).toBe(false)
    expect(isAnswered(multi, [])).toBe(false)
    expect(isAnswered(rating, 0)).toBe(true)
  })
})
