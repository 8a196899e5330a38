import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { approvedAssessment, publishedLinks } from '../../../../test/annualSubmissions.js'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'

let t: TestApp
let officer: { id: string; email: string; password: string }
let board: { id: string; email: string; password: string }

const form = {
  name: 'Test Homes',
  registeredProviderNumber: 'L4242',
  ombudsmanLandlordId: '',
  'financialYearEnd-day': '31',
  'financialYearEnd-month': '3',
  'financialYearEnd-year': '2026',
  ...Object.fromEntries(Object.entries(publishedLinks).map(([k, v]) => [`link-${k}`, v])),
  confirmed: 'yes',
}

beforeAll(async () => {
  t = await createTestApp()
  officer = await t.createStaff('complaints_officer')
  board = await t.createStaff('board')
  t.clock.set('2026-05-01T09:00:00Z')
})
afterAll(() => t?.close())

describe('the annual submission pages', () => {
  it('refuses to record until the self-assessment is approved, naming Code 8.1, then records and downloads it', async () => {
    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    const start = await s.get('/annual-submission')
    expect(start.statusCode).toBe(303)
    expect(start.headers.location).toBe('/annual-submission/2025')
    const page = await s.get('/annual-submission/2025')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Not yet submitted')
    expect(page.body).toContain('Record the homes owned at the end of 2025/26')

    const early = await s.post('/annual-submission/2025', { ...form, version: '0' })
    expect(early.statusCode).toBe(422)
    expect(early.body).toContain(
      'Code 8.1: the self-assessment for 2025/26 must be approved by the governing body (or its MRC) before it is submitted to the Ombudsman',
    )
    expect(early.body).toContain('href="#assessment"')

    await t.services.tsm.recordHomes(
      2025,
      { lcra: 800, lcho: 0 },
      { id: officer.id, role: 'complaints_officer' },
    )
    await approvedAssessment(t, 2025, officer, board)
    await s.get('/annual-submission/2025')
    // Every problem with the form at once, each beside its field.
    const bad = await s.post('/annual-submission/2025', {
      ...form,
      'link-annualReport': 'http://test-homes.example.org/report',
      'financialYearEnd-day': '31',
      'financialYearEnd-month': '2',
      confirmed: '',
      version: '0',
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('href="#link-annualReport"')
    expect(bad.body).toContain('The financial year end must be a real date')
    expect(bad.body).toContain('href="#confirmed"')
    expect(bad.body).toContain('value="http://test-homes.example.org/report"')

    const shown = await s.get('/annual-submission/2025')
    // 800 homes, year end 31 March 2026: six months on.
    expect(shown.body).toContain(
      'Due 30 September 2026: a landlord with 1,000 homes or fewer (800 homes at the end of 2025/26) submits within 6 months of its financial year end, 31 March 2026.',
    )
    expect(shown.body).toContain('Yes for 71 of the 72 provisions')
    const done = await s.post('/annual-submission/2025', { ...form, version: '0' })
    expect(done.statusCode).toBe(303)
    expect(done.headers.location).toBe('/annual-submission/2025?done=recorded')
    const after = await s.get('/annual-submission/2025?done=recorded')
    expect(after.body).toContain('The submission has been recorded.')
    expect(after.body).toContain('data-qa="history"')

    // The same page posted again, from the version it showed before: someone has submitted since.
    const stale = await s.post('/annual-submission/2025', { ...form, version: '0' })
    expect(stale.statusCode).toBe(409)

    const csv = await s.get('/annual-submission/2025/download?format=csv')
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(csv.headers['content-disposition']).toContain('ombudsman-submission-2025-26.csv')
    expect(csv.body).toContain('Registered provider number,L4242\r\n')
    expect(csv.body).toContain('1.2,Definition of a complaint,')
    const xlsx = await s.get('/annual-submission/2025/download?format=xlsx')
    expect(xlsx.statusCode).toBe(200)
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK')
    expect((await s.get('/annual-submission/2025/download?format=pdf')).statusCode).toBe(400)
  })

  it('puts a revised self-assessment on the dashboard as a submission to make again', async () => {
    t.clock.set('2026-08-03T09:00:00Z')
    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    expect((await s.get('/')).body).not.toContain('data-qa="tile-resubmit"')
    await approvedAssessment(t, 2025, officer, board, {
      trigger: 'ombudsman_request',
      note: 'The Ombudsman asked after case 202412345',
    })
    const home = await s.get('/')
    expect(home.body).toContain('data-qa="tile-resubmit"')
    expect(home.body).toContain('href="/annual-submission/2025"')
    const page = await s.get('/annual-submission/2025')
    expect(page.body).toContain('data-qa="resubmit"')
    expect(page.body).toContain(
      'Re-submit: the self-assessment for 2025/26 was revised after the submission of',
    )
    // The team leaders' daily prompt asks for it too, with a link to the page.
    t.clock.set('2026-08-03T22:59:30Z')
    await t.jobs.runDue()
    t.clock.set('2026-08-03T10:00:00Z')
    const prompt = await t.database.db
      .selectFrom('mail_messages')
      .select('text_body')
      .where('kind', '=', 'daily_prompt')
      .where('to_address', '=', officer.email)
      .executeTakeFirst()
    expect(prompt?.text_body).toContain(
      'Annual submission, 2025/26: the self-assessment was revised after it was submitted: re-submit it to the Ombudsman, now http://complaints.test-homes.example/annual-submission/2025',
    )
    expect((await s.post('/annual-submission/2025', { ...form, version: '1' })).statusCode).toBe(303)
    expect((await s.get('/')).body).not.toContain('data-qa="tile-resubmit"')
  })

  it('may be read by the board but not recorded by it', async () => {
    const s = new FormSession(t.app)
    await s.signIn(board.email, board.password)
    const page = await s.get('/annual-submission/2025')
    expect(page.statusCode).toBe(200)
    expect(page.body).not.toContain('data-qa="record"')
  })
})
