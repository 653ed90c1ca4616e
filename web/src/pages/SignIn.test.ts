import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import SignIn from './SignIn.vue'

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

async function mountWith(settings: unknown) {
  vi.stubGlobal('fetch', vi.fn(async (url: string) => (String(url).endsWith('/api/v1/settings') ? json(settings) : json({ detail: 'x' }, 404))))
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/sign-in', component: SignIn }, { path: '/', component: SignIn }] })
  router.push('/sign-in')
  await router.isReady()
  const w = mount(SignIn, { global: { plugins: [router] } })
  await flushPromises()
  return w
}

afterEach(() => vi.unstubAllGlobals())

describe('SignIn', () => {
  it('shows one button per enabled OAuth provider the server lists', async () => {
    const w = await mountWith({
      oauth_providers: [
        { name: 'huggingface', display_name: 'Hugging Face', enabled: true },
        { name: 'github' },
        { name: 'keycloak', enabled: false },
      ],
    })
    const links = w.findAll('a.oauth')
    expect(links.map((a) => a.text())).toEqual(['Sign in with Hugging Face', 'Sign in with Github'])
    expect(links[0].attributes('href')).toBe('/api/v1/oauth2/providers/huggingface/authentication')
    // Inside a Space the app runs in an iframe, where the provider's
    // consent page refuses to load: the sign-in opens in the top window.
    expect(links.every((a) => a.attributes('target') === '_top')).toBe(true)
  })
  it('shows no provider buttons when none is configured', async () => {
    const w = await mountWith({ oauth_providers: [] })
    expect(w.findAll('a.oauth')).toHaveLength(0)
  })
  it('keeps the button disabled until both fields are filled', async () => {
    const w = await mountWith({})
    const button = w.find('button[type="submit"]')
    expect(button.attributes('disabled')).toBeDefined()
    await w.find('#username').setValue('ana')
    expect(button.attributes('disabled')).toBeDefined()
    await w.find('#password').setValue('secret')
    expect(button.attributes('disabled')).toBeUndefined()
  })
})
