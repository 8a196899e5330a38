/**
 * A letter as issued is plain text, kept exactly as sent. Its PDF and HTML are made from that
 * text, so they can never say something the record does not. This reads the text's layout: the
 * letterhead, the subject, paragraphs, lead-in lines and the lists under them.
 */
export type LetterBlock =
  | { kind: 'letterhead'; lines: string[] }
  /** Who the letter is posted to: their name, then each line of the address, the postcode last. */
  | { kind: 'recipient'; lines: string[] }
  /** The date the letter is issued, in words, on a line of its own. */
  | { kind: 'date'; text: string }
  | { kind: 'subject'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: string[] }

const BULLET = /^ {2}- /
/** The issue date in words, as a letter's own line ("5 December 2026"). */
const DATE_LINE =
  /^\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}$/
const isDateGroup = (lines: string[] | undefined) =>
  lines?.length === 1 && DATE_LINE.test(lines[0]?.trim() ?? '')

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
    // Below the letterhead: who it is posted to, then the date (letters issued before December
    // 2026 carry the date in the letterhead and have neither).
    if (groupIndex === 1 && isDateGroup(groups[2]) && !lines[0]?.startsWith('Dear ')) {
      blocks.push({ kind: 'recipient', lines: lines.map((l) => l.trim()).filter(Boolean) })
      return
    }
    if (groupIndex <= 2 && isDateGroup(lines)) {
      blocks.push({ kind: 'date', text: lines[0]?.trim() ?? '' })
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
        // A line on its own, or one heading the sentences under it ("If you are not satisfied").
        (lines.length === 1 || (i === 0 && /\.$/.test(next.trim()) && next.length > 60)) &&
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
      case 'recipient':
        return `<p>${b.lines.map(escapeHtml).join('<br>')}</p>`
      case 'date':
        return `<p>${escapeHtml(b.text)}</p>`
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
