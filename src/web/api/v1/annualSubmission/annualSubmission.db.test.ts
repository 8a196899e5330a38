import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { approvedAssessment, publishedLinks } from '../../../../../test/annualSubmissions.js'
import { apiCaller } from '../../../../../test/api.js'
import { createTestApp, type TestApp } from '../../../../../test/app.js'

let t: TestApp
let token: string
let boardToken: string
let officer: { id: string; email: string; password: string }
let board: { id: string; email: string; password: string }
const api = apiCaller(
  () => t,
  () => token,
)
const body = {
  name: 'Test Homes',
  registeredProviderNumber: 'L4242',
  ombudsmanLandlordId: 'HOS-001',
  financialYearEnd: '2025-12-31',
  links: publishedLinks,
  confirmed: true,
}

beforeAll(async () => {
  t = await createTestApp({ apiTokenDays: 3650 })
  officer = await t.createStaff('complaints_officer')
  board = await t.createStaff('board')
  token = (await t.services.authentication.issueApiToken(officer.email, officer.password)).token
  boardToken = await t.tokenFor('board')
  t.clock.set('2026-05-01T09:00:00Z')
})
afterAll(() => t?.close())

describe('the annual submission in the API', () => {
  it('is declared in the OpenAPI document the app serves', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>
    }
    expect(Object.keys(doc.paths['/api/v1/annual-submissions/{year}'] ?? {}).sort()).toEqual(['get', 'post'])
    expect(Object.keys(doc.paths['/api/v1/annual-submissions/{year}/export'] ?? {})).toEqual(['get'])
  })

  it('refuses to record before the self-assessment is approved, naming Code 8.1', async () => {
    const empty = await api('GET', '/api/v1/annual-submissions/2025')
    expect(empty.status).toBe(200)
    expect(empty.body).toMatchObject({
      state: 'not_submitted',
      deadline: null,
      homes: null,
      answers: [],
      version: 0,
    })
    const refused = await api('POST', '/api/v1/annual-submissions/2025', body)
    expect(refused.status).toBe(422)
    expect(refused.body.error.details).toContainEqual(
      expect.objectContaining({ field: 'assessment', provision: '8.1' }),
    )
    expect((await api('GET', '/api/v1/annual-submissions/2025/export')).status).toBe(404)
    expect((await api('GET', '/api/v1/annual-submissions/1999')).status).toBe(400)
  })

  it('records a submission, derives the deadline from the year end, and exports it', async () => {
    await t.services.tsm.recordHomes(
      2025,
      { lcra: 300, lcho: 20 },
      { id: officer.id, role: 'complaints_officer' },
    )
    await approvedAssessment(t, 2025, officer, board)
    const before = await api('GET', '/api/v1/annual-submissions/2025')
    expect(before.body.answers).toHaveLength(72)
    expect(before.body.answers[0]).toMatchObject({ provision: '1.2', yes: false })
    // The board may read it, not record it.
    expect((await api('POST', '/api/v1/annual-submissions/2025', body, boardToken)).status).toBe(403)
    const badLink = await api('POST', '/api/v1/annual-submissions/2025', {
      ...body,
      links: { ...publishedLinks, governingBodyResponse: 'ftp://test-homes.example.org/x' },
    })
    expect(badLink.status).toBe(422)
    expect(badLink.body.error.details).toEqual([
      expect.objectContaining({ field: 'links.governingBodyResponse', provision: '8.2' }),
    ])

    const made = await api('POST', '/api/v1/annual-submissions/2025', { ...body, expectedVersion: 0 })
    expect(made.status).toBe(201)
    expect(made.body).toMatchObject({
      seq: 1,
      organisation: { homes: 320, ombudsmanLandlordId: 'HOS-001' },
      financialYearEnd: '2025-12-31',
      // 320 homes, a year ending 31 December 2025: six months on, 30 June 2026.
      deadline: { due: '2026-06-30' },
    })
    expect(made.body.deadline.why).toContain('within 6 months of its financial year end, 31 December 2025')
    expect(
      (await api('POST', '/api/v1/annual-submissions/2025', { ...body, expectedVersion: 0 })).status,
    ).toBe(409)

    const after = await api('GET', '/api/v1/annual-submissions/2025', undefined, boardToken)
    expect(after.body).toMatchObject({ state: 'submitted', version: 1 })
    expect(after.body.submissions).toHaveLength(1)

    const csv = await t.app.inject({
      method: 'GET',
      url: '/api/v1/annual-submissions/2025/export?format=csv',
      headers: { authorization: `Bearer ${token}` },
    })
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(csv.body).toContain('Ombudsman landlord ID,HOS-001\r\n')
    expect(csv.body).toContain(`Complaints policy,${publishedLinks.complaintsPolicy}\r\n`)
    expect(csv.body).toContain('Provision,Section,Requirement,Complies (yes or no),Comment\r\n')

    const xlsx = await t.app.inject({
      method: 'GET',
      url: '/api/v1/annual-submissions/2025/export?format=xlsx',
      headers: { authorization: `Bearer ${token}` },
    })
    expect(xlsx.statusCode).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(new Uint8Array(xlsx.rawPayload).buffer as ArrayBuffer)
    const cells: string[] = []
    wb.getWorksheet('Submission')?.eachRow((r) => {
      cells.push((r.values as unknown[]).slice(1).map(String).join(' | '))
    })
    expect(cells).toContain('Ombudsman landlord ID | HOS-001')
    expect(cells).toContain('Provision | Section | Requirement | Complies (yes or no) | Comment')
    expect(cells.filter((c) => /^\d\.\d+ \| /.test(c))).toHaveLength(72)
  })

  it('asks for a re-submission once the self-assessment is revised', async () => {
    t.clock.set('2026-08-03T09:00:00Z')
    await approvedAssessment(t, 2025, officer, board, { trigger: 'merger', note: 'Merged with Hillside' })
    const due = await api('GET', '/api/v1/annual-submissions/2025')
    expect(due.body.state).toBe('resubmission_due')
    expect(due.body.why).toContain('(A merger (Code 8.3)) and approved on 3 August 2026')
    expect(due.body.assessment).toMatchObject({ trigger: 'merger', status: 'approved' })
  })
})
