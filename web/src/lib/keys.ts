// Keyboard shortcuts of the annotation view, as in the reference
// (Ctrl on Linux and Windows, ⌘ on macOS).

export type Action = 'submit' | 'draft' | 'discard' | 'prev' | 'next' | 'nextQuestion' | 'prevQuestion'

/** isMac reports whether shortcuts use ⌘ rather than Ctrl. */
export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent)

/** modName is how the shortcut modifier is written on this machine. */
export const modName = isMac ? '⌘' : 'Ctrl'

/** actionFor maps a key event to an annotation action, or null. */
export function actionFor(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): Action | null {
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
  }
  return null
}

/** shortcutLabel is the text shown on a button for an action. */
export function shortcutLabel(a: Action): string {
  const k = { submit: '↵', draft: 'S', discard: '⌫', prev: '←', next: '→', nextQuestion: '↓', prevQuestion: '↑' }[a]
  return `${modName}+${k}`
}
