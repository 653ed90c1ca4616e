// The signed-in user and the theme, shared by every page.
import { reactive } from 'vue'
import { me, tokens, type User } from '../api'

export type Theme = 'system' | 'light' | 'dark'

/** ToastAction is a button offered in a toast, such as Undo. */
export interface ToastAction {
  label: string
  run: () => void
}

export const session = reactive<{ user: User | null; theme: Theme; toast: string; toastAction: ToastAction | null }>({
  user: null,
  theme: (localStorage.getItem('extralit.theme') as Theme) || 'system',
  toast: '',
  toastAction: null,
})

/** loadUser fetches the signed-in user, or clears the session if the token is no good. */
export async function loadUser(): Promise<User | null> {
  if (!tokens.access) return null
  try {
    session.user = await me.get()
  } catch {
    session.user = null
  }
  return session.user
}

export function signOut() {
  tokens.clear()
  session.user = null
}

/** isAdmin reports whether the user may change dataset settings. */
export function isAdmin(): boolean {
  return session.user?.role === 'owner' || session.user?.role === 'admin'
}

/** applyTheme sets and remembers the theme. */
export function applyTheme(t: Theme) {
  session.theme = t
  localStorage.setItem('extralit.theme', t)
  const resolved = t === 'system' ? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light') : t
  document.documentElement.dataset.theme = resolved
}

let toastTimer: ReturnType<typeof setTimeout> | undefined

/** toast shows a short message at the bottom of the page, with an optional action button. */
export function toast(msg: string, action: ToastAction | null = null) {
  session.toast = msg
  session.toastAction = action
  clearTimeout(toastTimer)
  toastTimer = setTimeout(clearToast, action ? 8000 : 3000)
}

/** clearToast hides the toast and forgets its action. */
export function clearToast() {
  session.toast = ''
  session.toastAction = null
}
