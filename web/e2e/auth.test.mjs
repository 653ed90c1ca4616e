// Browser tests of signing in and the user settings. They run against the
// real binary; see harness.mjs.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { API_KEY, PASSWORD, USER, launch, pageErrors, shot, signIn, startServer } from './harness.mjs'

describe('sign-in and user settings', () => {
  let server, browser
  before(async () => {
    server = await startServer()
    browser = await launch()
  })
  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('a wrong password shows an error and stays on the sign-in page', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(server.url + '/')
    await page.waitForURL(/\/sign-in/)
    const button = page.getByRole('button', { name: 'Sign in' })
    assert.equal(await button.isDisabled(), true, 'the button is disabled until both fields are filled')
    await page.getByLabel('Username').fill(USER)
    await page.getByLabel('Password').fill('not-the-password')
    await button.click()
    const alert = page.getByRole('alert')
    await alert.waitFor()
    assert.equal((await alert.textContent()).trim(), 'Wrong username or password.')
    assert.match(page.url(), /\/sign-in/)
    await shot(page, 'sign-in-error')
    await page.close()
  })

  it('signs in with username and password and lands on the home page', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    const errors = pageErrors(page)
    await page.goto(server.url + '/sign-in')
    await shot(page, 'sign-in')
    await signIn(page, server.url)
    await page.getByRole('tab', { name: 'Datasets' }).waitFor()
    assert.equal(new URL(page.url()).pathname, '/')
    // A fresh server has no datasets: the page says how to create one, with this server's URL.
    await page.getByRole('heading', { name: 'No datasets yet' }).waitFor()
    assert.match(await page.locator('section.empty pre').textContent(), new RegExp(`api_url="${server.url}"`))
    assert.equal(await page.locator('.app-header .user .name').textContent(), USER)
    await shot(page, 'home')
    assert.deepEqual(errors, [])
    await page.close()
  })

  it('a failed OAuth callback says what went wrong', async () => {
    const page = await browser.newPage()
    await page.goto(server.url + '/oauth/huggingface/callback?code=abc&state=xyz')
    const alert = page.getByRole('alert')
    await alert.waitFor()
    assert.match(await alert.textContent(), /^Sign-in with huggingface failed: .+/)
    await page.getByRole('link', { name: 'Back to sign-in' }).click()
    await page.waitForURL(/\/sign-in$/)
    await page.close()
  })

  it('a deep link survives sign-in', async () => {
    const page = await browser.newPage()
    await page.goto(server.url + '/user-settings')
    await page.waitForURL(/\/sign-in\?next=/)
    await page.getByLabel('Username').fill(USER)
    await page.getByLabel('Password').fill(PASSWORD)
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/user-settings$/)
    await page.close()
  })

  it('user settings show the profile, regenerate the API key and switch the theme', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'])
    const page = await ctx.newPage()
    await signIn(page, server.url)
    await page.goto(server.url + '/user-settings')
    assert.equal(await page.getByTestId('username').textContent(), USER)
    await page.getByRole('button', { name: 'Regenerate API key…' }).click()
    await page.getByRole('button', { name: 'Create new key and copy' }).click()
    const keyBox = page.getByLabel('Your new API key')
    await keyBox.waitFor()
    const newKey = await keyBox.inputValue()
    assert.ok(newKey.length >= 32, `new key ${JSON.stringify(newKey)} looks too short`)
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), newKey, 'the key was copied')
    // The new key works and the old one no longer does.
    const withKey = (k) => fetch(server.url + '/api/v1/me', { headers: { 'X-Extralit-Api-Key': k } }).then((r) => r.status)
    assert.equal(await withKey(newKey), 200)
    assert.equal(await withKey(API_KEY), 401)
    await shot(page, 'user-settings')
    await page.getByLabel('Dark').check()
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark')
    await page.reload()
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark', 'the theme is remembered')
    await shot(page, 'user-settings-dark')
    await ctx.close()
  })

  it('works in a narrow window', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 800 } })
    await signIn(page, server.url)
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`)
    await shot(page, 'home-narrow')
    await page.close()
  })

  it('unknown paths serve the app, and unknown API paths stay JSON 404s', async () => {
    const res = await fetch(server.url + '/dataset/00000000-0000-0000-0000-000000000000/annotation-mode')
    assert.equal(res.status, 200)
    assert.match(await res.text(), /<div id="app">/)
    const api = await fetch(server.url + '/api/v1/nope')
    assert.equal(api.status, 404)
    assert.match(api.headers.get('content-type'), /json/)
  })
})
