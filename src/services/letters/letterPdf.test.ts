import { extractText, getDocumentProxy } from 'unpdf'
import { describe, expect, it } from 'vitest'
import { letterPdf, WINDOW } from './letterPdf.js'

/** A letter issued before letters carried a postal address: the date in the letterhead. */
const earlier = `Test Homes
Tuesday 3 March 2026

Dear Asha Patel,

Your complaint: stage 1 acknowledgement
Our reference: CMP-2026-000001

What your complaint is about (the complaint definition):
  - Recurring black mould in the bedroom

Yours sincerely,
`

const long = 'and the mould came back in the bathroom and the kitchen after each visit, '.repeat(3)
/** A letter as issued now: letterhead, the recipient's address, then the date, each a group. */
const posted = `Test Homes
1 High Street
Leeds
LS1 4AP
Phone: 0113 496 0000

Ravi Patel
7 Birch Close
Harrogate
HG1 2AB

20 March 2026

Dear Ravi Patel,

Your complaint: our stage 1 response
Our reference: CMP-2026-000042

${'This is our response to your complaint at stage 1 of our complaints procedure. '.repeat(6)}

Actions still to be completed, and when:
  - Treat the mould ${long}by Friday 10 April 2026
${Array.from({ length: 30 }, (_, i) => `\nParagraph ${i + 1}: ${'we looked into what happened and why. '.repeat(4)}`).join('\n')}

Yours sincerely,
`

type Item = { str: string; x: number; top: number; width: number; size: number; page: number }

/** Each run of text in the PDF with where it starts, measured from the page's top left. */
async function textItems(pdf: Buffer): Promise<Item[]> {
  const proxy = await getDocumentProxy(new Uint8Array(pdf))
  const items: Item[] = []
  for (let n = 1; n <= proxy.numPages; n++) {
    const page = await proxy.getPage(n)
    const height = page.view[3] ?? 0
    for (const i of (await page.getTextContent()).items)
      if ('str' in i && i.str.trim())
        items.push({
          str: i.str,
          x: i.transform[4],
          top: height - i.transform[5],
          width: i.width,
          size: Math.abs(i.transform[3]),
          page: n,
        })
  }
  return items
}

/** The words at the foot of a page, as one line. */
const footer = (items: Item[], page: number) =>
  items
    .filter((i) => i.page === page && i.top > 800)
    .map((i) => i.str.trim())
    .filter(Boolean)
    .join(' ')

describe('a letter as a PDF', () => {
  it('is A4, tagged, titled, and holds the letter’s real text', async () => {
    const pdf = await letterPdf(earlier, {
      title: 'Stage 1 acknowledgement, CMP-2026-000001',
      landlordName: 'Test Homes',
    })
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    const raw = pdf.toString('latin1')
    expect(raw).toContain('/StructTreeRoot')
    expect(raw).toMatch(/\/Marked true/)
    expect(raw).toContain('/Lang (en-GB)')
    const proxy = await getDocumentProxy(new Uint8Array(pdf))
    const page = await proxy.getPage(1)
    const [, , width, height] = page.view
    expect([Math.round(width ?? 0), Math.round(height ?? 0)]).toEqual([595, 842])
    const { text: extracted } = await extractText(proxy, { mergePages: true })
    for (const part of [
      'Test Homes',
      'Dear Asha Patel,',
      'Our reference: CMP-2026-000001',
      'Recurring black mould in the bedroom',
    ])
      expect(extracted).toContain(part)
    const metadata = await proxy.getMetadata()
    expect((metadata.info as { Title?: string }).Title).toBe('Stage 1 acknowledgement, CMP-2026-000001')
  })

  it('puts the recipient’s name and address where a window envelope shows them, the return address above', async () => {
    for (const largePrint of [false, true]) {
      const items = await textItems(
        await letterPdf(posted, { title: 't', landlordName: 'Test Homes', largePrint }),
      )
      for (const line of ['Ravi Patel', '7 Birch Close', 'Harrogate', 'HG1 2AB']) {
        const item = items.find((i) => i.str.trim() === line && i.page === 1)
        expect(item, line).toBeDefined()
        if (!item) continue
        // Within the window: 25–110 mm from the left, 50–82 mm down (baselines).
        expect(item.x).toBeGreaterThanOrEqual(WINDOW.left - 0.5)
        expect(item.x + item.width).toBeLessThanOrEqual(WINDOW.left + WINDOW.width)
        expect(item.top).toBeGreaterThan(WINDOW.top)
        expect(item.top).toBeLessThanOrEqual(WINDOW.top + WINDOW.height)
      }
      const back = items.find((i) => i.str.startsWith('If undelivered, return to: Test Homes, 1 High Street'))
      expect(back?.top).toBeGreaterThan(WINDOW.returnTop)
      expect(back?.top).toBeLessThan(WINDOW.top)
      // The date is beside the window, in words, and the body starts below it.
      const date = items.find((i) => i.str.trim() === '20 March 2026')
      expect(date?.x).toBeGreaterThan(WINDOW.left + WINDOW.width)
      const dear = items.find((i) => i.str.startsWith('Dear Ravi Patel'))
      expect(dear?.top).toBeGreaterThan(WINDOW.top + WINDOW.height)
    }
  })

  it('numbers every page “Page n of N” with the reference, and indents a bullet’s wrapped lines', async () => {
    const items = await textItems(await letterPdf(posted, { title: 't', landlordName: 'Test Homes' }))
    const pages = Math.max(...items.map((i) => i.page))
    expect(pages).toBeGreaterThan(1)
    for (let n = 1; n <= pages; n++)
      expect(footer(items, n)).toBe(`Our reference: CMP-2026-000042 · Page ${n} of ${pages}`)
    const bullet = items.find((i) => i.str === '•')
    const first = items.find((i) => i.str.startsWith('Treat the mould'))
    const wrapped = items.filter(
      (i) => i.page === first?.page && (i.top ?? 0) > (first?.top ?? 0) && i.str.includes('mould came back'),
    )
    expect(bullet && first && wrapped.length).toBeTruthy()
    expect(first?.x).toBeGreaterThan((bullet?.x ?? 0) + 5)
    for (const line of wrapped) expect(line.x).toBeCloseTo(first?.x ?? 0, 0)
  })

  it('numbers each letter of a print run on its own', async () => {
    const items = await textItems(
      await letterPdf([posted, earlier], { title: 't', landlordName: 'Test Homes' }),
    )
    const last = Math.max(...items.map((i) => i.page))
    expect(footer(items, last - 1)).toMatch(/CMP-2026-000042 · Page (\d) of \1$/)
    expect(footer(items, last)).toBe('Our reference: CMP-2026-000001 · Page 1 of 1')
  })

  it('uses a larger type size for a resident who asked for large print', async () => {
    const body = async (largePrint: boolean) =>
      (await textItems(await letterPdf(earlier, { title: 't', landlordName: 'L', largePrint }))).filter(
        (i) => i.top < 800,
      )
    const large = await body(true)
    const normal = await body(false)
    expect(large.length).toBeGreaterThan(3)
    expect(Math.min(...large.map((i) => i.size))).toBeGreaterThanOrEqual(16)
    expect(Math.max(...normal.map((i) => i.size))).toBeLessThan(16)
  })
})
