import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiCaller } from '../../../../../test/api.js'
import { createTestApp, type TestApp } from '../../../../../test/app.js'
import { FormSession } from '../../../../../test/browserlessSession.js'
import { deriveReportFactsOnce } from '../../../../services/reports/facts.js'

let t: TestApp
let token: string
let officerId: string
let stage2Id: string
let stage2Token: string
const api = apiCaller(
  () => t,
  () => token,
)

beforeAll(async () => {
  t = await createTestApp({ apiTokenDays: 3650 })
  const officer = await t.createStaff('complaints_officer')
  officerId = officer.id
  const lead = await t.createStaff('senior_lead')
  stage2Id = lead.id
  stage2Token = (await t.services.authentication.issueApiToken(lead.email, lead.password)).token
  token = (await t.services.authentication.issueApiToken(officer.email, officer.password)).token
  // Everything below happened in 2025/26 and is recorded afterwards, dated as it happened.
  t.clock.set('2026-05-01T09:00:00Z')
})
afterAll(async () => {
  await t?.close()
})

const at = (day: string) => `${day}T10:00:00Z`

/** A complaint logged as received on `day`, with the tenure given (or none). */
async function received(name: string, day: string, tenure?: 'lcra' | 'lcho') {
  const r = await api('POST', '/api/v1/complaints', {
    channel: 'phone',
    receivedAt: at(day),
    description: `Complaint ${name}`,
    resident: { name },
    ...(tenure ? { tenure } : {}),
  })
  expect(r.status, JSON.stringify(r.body)).toBe(201)
  return `/api/v1/complaints/${r.body.id}`
}

async function step(url: string, path: string, body: object, as = token) {
  const r = await api('POST', `${url}/${path}`, body, as)
  expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(200)
  return r.body
}
/** Code 6.13: stage 2 is considered by someone else. */
const acknowledge = (url: string, day: string, stage: 1 | 2 = 1) =>
  step(url, 'acknowledge', {
    acknowledgedAt: at(day),
    handlerId: stage === 1 ? officerId : stage2Id,
    definition: { issues: ['The issue'], outcomesSought: ['Put it right'] },
  })
const respond = (url: string, day: string, stage: 1 | 2 = 1) =>
  step(
    url,
    'responses',
    { respondedAt: at(day), decision: 'not_upheld', reasons: 'Our reasons, in full.' },
    stage === 1 ? token : stage2Token,
  )

