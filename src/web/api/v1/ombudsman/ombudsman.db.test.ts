import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiCaller } from '../../../../../test/api.js'
import { createTestApp, type TestApp } from '../../../../../test/app.js'

let t: TestApp
let token: string
let boardToken: string
let officerId: string
const api = apiCaller(
  () => t,
  () => token,
)

beforeAll(async () => {
  t = await createTestApp({ apiTokenDays: 3650 })
  const officer = await t.createStaff('complaints_officer')
  officerId = officer.id
  token = (await t.services.authentication.issueApiToken(officer.email, officer.password)).token
  boardToken = await t.tokenFor('board')
})
afterAll(async () => {
  await t?.close()
})

describe('Ombudsman cases through the API', () => {
  it('goes from the enquiry to the evidence of compliance, refusing what breaks a rule', async () => {
    t.clock.set('2026-03-02T09:15:00Z')
    const created = await api('POST', '/api/v1/complaints', {
      channel: 'phone',
      receivedAt: '2026-03-02T09:00:00Z',
      description: 'Mould',
      resident: { name: 'Asha Patel' },
    })
    const complaintId = created.body.id
    t.clock.set('2026-06-01T09:00:00Z')
    const bad = await api('POST', `/api/v1/complaints/${complaintId}/ombudsman-cases`, {
      ombudsmanReference: '',
      kind: 'formal_investigation',
      receivedOn: '2026-02-01',
    })
    expect(bad.status).toBe(422)
    expect(bad.body.error.details.map((d: { field: string }) => d.field)).toEqual([
      'ombudsmanReference',
      'receivedOn',
    ])
    const opened = await api('POST', `/api/v1/complaints/${complaintId}/ombudsman-cases`, {
      ombudsmanReference: '202612345',
      kind: 'formal_investigation',
      receivedOn: '2026-05-01',
    })
    expect(opened.status).toBe(201)
    const id = opened.body.id
    expect(
      (
        await api(
          'POST',
          `/api/v1/ombudsman-cases/${id}/evidence-requests`,
          { what: 'The file', requestedOn: '2026-05-01' },
          boardToken,
        )
      ).status,
    ).toBe(403)

    let c = await api('POST', `/api/v1/ombudsman-cases/${id}/evidence-requests`, {
      what: 'The file',
      requestedOn: '2026-05-01',
    })
    expect(c.body.evidenceRequests[0]).toMatchObject({ dueOn: '2026-05-26' })
    expect(c.body.owed).toEqual([{ what: 'Evidence: The file', dueOn: '2026-05-26', overdue: true }])
    const requestId = c.body.evidenceRequests[0].id
    c = await api('POST', `/api/v1/ombudsman-cases/${id}/evidence-requests/${requestId}/sent`, {
      sentOn: '2026-05-20',
    })
    expect(c.body.evidenceRequests[0]).toMatchObject({ sentOn: '2026-05-20' })
    const early = await api('POST', `/api/v1/ombudsman-cases/${id}/directions`, {
      direction: 'order',
      kind: 'apology',
      description: 'Apologise',
      ownerId: officerId,
    })
    expect(early.status).toBe(422)
    expect(early.body.error.message).toContain('Record the Ombudsman’s determination first')
    c = await api('POST', `/api/v1/ombudsman-cases/${id}/determination`, {
      reportOn: '2026-05-29',
      elements: [{ element: 'Complaint handling', finding: 'maladministration' }],
    })
    expect(c.body.determination.elements).toEqual([
      { element: 'Complaint handling', finding: 'maladministration' },
    ])
    c = await api('POST', `/api/v1/ombudsman-cases/${id}/directions`, {
      direction: 'order',
      kind: 'compensation',
      description: 'Pay £300',
      amount: 300,
      ownerId: officerId,
    })
    expect(c.body.directions[0]).toMatchObject({ amount: 300, dueOn: '2026-06-26' })
    const directionId = c.body.directions[0].id
    c = await api('POST', `/api/v1/ombudsman-cases/${id}/directions/${directionId}/compliance`, {
      evidence: 'Payment record',
      sentOn: '2026-06-01',
    })
    expect(c.body.directions[0].compliance).toEqual({ evidence: 'Payment record', sentOn: '2026-06-01' })
    expect(c.body.owed).toEqual([])
    const listed = await api('GET', `/api/v1/complaints/${complaintId}/ombudsman-cases`)
    expect(listed.body.items.map((x: { id: string }) => x.id)).toEqual([id])
    // The board sees reports only, not a complaint's cases.
    expect(
      (await api('GET', `/api/v1/complaints/${complaintId}/ombudsman-cases`, undefined, boardToken)).status,
    ).toBe(403)
    expect((await api('GET', '/api/v1/ombudsman-cases/not-a-case')).status).toBe(404)

    // A failure order made on the case: the senior lead and the board (the MRC) hear at once.
    await t.createStaff('senior_lead', 'lead@test-homes.example')
    const chfo = await api('POST', `/api/v1/ombudsman-cases/${id}/kind`, {
      kind: 'complaint_handling_failure_order',
      on: '2026-06-01',
    })
    expect(chfo.body.kind).toBe('complaint_handling_failure_order')
    const same = await api('POST', `/api/v1/ombudsman-cases/${id}/kind`, {
      kind: 'complaint_handling_failure_order',
      on: '2026-06-01',
    })
    expect(same.status).toBe(422)
    expect(same.body.error.message).toContain('already of that kind')
    const alert = await t.database.db
      .selectFrom('mail_messages')
      .select(['to_address', 'subject'])
      .where('kind', '=', 'ombudsman_alert')
      .execute()
    expect(alert).toHaveLength(2)
    expect(alert.map((a) => a.to_address)).toContain('lead@test-homes.example')
    expect(alert.every((a) => a.subject.includes('Complaint Handling Failure Order'))).toBe(true)
  })
})
