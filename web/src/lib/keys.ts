// Keyboard shortcuts of the annotation view, as in the reference
// (Ctrl on Linux and Windows, ⌘ on macOS).

export type Action = 'submit' | 'draft' | 'discard' | 'prev' | 'next' | 'nextQuestion' | 'prevQuestion' | 'undo'

/** isMac reports whether shortcuts use ⌘ rather than Ctrl. */
export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent)

/** modName is how the shortcut modifier is written on this machine. */
export const modName = isMac ? '⌘' : 'Ctrl'

/** actionFor maps a key event to an annotation action, or null. */
export function actionFor(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey' | 'target'>): Action | null {
  const mod = isMac ? e.metaKey : e.ctrlKey
  if (!mod || e.altKey) return null
  switch (e.key) {
    case 'Enter':
      return 'submit'
    case 's':
    case 'S':
      return 'draft'
    case 'Backspace':
      return 'discard'
    case 'ArrowLeft':
      return 'prev'
    case 'ArrowRight':
      return 'next'
    case 'ArrowDown':
      return 'nextQuestion'
    case 'ArrowUp':
      return 'prevQuestion'
    case 'z':
    case 'Z':
      // In a text box Ctrl+Z undoes typing, not the last answer.
      return e.shiftKey || isEditable(e.target) ? null : 'undo'
  }
  return null
}

/** shortcutLabel is the text shown on a button for an action. */
export function shortcutLabel(a: Action): string {
  const k = { submit: '↵', draft: 'S', discard: '⌫', prev: '←', next: '→', nextQuestion: '↓', prevQuestion: '↑', undo: 'Z' }[a]
  return `${modName}+${k}`
}

function isEditable(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null
  return !!el && typeof el.matches === 'function' && el.matches('input, textarea, select, [contenteditable="true"]')
}
