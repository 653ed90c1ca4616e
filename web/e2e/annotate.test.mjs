// Browser tests of the annotation view against the real binary: keyboard
// annotation, queues, progress, filters in the URL, similarity and bulk.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createDataset, myResponses } from './fixtures.mjs'
import { apiClient, launch, pageErrors, shot, signIn, startServer } from './harness.mjs'

const mod = process.platform === 'darwin' ? 'Meta' : 'Control'

describe('annotation', () => {
  let server, browser, page, api, ds, errors
  const at = (query = '') => `${server.url}/dataset/${ds.dataset.id}/annotation-mode${query}`
  const currentExternalId = () => page.locator('article.record .chip.ref').first().textContent()
  const position = () => page.getByTestId('position').textContent().then((s) => s.trim())
  const waitForRecord = async (externalId) => {
    await page.locator('article.record .chip.ref', { hasText: new RegExp(`^${externalId}$`) }).waitFor()
  }

  before(async () => {
    server = await startServer()
    api = apiClient(server.url)
    ds = await createDataset(api)
    browser = await launch()
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    errors = pageErrors(page)
    await signIn(page, server.url)
  })
  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('home lists the dataset in its workspace with a progress bar', async () => {
    const card = page.locator('li.ds', { hasText: 'malaria-trials' })
    await card.waitFor()
    assert.equal(await page.locator('section.ws h2').first().textContent(), 'lab')
    await card.getByRole('progressbar').waitFor()
    assert.equal(await card.getByRole('progressbar').getAttribute('aria-valuetext'), '0 of 8 (0%)')
    await page.getByLabel('Filter datasets by name').fill('nothing-like-this')
    await page.getByText('No dataset matches the filter.').waitFor()
    await page.getByLabel('Filter datasets by name').fill('')
    await shot(page, 'home-datasets')
  })

  it('annotates records with the keyboard only: submit, draft, discard', async () => {
    // Sorted by year, the order is r5, r1, r2, r3, r8, r4, r6, r7.
    await page.goto(at('?sort=metadata.year:asc'))
    await waitForRecord('r5')
    assert.equal(await position(), '1 of 8')
    // r5 carries a suggestion: it is pre-filled and marked with agent and score.
    await page.getByText('Suggested by gpt-4o · score 0.91').waitFor()
    assert.equal(await page.locator('button[data-value="negative"]').getAttribute('aria-pressed'), 'true')
    await shot(page, 'annotation-focus')

    // r5: Tab into the form, 3 = neutral instead of the suggestion, Ctrl+Enter submits.
    await page.keyboard.press('Tab')
    await page.keyboard.press('3')
    await page.keyboard.press(`${mod}+Enter`)
    await waitForRecord('r1')
    assert.equal(await position(), '1 of 7')

    // r1: 2 = negative; focus moves on to the topics, where 1 and 2 toggle two labels.
    await page.keyboard.press('Tab')
    await page.keyboard.press('2')
    await page.keyboard.press('1')
    await page.keyboard.press('2')
    await page.keyboard.press(`${mod}+Enter`)
    await waitForRecord('r2')

    // r2: keep the suggested label, go down two questions to the rating, 4 stars.
    await page.keyboard.press('Tab')
    await page.keyboard.press(`${mod}+ArrowDown`)
    await page.keyboard.press(`${mod}+ArrowDown`)
    await page.keyboard.press('4')
    await page.keyboard.press(`${mod}+Enter`)
    await waitForRecord('r3')

    // r3: answer, then Ctrl+S keeps it as a draft.
    await page.keyboard.press('Tab')
    await page.keyboard.press('1')
    await page.keyboard.press(`${mod}+s`)
    await waitForRecord('r8')

    // r8: Ctrl+Backspace discards it.
    await page.keyboard.press(`${mod}+Backspace`)
    await waitForRecord('r4')

    // r4: submitting without the required answer shows why and stays.
    await page.keyboard.press(`${mod}+Enter`)
    await page.getByText('This question needs an answer.').waitFor()
    assert.equal(await currentExternalId(), 'r4')
    await shot(page, 'annotation-required')

    const got = await myResponses(api, ds.dataset.id)
    assert.deepEqual(got, {
      r5: { status: 'submitted', values: { sentiment: { value: 'neutral' } } },
      r1: { status: 'submitted', values: { sentiment: { value: 'negative' }, topics: { value: ['drug', 'vector'] } } },
      r2: { status: 'submitted', values: { sentiment: { value: 'positive' }, quality: { value: 4 } } },
      r3: { status: 'draft', values: { sentiment: { value: 'positive' } } },
      r8: { status: 'discarded', values: null },
    })
  })

  it('shows my progress and the team progress moving', async () => {
    const counts = page.getByTestId('my-progress')
    await page.waitForFunction(() => document.querySelector('[data-count="submitted"]')?.textContent === '3')
    const read = async (k) => (await counts.locator(`[data-count="${k}"]`).textContent()).trim()
    assert.deepEqual(
      { pending: await read('pending'), draft: await read('draft'), submitted: await read('submitted'), discarded: await read('discarded') },
      { pending: '3', draft: '1', submitted: '3', discarded: '1' },
    )
    const team = page.locator('aside').getByRole('progressbar', { name: 'Team progress' })
    assert.equal(await team.getAttribute('aria-valuetext'), '3 of 8 (38%)')
    await page.getByText('By annotator').click()
    const row = page.locator('details.users tbody tr', { hasText: 'ana' })
    await row.waitFor()
    assert.equal((await row.innerText()).replace(/\s+/g, ' ').trim(), 'ana 3 1 1')
  })

  it('the queues show drafts, submitted and discarded records', async () => {
    await page.getByRole('radio', { name: 'Draft' }).click()
    await waitForRecord('r3')
    assert.equal(await position(), '1 of 1')
    assert.equal(new URL(page.url()).searchParams.get('status'), 'draft')
    // The draft's answer is back in the form.
    assert.equal(await page.locator('button[data-value="positive"]').getAttribute('aria-pressed'), 'true')
    await page.getByRole('radio', { name: 'Submitted' }).click()
    await page.waitForFunction(() => document.querySelector('[data-testid="position"]')?.textContent?.trim() === '1 of 3')
    await page.getByRole('radio', { name: 'Discarded' }).click()
    await waitForRecord('r8')
  })

  it('saves a draft by itself a moment after an answer changes', async () => {
    await page.goto(at('?sort=metadata.year:asc'))
    await waitForRecord('r4')
    await page.locator('button[data-value="neutral"]').click()
    await page.getByText(/^Draft saved /).waitFor()
    // The record stays on screen, now marked as a draft.
    await page.getByTestId('record-status').filter({ hasText: /^draft$/ }).waitFor()
    assert.equal(await currentExternalId(), 'r4')
    const got = await myResponses(api, ds.dataset.id)
    assert.deepEqual(got.r4, { status: 'draft', values: { sentiment: { value: 'neutral' } } })
  })

  it('filters by my responses and by suggestions, and searches one field', async () => {
    await page.goto(at('?status=submitted'))
    await page.getByText('Filters and sort', { exact: true }).click()
    await page.locator('section[aria-label="Response filters"]').getByLabel('negative').check()
    await page.waitForFunction(() => document.querySelector('[data-testid="position"]')?.textContent?.trim() === '1 of 1')
    await waitForRecord('r1')
    await page.goto(at('?status=all'))
    await page.getByText('Filters and sort', { exact: true }).click()
    await page.getByLabel('Suggestion question').selectOption('sentiment')
    await page.getByLabel('Suggestion value').fill('positive')
    await page.locator('section[aria-label="Suggestion filters"]').getByRole('button', { name: 'Add' }).click()
    await page.waitForFunction(() => document.querySelector('[data-testid="position"]')?.textContent?.trim() === '1 of 2')
    // "malaria" is in the abstracts of r4 and r6 and in the titles of r1 and r7.
    await page.goto(at('?status=all'))
    await page.getByLabel('Search in').selectOption('title')
    await page.getByLabel('Search records').fill('malaria')
    await page.getByLabel('Search records').press('Enter')
    await page.waitForFunction(() => document.querySelector('[data-testid="position"]')?.textContent?.trim() === '1 of 2')
    assert.equal(new URL(page.url()).searchParams.get('field'), 'title')
    assert.ok(['r1', 'r7'].includes(await currentExternalId()))
    await page.locator('article.record mark', { hasText: /malaria/i }).first().waitFor()
  })

  it('filters by metadata, and the filter lives in the URL', async () => {
    await page.goto(at('?status=all'))
    await page.getByText('Filters and sort', { exact: true }).click()
    await page.getByLabel('embase').check()
    await page.waitForFunction(() => document.querySelector('[data-testid="position"]')?.textContent?.trim() === '1 of 4')
    const url = page.url()
    assert.match(decodeURIComponent(url), /metadata=\[\{"name":"source","values":\["embase"\]\}\]/)
    await shot(page, 'annotation-filtered')
    const other = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await signIn(other, server.url)
    await other.goto(url)
    await other.waitForFunction(() => document.querySelector('[data-testid="position"]')?.textContent?.trim() === '1 of 4')
    assert.ok(['r2', 'r4', 'r6', 'r8'].includes(await other.locator('article.record .chip.ref').first().textContent()))
    await other.close()
    // A numeric range: years 2010 to 2015 among embase records are r4 and r8.
    await page.getByLabel('Year from').fill('2010')
    await page.getByLabel('Year from').press('Tab')
    await page.getByLabel('Year to').fill('2015')
    await page.getByLabel('Year to').press('Tab')
    await page.waitForFunction(() => document.querySelector('[data-testid="position"]')?.textContent?.trim() === '1 of 2')
  })

  it('finds records similar to the one shown', async () => {
    await page.goto(at('?status=all&sort=metadata.year:asc&page=2'))
    await waitForRecord('r1')
    await page.getByRole('button', { name: 'Find similar' }).click()
    await page.getByRole('button', { name: 'Show similar records' }).click()
    await page.waitForURL(/similarity=emb/)
    await page.getByText('Records similar to').waitFor()
    const first = await currentExternalId()
    // r2 (0.9, 0.1, 0) is the nearest other record to r1 (1, 0, 0).
    assert.ok(first === 'r2' || first === 'r1', `first similar record is ${first}`)
    await page.locator('article.record .chip', { hasText: '% similar' }).waitFor()
    assert.equal(await page.locator('#record-search').isDisabled(), true, 'text search is off while finding similar records')
    await shot(page, 'annotation-similar')
    await page.getByRole('button', { name: 'Stop finding similar records' }).click()
    await page.waitForURL((u) => !u.searchParams.has('similarity'))
  })

  it('undoes an accidental discard with Ctrl+Z', async () => {
    await page.goto(at('?sort=metadata.year:asc'))
    await waitForRecord('r6')
    await page.keyboard.press(`${mod}+Backspace`)
    await waitForRecord('r7')
    assert.equal((await myResponses(api, ds.dataset.id)).r6?.status, 'discarded')
    await page.keyboard.press(`${mod}+z`)
    await waitForRecord('r6')
    await page.getByRole('status').filter({ hasText: 'Undone' }).waitFor()
    assert.equal((await myResponses(api, ds.dataset.id)).r6, undefined, 'the new response is gone')
    // Undo puts an earlier response back as it was: r3 was a draft.
    await page.goto(at('?status=draft&sort=metadata.year:asc'))
    await waitForRecord('r3')
    await page.keyboard.press(`${mod}+Backspace`)
    await page.getByRole('button', { name: /^Undo/ }).click()
    await page.getByRole('status').filter({ hasText: 'Undone' }).waitFor()
    assert.deepEqual((await myResponses(api, ds.dataset.id)).r3, { status: 'draft', values: { sentiment: { value: 'positive' } } })
    await waitForRecord('r3')
  })

  it('is usable in a narrow window and in the dark theme', async () => {
    const narrow = await browser.newPage({ viewport: { width: 390, height: 800 } })
    await signIn(narrow, server.url)
    await narrow.goto(at('?status=all'))
    await narrow.locator('article.record').waitFor()
    const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 0, `the annotation view scrolls sideways by ${overflow}px`)
    // One column: the form comes below the record.
    const rec = await narrow.locator('article.record').boundingBox()
    const form = await narrow.locator('form.qform').boundingBox()
    assert.ok(form.y > rec.y, 'the form is below the record')
    await shot(narrow, 'annotation-narrow')
    await narrow.evaluate(() => localStorage.setItem('extralit.theme', 'dark'))
    await narrow.setViewportSize({ width: 1280, height: 800 })
    await narrow.reload()
    await narrow.locator('article.record').waitFor()
    assert.equal(await narrow.evaluate(() => document.documentElement.dataset.theme), 'dark')
    await shot(narrow, 'annotation-dark')
    await narrow.close()
  })

  it('reports no errors in the page', () => {
    assert.deepEqual(errors, [])
  })
})

