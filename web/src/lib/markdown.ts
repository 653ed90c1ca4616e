// Markdown with KaTeX math, always sanitised: record fields come from
// uploaded data and LLMs, so nothing they contain may run in the page.
import DOMPurify from 'dompurify'
import katex from 'katex'
import { marked } from 'marked'
import 'katex/dist/katex.min.css'

const MATH = /\$\$([\s\S]+?)\$\$|\\\[([\s\S]+?)\\\]|\\\(([\s\S]+?)\\\)|(?<![\\$\w])\$(?!\s)([^$\n]+?)(?<!\s)\$(?!\w)/g

function renderMath(tex: string, display: boolean): string {
  try {
    return katex.renderToString(tex, { displayMode: display, throwOnError: false, output: 'htmlAndMathml' })
  } catch {
    return `<code>${escapeHTML(tex)}</code>`
  }
}

/** escapeHTML escapes text for use inside HTML. */
export function escapeHTML(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

/**
 * renderMarkdown renders Markdown with $…$ and $$…$$ math into safe HTML.
 * Math is cut out before Markdown runs (so "_" in TeX is not emphasis) and
 * put back after.
 */
export function renderMarkdown(src: string): string {
  const math: string[] = []
  const withSlots = src.replace(MATH, (_m, d1, d2, i1, i2) => {
    const display = d1 !== undefined || d2 !== undefined
    math.push(renderMath(d1 ?? d2 ?? i1 ?? i2, display))
    return `\u0000M${math.length - 1}\u0000`
  })
  const html = marked.parse(withSlots, { async: false, gfm: true, breaks: false }) as string
  const joined = html.replace(/\u0000M(\d+)\u0000/g, (_m, i) => math[Number(i)])
  return sanitize(joined)
}

/** sanitize removes scripts, event handlers and other active content from HTML. */
export function sanitize(html: string): string {
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true, mathMl: true, svg: true }, FORBID_TAGS: ['style', 'form'] })
}
