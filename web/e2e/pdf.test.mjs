// Browser test: a record whose metadata names a PDF shows it beside the record.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createDataset, makePDF } from './fixtures.mjs'
import { apiClient, launch, pageErrors, shot, signIn, startServer } from './harness.mjs'

describe('PDF beside the record', () => {
  let server, browser, api, ds, docId
  before(async () => {
    server = await startServer()
    api = apiClient(server.url)
    const { items } = await api('GET', '/api/v1/me/workspaces')
    const ws = items.find((w) => w.name === 'lab')
    const form = new FormData()
    form.set('workspace_id', ws.id)
    form.set('reference', 'smith2020')
    form.set('file_name', 'smith2020.pdf')
    form.set('file_data', new Blob([makePDF(3)], { type: 'application/pdf' }), 'smith2020.pdf')
    docId = await api('POST', '/api/v1/documents', form)
    assert.match(docId, /^[0-9a-f-]{36}$/, `POST /documents answered ${JSON.stringify(docId)}, want the document id`)
    const records = [
      { id: 'by-id', title: 'Named by doc_id', text: 'x', metadata: { source: 'pubmed', year: 2001, doc_id: docId, page_number: 2 }, vector: [1, 0, 0], suggest: null },
      { id: 'by-ref', title: 'Named by reference', text: 'y', metadata: { source: 'pubmed', year: 2002, reference: 'smith2020', page_number: 3 }, vector: [0, 1, 0], suggest: null },
    ]
    ds = await createDataset(api, { records })
    browser = await launch()
  })
  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('opens the document at the page the metadata names, with page navigation and zoom', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    const errors = pageErrors(page)
    await signIn(page, server.url)
    await page.goto(`${server.url}/dataset/${ds.dataset.id}/annotation-mode?status=all&sort=metadata.year:asc`)
    await page.locator('canvas[data-page="2"]').waitFor()
    assert.equal(await page.getByLabel('Page number').inputValue(), '2')
    assert.match(await page.locator('section.pdf').textContent(), /of 3/)
    await shot(page, 'annotation-pdf')
    await page.getByLabel('Next page').click()
    await page.locator('canvas[data-page="3"]').waitFor()
    const before = await page.locator('section.pdf canvas').boundingBox()
    await page.getByLabel('Zoom in').click()
    await page.waitForFunction((w) => document.querySelector('section.pdf canvas').getBoundingClientRect().width > w, before.width)
    // The next record names the same PDF by reference, at page 3.
    await page.keyboard.press('Control+ArrowRight')
    await page.locator('article.record .chip.ref', { hasText: 'smith2020' }).waitFor()
    await page.locator('canvas[data-page="3"]').waitFor()
    assert.deepEqual(errors, [])
    await page.close()
  })

  it('shows the Markdown that the extraction workflow wrote, in a tab', async () => {
    // Uploading the PDF started the real extraction workflow: wait for it.
    const deadline = Date.now() + 90_000
    let status
    while (Date.now() < deadline) {
      const wfs = await api('GET', '/api/v1/workflows/?workspace_name=lab')
      status = wfs.find((w) => w.document_id === docId)?.status
      if (status === 'completed' || status === 'failed') break
      await new Promise((r) => setTimeout(r, 1000))
    }
    assert.equal(status, 'completed', 'the extraction workflow of the uploaded PDF')
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await signIn(page, server.url)
    await page.goto(`${server.url}/dataset/${ds.dataset.id}/annotation-mode?status=all&sort=metadata.year:asc`)
    await page.locator('canvas[data-page="2"]').waitFor()
    await page.getByRole('tab', { name: 'Extracted text' }).click()
    const md = page.locator('section.pdf .markdown')
    await md.getByText('Page 2', { exact: true }).waitFor()
    await md.getByText('Page 3', { exact: true }).waitFor()
    await shot(page, 'annotation-pdf-markdown')
    await page.close()
  })

  it('lists the workspace documents on the home page with their extraction status', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await signIn(page, server.url)
    await page.goto(`${server.url}/?tab=documents`)
    const row = page.getByRole('row', { name: /smith2020\.pdf/ })
    await row.waitFor()
    await row.locator('.chip', { hasText: /^completed$/ }).waitFor()
    await shot(page, 'home-documents')
    // The file needs the session's token: it opens in a new tab as a blob.
    const [tab] = await Promise.all([page.context().waitForEvent('page'), row.getByRole('link', { name: 'smith2020.pdf' }).click()])
    await tab.waitForURL(/^blob:/)
    await page.close()
  })
})