describe('bulk annotation', () => {
  let server, browser, api, ds
  before(async () => {
    server = await startServer()
    api = apiClient(server.url)
    const records = Array.from({ length: 15 }, (_, i) => ({
      id: `b${i + 1}`,
      title: i < 12 ? `Trial ${i + 1} of bednets` : `Survey ${i + 1}`,
      text: i < 12 ? 'Bednets reduce malaria.' : 'A household survey.',
      metadata: { source: 'pubmed', year: 2000 + i },
      vector: [1, i, 0],
      suggest: null,
    }))
    ds = await createDataset(api, { name: 'bulk-demo', records })
    browser = await launch()
  })
  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('applies one answer to every record matching a query', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await signIn(page, server.url)
    await page.goto(`${server.url}/dataset/${ds.dataset.id}/annotation-mode?mode=bulk&search=bednets`)
    await page.getByText('Page 1 of 2 · 12 records').waitFor()
    await page.getByLabel('Select all on this page').check()
    await page.getByRole('button', { name: 'Select all 12 matching records' }).click()
    await page.getByText('All 12 matching records selected').waitFor()
    await page.locator('aside button[data-value="positive"]').click()
    await shot(page, 'annotation-bulk')
    await page.locator('aside').getByRole('button', { name: 'Submit' }).click()
    await page.getByTestId('bulk-note').filter({ hasText: 'Submitted 12 records.' }).waitFor()
    const got = await myResponses(api, ds.dataset.id)
    const submitted = Object.entries(got).filter(([, r]) => r.status === 'submitted' && r.values.sentiment.value === 'positive').map(([k]) => k).sort()
    assert.deepEqual(submitted, Array.from({ length: 12 }, (_, i) => `b${i + 1}`).sort())
    // The pending queue now holds only the three surveys.
    await page.getByText('Page 1 of 1 · 0 records').waitFor()
    const progress = await api('GET', `/api/v1/datasets/${ds.dataset.id}/progress`)
    assert.equal(progress.completed, 12)
    await page.close()
  })
})

