// Measures the two speed goals of the annotation view in Chromium against
// the real binary: first paint of a record after a page load (goal < 1 s on
// localhost) and the next record after Ctrl+→ (goal < 100 ms).
//
//   node bench/annotation-timing.mjs [records=500] [runs=30]
//
// Times are taken inside the page (performance.now()), from navigation start
// or from the key press to the frame after the record is in the DOM.
import { createDataset } from '../e2e/fixtures.mjs'
import { apiClient, launch, signIn, startServer } from '../e2e/harness.mjs'

const nRecords = Number(process.argv[2] ?? 500)
const runs = Number(process.argv[3] ?? 30)

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))]
  return `median ${q(0.5).toFixed(1)} ms, p95 ${q(0.95).toFixed(1)} ms, max ${s[s.length - 1].toFixed(1)} ms (n=${s.length})`
}

const server = await startServer()
try {
  const api = apiClient(server.url)
  const records = Array.from({ length: nRecords }, (_, i) => ({
    id: `t${i}`, title: `Trial ${i}`, text: `Abstract ${i} with $x_${i}$ and **Markdown**. `.repeat(8),
    metadata: { source: i % 2 ? 'pubmed' : 'embase', year: 1990 + (i % 40) }, vector: [1, i % 7, i % 3], suggest: i % 3 ? 'positive' : null,
  }))
  let ds
  for (let i = 0; i < records.length; i += 500) {
    if (!ds) ds = await createDataset(api, { name: 'timing', records: records.slice(0, 500) })
    else await api('POST', `/api/v1/datasets/${ds.dataset.id}/records/bulk`, { items: records.slice(i, i + 500).map((r) => ({ fields: { text: r.text, title: r.title }, metadata: r.metadata, external_id: r.id, vectors: { emb: r.vector } })) })
  }
  const browser = await launch()
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  await signIn(page, server.url)
  await page.addInitScript(() => {
    new MutationObserver((_, obs) => {
      if (document.querySelector('article.record')) {
        requestAnimationFrame(() => ((window).__firstRecord = performance.now()))
        obs.disconnect()
      }
    }).observe(document, { childList: true, subtree: true })
  })
  const url = `${server.url}/dataset/${ds.dataset.id}/annotation-mode?status=all`
  const first = []
  for (let i = 0; i < Math.min(runs, 15); i++) {
    await page.goto(url)
    await page.waitForFunction(() => window.__firstRecord !== undefined)
    first.push(await page.evaluate(() => window.__firstRecord))
  }
  const next = []
  for (let i = 0; i < runs; i++) {
    next.push(await page.evaluate(() => new Promise((done) => {
      const before = document.querySelector('article.record')?.getAttribute('data-record-id')
      const t0 = performance.now()
      window.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', ctrlKey: true, bubbles: true }))
      const poll = () => {
        const now = document.querySelector('article.record')?.getAttribute('data-record-id')
        if (now && now !== before) requestAnimationFrame(() => done(performance.now() - t0))
        else requestAnimationFrame(poll)
      }
      poll()
    })))
  }
  console.log(`records in dataset: ${nRecords}`)
  console.log(`first record painted after page load: ${stats(first)}`)
  console.log(`next record after Ctrl+→:             ${stats(next)}`)
  await browser.close()
} finally {
  await server.stop()
}
