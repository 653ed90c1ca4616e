// Loads pdf.js on first use only, so the annotation view paints without it.
import type { PDFDocumentProxy } from 'pdfjs-dist'

let lib: Promise<typeof import('pdfjs-dist')> | null = null

async function pdfjs() {
  lib ??= (async () => {
    const [m, worker] = await Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')])
    m.GlobalWorkerOptions.workerSrc = worker.default
    return m
  })()
  return lib
}

/** openPDF parses a PDF from its bytes. */
export async function openPDF(data: ArrayBuffer): Promise<PDFDocumentProxy> {
  const m = await pdfjs()
  return m.getDocument({ data: new Uint8Array(data), isEvalSupported: false }).promise
}

/** renderPage draws one page (1-based) into a canvas at the given scale. */
export async function renderPage(doc: PDFDocumentProxy, page: number, scale: number, canvas: HTMLCanvasElement) {
  const p = await doc.getPage(page)
  const ratio = window.devicePixelRatio || 1
  const vp = p.getViewport({ scale })
  canvas.width = Math.floor(vp.width * ratio)
  canvas.height = Math.floor(vp.height * ratio)
  canvas.style.width = `${Math.floor(vp.width)}px`
  canvas.style.height = `${Math.floor(vp.height)}px`
  await p.render({ canvas, viewport: vp, transform: ratio !== 1 ? [ratio, 0, 0, ratio, 0, 0] : undefined }).promise
}