describe('span annotation', () => {
  let server, browser, api, ds
  before(async () => {
    server = await startServer()
    api = apiClient(server.url)
    ds = await createDataset(api, { name: 'spans' })
    browser = await launch()
  })
  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('tags text selected with the mouse, snapping to whole words', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await signIn(page, server.url)
    await page.goto(`${server.url}/dataset/${ds.dataset.id}/annotation-mode?sort=metadata.year:asc&page=2`)
    await page.locator('article.record .chip.ref', { hasText: /^r1$/ }).waitFor()
    const title = 'Artemisinin cures malaria in Kenya'
    await page.getByRole('radio', { name: 'Place' }).click()
    // Drag over "eny", the middle of "Kenya": the span snaps to the word.
    await page.locator('.span-text').scrollIntoViewIfNeeded()
    const box = await page.evaluate((part) => {
      const walk = document.createTreeWalker(document.querySelector('.span-text'), NodeFilter.SHOW_TEXT)
      let node = walk.nextNode()
      while (node && !node.textContent.includes(part)) node = walk.nextNode()
      const i = node.textContent.indexOf(part)
      const r = document.createRange()
      r.setStart(node, i)
      r.setEnd(node, i + part.length)
      const b = r.getBoundingClientRect()
      return { x: b.left, y: b.top + b.height / 2, w: b.width }
    }, 'eny')
    await page.mouse.move(box.x + 1, box.y)
    await page.mouse.down()
    await page.mouse.move(box.x + box.w - 1, box.y, { steps: 5 })
    await page.mouse.up()
    await page.getByText('PLACE: “Kenya”').waitFor()
    await page.keyboard.press('Control+Enter')
    await page.locator('article.record .chip.ref', { hasText: /^r2$/ }).waitFor()
    const got = await myResponses(api, ds.dataset.id)
    const start = title.indexOf('Kenya')
    assert.deepEqual(got.r1.values.entities, { value: [{ label: 'PLACE', start, end: start + 5 }] })
    await page.close()
  })
})
