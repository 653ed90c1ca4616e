// Test data created through the REST API, as a user of the SDK would.

/** createDataset creates and publishes a dataset with every kind of question, and logs records. */
export async function createDataset(api, { name = 'malaria-trials', records = sampleRecords() } = {}) {
  const { items: workspaces } = await api('GET', '/api/v1/me/workspaces')
  const ws = workspaces.find((w) => w.name === 'lab')
  const ds = await api('POST', '/api/v1/datasets', { name, workspace_id: ws.id })
  await api('PATCH', `/api/v1/datasets/${ds.id}`, {
    guidelines: 'Label the **sentiment** of each abstract. Math renders: $p < 0.05$.',
    distribution: { strategy: 'overlap', min_submitted: 1 },
  })
  const post = (what, body) => api('POST', `/api/v1/datasets/${ds.id}/${what}`, body)
  await post('fields', { name: 'text', title: 'Abstract', required: true, settings: { type: 'text', use_markdown: true } })
  await post('fields', { name: 'title', title: 'Title', required: false, settings: { type: 'text' } })
  const questions = {}
  const q = async (body) => (questions[body.name] = await post('questions', body))
  await q({ name: 'sentiment', title: 'Sentiment', description: 'Overall tone of the abstract.', required: true,
    settings: { type: 'label_selection', options: [{ value: 'positive', text: 'Positive' }, { value: 'negative', text: 'Negative' }, { value: 'neutral', text: 'Neutral' }] } })
  await q({ name: 'topics', title: 'Topics', required: false,
    settings: { type: 'multi_label_selection', options: [{ value: 'drug', text: 'Drug' }, { value: 'vector', text: 'Vector' }, { value: 'vaccine', text: 'Vaccine' }] } })
  await q({ name: 'quality', title: 'Quality', required: false, settings: { type: 'rating', options: [1, 2, 3, 4, 5].map((value) => ({ value })) } })
  await q({ name: 'ranking', title: 'Relevance order', required: false,
    settings: { type: 'ranking', options: [{ value: 'a', text: 'Design' }, { value: 'b', text: 'Outcome' }] } })
  await q({ name: 'notes', title: 'Notes', required: false, settings: { type: 'text' } })
  await q({ name: 'entities', title: 'Entities', required: false, settings: { type: 'span', field: 'title', options: [{ value: 'DRUG', text: 'Drug' }, { value: 'PLACE', text: 'Place' }] } })
  await post('metadata-properties', { name: 'source', title: 'Source', settings: { type: 'terms', values: ['pubmed', 'embase'] }, visible_for_annotators: true })
  await post('metadata-properties', { name: 'year', title: 'Year', settings: { type: 'integer', min: 1990, max: 2030 }, visible_for_annotators: true })
  await post('vectors-settings', { name: 'emb', title: 'Embedding', dimensions: 3 })
  await api('PUT', `/api/v1/datasets/${ds.id}/publish`)
  const items = records.map((r) => ({
    fields: { text: r.text, title: r.title },
    metadata: r.metadata,
    external_id: r.id,
    vectors: { emb: r.vector },
    suggestions: r.suggest ? [{ question_id: questions.sentiment.id, value: r.suggest, agent: 'gpt-4o', score: 0.91 }] : [],
  }))
  await api('POST', `/api/v1/datasets/${ds.id}/records/bulk`, { items })
  return { dataset: ds, workspace: ws, questions }
}

/** sampleRecords are eight short abstracts with metadata and 3-d vectors. */
export function sampleRecords() {
  const rows = [
    ['r1', 'Artemisinin cures malaria in Kenya', 'Artemisinin reduced parasitaemia; $p < 0.01$.', 'pubmed', 2001, [1, 0, 0], 'positive'],
    ['r2', 'Bed nets in Ghana', 'Insecticide-treated nets cut **transmission**.', 'embase', 2005, [0.9, 0.1, 0], 'positive'],
    ['r3', 'Chloroquine resistance', 'Resistance spread widely.', 'pubmed', 2010, [0, 1, 0], null],
    ['r4', 'Vaccine RTS,S trial', 'Modest efficacy of the malaria vaccine.', 'embase', 2015, [0, 0.9, 0.1], null],
    ['r5', 'Larval control', 'Larviciding had no effect.', 'pubmed', 1999, [0, 0, 1], 'negative'],
    ['r6', 'Mass drug administration', 'MDA lowered malaria prevalence.', 'embase', 2018, [0.8, 0, 0.2], null],
    ['r7', 'Climate and malaria', 'Warming widens the range of Anopheles.', 'pubmed', 2020, [0.1, 0.1, 0.9], null],
    ['r8', 'Diagnostics', 'Rapid tests match microscopy.', 'embase', 2012, [0.5, 0.5, 0], null],
  ]
  return rows.map(([id, title, text, source, year, vector, suggest]) => ({ id, title, text, metadata: { source, year }, vector, suggest }))
}

/** myResponses returns the owner's responses of a dataset, by external id. */
export async function myResponses(api, datasetId) {
  const me = await api('GET', '/api/v1/me')
  const r = await api('GET', `/api/v1/datasets/${datasetId}/records?limit=1000&include=responses`)
  const out = {}
  for (const rec of r.items) {
    const mine = (rec.responses ?? []).find((x) => x.user_id === me.id)
    if (mine) out[rec.external_id] = { status: mine.status, values: mine.values }
  }
  return out
}

/** makePDF builds a small valid PDF whose page n shows the text "Page n". */
export function makePDF(pages = 3) {
  const objs = []
  const kids = []
  objs[1] = '<< /Type /Catalog /Pages 2 0 R >>'
  objs[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'
  for (let n = 1; n <= pages; n++) {
    const pageObj = 2 + n * 2
    const content = `BT /F1 48 Tf 72 650 Td (Page ${n}) Tj ET`
    objs[pageObj] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageObj + 1} 0 R >>`
    objs[pageObj + 1] = `<< /Length ${content.length} >>\nstream\n${content}\nendstream`
    kids.push(`${pageObj} 0 R`)
  }
  objs[2] = `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${pages} >>`
  let out = '%PDF-1.4\n'
  const offsets = []
  for (let i = 1; i < objs.length; i++) {
    offsets[i] = out.length
    out += `${i} 0 obj\n${objs[i]}\nendobj\n`
  }
  const xref = out.length
  out += `xref\n0 ${objs.length}\n0000000000 65535 f \n`
  for (let i = 1; i < objs.length; i++) out += `${String(offsets[i]).padStart(10, '0')} 00000 n \n`
  out += `trailer\n<< /Size ${objs.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(out, 'latin1')
}
