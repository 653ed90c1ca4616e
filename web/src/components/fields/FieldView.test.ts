import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { Field, FieldSettings, FieldValue } from '../../api/types'
import FieldView from './FieldView.vue'

const field = (settings: FieldSettings): Field => ({ id: 'f', name: 'f', title: 'The field', required: false, settings, dataset_id: 'd' })
const render = (settings: FieldSettings, value: FieldValue, highlight?: string) => mount(FieldView, { props: { field: field(settings), value, highlight } })

describe('FieldView', () => {
  it('renders Markdown with math when the field asks for it', () => {
    const w = render({ type: 'text', use_markdown: true }, 'An **effect** of $\\beta_1$')
    expect(w.find('.markdown strong').text()).toBe('effect')
    expect(w.find('.katex').exists()).toBe(true)
  })
  it('shows plain text as text, never as HTML', () => {
    const w = render({ type: 'text' }, 'a < b and <b>not bold</b> text')
    expect(w.find('b').exists()).toBe(false)
    expect(w.text()).toContain('<b>not bold</b>')
  })
  it('sanitises an HTML field: markup stays, scripts and handlers go', () => {
    const w = render({ type: 'text' }, '<div><b>bold</b><img src="x" onerror="alert(1)"><script>alert(2)</script></div>')
    expect(w.find('b').text()).toBe('bold')
    expect(w.html()).not.toContain('onerror')
    expect(w.html()).not.toContain('<script')
  })
  it('marks search terms in plain text', () => {
    const w = render({ type: 'text' }, 'Malaria in Kenya; malaria again', 'malaria')
    expect(w.findAll('mark').map((m) => m.text())).toEqual(['Malaria', 'malaria'])
  })
  it('renders chat messages by role', () => {
    const w = render({ type: 'chat', use_markdown: false }, [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }])
    expect(w.findAll('.msg').map((m) => m.attributes('data-role'))).toEqual(['user', 'assistant'])
  })
  it('shows an image from a URL and refuses anything else', () => {
    expect(render({ type: 'image' }, 'https://example.org/a.png').find('img').attributes('src')).toBe('https://example.org/a.png')
    expect(render({ type: 'image' }, 'javascript:alert(1)').find('img').exists()).toBe(false)
  })
  it('renders a table field read-only from rows or columns/data JSON', () => {
    const rows = render({ type: 'table' }, '[{"dose": 1, "n": 20}, {"dose": 2, "n": null}]')
    expect(rows.findAll('th').map((t) => t.text())).toEqual(['dose', 'n'])
    expect(rows.findAll('tbody tr')[1].text()).toBe('2NA')
    const split = render({ type: 'text', use_table: true }, '{"columns": ["a"], "data": [[5]]}')
    expect(split.find('td').text()).toBe('5')
    expect(split.find('input, textarea').exists()).toBe(false)
  })
})
