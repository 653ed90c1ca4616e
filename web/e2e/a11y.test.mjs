// Accessibility check of every screen with axe-core (WCAG 2 A and AA rules:
// labels, names, roles, contrast), in the light and the dark theme.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { after, before, describe, it } from 'node:test'
import { createDataset } from './fixtures.mjs'
import { apiClient, launch, signIn, startServer } from './harness.mjs'

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

async function violations(page) {
  await page.addScriptTag({ content: axeSource })
  const r = await page.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] }))
  return r.violations.map((v) => `${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')}: ${v.nodes[0].failureSummary?.split('\n')[1]?.trim()}`)
}

describe('accessibility', () => {
  let server, browser, ds
  before(async () => {
    server = await startServer()
    ds = await createDataset(apiClient(server.url))
    browser = await launch()
  })
  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  for (const theme of ['light', 'dark']) {
    it(`every screen passes axe's WCAG 2 AA rules in the ${theme} theme`, async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
      await page.addInitScript((t) => localStorage.setItem('extralit.theme', t), theme)
      const found = {}
      await page.goto(server.url + '/sign-in')
      await page.getByLabel('Username').waitFor()
      found['sign-in'] = await violations(page)
      await signIn(page, server.url)
      await page.locator('li.ds').waitFor()
      found.home = await violations(page)
      // r5, first by year, carries a suggestion; open the filters too.
      await page.goto(`${server.url}/dataset/${ds.dataset.id}/annotation-mode?sort=metadata.year:asc`)
      await page.getByText('Suggested by gpt-4o · score 0.91').waitFor()
      await page.locator('details.filters summary').click()
      found.annotation = await violations(page)
      await page.goto(`${server.url}/dataset/${ds.dataset.id}/annotation-mode?mode=bulk`)
      await page.getByLabel('Select all on this page').waitFor()
      found.bulk = await violations(page)
      await page.goto(`${server.url}/dataset/${ds.dataset.id}/settings`)
      await page.getByLabel('Guidelines (Markdown)').waitFor()
      found.settings = await violations(page)
      await page.goto(`${server.url}/user-settings`)
      await page.getByTestId('username').waitFor()
      found['user-settings'] = await violations(page)
      const bad = Object.entries(found).filter(([, v]) => v.length)
      assert.deepEqual(bad, [], `accessibility violations:\n${bad.map(([k, v]) => `${k}:\n  ${v.join('\n  ')}`).join('\n')}`)
      await page.close()
    })
  }
})
