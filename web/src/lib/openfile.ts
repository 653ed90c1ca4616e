// Files under /api/v1/file need the bearer token, which a plain link in a
// new tab does not send: fetch the file with it and open a blob URL.
import { documents } from '../api'
import { toast } from './session'

/** openFile opens an API file (a PDF) in a new tab. */
export async function openFile(url: string, type = 'application/pdf') {
  // Open the tab now, inside the click, or the browser blocks it as a pop-up.
  const tab = window.open('', '_blank')
  try {
    const blob = new Blob([await documents.file(url)], { type })
    const href = URL.createObjectURL(blob)
    if (tab) tab.location.href = href
    else window.location.href = href
    setTimeout(() => URL.revokeObjectURL(href), 60_000)
  } catch (e) {
    tab?.close()
    toast(`Could not open the file: ${(e as Error).message}`)
  }
}
