// A sliding window of search results for the annotation view: it keeps
// the records around the current one, so "next" is served from memory and
// the window is refilled in the background before it runs out.
import { datasets, type SearchItem, type SearchQuery } from '../api'

export interface Window {
  key: string
  offset: number
  items: SearchItem[]
  total: number
}

export const emptyWindow = (): Window => ({ key: '', offset: 0, items: [], total: 0 })

/** covers reports whether the window holds the record at index i. */
export function covers(w: Window, key: string, i: number): boolean {
  return w.key === key && i >= w.offset && i < w.offset + w.items.length
}

/** fetchWindow loads limit records starting at offset. */
export async function fetchWindow(datasetId: string, q: SearchQuery, key: string, offset: number, limit: number, signal?: AbortSignal): Promise<Window> {
  const r = await datasets.search(datasetId, q, offset, limit, signal)
  return { key, offset, items: r.items, total: r.total }
}

/** allMatchingIds lists the ids of every record a query matches, page by page. */
export async function allMatchingIds(datasetId: string, q: SearchQuery): Promise<string[]> {
  const ids: string[] = []
  for (let offset = 0; ; offset += 500) {
    const r = await datasets.search(datasetId, q, offset, 500)
    ids.push(...r.items.map((i) => i.record.id))
    if (!r.items.length || ids.length >= r.total) return ids
  }
}
