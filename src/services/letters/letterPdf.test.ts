import { extractText, getDocumentProxy } from 'unpdf'
import { describe, expect, it } from 'vitest'
import { letterPdf } from './letterPdf.js'

const text = `Test Homes
Tuesday 3 March 2026

Dear Asha Patel,

Your complaint: stage 1 acknowledgement
Our reference: CMP-2026-000001

What your complaint is about (the complaint definition):
  - Recurring black mould in the bedroom

Yours sincerely,
`

describe('a letter as a PDF', () => {
  it('is A4, tagged, titled, and holds the letter’s real text', async () => {
    const pdf = await letterPdf(text, {
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

  it('uses a larger type size for a resident who asked for large print', async () => {
    const normal = await letterPdf(text, { title: 't', landlordName: 'L' })
    const large = await letterPdf(text, { title: 't', landlordName: 'L', largePrint: true })
    const fontSizes = (pdf: Buffer) =>
      [...pdf.toString('latin1').matchAll(/\/F\d+ ([\d.]+) Tf/g)].map((m) => Number(m[1]))
    expect(Math.min(...fontSizes(large))).toBeGreaterThanOrEqual(16)
    expect(Math.max(...fontSizes(normal))).toBeLessThan(16)
  })
})
