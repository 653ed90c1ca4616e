// The annotation view's state (queue, search, filters, sort, similarity,
// page, mode) lives in the URL so that a view can be shared and the back
// button works. This module converts it to and from the query string and
// builds the search request the server expects (extralit-api.md §5).
import type { Filter, Scope, SearchQuery } from '../api/types'

export type Queue = 'pending' | 'draft' | 'submitted' | 'discarded' | 'all'
export const queues: Queue[] = ['pending', 'draft', 'submitted', 'discarded', 'all']

/** RangeOrTerms is one filter: a set of terms, or a numeric range. */
export interface RangeOrTerms {
  values?: string[]
  ge?: number
  le?: number
}

export interface MetadataFilter extends RangeOrTerms {
  name: string
}
export interface ResponseFilter extends RangeOrTerms {
  question: string
}
export interface SuggestionFilter extends RangeOrTerms {
  question: string
  property: 'value' | 'score' | 'agent'
}
export interface SortKey {
  key: string
  order: 'asc' | 'desc'
}
export interface Similar {
  record: string
  vector: string
  order: 'most_similar' | 'least_similar'
}

export interface ViewState {
  queue: Queue
  q: string
  field: string | null
  metadata: MetadataFilter[]
  response: ResponseFilter[]
  suggestion: SuggestionFilter[]
  sort: SortKey[]
  similar: Similar | null
  page: number
  mode: 'focus' | 'bulk'
  size: number
}

export const pageSizes = [10, 25, 50, 100]

export function defaultView(): ViewState {
  return { queue: 'pending', q: '', field: null, metadata: [], response: [], suggestion: [], sort: [], similar: null, page: 1, mode: 'focus', size: 10 }
}

type RouteQuery = Record<string, string | null | (string | null)[] | undefined>

function one(q: RouteQuery, k: string): string | undefined {
  const v = q[k]
  if (Array.isArray(v)) return v[0] ?? undefined
  return v ?? undefined
}

function parseJSONList<T>(s: string | undefined, ok: (x: unknown) => boolean): T[] {
  if (!s) return []
  try {
    const v = JSON.parse(s)
    return Array.isArray(v) ? (v.filter(ok) as T[]) : []
  } catch {
    return []
  }
}

const hasName = (k: string) => (x: unknown) => !!x && typeof x === 'object' && typeof (x as Record<string, unknown>)[k] === 'string'

/** parseView reads a view from the route's query; bad parts fall back to defaults. */
export function parseView(q: RouteQuery): ViewState {
  const v = defaultView()
  const queue = one(q, 'status') as Queue | undefined
  if (queue && queues.includes(queue)) v.queue = queue
  v.q = one(q, 'search') ?? ''
  v.field = one(q, 'field') || null
  v.metadata = parseJSONList(one(q, 'metadata'), hasName('name'))
  v.response = parseJSONList(one(q, 'response'), hasName('question'))
  v.suggestion = parseJSONList(one(q, 'suggestion'), hasName('question'))
  const sort = one(q, 'sort')
  if (sort) {
    v.sort = sort
      .split(',')
      .map((s) => {
        const i = s.lastIndexOf(':')
        const order = s.slice(i + 1)
        return { key: s.slice(0, i), order: order === 'desc' ? 'desc' : 'asc' } as SortKey
      })
      .filter((s) => s.key)
  }
  const sim = one(q, 'similarity')
  if (sim) {
    const [vector, record, order] = sim.split(':')
    if (vector && record) v.similar = { vector, record, order: order === 'least' ? 'least_similar' : 'most_similar' }
  }
  const page = Number(one(q, 'page'))
  if (Number.isInteger(page) && page > 0) v.page = page
  if (one(q, 'mode') === 'bulk') v.mode = 'bulk'
  const size = Number(one(q, 'size'))
  if (pageSizes.includes(size)) v.size = size
  return v
}

/** viewQuery writes a view as a route query, leaving out defaults. */
export function viewQuery(v: ViewState): Record<string, string> {
  const out: Record<string, string> = {}
  if (v.queue !== 'pending') out.status = v.queue
  if (v.q) out.search = v.q
  if (v.field) out.field = v.field
  if (v.metadata.length) out.metadata = JSON.stringify(v.metadata)
  if (v.response.length) out.response = JSON.stringify(v.response)
  if (v.suggestion.length) out.suggestion = JSON.stringify(v.suggestion)
  if (v.sort.length) out.sort = v.sort.map((s) => `${s.key}:${s.order}`).join(',')
  if (v.similar) out.similarity = `${v.similar.vector}:${v.similar.record}:${v.similar.order === 'least_similar' ? 'least' : 'most'}`
  if (v.page !== 1) out.page = String(v.page)
  if (v.mode !== 'focus') out.mode = v.mode
  if (v.size !== 10) out.size = String(v.size)
  return out
}

function rangeOrTerms(scope: Scope, f: RangeOrTerms): Filter | null {
  if (f.values && f.values.length) return { type: 'terms', scope, values: f.values.map(String) }
  if (f.ge !== undefined || f.le !== undefined) {
    const r: Filter = { type: 'range', scope }
    if (f.ge !== undefined) r.ge = f.ge
    if (f.le !== undefined) r.le = f.le
    return r
  }
  return null
}

/** sortScope turns a sort key such as "metadata.year" into a search scope. */
export function sortScope(key: string): Scope | null {
  const [entity, ...rest] = key.split('.')
  if (entity === 'record' && rest.length === 1) return { entity: 'record', property: rest[0] as 'inserted_at' }
  if (entity === 'metadata' && rest.length >= 1) return { entity: 'metadata', metadata_property: rest.join('.') }
  if (entity === 'suggestion' && rest.length === 2) return { entity: 'suggestion', question: rest[0], property: rest[1] as 'score' }
  if (entity === 'response' && rest.length === 1) return { entity: 'response', question: rest[0] }
  return null
}

/** searchQuery builds the search body of a view. */
export function searchQuery(v: ViewState): SearchQuery {
  const filters: Filter[] = []
  if (v.queue !== 'all') {
    filters.push({ type: 'terms', scope: { entity: 'response', property: 'status' }, values: [v.queue] })
    // The pending queue shows only records the team still needs: once a
    // record has its minimum submitted responses it leaves everyone's queue.
    if (v.queue === 'pending') filters.push({ type: 'terms', scope: { entity: 'record', property: 'status' }, values: ['pending'] })
  }
  for (const m of v.metadata) {
    const f = rangeOrTerms({ entity: 'metadata', metadata_property: m.name }, m)
    if (f) filters.push(f)
  }
  for (const r of v.response) {
    const f = rangeOrTerms({ entity: 'response', question: r.question }, r)
    if (f) filters.push(f)
  }
  for (const s of v.suggestion) {
    const f = rangeOrTerms({ entity: 'suggestion', question: s.question, property: s.property }, s)
    if (f) filters.push(f)
  }
  const body: SearchQuery = {}
  // The reference silently drops the text when a vector query is present
  // (argilla#4417); the UI never sends both, and says so.
  if (v.similar) body.query = { vector: { name: v.similar.vector, record_id: v.similar.record, order: v.similar.order } }
  else if (v.q.trim()) body.query = { text: { q: v.q.trim(), field: v.field } }
  if (filters.length) body.filters = { and: filters }
  const sort = v.sort.map((s) => ({ scope: sortScope(s.key), order: s.order })).filter((s) => s.scope)
  if (sort.length && !v.similar) body.sort = sort as SearchQuery['sort']
  return body
}
