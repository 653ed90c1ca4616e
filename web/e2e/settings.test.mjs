// Browser tests of the dataset settings an admin changes, against the real binary.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createDataset } from './fixtures.mjs'
import { apiClient, launch, pageErrors, shot, signIn, startServer } from './harness.mjs'

describe('dataset settings', () => {
  let server, browser, page, api, ds, errors
  before(async () => {
    server = await startServer()
    api = apiClient(server.url)
    ds = await createDataset(api, { name: 'settings-demo' })
    browser = await launch()
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    errors = pageErrors(page)
    await signIn(page, server.url)
  })
  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('changes guidelines and the minimum submitted responses', async () => {
    await page.goto(`${server.url}/dataset/${ds.dataset.id}/annotation-mode`)
    await page.getByRole('link', { name: 'Settings' }).click()
    await page.waitForURL(/\/settings$/)
    await page.getByLabel('Minimum submitted responses per record').fill('2')
    await page.getByLabel('Guidelines (Markdown)').fill('New **rules**: be brief.')
    await shot(page, 'settings-general')
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await page.getByRole('status').filter({ hasText: 'General settings saved' }).waitFor()
    const d = await api('GET', `/api/v1/datasets/${ds.dataset.id}`)
    assert.equal(d.guidelines, 'New **rules**: be brief.')
    assert.equal(d.distribution.min_submitted, 2)
  })

  it('refuses a minimum of zero with a clear message', async () => {
    await page.getByLabel('Minimum submitted responses per record').fill('0')
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await page.getByText('Minimum submitted responses must be a whole number of at least 1.').waitFor()
    const d = await api('GET', `/api/v1/datasets/${ds.dataset.id}`)
    assert.equal(d.distribution.min_submitted, 2)
  })

  it('renames a field, describes a question and hides a metadata property', async () => {
    await page.getByRole('tab', { name: 'Fields' }).click()
    const field = page.locator('form', { has: page.locator('code', { hasText: /^text$/ }) })
    await field.getByLabel('Title').fill('Abstract text')
    await field.getByRole('button', { name: 'Save field' }).click()
    await page.getByRole('status').filter({ hasText: 'Field text saved' }).waitFor()

    await page.getByRole('tab', { name: 'Questions' }).click()
    const question = page.locator('form', { has: page.locator('code', { hasText: /^sentiment$/ }) })
    await question.getByLabel('Description').fill('Tone, not results.')
    await question.getByRole('button', { name: 'Save question' }).click()
    await page.getByRole('status').filter({ hasText: 'Question sentiment saved' }).waitFor()

    await page.getByRole('tab', { name: 'Metadata' }).click()
    const meta = page.locator('form', { has: page.locator('code', { hasText: /^year$/ }) })
    await meta.getByLabel('Visible to annotators').uncheck()
    await meta.getByRole('button', { name: 'Save metadata property' }).click()
    await page.getByRole('status').filter({ hasText: 'Metadata year saved' }).waitFor()

    const fields = (await api('GET', `/api/v1/datasets/${ds.dataset.id}/fields`)).items
    assert.equal(fields.find((f) => f.name === 'text').title, 'Abstract text')
    const questions = (await api('GET', `/api/v1/datasets/${ds.dataset.id}/questions`)).items
    assert.equal(questions.find((q) => q.name === 'sentiment').description, 'Tone, not results.')
    const metadata = (await api('GET', `/api/v1/me/datasets/${ds.dataset.id}/metadata-properties`)).items
    assert.equal(metadata.find((m) => m.name === 'year').visible_for_annotators, false)

    // The annotation view shows the new title and description.
    await page.goto(`${server.url}/dataset/${ds.dataset.id}/annotation-mode`)
    await page.getByText('Tone, not results.').waitFor()
    await page.getByRole('heading', { name: 'Abstract text' }).waitFor()
  })

  it('annotators see no settings', async () => {
    const user = await api('POST', '/api/v1/users', { username: 'kim', first_name: 'Kim', password: 'kims-long-password', role: 'annotator' })
    await api('POST', `/api/v1/workspaces/${ds.workspace.id}/users`, { user_id: user.id })
    const other = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await signIn(other, server.url, { user: 'kim', password: 'kims-long-password' })
    await other.goto(`${server.url}/dataset/${ds.dataset.id}/annotation-mode`)
    await other.locator('article.record').waitFor()
    assert.equal(await other.getByRole('link', { name: 'Settings' }).count(), 0)
    await other.goto(`${server.url}/dataset/${ds.dataset.id}/settings`)
    await other.getByText('Only admins and owners can change dataset settings.').waitFor()
    assert.equal(await other.getByRole('tab', { name: 'Danger zone' }).count(), 0)
    await other.close()
  })

  it('deletes the dataset only after its name is typed', async () => {
    await page.goto(`${server.url}/dataset/${ds.dataset.id}/settings`)
    await page.getByRole('tab', { name: 'Danger zone' }).click()
    await page.getByRole('button', { name: 'Delete dataset' }).click()
    const confirm = page.getByRole('button', { name: 'Delete for good' })
    assert.equal(await confirm.isDisabled(), true)
    await page.getByLabel('Dataset name').fill('settings-dem')
    assert.equal(await confirm.isDisabled(), true, 'a wrong name does not enable deletion')
    await page.getByLabel('Dataset name').fill('settings-demo')
    await shot(page, 'settings-delete')
    await confirm.click()
    await page.waitForURL((u) => u.pathname === '/')
    const res = await fetch(`${server.url}/api/v1/datasets/${ds.dataset.id}`, { headers: { 'X-Extralit-Api-Key': 'e2e-test-api-key-0123456789' } })
    assert.equal(res.status, 404)
    assert.deepEqual(errors, [])
  })
})
