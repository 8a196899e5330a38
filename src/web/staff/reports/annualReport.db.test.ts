import { strFromU8, unzipSync } from 'fflate'
import { extractText, getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'
import { loggedComplaint } from '../../../../test/cases.js'

let t: TestApp
let officer: { id: string; email: string; password: string }
let board: { id: string; email: string; password: string }

const pdfText = async (bytes: Buffer) =>
  (await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true })).text.replace(
    /\s+/g,
    ' ',
  )
const docxText = (bytes: Buffer) =>
  new TextDecoder()
    .decode(unzipSync(new Uint8Array(bytes))['word/document.xml'])
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')

beforeAll(async () => {
  t = await createTestApp()
  officer = await t.createStaff('complaints_officer')
  board = await t.createStaff('board', 'mrc@test-homes.example')
  const actor = { id: officer.id, role: 'complaints_officer' as const }
  t.clock.set('2025-06-20T09:00:00Z')
  // In 2025/26: one answered on time, one refused, and a Complaint Handling Failure Order.
  const a = await loggedComplaint(t, actor, {
    name: 'A',
    receivedAt: '2025-06-02T09:00:00Z',
    categories: ['repairs'],
    tenure: 'lcra',
  })
  await t.services.complaints.acknowledge(a, actor, {
    acknowledgedAt: new Date('2025-06-03T10:00:00Z'),
    handlerId: officer.id,
    definition: { issues: ['The boiler'], outcomesSought: ['Heating'] },
  })
  await t.services.complaints.respond(a, actor, {
    respondedAt: new Date('2025-06-10T10:00:00Z'),
    decision: 'upheld',
    reasons: 'We were slow.',
    remedies: [{ type: 'apology' }],
  })
  const b = await loggedComplaint(t, actor, { name: 'B', receivedAt: '2025-06-11T09:00:00Z', tenure: 'lcho' })
  await t.services.complaints.refuse(b, actor, {
    reason: 'legal_proceedings',
    explanation: 'The matter is before the court.',
    refusedAt: new Date('2025-06-12T10:00:00Z'),
  })
  await t.services.ombudsman.open(a, actor, {
    ombudsmanReference: '202599999',
    kind: 'complaint_handling_failure_order',
    receivedOn: '2025-06-16',
  })
  t.clock.set('2026-05-11T09:00:00Z')
})
afterAll(async () => {
  await t?.close()
})

