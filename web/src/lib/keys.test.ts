import { describe, expect, it } from 'vitest'
import { actionFor } from './keys'

const key = (k: string, extra: Partial<KeyboardEvent> = {}) =>
  ({ key: k, ctrlKey: true, metaKey: false, shiftKey: false, altKey: false, target: document.body, ...extra }) as KeyboardEvent

describe('actionFor', () => {
  const cases: [string, KeyboardEvent, string | null][] = [
    ['Ctrl+Enter submits', key('Enter'), 'submit'],
    ['Ctrl+S saves a draft', key('s'), 'draft'],
    ['Ctrl+Backspace discards', key('Backspace'), 'discard'],
    ['Ctrl+← goes back', key('ArrowLeft'), 'prev'],
    ['Ctrl+→ goes on', key('ArrowRight'), 'next'],
    ['Ctrl+↓ next question', key('ArrowDown'), 'nextQuestion'],
    ['Ctrl+Z undoes', key('z'), 'undo'],
    ['Ctrl+Z in a text box is text undo', key('z', { target: document.createElement('textarea') }), null],
    ['Ctrl+Shift+Z is not undo', key('Z', { shiftKey: true }), null],
    ['plain Enter does nothing', key('Enter', { ctrlKey: false }), null],
    ['plain Backspace never discards', key('Backspace', { ctrlKey: false }), null],
    ['Ctrl+Alt+Enter is left alone', key('Enter', { altKey: true }), null],
  ]
  for (const [name, e, want] of cases) it(name, () => expect(actionFor(e)).toBe(want))
})
