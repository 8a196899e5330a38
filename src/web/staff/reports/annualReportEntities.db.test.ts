import { writeFile } from 'node:fs/promises'
import { strFromU8, unzipSync } from 'fflate'
import { extractText, getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'
import { DEFAULT_ENTITY_ID } from '../../../domain/entities/entity.js'

/**
 * Issue 34: the annual report (Code 8.1) for one landlord entity or for the group. Worked out by
 * hand for 2025/26: Test Homes (the default, 1,000 LCRA homes) received 1 stage 1 complaint;
 * North Homes (L0001, 500 LCRA homes) received 2. So Test Homes' CH01 stage 1 is
 * 1 / 1,000 × 1,000 = 1, North's 2 / 500 × 1,000 = 4, and the group's 3 / 1,500 × 1,000 = 2.
 */
let t: TestApp
let officer: { id: string; email: string; password: string }
let north: string

const pdfText = async (bytes: Buffer) =>
  (await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true })).text.replace(
    /\s+/g,
    ' ',
  )
const docxText = (bytes: Buffer) =>
  strFromU8(unzipSync(new Uint8Array(bytes))['word/document.xml'] as Uint8Array).replace(/<[^>]+>/g, ' ')

beforeAll(async () => {
  t = await createTestApp()
  officer = await t.createStaff('complaints_officer')
  const admin = await t.createStaff('admin')
  const adminActor = { id: admin.id, role: 'admin' as const }
  const actor = { id: officer.id, role: 'complaints_officer' as const }
  t.clock.set('2025-06-20T09:00:00Z')
  north = await t.services.entities.add({ name: 'North Homes', rpNumber: 'L0001' }, adminActor)
  const receive = (name: string, day: string, entityId?: string) =>
    t.services.complaints.receive(
      {
        channel: 'phone',
        receivedAt: new Date(`${day}T09:00:00Z`),
        description: 'The repair was not done',
        resident: { name },
        tenure: 'lcra',
        ...(entityId ? { entityId } : {}),
      },
      actor,
    )
  await receive('A', '2025-06-02')
  await receive('B', '2025-06-03', north)
  await receive('C', '2025-06-04', north)
  const m = actor
  await t.services.tsm.recordHomes(2025, { lcra: 1000, lcho: 0 }, m, DEFAULT_ENTITY_ID)
  await t.services.tsm.recordHomes(2025, { lcra: 500, lcho: 0 }, m, north)
  t.clock.set('2026-05-11T09:00:00Z')
})
afterAll(async () => {
  await t?.close()
})

describe('the annual report for each landlord and for the group (issue 34, Code 8.1)', () => {
  it('counts one landlord’s complaints and names it; the group’s names every landlord', async () => {
    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)

    const group = await s.get('/reports/annual?year=2025')
    expect(group.statusCode).toBe(200)
    expect(group.body).toContain('data-qa="entity"')
    expect(group.body).toContain('The group: Test Homes, North Homes')
    expect(group.body).toContain('we received 3 stage 1 complaints')
    expect(group.body).not.toContain('data-qa="one-landlord"')

    const mine = await s.get(`/reports/annual?year=2025&entity=${north}`)
    expect(mine.statusCode).toBe(200)
    expect(mine.body).toContain('North Homes (registered provider L0001)')
    expect(mine.body).toContain('we received 2 stage 1 complaints')
    expect(mine.body).toContain('data-qa="one-landlord"')
    // Approval and publication are the group's: not offered on one landlord's draft.
    expect(mine.body).not.toContain('data-qa="approve"')

    const theirs = await s.get(`/reports/annual?year=2025&entity=${DEFAULT_ENTITY_ID}`)
    expect(theirs.body).toContain('we received 1 stage 1 complaints')
    expect(theirs.body).not.toContain('North Homes (registered')
  })

  it('downloads each landlord’s draft as PDF and Word, its TSM over its own homes', async () => {
    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    const pdf = await s.get(`/reports/annual/draft.pdf?year=2025&entity=${north}`)
    expect(pdf.statusCode).toBe(200)
    expect(pdf.headers['content-type']).toContain('application/pdf')
    if (process.env.ANNUAL_DRAFT_PDF) await writeFile(process.env.ANNUAL_DRAFT_PDF, pdf.rawPayload)
    const text = await pdfText(pdf.rawPayload)
    expect(text).toContain('North Homes (registered provider L0001)')
    expect(text).toContain('we received 2 stage 1 complaints')
    expect(text).toMatch(/CH01: stage 1 complaints per 1,000 homes 4(\.0)? /)

    const groupPdf = await pdfText((await s.get('/reports/annual/draft.pdf?year=2025')).rawPayload)
    expect(groupPdf).toContain('The group: Test Homes, North Homes')
    expect(groupPdf).toMatch(/CH01: stage 1 complaints per 1,000 homes 2(\.0)? /)

    const docx = await s.get(`/reports/annual/draft.docx?year=2025&entity=${DEFAULT_ENTITY_ID}`)
    expect(docx.statusCode).toBe(200)
    const words = docxText(docx.rawPayload)
    expect(words).toContain('Test Homes')
    expect(words).not.toContain('North Homes')
    expect(words).toContain('we received 1 stage 1 complaints')
  })

  it('refuses a landlord there is not, rather than showing another’s figures', async () => {
    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    const r = await s.get('/reports/annual/draft.pdf?year=2025&entity=00000000-0000-4000-8000-00000000ffff')
    expect(r.statusCode).toBe(422)
  })
})
