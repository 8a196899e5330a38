/**
 * A letter as issued is plain text, kept exactly as sent. Its PDF and HTML are made from that
 * text, so they can never say something the record does not. This reads the text's layout: the
 * letterhead, the subject, paragraphs, lead-in lines and the lists under them.
 */
export type LetterBlock =
  | { kind: 'letterhead'; lines: string[] }
  | { kind: 'subject'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }

const BULLET = /^ {2}- /

export function letterBlocks(text: string): LetterBlock[] {
  const groups = text
    .replace(/\r\n/g, '\n')
    .trim()
    .split(/\n\s*\n/)
    .map((g) => g.split('\n'))
  const blocks: LetterBlock[] = []
  groups.forEach((lines, groupIndex) => {
    if (groupIndex === 0) {
      blocks.push({ kind: 'letterhead', lines: lines.map((l) => l.trim()).filter(Boolean) })
      return
    }
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] ?? ''
      if (BULLET.test(line)) {
        const items: string[] = []
        while (i < lines.length && BULLET.test(lines[i] ?? ''))
          items.push((lines[i++] ?? '').replace(BULLET, ''))
        i--
        blocks.push({ kind: 'list', items })
        continue
      }
      const next = lines[i + 1] ?? ''
      if (/^Our reference: /.test(next) && i === 0) blocks.push({ kind: 'subject', text: line.trim() })
      else if (line.trim().endsWith(':') && (BULLET.test(next) || i + 1 < lines.length))
        blocks.push({ kind: 'heading', text: line.trim() })
      else if (
        groupIndex > 0 &&
        lines.length === 1 &&
        /^[A-Z][^.:!?]{2,60}$/.test(line.trim()) &&
        !/,$/.test(line)
      )
        blocks.push({ kind: 'heading', text: line.trim() })
      else blocks.push({ kind: 'paragraph', text: line.trim() })
    }
  })
  return blocks
}

export const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  )

/** The letter as HTML, for email and the screen: plain, semantic, readable at any size. */
export function letterHtml(text: string, options: { largePrint?: boolean } = {}): string {
  const size = options.largePrint ? '20px' : '16px'
  const html = (b: LetterBlock): string => {
    switch (b.kind) {
      case 'letterhead':
        return `<p><strong>${escapeHtml(b.lines[0] ?? '')}</strong>${b.lines
          .slice(1)
          .map((l) => `<br>${escapeHtml(l)}`)
          .join('')}</p>`
      case 'subject':
        return `<h1 style="font-size:1.25em">${escapeHtml(b.text)}</h1>`
      case 'heading':
        return `<h2 style="font-size:1em;margin-bottom:0.25em">${escapeHtml(b.text)}</h2>`
      case 'list':
        return `<ul>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`
      case 'paragraph':
        return `<p>${escapeHtml(b.text)}</p>`
    }
  }
  const body = letterBlocks(text).map(html).join('\n')
  return `<div lang="en-GB" style="font-family:Arial,Helvetica,sans-serif;font-size:${size};line-height:1.5;max-width:40em">\n${body}\n</div>`
}

/** A short email (a receipt, a code) as HTML: each line a paragraph, everything escaped. */
export function paragraphsHtml(lines: string[]): string {
  return `<div lang="en-GB" style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5">\n${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n')}\n</div>`
}
