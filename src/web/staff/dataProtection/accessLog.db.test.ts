import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiCaller } from '../../../../test/api.js'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'

type Person = { id: string; email: string; password: string }
let t: TestApp
let handler: Person
let officer: Person
let token: string
let complaint: { id: string; reference: string; personId: string }

const signedIn = async (who: Person) => {
  const s = new FormSession(t.app)
  await s.signIn(who.email, who.password)
  return s
}
const entries = () => t.database.db.selectFrom('access_log').selectAll().orderBy('id').execute()
const call = apiCaller(
  () => t,
  () => token,
)

beforeAll(async () => {
  t = await createTestApp()
  handler = await t.createStaff('handler')
  officer = await t.createStaff('complaints_officer')
  token = await t.tokenFor('handler')
  const { view } = await t.services.complaints.receive(
    {
      channel: 'phone',
      receivedAt: new Date('2026-03-02T09:00:00Z'),
      description: 'Mould in the bathroom came back',
      resident: { name: 'Ade Cole', email: 'ade@example.org', postcode: 'LE2 1AB' },
    },
    { id: handler.id, role: 'handler' },
  )
  complaint = {
    id: view.complaint.id,
    reference: view.complaint.reference,
    personId: view.complaint.personId as string,
  }
  await t.services.complaints.acknowledge(
    complaint.id,
    { id: handler.id, role: 'handler' },
    { definition: { issues: ['The mould came back after treatment'], outcomesSought: ['A lasting repair'] } },
  )
})
afterAll(async () => {
  await t?.close()
})

describe('the access log', () => {
  it('records every view of a case, a resident record and a letter, and every download, with who and how', async () => {
    const s = await signedIn(handler)
    const before = (await entries()).length
    expect((await s.get(`/complaints/${complaint.id}`)).statusCode).toBe(200)
    expect((await s.get(`/residents/${complaint.personId}`)).statusCode).toBe(200)
    const letters = await t.services.complaints.letters(complaint.id)
    const letter = letters[0]
    if (!letter) throw new Error('the acknowledgement letter should exist')
    expect((await s.get(`/complaints/${complaint.id}/letters/${letter.id}`)).statusCode).toBe(200)
    const pdf = await s.get(`/complaints/${complaint.id}/letters/${letter.id}/pdf`)
    expect(pdf.statusCode).toBe(200)
    expect((await call('GET', `/api/v1/complaints/${complaint.id}`)).status).toBe(200)
    expect((await call('GET', `/api/v1/complaints/${complaint.id}/timeline`)).status).toBe(200)

    const added = (await entries()).slice(before)
    expect(added.map((e) => [e.action, e.kind, e.via])).toEqual([
      ['viewed', 'case', 'web'],
      ['viewed', 'resident_record', 'web'],
      ['viewed', 'letter', 'web'],
      ['downloaded', 'letter', 'web'],
      ['viewed', 'case', 'api'],
      ['viewed', 'case_history', 'api'],
    ])
    expect(added.slice(0, 4).every((e) => e.staff_id === handler.id)).toBe(true)
    expect(added[0]).toMatchObject({ complaint_id: complaint.id, person_id: complaint.personId })
    expect(added[0]?.what).toBe(`Case ${complaint.reference}`)
    expect(added[1]).toMatchObject({ person_id: complaint.personId, complaint_id: null })
    expect(added[3]?.what).toMatch(/\.pdf$/)
  })

  it('records exports, and not refused or missing pages', async () => {
    const o = await signedIn(officer)
    const before = (await entries()).length
    const pack = await o.get('/reports/board.xlsx')
    expect(pack.statusCode).toBe(200)
    expect((await o.get('/complaints/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404)
    const added = (await entries()).slice(before)
    expect(added).toHaveLength(1)
    expect(added[0]).toMatchObject({ action: 'downloaded', kind: 'export', staff_id: officer.id })
    expect(added[0]?.what).toMatch(/^board-pack-.*\.xlsx$/)
  })

  it('is searched by member of staff, by case and by resident, by the data protection roles only', async () => {
    const o = await signedIn(officer)
    const byCase = await o.get(`/data-protection/access-log?complaint=${complaint.reference.toLowerCase()}`)
    expect(byCase.statusCode).toBe(200)
    const rows = (html: string) =>
      (html.split('data-qa="access-log"')[1] ?? '').split('<tr class="govuk-table__row">').length - 2
    // The case page, the letter page, the letter PDF, the API view and its history: the resident
    // record is the resident's, not the case's.
    expect(byCase.body).toContain('5 entries found')
    expect(rows(byCase.body)).toBe(5)
    expect(byCase.body).toContain('through the API')

    const byResident = await o.get(`/data-protection/access-log?resident=${complaint.personId}`)
    expect(byResident.body).toContain('6 entries found')
    const byStaff = await o.get(`/data-protection/access-log?staff=${officer.id}`)
    expect(byStaff.body).toContain('1 entry found')
    expect(byStaff.body).toContain('Export or report: board-pack-')
    const nothing = await o.get('/data-protection/access-log?complaint=CMP-1999-000001')
    expect(nothing.body).toContain('No entries match this search')

    const h = await signedIn(handler)
    expect((await h.get('/data-protection/access-log')).statusCode).toBe(403)
  })

  it('cannot be changed or emptied', async () => {
    await expect(t.database.db.deleteFrom('access_log').execute()).rejects.toThrow()
    await expect(t.database.db.updateTable('access_log').set({ what: 'nothing' }).execute()).rejects.toThrow()
  })
})
