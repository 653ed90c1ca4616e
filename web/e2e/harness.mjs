// Test harness for the browser tests: it builds and starts the real
// extralit binary on a free port with a fresh home folder, drives Debian's
// Chromium through playwright-core, and saves a screenshot of each screen
// into e2e/artifacts/.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = dirname(fileURLToPath(import.meta.url))
export const repo = resolve(here, '../..')
export const artifacts = join(here, 'artifacts')

export const USER = 'ana'
export const PASSWORD = 'a-long-test-password'
export const API_KEY = 'e2e-test-api-key-0123456789'

let builtBin

/** binary returns the extralit binary to test: $EXTRALIT_BIN, or one built now. */
export function binary() {
  if (process.env.EXTRALIT_BIN) return process.env.EXTRALIT_BIN
  if (!builtBin) {
    if (!existsSync(join(here, '../dist/index.html'))) throw new Error('web/dist/index.html is missing: run `npm run build` in web/ before the browser tests')
    const dir = mkdtempSync(join(tmpdir(), 'extralit-e2e-bin-'))
    builtBin = join(dir, 'extralit')
    execFileSync('go', ['build', '-o', builtBin, './cmd/extralit'], { cwd: repo, stdio: 'inherit' })
  }
  return builtBin
}

/** startServer starts the binary on a free port and resolves once it answers. */
export async function startServer() {
  const home = mkdtempSync(join(tmpdir(), 'extralit-e2e-home-'))
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    EXTRALIT_HOME_PATH: home,
    EXTRALIT_USERNAME: USER,
    EXTRALIT_PASSWORD: PASSWORD,
    EXTRALIT_API_KEY: API_KEY,
    EXTRALIT_WORKSPACE: 'lab',
    EXTRALIT_LOG_LEVEL: 'warn',
  }
  const proc = spawn(binary(), ['server', '--host', '127.0.0.1', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  proc.stderr.on('data', (d) => (log += d))
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start in 30 s; log:\n${log}`)), 30000)
    let out = ''
    proc.stdout.on('data', (d) => {
      out += d
      const m = out.match(/serving at (http:\/\/\S+)/)
      if (m) {
        clearTimeout(timer)
        ok(m[1])
      }
    })
    proc.on('exit', (code) => fail(new Error(`server exited with ${code}; log:\n${log}`)))
  })
  return {
    url,
    home,
    log: () => log,
    async stop() {
      proc.kill('SIGTERM')
      await new Promise((r) => proc.once('exit', r))
      rmSync(home, { recursive: true, force: true })
    },
  }
}

/** api calls the server's REST API with the owner's API key and fails on an error status. */
export function apiClient(base) {
  return async function api(method, path, body, { expect = [200, 201, 204], raw = false } = {}) {
    const headers = { 'X-Extralit-Api-Key': API_KEY }
    let payload
    if (body instanceof FormData) payload = body
    else if (body !== undefined) {
      headers['Content-Type'] = 'application/json'
      payload = JSON.stringify(body)
    }
    const res = await fetch(base + path, { method, headers, body: payload })
    const text = await res.text()
    if (!expect.includes(res.status)) {
      throw new Error(`${method} ${path} answered ${res.status} (the UI needs this endpoint): ${text.slice(0, 300)}`)
    }
    if (raw) return text
    return text ? JSON.parse(text) : undefined
  }
}

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

/** launch starts headless Chromium without downloading anything. */
export async function launch() {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium is not installed at ${chromiumPath}: apt-get install -y chromium`)
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

/** shot saves a screenshot of the page as e2e/artifacts/NAME.png. */
export async function shot(page, name) {
  mkdirSync(artifacts, { recursive: true })
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true })
}

/** signIn signs in through the form and waits for the home page. */
export async function signIn(page, base, { user = USER, password = PASSWORD } = {}) {
  await page.goto(base + '/sign-in')
  await page.getByLabel('Username').fill(user)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'))
}

/** pageErrors collects uncaught errors of a page so that a test can assert there were none. */
export function pageErrors(page) {
  const errors = []
  page.on('pageerror', (e) => errors.push(e.message))
  return errors
}
