import { describe, expect, it } from 'vitest'
import { renderMarkdown, sanitize } from './markdown'

describe('renderMarkdown', () => {
  it('renders Markdown', () => {
    expect(renderMarkdown('**bold** and `code`')).toContain('<strong>bold</strong>')
  })
  it('renders inline and display math with KaTeX, leaving TeX underscores alone', () => {
    const html = renderMarkdown('Inline $a_1 + b_2$ and\n\n$$\\frac{1}{2}$$')
    expect(html).toContain('class="katex"')
    expect(html).toContain('katex-display')
    expect(html).not.toContain('<em>')
  })
  it('does not take prices for math', () => {
    expect(renderMarkdown('costs $5 and $10 today')).not.toContain('katex')
  })
  it('removes scripts and event handlers', () => {
    const html = renderMarkdown('hi <img src=x onerror="alert(1)"><script>alert(2)</script>')
    expect(html).not.toContain('onerror')
    expect(html).not.toContain('<script')
  })
  it('sanitize drops javascript: links', () => {
    expect(sanitize('<a href="javascript:alert(1)">x</a>')).not.toContain('javascript:')
  })
})
