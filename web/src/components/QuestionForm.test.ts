import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { Question, QuestionSettings, Suggestion } from '../api/types'
import QuestionForm from './QuestionForm.vue'

function q(name: string, settings: QuestionSettings, extra: Partial<Question> = {}): Question {
  return { id: `id-${name}`, name, title: `Title ${name}`, description: null, required: true, settings, dataset_id: 'd', ...extra }
}
const opts = (...v: string[]) => v.map((value) => ({ value, text: value.toUpperCase() }))

describe('QuestionForm', () => {
  it('number keys pick a label and the change is emitted', async () => {
    const w = mount(QuestionForm, { props: { questions: [q('sentiment', { type: 'label_selection', options: opts('pos', 'neg', 'neu') })], answers: {} } })
    await w.find('button[data-value="pos"]').trigger('keydown', { key: '2' })
    expect(w.emitted('change')).toEqual([['sentiment', 'neg']])
  })
  it('number keys toggle labels of a multi-label question', async () => {
    const w = mount(QuestionForm, {
      props: { questions: [q('topics', { type: 'multi_label_selection', options: opts('a', 'b', 'c') })], answers: { topics: ['a'] } },
    })
    await w.find('button[data-value="a"]').trigger('keydown', { key: '1' })
    await w.find('button[data-value="a"]').trigger('keydown', { key: '3' })
    expect(w.emitted('change')).toEqual([['topics', []], ['topics', ['a', 'c']]])
  })
  it('number keys typed in a text box are text, not shortcuts', async () => {
    const w = mount(QuestionForm, { props: { questions: [q('note', { type: 'text' })], answers: {} } })
    await w.find('textarea').trigger('keydown', { key: '1' })
    expect(w.emitted('change')).toBeUndefined()
  })
  it('rating keys pick by position', async () => {
    const w = mount(QuestionForm, { props: { questions: [q('stars', { type: 'rating', options: [0, 5, 10].map((value) => ({ value })) })], answers: {} } })
    await w.find('button[data-value="0"]').trigger('keydown', { key: '3' })
    expect(w.emitted('change')).toEqual([['stars', 10]])
  })
  it('ranking: a number ranks the focused option, Backspace unranks it', async () => {
    const w = mount(QuestionForm, {
      props: { questions: [q('rank', { type: 'ranking', options: opts('x', 'y') })], answers: { rank: [{ value: 'y', rank: 1 }] } },
    })
    await w.find('li[data-value="x"]').trigger('keydown', { key: '2' })
    await w.find('li[data-value="y"]').trigger('keydown', { key: 'Backspace' })
    expect(w.emitted('change')).toEqual([
      ['rank', [{ value: 'y', rank: 1 }, { value: 'x', rank: 2 }]],
      ['rank', []],
    ])
  })
  it('shows errors, required markers and descriptions', () => {
    const w = mount(QuestionForm, {
      props: {
        questions: [q('sentiment', { type: 'label_selection', options: opts('pos') }, { description: 'How does it feel?' })],
        answers: {},
        errors: { sentiment: 'This question needs an answer.' },
      },
    })
    expect(w.find('[role="alert"]').text()).toBe('This question needs an answer.')
    expect(w.find('abbr[title="required"]').exists()).toBe(true)
    expect(w.text()).toContain('How does it feel?')
  })
  it('marks suggested labels with agent and score, and hides them in bulk mode', () => {
    const s: Suggestion = { id: 's', question_id: 'id-sentiment', type: 'model', value: 'neg', agent: 'gpt-4o', score: 0.87 }
    const props = { questions: [q('sentiment', { type: 'label_selection', options: opts('pos', 'neg') })], answers: { sentiment: 'neg' }, suggestions: { sentiment: s } }
    const w = mount(QuestionForm, { props })
    expect(w.text()).toContain('Suggested by gpt-4o · score 0.87')
    expect(w.find('button[data-value="neg"] .spark').exists()).toBe(true)
    const bulk = mount(QuestionForm, { props: { ...props, bulk: true } })
    expect(bulk.text()).not.toContain('Suggested by')
  })
  it('span: typing a text tags it with the chosen label', async () => {
    const w = mount(QuestionForm, {
      props: {
        questions: [q('ents', { type: 'span', field: 'body', options: opts('PER', 'ORG') })],
        answers: { ents: [] },
        fieldTexts: { body: 'Ana works at WHO.' },
      },
    })
    await w.find('.chips button:nth-child(2)').trigger('click')
    await w.find('input[placeholder="Text to tag"]').setValue('WHO')
    await w.find('form.find').trigger('submit')
    expect(w.emitted('change')).toEqual([['ents', [{ label: 'ORG', start: 13, end: 16 }]]])
  })
  it('span: text that is not there is an error, not a span', async () => {
    const w = mount(QuestionForm, {
      props: { questions: [q('ents', { type: 'span', field: 'body', options: opts('PER') })], answers: { ents: [] }, fieldTexts: { body: 'Ana' } },
    })
    await w.find('input[placeholder="Text to tag"]').setValue('Bob')
    await w.find('form.find').trigger('submit')
    expect(w.emitted('change')).toBeUndefined()
    expect(w.text()).toContain('"Bob" is not in the text.')
  })
  it('bulk mode leaves span questions out', () => {
    const w = mount(QuestionForm, {
      props: { questions: [q('ents', { type: 'span', field: 'body', options: opts('PER') }), q('l', { type: 'label_selection', options: opts('a') })], answers: {}, bulk: true },
    })
    expect(w.findAll('fieldset')).toHaveLength(1)
    expect(w.text()).toContain('Span questions are answered one record at a time.')
  })
})
