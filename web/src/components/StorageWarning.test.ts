import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import StorageWarning from './StorageWarning.vue'

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

async function mountWith(settings: unknown, status = 200) {
  vi.stubGlobal('fetch', vi.fn(async () => json(settings, status)))
  const w = mount(StorageWarning)
  await flushPromises()
  return w
}

afterEach(() => vi.unstubAllGlobals())

describe('StorageWarning', () => {
  it('warns when the server says data is on temporary storage, and can be dismissed', async () => {
    const w = await mountWith({ extralit: { show_huggingface_space_persistent_storage_warning: true } })
    expect(w.find('[role="alert"]').text()).toContain('temporary storage')
    await w.find('button').trigger('click')
    expect(w.find('[role="alert"]').exists()).toBe(false)
  })

  it('stays hidden when storage is persistent or the settings cannot be read', async () => {
    expect((await mountWith({ extralit: { show_huggingface_space_persistent_storage_warning: false } })).find('[role="alert"]').exists()).toBe(false)
    expect((await mountWith({})).find('[role="alert"]').exists()).toBe(false)
    expect((await mountWith({ detail: 'down' }, 500)).find('[role="alert"]').exists()).toBe(false)
  })
})
