import { strFromU8, unzipSync } from 'fflate'
import { getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'
import { loggedComplaint } from '../../../../test/cases.js'

let t: TestApp
let officer: { id: string; email: string; password: string }

beforeAll(async () => {
  t = await createTestApp()
  officer = await t.createStaff('complaints_officer')
  const actor = { id: officer.id, role: 'complaints_officer' as const }
  t.clock.set('2025-07-15T09:00:00Z')
  for (const [name, day, category] of [
    ['A', '2025-04-07', 'repairs'],
    ['B', '2025-05-01', 'repairs'],
    ['C', '2025-05-12', 'damp_and_mould'],
  ] as const)
    await loggedComplaint(t, actor, { name, receivedAt: `${day}T09:00:00Z`, categories: [category] })
})

afterAll(async () => {
  await t?.close()
})

describe('the board pack’s charts', () => {
  it('are on the page without inline styles, and in the PDF as tagged figures with real text', async () => {
    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    const page = await s.get('/reports/board?period=2025-Q1')
    expect(page.statusCode).toBe(200)
    const svgs = page.body.match(/<svg [^>]*>/g) ?? []
    expect(svgs.length).toBeGreaterThanOrEqual(2)
    for (const svg of svgs) {
      expect(svg).not.toContain('style=')
      expect(svg).toContain('sans-serif')
    }

    const pdf = (await s.get('/reports/board.pdf?period=2025-Q1')).rawPayload
    const raw = pdf.toString('latin1')
    const title = 'Stage 1 complaints received by category, Quarter 1 of 2025/26 (April to June 2025)'
    expect(page.body).toContain(title)
    // A PDF string escapes its brackets.
    expect(raw).toContain(`/Alt (${title.replace(/[()]/g, '\\$&')})`)
    expect(raw).toContain('/Alt (Stage 1 complaints received by channel, Quarter 1 of 2025/26')
    const proxy = await getDocumentProxy(new Uint8Array(pdf))
    const items: string[] = []
    for (let n = 1; n <= proxy.numPages; n++)
      for (const i of (await (await proxy.getPage(n)).getTextContent()).items)
        if ('str' in i && i.str.trim()) items.push(i.str.trim())
    // The chart's title above it, then its labels and bars' values, then the table's caption.
    const at = items.indexOf(title)
    expect(at).toBeGreaterThan(-1)
    const next = items.slice(at + 1, at + 5)
    expect(next).toEqual(expect.arrayContaining(['Repairs', '2', '1']))
    expect(items.indexOf('Stage 1 complaints received by category', at)).toBeGreaterThan(at + 4)
  })

  it('are in the Word document too, each an image with its title as alt text before its table', async () => {
    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    const docx = await s.get('/reports/board.docx?period=2025-Q1')
    expect(docx.headers['content-type']).toContain('wordprocessingml')
    const files = unzipSync(new Uint8Array(docx.rawPayload))
    expect(Object.keys(files).filter((f) => f.startsWith('word/media/')).length).toBeGreaterThanOrEqual(2)
    const xml = strFromU8(files['word/document.xml'] as Uint8Array)
    const alt = 'descr="Stage 1 complaints received by category, Quarter 1 of 2025/26 (April to June 2025)"'
    expect(xml).toContain(alt)
    expect(xml.indexOf(alt)).toBeLessThan(xml.indexOf('Stage 1 complaints received by category</w:t>'))
  })
})