describe('the Tenant Satisfaction Measures CH01 and CH02 (api-v1 "Reports")', () => {
  it('counts a hand-worked year by the contract’s rules, tenure by tenure', async () => {
    // A (LCRA): acknowledged on time, answered within 10 working days.
    const a = await received('A', '2025-06-02', 'lcra')
    await acknowledge(a, '2025-06-04')
    await respond(a, '2025-06-13')
    // B (LCRA): acknowledged late (due 9 June), so the clock runs from 9 June: owed 23 June, answered 27 June.
    const b = await received('B', '2025-06-02', 'lcra')
    await acknowledge(b, '2025-06-16')
    await respond(b, '2025-06-27')
    // An extension is recorded on the day it was agreed (one recorded after its deadline is refused).
    const extend = async (url: string, body: object) => {
      t.clock.set(at('2025-07-10'))
      await step(url, 'extensions', { ...body, extendedAt: at('2025-07-10') })
      t.clock.set('2026-05-01T09:00:00Z')
    }
    // C (LCRA): extended by 15 working days, beyond the Code's 10 with a good reason, so all 15
    // count (third release): owed 6 August (16 July without it), answered 5 August: in time only
    // thanks to the extension.
    const c = await received('C', '2025-07-01', 'lcra')
    await acknowledge(c, '2025-07-02')
    await extend(c, {
      workingDays: 15,
      reason: 'Waiting for a structural survey',
      goodReason: 'The surveyor could not get access sooner',
    })
    await respond(c, '2025-08-05')
    // D (LCRA): extended by 5 within the cap: owed 23 July, answered 22 July (thanks to it).
    const d = await received('D', '2025-07-01', 'lcra')
    await acknowledge(d, '2025-07-02')
    await extend(d, { workingDays: 5, reason: 'Waiting for the contractor' })
    await respond(d, '2025-07-22')
    // E (LCRA): refused before acknowledgement: not counted. F (LCRA): withdrawn: counted.
    const e = await received('E', '2025-05-01', 'lcra')
    await step(e, 'refusal', {
      reason: 'legal_proceedings',
      explanation: 'The matter is before the court.',
      refusedAt: at('2025-05-02'),
    })
    const f = await received('F', '2025-05-01', 'lcra')
    await step(f, 'withdrawal', { how: 'By phone', withdrawnAt: at('2025-05-06') })
    // G (LCHO): both stages in the year, both on time (stage 2 owed 21 October).
    const g = await received('G', '2025-09-01', 'lcho')
    await acknowledge(g, '2025-09-02')
    await respond(g, '2025-09-10')
    await step(g, 'escalations', { requestedAt: at('2025-09-20') })
    await acknowledge(g, '2025-09-23', 2)
    await respond(g, '2025-10-10', 2)
    // H (LCRA): escalated on 30 March 2026, answered at stage 2 in the next year.
    const h = await received('H', '2026-03-02', 'lcra')
    await acknowledge(h, '2026-03-03')
    await respond(h, '2026-03-16')
    await step(h, 'escalations', { requestedAt: at('2026-03-30') })
    await acknowledge(h, '2026-04-01', 2)
    await respond(h, '2026-04-20', 2)
    // I (LCRA): received in 2024/25, answered on 2 April 2025 (owed 4 April): a 2025/26 response.
    const i = await received('I', '2025-03-20', 'lcra')
    await acknowledge(i, '2025-03-21')
    await respond(i, '2025-04-02')
    // J: no tenure recorded.
    await received('J', '2025-06-02')

    expect((await api('PUT', '/api/v1/reports/homes/2025', { lcra: 2000, lcho: 500 })).status).toBe(200)
    const tsm = await api('GET', '/api/v1/reports/tsm?year=2025')
    expect(tsm.status).toBe(200)
    expect(tsm.body).toEqual({
      year: 2025,
      from: '2025-04-01',
      to: '2026-03-31',
      lcra: {
        homes: 2000,
        stage1Received: 6,
        stage2Received: 1,
        ch01Stage1: 3,
        ch01Stage2: 0.5,
        stage1Responses: 6,
        // A, C, D, H and I; B is outside. Without extensions only A, H and I.
        stage1ResponsesWithinTimescale: 5,
        ch02Stage1: 83.3,
        stage2Responses: 0,
        stage2ResponsesWithinTimescale: 0,
        ch02Stage2: null,
        stage1ResponsesWithinTimescaleWithoutExtension: 3,
        stage2ResponsesWithinTimescaleWithoutExtension: 0,
        stage1ResponsesRecordedLate: 0,
        stage2ResponsesRecordedLate: 0,
      },
      lcho: {
        homes: 500,
        stage1Received: 1,
        stage2Received: 1,
        ch01Stage1: 2,
        ch01Stage2: 2,
        stage1Responses: 1,
        stage1ResponsesWithinTimescale: 1,
        ch02Stage1: 100,
        stage2Responses: 1,
        stage2ResponsesWithinTimescale: 1,
        ch02Stage2: 100,
        stage1ResponsesWithinTimescaleWithoutExtension: 1,
        stage2ResponsesWithinTimescaleWithoutExtension: 1,
        stage1ResponsesRecordedLate: 0,
        stage2ResponsesRecordedLate: 0,
      },
      tenureNotRecorded: 1,
      rules: {
        id: 'tsm-2023-code-2024',
        from: '2023-04-01',
        source: expect.stringContaining('Tenant Satisfaction Measures: Technical Requirements'),
      },
    })

    // The next year holds H's stage 2 response; without homes recorded, CH01 is null.
    const next = await api('GET', '/api/v1/reports/tsm?year=2026')
    expect(next.body.lcra).toMatchObject({
      homes: null,
      ch01Stage1: null,
      stage2Responses: 1,
      stage1Received: 0,
    })

    // Each figure opens to its complaints, each saying why it counted as it did.
    const { items } = await t.services.tsm.items(2025)
    const why = (ref: string, measure: string) =>
      items.find((x) => x.reference === ref && x.measure === measure)?.why ?? ''
    const ref = async (url: string) => (await api('GET', url)).body.reference
    expect(why(await ref(b), 'stage1Response')).toBe(
      'responded 27 June 2025; acknowledgement was due 9 June 2025 (5 working days) and came late, on 16 June 2025, so counted from 9 June 2025; 10 working days to respond (the Code); owed by 23 June 2025: outside the timescale',
    )
    expect(why(await ref(c), 'stage1Response')).toContain(
      'an extension of 15 working days (beyond the cap, with a good reason); owed by 6 August 2025: within',
    )
    expect(why(await ref(e), 'stage1Received')).toContain('refused before acknowledgement')

    // A tenure corrected later moves the complaint between the columns.
    const corrected = await api('POST', `${await (async () => a)()}/tenure`, { tenure: 'lcho' })
    expect(corrected.body.tenure).toBe('lcho')
    const after = await api('GET', '/api/v1/reports/tsm?year=2025')
    expect([after.body.lcra.stage1Received, after.body.lcho.stage1Received]).toEqual([5, 2])
  })

  it('refuses a bad year or homes figure, and lets only the report roles read or record', async () => {
    const bad = await api('PUT', '/api/v1/reports/homes/2025', { lcra: -1, lcho: 10 })
    expect(bad.status).toBe(400)
    expect((await api('GET', '/api/v1/reports/tsm?year=1999')).status).toBe(400)
    const notAYear = await api('PUT', '/api/v1/reports/homes/2101', { lcra: 1, lcho: 1 })
    expect(notAYear.status).toBe(400)
    expect(notAYear.body.error.message).toContain(
      'The reporting year must be a year from 2000 to 2100, such as 2025 for 2025/26',
    )
    const board = await t.tokenFor('board')
    expect((await api('GET', '/api/v1/reports/tsm?year=2025', undefined, board)).status).toBe(200)
    expect((await api('PUT', '/api/v1/reports/homes/2025', { lcra: 1, lcho: 1 }, board)).status).toBe(403)
    // The board reads reports and nothing else: not the complaints, their letters or documents.
    expect((await api('GET', '/api/v1/complaints', undefined, board)).status).toBe(403)
    expect((await api('GET', '/api/v1/remedies', undefined, board)).status).toBe(403)
    const handler = await t.tokenFor('handler')
    expect((await api('GET', '/api/v1/reports/tsm?year=2025', undefined, handler)).status).toBe(403)
  })

  it('shows the measures on a page whose figures open to their complaints, with the homes form and the downloads', async () => {
    const officer = await t.createStaff('complaints_officer')
    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    expect((await s.get('/reports')).body).toContain('href="/reports/tsm"')
    const page = await s.get('/reports/tsm?year=2025')
    expect(page.statusCode).toBe(200)
    // (A's tenure was corrected to LCHO above: LCRA has 5 stage 1 responses, 4 within.)
    expect(page.body).toMatch(/data-qa="row-ch02Stage1"[\s\S]*?>80<[\s\S]*?>100</)
    expect(page.body).toContain('By the counting rules “tsm-2023-code-2024”')
    expect(page.body).toContain('1 complaint counted in the year has no tenure recorded')
    const drill = await s.get('/reports/tsm/complaints?year=2025&tenure=lcra&measure=stage1Responses')
    expect(drill.body).toMatch(/Outside[\s\S]*?acknowledgement was due 9 June 2025/)
    expect((drill.body.match(/href="\/complaints\//g) ?? []).length).toBe(5)

    await s.get('/reports/tsm?year=2025')
    const badHomes = await s.post('/reports/tsm/homes', { year: '2025', lcra: 'lots', lcho: '500' })
    expect(badHomes.statusCode).toBe(422)
    expect(badHomes.body).toContain('Enter the number of LCRA homes as a whole number')
    const homes = await s.post('/reports/tsm/homes', { year: '2025', lcra: '4,000', lcho: '500' })
    expect(homes.statusCode).toBe(303)
    expect((await api('GET', '/api/v1/reports/tsm?year=2025')).body.lcra.homes).toBe(4000)

    // A year that is no reporting year is refused with the rule, never read as another year's.
    for (const url of ['/reports/tsm?year=1999', '/reports/tsm.csv?year=abc']) {
      const refused = await s.get(url)
      expect(refused.statusCode).toBe(422)
      expect(refused.body).toContain('The reporting year must be a year from 2000 to 2100')
    }
    const csv = await s.get('/reports/tsm.csv?year=2025')
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.body).toContain('CH02,Stage 1 responses within the Code’s timescales (%),80,100\r\n')
    expect(csv.body).toContain('CH01,"Stage 1 complaints received per 1,000 homes",1.3,4\r\n')
    const xlsx = await s.get('/reports/tsm.xlsx?year=2025')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(new Uint8Array(xlsx.rawPayload).buffer as ArrayBuffer)
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Measures',
      'Complaints behind the figures',
      'Counting rules',
    ])
    const row = wb.getWorksheet('Measures')?.getRow(9).values as unknown[]
    expect(row.slice(1)).toEqual(['CH02', 'Stage 1 responses within the Code’s timescales (%)', 80, 100])
    const behind = wb.getWorksheet('Complaints behind the figures')
    const all = (await t.services.tsm.items(2025)).items
    expect(behind?.rowCount).toBe(1 + all.length)
    expect(all.every((i) => /^CMP-/.test(i.reference))).toBe(true)
    // The rows agree with the figures: LCRA's 5 stage 1 responses, 4 within the timescale.
    const lcra = all.filter((i) => i.measure === 'stage1Response' && i.tenure === 'lcra')
    expect([lcra.length, lcra.filter((i) => i.within).length]).toEqual([5, 4])
    expect(behind?.getRow(2).getCell(8).text).toBe(all[0]?.why)
    // Its dates are real dates to Excel, shown as the UK writes them.
    expect(behind?.getRow(2).getCell(4).value).toEqual(new Date(`${all[0]?.on}T00:00:00Z`))
    expect(behind?.getRow(2).getCell(4).numFmt).toBe('dd/mm/yyyy')

    // Facts kept before the rows were explained with them are explained again once, at start-up.
    const db = t.database.db
    await db.updateTable('report_facts').set({ why: null, owed_on: null }).execute()
    await db.insertInto('data_upgrades').values({ name: 'report_facts' }).execute()
    await deriveReportFactsOnce({
      db,
      clock: t.clock,
      calendar: t.services.calendar,
      policy: t.services.policy,
    })
    expect((await t.services.tsm.items(2025)).items).toEqual(all)

    // The complaint with no tenure gets one on its case page, and then counts.
    const j = (await api('GET', '/api/v1/complaints?pageSize=50')).body.items.find(
      (c: { residentName?: string; resident?: { name: string } }) =>
        (c.residentName ?? c.resident?.name) === 'J',
    )
    const form = await s.get(`/complaints/${j.id}/tenure`)
    expect(form.body).toContain('Record the tenure')
    expect((await s.post(`/complaints/${j.id}/tenure`, {})).statusCode).toBe(422)
    expect((await s.post(`/complaints/${j.id}/tenure`, { tenure: 'lcra' })).statusCode).toBe(303)
    expect((await s.get(`/complaints/${j.id}`)).body).toContain('Low-cost rental (LCRA)')
    expect((await api('GET', '/api/v1/reports/tsm?year=2025')).body.tenureNotRecorded).toBe(0)

    // A handler has no reports; the board reads them but records nothing.
    const handler = await t.createStaff('handler')
    const h = new FormSession(t.app)
    await h.signIn(handler.email, handler.password)
    expect((await h.get('/reports/tsm')).statusCode).toBe(403)
  })
})
