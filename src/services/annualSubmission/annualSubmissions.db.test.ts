import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { approvedAssessment, publishedLinks } from '../../../test/annualSubmissions.js'
import { createTestApp, type TestApp } from '../../../test/app.js'
import { AppError } from '../../errors.js'

let t: TestApp
let officer: { id: string; email: string; password: string }
let board: { id: string; email: string; password: string }
const actor = () => ({ id: officer.id, role: 'complaints_officer' as const })
const input = {
  name: '=Test Homes',
  registeredProviderNumber: 'L4242',
  financialYearEnd: '2026-03-31',
  links: publishedLinks,
  confirmed: true,
}

beforeAll(async () => {
  t = await createTestApp()
  officer = await t.createStaff('complaints_officer')
  board = await t.createStaff('board')
  t.clock.set('2026-05-01T09:00:00Z')
})
afterAll(() => t?.close())

const refusal = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => undefined,
    (error: unknown) => error,
  )
  if (!(e instanceof AppError)) throw new Error(`not refused: ${String(e)}`)
  return e
}

describe('the annual submission to the Ombudsman', () => {
  it('is refused until the year’s self-assessment is approved (Code 8.1) and the homes are recorded', async () => {
    const e = await refusal(t.services.annualSubmission.record(2025, input, actor()))
    expect(e.status).toBe(422)
    expect(e.details?.map((d) => d.field)).toEqual(['assessment', 'homes'])
    expect(e.message).toContain(
      'Code 8.1: the self-assessment for 2025/26 must be approved by the governing body (or its MRC) before it is submitted to the Ombudsman; none has been started',
    )
    const view = await t.services.annualSubmission.forYear(2025)
    expect(view.state.state).toBe('not_submitted')
    expect(view.deadline).toBeUndefined()
    expect(view.defaults.name).toBe('Test Homes')
  })

  it('may not be recorded by a role that does not manage reports', async () => {
    const e = await refusal(t.services.annualSubmission.record(2025, input, { id: board.id, role: 'board' }))
    expect(e.status).toBe(403)
  })

  it('records a frozen copy, derives the deadline, and exports it as CSV and a workbook', async () => {
    await t.services.tsm.recordHomes(2025, { lcra: 1100, lcho: 34 }, actor())
    const approved = await approvedAssessment(t, 2025, officer, board)
    const view = await t.services.annualSubmission.forYear(2025)
    expect(view.deadline).toEqual({
      due: '2026-09-30',
      why: 'Due 30 September 2026: a landlord with more than 1,000 homes (1,134 homes at the end of 2025/26) submits by 30 September after the reporting year ends on 31 March 2026.',
    })
    expect(view.answers.filter((a) => !a.yes).map((a) => a.provision)).toEqual(['1.2'])

    t.clock.set('2026-06-01T10:00:00Z')
    const h = await t.services.annualSubmission.record(2025, input, actor(), 0)
    expect(h.version).toBe(1)
    expect(h.submissions[0]).toMatchObject({
      byName: expect.stringContaining('Test complaints_officer'),
      organisation: { name: '=Test Homes', registeredProviderNumber: 'L4242', homes: 1134 },
      assessment: { id: approved.id, trigger: 'annual' },
    })
    // Someone else's submission first: the version the person saw is stale.
    expect((await refusal(t.services.annualSubmission.record(2025, input, actor(), 0))).status).toBe(409)

    const csv = (await t.services.annualSubmission.export(2025, 'csv')).content.toString('utf8')
    const lines = csv.split('\r\n')
    expect(lines[0]).toBe('Housing Ombudsman annual submission,Reporting year 2025/26')
    // A name a spreadsheet would take for a formula stays text.
    expect(lines[1]).toBe("Landlord,'=Test Homes")
    expect(csv).toContain('Homes owned at the end of the year,1134\r\n')
    expect(csv).toContain(
      `Annual complaints performance and service improvement report,${publishedLinks.annualReport}\r\n`,
    )
    expect(csv).toContain('Provision,Section,Requirement,Complies (yes or no),Comment\r\n')
    expect(csv).toContain('1.2,Definition of a complaint,')
    expect(csv).toContain(',No,Partly: One leaflet still uses the old wording\r\n')
    expect(csv).toMatch(/\r\n9\.8,Scrutiny and oversight[^\r\n]*,Yes,"Complaints policy, for 9\.8"\r\n$/)

    const wb = new ExcelJS.Workbook()
    const { content } = await t.services.annualSubmission.export(2025, 'xlsx')
    await wb.xlsx.load(new Uint8Array(content).buffer as ArrayBuffer)
    const ws = wb.getWorksheet('Submission')
    if (!ws) throw new Error('no Submission sheet')
    const text = (r: number) => (ws.getRow(r).values as unknown[]).slice(1).map(String)
    expect(text(1)).toEqual(['Housing Ombudsman annual submission', 'Reporting year 2025/26'])
    // Neutralised as in the CSV, by the same rule: text, with the apostrophe in front.
    expect(text(2)).toEqual(['Landlord', "'=Test Homes"])
    expect(ws.getRow(2).getCell(2).type).toBe(ExcelJS.ValueType.String)
    const rows = ws.rowCount
    expect(text(rows).slice(0, 2)).toEqual([
      '9.8',
      'Scrutiny and oversight: continuous learning and improvement',
    ])
    expect(text(rows)[3]).toBe('Yes')
  })

  it('asks for a re-submission when the self-assessment is revised after it, until one is recorded', async () => {
    expect(await t.services.annualSubmission.resubmissionsDue()).toEqual([])
    t.clock.set('2026-08-03T09:00:00Z')
    await approvedAssessment(t, 2025, officer, board, { trigger: 'merger', note: 'Merged with Hillside' })
    expect(await t.services.annualSubmission.resubmissionsDue()).toEqual([2025])
    const view = await t.services.annualSubmission.forYear(2025)
    expect(view.state).toEqual({
      state: 'resubmission_due',
      why: 'Re-submit: the self-assessment for 2025/26 was revised after the submission of 1 June 2026 (A merger (Code 8.3)) and approved on 3 August 2026; the Ombudsman has the earlier answers.',
    })
    t.clock.set('2026-08-04T09:00:00Z')
    const h = await t.services.annualSubmission.record(2025, input, actor(), 1)
    expect(h.submissions.map((s) => s.assessment.trigger)).toEqual(['annual', 'merger'])
    expect(await t.services.annualSubmission.resubmissionsDue()).toEqual([])
    expect((await t.services.annualSubmission.forYear(2025)).state.state).toBe('submitted')
  })

  it('keeps every submission as it was sent: the events cannot be changed or removed', async () => {
    const db = t.database.db
    await expect(sql`update ombudsman_submission_events set data = '{}'`.execute(db)).rejects.toThrow()
    await expect(sql`delete from ombudsman_submission_events`.execute(db)).rejects.toThrow()
  })
})

describe('the published documents suggested for a first submission', () => {
  it('are the service’s own public pages, when it is reached over https', async () => {
    const site = await createTestApp({ publicUrl: 'https://complaints.test-homes.example/' })
    try {
      const lead = await site.createStaff('complaints_officer')
      const chair = await site.createStaff('board')
      site.clock.set('2026-05-01T09:00:00Z')
      expect((await site.services.annualSubmission.forYear(2025)).defaults.links).toEqual({
        complaintsPolicy: 'https://complaints.test-homes.example/complaints-policy',
      })
      await approvedAssessment(site, 2025, lead, chair)
      expect((await site.services.annualSubmission.forYear(2025)).defaults.links).toEqual({
        complaintsPolicy: 'https://complaints.test-homes.example/complaints-policy',
        selfAssessment: 'https://complaints.test-homes.example/annual-report/2025/self-assessment',
      })
    } finally {
      await site.close()
    }
    // Over http (as the other tests' app is), nothing is suggested: every link must be https.
    expect((await t.services.annualSubmission.forYear(2026)).defaults.links).toEqual({})
  })
})