describe('the annual complaints performance and service improvement report (Code 8.1, 8.2)', () => {
  it('is drafted from the year’s records, written, approved by the governing body and published as PDF, Word and a web page', async () => {
    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    const page = await s.get('/reports/annual?year=2025')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('data-qa="chart-annual-category"')
    for (const words of [
      '(a) Our annual self-assessment against the Complaint Handling Code',
      'has not yet been approved by the governing body',
      'we received 2 stage 1 complaints',
      'Legal proceedings about it have started',
      'issued 1 Complaint Handling Failure Order',
      // Code 8.1(e), (f): the Ombudsman's annual report about us, and its other reports; the
      // governing body's response (8.2) is its own document, beside the report.
      '(e) The Housing Ombudsman’s annual report about us',
      '(f) Other reports by the Housing Ombudsman about us',
      'Our governing body’s response (published beside the report)',
    ])
      expect(page.body).toContain(words)

    // Commentary on a part; a part that does not exist, and a link that is not one, are refused.
    expect(
      (
        await s.post('/reports/annual/2025/commentary', {
          section: 'performance',
          commentary: 'A steady year.',
        })
      ).statusCode,
    ).toBe(303)
    const badPart = await s.post('/reports/annual/2025/commentary', { section: 'gossip', commentary: 'x' })
    expect(badPart.statusCode).toBe(422)
    expect(badPart.body).toContain('There is no such part of the annual report')
    const badLink = await s.post('/reports/annual/2025/publications', {
      title: 'Ombudsman review',
      url: 'ombudsman',
      part: 'e',
    })
    expect(badLink.statusCode).toBe(422)
    expect(badLink.body).toContain('Code 8.1(e): give the web address')
    expect(
      (
        await s.post('/reports/annual/2025/publications', {
          title: 'The Ombudsman’s annual complaints review of us',
          url: 'https://www.housing-ombudsman.org.uk/landlord-performance',
          part: 'e',
        })
      ).statusCode,
    ).toBe(303)
    expect(
      (
        await s.post('/reports/annual/2025/publications', {
          title: 'Spotlight report on damp and mould',
          url: 'https://www.housing-ombudsman.org.uk/spotlight',
          part: 'f',
        })
      ).statusCode,
    ).toBe(303)

    // Only the governing body approves, and only with its response in the report (8.2).
    expect((await s.post('/reports/annual/2025/approve', {})).statusCode).toBe(403)
    const mrc = new FormSession(t.app)
    await mrc.signIn(board.email, board.password)
    expect(
      (await mrc.post('/reports/annual/2025/commentary', { section: 'performance', commentary: 'x' }))
        .statusCode,
    ).toBe(403)
    const early = await mrc.post('/reports/annual/2025/approve', {})
    expect(early.statusCode).toBe(422)
    expect(early.body).toContain('Code 8.2')
    expect((await s.post('/reports/annual/2025/publish', {})).statusCode).toBe(409)
    expect(
      (
        await mrc.post('/reports/annual/2025/response', {
          response: 'The board welcomes the faster responses.',
        })
      ).statusCode,
    ).toBe(303)
    expect((await mrc.post('/reports/annual/2025/approve', {})).statusCode).toBe(303)
    expect((await s.get('/reports/annual?year=2025')).body).toContain('Approved, not yet published')

    // Published: version 1, as PDF, Word and a web page anyone can read.
    expect((await s.post('/reports/annual/2025/publish', {})).statusCode).toBe(303)
    const pdf = await s.get('/reports/annual/2025/versions/1.pdf')
    expect(pdf.headers['content-type']).toBe('application/pdf')
    const text = await pdfText(pdf.rawPayload)
    for (const words of [
      'Annual complaints performance and service improvement report 2025/26',
      '(b) How we handled complaints: performance and analysis',
      'A steady year.',
      'The types of complaints we refused',
      'published beside it, as its own document',
      'This report was approved for the governing body by',
    ])
      expect(text).toContain(words)
    // Code 8.2: the response is not in the report but its own document, dated and approved.
    expect(text).not.toContain('The board welcomes the faster responses.')
    const response = await pdfText((await s.get('/reports/annual/2025/versions/1-response.pdf')).rawPayload)
    expect(response).toContain('Our governing body’s response to the annual complaints report 2025/26')
    expect(response).toContain('The board welcomes the faster responses.')
    expect(response).toMatch(/Approved for the governing body by .+ on \w+day \d+ \w+ 20\d\d\./)
    expect(docxText((await s.get('/reports/annual/2025/versions/1-response.docx')).rawPayload)).toContain(
      'The board welcomes the faster responses.',
    )
    expect((await t.app.inject({ method: 'GET', url: '/annual-report/2025/response' })).body).toContain(
      'The board welcomes the faster responses.',
    )
    // The same chart as the web page, with its table after it, in the PDF and the Word document.
    expect(text).toContain('Stage 1 complaints received by category, 2025/26')
    const wordBytes = (await s.get('/reports/annual/2025/versions/1.docx')).rawPayload
    const files = unzipSync(new Uint8Array(wordBytes))
    expect(Object.keys(files).filter((f) => f.startsWith('word/media/'))).toHaveLength(1)
    expect(strFromU8(files['word/document.xml'] as Uint8Array)).toContain(
      'descr="Stage 1 complaints received by category, 2025/26"',
    )
    const word = docxText(wordBytes)
    expect(word).toContain('(c) Housing Ombudsman findings of non-compliance with the Code')
    expect(word).toMatch(
      /\(e\) The Housing Ombudsman’s annual report about us[\s\S]*The Ombudsman’s annual complaints review of us: https:\/\/www.housing-ombudsman.org.uk\/landlord-performance[\s\S]*\(f\) Other reports[\s\S]*Spotlight report on damp and mould/,
    )
    const anyone = await t.app.inject({ method: 'GET', url: '/annual-report/2025' })
    expect(anyone.statusCode).toBe(200)
    expect(anyone.body).toContain(
      '<h1>Annual complaints performance and service improvement report 2025/26</h1>',
    )
    expect((await t.app.inject({ method: 'GET', url: '/annual-report' })).body).toContain(
      '/annual-report/2025',
    )

    // Published versions never change; a correction is a new version, approved again, saying why.
    await expect(
      t.database.db.updateTable('annual_report_versions').set({ title: 'Altered' }).execute(),
    ).rejects.toThrow()
    expect((await s.post('/reports/annual/2025/publish', {})).statusCode).toBe(409)
    await s.post('/reports/annual/2025/commentary', {
      section: 'performance',
      commentary: 'A steadier year.',
    })
    expect((await s.post('/reports/annual/2025/publish', {})).statusCode).toBe(409)
    expect((await mrc.post('/reports/annual/2025/approve', {})).statusCode).toBe(303)
    const noReason = await s.post('/reports/annual/2025/publish', {})
    expect(noReason.statusCode).toBe(422)
    expect(noReason.body).toContain('Say what this version corrects in version 1')
    expect(
      (await s.post('/reports/annual/2025/publish', { reason: 'The commentary on part (b)' })).statusCode,
    ).toBe(303)
    expect(await pdfText((await s.get('/reports/annual/2025/versions/1.pdf')).rawPayload)).toContain(
      'A steady year.',
    )
    const v2 = await pdfText((await s.get('/reports/annual/2025/versions/2.pdf')).rawPayload)
    expect(v2).toContain('A steadier year.')
    expect(v2).toContain('It corrects version 1: The commentary on part (b)')
    expect((await t.app.inject({ method: 'GET', url: '/annual-report/2025' })).body).toContain(
      'A steadier year.',
    )
  })

  it('refuses a year that is no reporting year, naming the rule, rather than showing or changing another', async () => {
    const rule = 'The reporting year must be a year from 2000 to 2100, such as 2025 for 2025/26'
    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    // No year asked: the latest with complaints in it.
    const latest = await s.get('/reports/annual')
    expect(latest.statusCode).toBe(200)
    expect(latest.body).toContain('Annual complaints performance and service improvement report 2025/26')
    for (const url of [
      '/reports/annual?year=1999',
      '/reports/annual?year=2025.0',
      '/reports/annual/2101/versions/1.pdf',
    ]) {
      const refused = await s.get(url)
      expect(refused.statusCode).toBe(422)
      expect(refused.body).toContain(rule)
    }
    const misplaced = await s.post('/reports/annual/next-year/commentary', {
      section: 'performance',
      commentary: 'Written to no year',
    })
    expect(misplaced.statusCode).toBe(422)
    expect(misplaced.body).toContain(rule)
    expect((await s.get('/reports/annual?year=2025')).body).not.toContain('Written to no year')
  })

  it('is for the report roles only', async () => {
    const handler = await t.createStaff('handler')
    const h = new FormSession(t.app)
    await h.signIn(handler.email, handler.password)
    expect((await h.get('/reports/annual?year=2025')).statusCode).toBe(403)
    expect((await h.get('/reports/annual/2025/versions/1.pdf')).statusCode).toBe(403)
  })
})
