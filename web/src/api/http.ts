// The one place that talks HTTP to the server: it adds the bearer token,
// refreshes it once on a 401, and turns error bodies into readable errors.

const TOKEN_KEY = 'extralit.token'
const REFRESH_KEY = 'extralit.refresh'

/** ApiError is a failed API call: its HTTP status and the server's message. */
export class ApiError extends Error {
  constructor(
    public status: number,
    message: string,
    public path: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export const tokens = {
  get access(): string | null {
    return localStorage.getItem(TOKEN_KEY)
  },
  get refresh(): string | null {
    return localStorage.getItem(REFRESH_KEY)
  },
  set(access: string, refresh?: string | null) {
    localStorage.setItem(TOKEN_KEY, access)
    if (refresh) localStorage.setItem(REFRESH_KEY, refresh)
  },
  clear() {
    localStorage.removeItem(TOKEN_KEY)
    localStorage.removeItem(REFRESH_KEY)
  },
}

let onUnauthorized: () => void = () => {}

/** setUnauthorizedHandler sets what happens when the session cannot be renewed. */
export function setUnauthorizedHandler(f: () => void) {
  onUnauthorized = f
}

/** errorMessage turns an error body of any of the server's shapes into text. */
export function errorMessage(body: unknown, status: number): string {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>
    const d = b.detail
    if (typeof d === 'string') return d
    if (d && typeof d === 'object') {
      const dd = d as Record<string, unknown>
      if (typeof dd.message === 'string') return dd.message
      if (dd.params && typeof dd.params === 'object') {
        const p = dd.params as Record<string, unknown>
        if (typeof p.detail === 'string') return p.detail
        if (typeof p.message === 'string') return p.message
      }
      if (typeof dd.code === 'string') return dd.code
    }
    if (Array.isArray(d) && d.length) {
      return d.map((e) => (e && typeof e === 'object' && 'msg' in e ? String((e as { msg: unknown }).msg) : String(e))).join('; ')
    }
    if (typeof b.message === 'string') return b.message
  }
  if (typeof body === 'string' && body.trim()) return body.trim()
  return `The server answered ${status}.`
}

type Query = Record<string, string | number | boolean | string[] | null | undefined>

function withQuery(path: string, query?: Query): string {
  if (!query) return path
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue
    if (Array.isArray(v)) v.forEach((x) => p.append(k, x))
    else p.append(k, String(v))
  }
  const s = p.toString()
  return s ? `${path}?${s}` : path
}

let refreshing: Promise<boolean> | null = null

async function refreshToken(): Promise<boolean> {
  const rt = tokens.refresh
  if (!rt) return false
  refreshing ??= (async () => {
    try {
      const res = await fetch('/api/v1/token/refresh', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refresh_token: rt }),
      })
      if (!res.ok) return false
      const t = await res.json()
      tokens.set(t.access_token)
      return true
    } catch {
      return false
    } finally {
      refreshing = null
    }
  })()
  return refreshing
}

export interface RequestOptions {
  query?: Query
  body?: unknown
  form?: Record<string, string>
  raw?: boolean
  signal?: AbortSignal
}

/** request calls the API and decodes its JSON answer. */
export async function request<T>(method: string, path: string, opts: RequestOptions = {}, retried = false): Promise<T> {
  const url = withQuery(path, opts.query)
  const headers: Record<string, string> = { Accept: 'application/json' }
  const access = tokens.access
  if (access) headers.Authorization = `Bearer ${access}`
  let body: BodyInit | undefined
  if (opts.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded'
    body = new URLSearchParams(opts.form).toString()
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opts.body)
  }
  let res: Response
  try {
    res = await fetch(url, { method, headers, body, signal: opts.signal })
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e
    throw new ApiError(0, 'The server cannot be reached. Is Extralit running?', path)
  }
  if (res.status === 401 && access && !retried && !path.startsWith('/api/v1/token')) {
    if (await refreshToken()) return request<T>(method, path, opts, true)
    tokens.clear()
    onUnauthorized()
  }
  if (!res.ok) {
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = JSON.parse(text)
    } catch {
      /* not JSON: keep the text */
    }
    throw new ApiError(res.status, errorMessage(parsed, res.status), path)
  }
  if (opts.raw) return (await res.arrayBuffer()) as T
  if (res.status === 204) return undefined as T
  const text = await res.text()
  return (text ? JSON.parse(text) : undefined) as T
}
