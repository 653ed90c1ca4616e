import { describe, expect, it } from 'vitest'
import { defaultView, parseView, searchQuery, viewQuery } from './viewstate'

describe('view state in the URL', () => {
  it('round-trips every part of a view', () => {
    const v = {
      ...defaultView(),
      queue: 'submitted' as const,
      q: 'malaria',
      field: 'abstract',
      metadata: [{ name: 'year', ge: 2000, le: 2010 }, { name: 'journal', values: ['Nature'] }],
      response: [{ question: 'label', values: ['pos'] }],
      suggestion: [{ question: 'label', property: 'score' as const, ge: 0.5, le: 1 }],
      sort: [{ key: 'metadata.year', order: 'desc' as const }],
      page: 3,
      mode: 'bulk' as const,
      size: 25,
    }
    expect(parseView(viewQuery(v))).toEqual(v)
  })
  it('writes nothing for the default view', () => {
    expect(viewQuery(defaultView())).toEqual({})
  })
  it('ignores bad values instead of failing', () => {
    const v = parseView({ status: 'weird', page: '-2', size: '7', metadata: '{not json', similarity: 'only-one-part' })
    expect(v).toEqual(defaultView())
  })
})

describe('searchQuery', () => {
  it('pending queue filters on my response status and the record status', () => {
    expect(searchQuery(defaultView())).toEqual({
      filters: { and: [
        { type: 'terms', scope: { entity: 'response', property: 'status' }, values: ['pending'] },
        { type: 'terms', scope: { entity: 'record', property: 'status' }, values: ['pending'] },
      ] },
    })
  })
  it('builds text query, metadata terms and ranges, and sort', () => {
    const q = searchQuery({
      ...defaultView(), queue: 'all', q: ' cats ', field: 'text',
      metadata: [{ name: 'year', ge: 2000 }, { name: 'kind', values: ['a', 'b'] }],
      sort: [{ key: 'suggestion.label.score', order: 'desc' }],
    })
    expect(q).toEqual({
      query: { text: { q: 'cats', field: 'text' } },
      filters: { and: [
        { type: 'range', scope: { entity: 'metadata', metadata_property: 'year' }, ge: 2000 },
        { type: 'terms', scope: { entity: 'metadata', metadata_property: 'kind' }, values: ['a', 'b'] },
      ] },
      sort: [{ scope: { entity: 'suggestion', question: 'label', property: 'score' }, order: 'desc' }],
    })
  })
  it('never sends text together with a similarity query', () => {
    const q = searchQuery({ ...defaultView(), queue: 'all', q: 'cats', similar: { record: 'r1', vector: 'emb', order: 'most_similar' } })
    expect(q.query).toEqual({ vector: { name: 'emb', record_id: 'r1', order: 'most_similar' } })
  })
})
