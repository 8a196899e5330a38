import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiCaller } from '../../../../test/api.js'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'
import { dailyPromptTo, loggedComplaint } from '../../../../test/cases.js'
import { firstError } from '../../../../test/residents.js'

let t: TestApp
let token: string
let officer: { id: string; email: string; password: string }
let owner: { id: string; email: string; password: string }
const api = apiCaller(
  () => t,
  () => token,
)

beforeAll(async () => {
  t = await createTestApp({ apiTokenDays: 3650 })
  officer = await t.createStaff('complaints_officer')
  owner = await t.createStaff('handler', 'improvement.owner@test-homes.example')
  token = (await t.services.authentication.issueApiToken(officer.email, officer.password)).token
})
afterAll(async () => {
  await t?.close()
})

const date = (name: string, iso: string) => ({
  [`${name}-day`]: String(Number(iso.slice(8, 10))),
  [`${name}-month`]: String(Number(iso.slice(5, 7))),
  [`${name}-year`]: iso.slice(0, 4),
})

/** A complaint with an Ombudsman case determined, and an order to change a policy. */
async function orderOnACase() {
  t.clock.set('2026-03-02T09:15:00Z')
  const actor = { id: officer.id, role: 'complaints_officer' as const }
  const complaintId = await loggedComplaint(t, actor, {
    name: 'Dami Ogun',
    receivedAt: '2026-03-02T09:00:00Z',
    description: 'Missed repairs appointments',
    categories: ['repairs'],
  })
  t.clock.set('2026-06-01T09:00:00Z')
  const oc = await t.services.ombudsman.open(complaintId, actor, {
    ombudsmanReference: '202655501',
    kind: 'formal_investigation',
    receivedOn: '2026-05-01',
  })
  await t.services.ombudsman.recordDetermination(oc.id, actor, {
    reportOn: '2026-05-29',
    elements: [{ element: 'Appointments', finding: 'maladministration' }],
  })
  const withOrder = await t.services.ombudsman.addDirection(oc.id, actor, {
    direction: 'order',
    kind: 'policy_change',
    description: 'Review how repairs appointments are confirmed',
    ownerId: officer.id,
  })
  const { complaint } = await t.services.complaints.view(complaintId, 'admin')
  return { complaint, caseId: oc.id, directionId: withOrder?.directions[0]?.id as string }
}

describe('improvement actions (Code 9.1–9.4)', () => {
  it('are raised from an Ombudsman order, followed to completion with evidence, and published', async () => {
    const { complaint, caseId, directionId } = await orderOnACase()
    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    const casePage = await s.get(`/ombudsman-cases/${caseId}`)
    expect(casePage.body).toContain(`/improvements/new?ombudsmanCase=${caseId}&amp;direction=${directionId}`)

    const form = await s.get(`/improvements/new?ombudsmanCase=${caseId}&direction=${directionId}`)
    expect(form.body).toContain('From the Housing Ombudsman’s order on case 202655501')
    expect(form.body).toMatch(/value="ombudsman_order" checked/)
    const incomplete = await s.post('/improvements/new', {
      ombudsmanCaseId: caseId,
      directionId,
      source: 'ombudsman_order',
      title: 'Confirm repairs appointments',
      description: '',
      ownerId: owner.id,
      ...date('dueOn', '2026-05-01'),
    })
    expect(incomplete.statusCode).toBe(422)
    expect(incomplete.body).toContain('Code 9.1: say what will change in the service')
    expect(incomplete.body).toContain('Name the director accountable for it')
    expect(incomplete.body).toContain('cannot be in the past')
    const raised = await s.post('/improvements/new', {
      ombudsmanCaseId: caseId,
      directionId,
      source: 'ombudsman_order',
      title: 'Confirm repairs appointments',
      description: 'Residents are sent a text the day before, and when the operative is on the way.',
      ownerId: owner.id,
      director: 'Sam Okafor, Director of Property',
      ...date('dueOn', '2026-06-26'),
    })
    expect(raised.statusCode, firstError(raised.body)).toBe(303)
    const url = String(raised.headers.location).split('?')[0] as string
    const id = url.split('/').pop() as string
    const page = await s.get(url)
    expect(page.body).toContain('A Housing Ombudsman order')
    expect(page.body).toContain('Review how repairs appointments are confirmed')
    // The Ombudsman case's complaint is linked without being typed.
    expect(page.body).toMatch(new RegExp(`data-qa="complaints">[\\s\\S]*?${complaint.reference}`))
    expect((await s.get(`/complaints/${complaint.id}`)).body).toContain('Confirm repairs appointments')
    expect((await s.get(`/ombudsman-cases/${caseId}`)).body).toContain(
      'Improvement: Confirm repairs appointments',
    )

    await s.get(`${url}/progress`)
    expect(
      (await s.post(`${url}/progress`, { note: 'Text templates agreed with the contractor' })).statusCode,
    ).toBe(303)
    await s.get(`${url}/complete`)
    const noEvidence = await s.post(`${url}/complete`, { evidence: '', ...date('completedOn', '2026-06-01') })
    expect(noEvidence.statusCode).toBe(422)
    expect(firstError(noEvidence.body)).toContain('Code 9.1: give the evidence that the change was made')
    const completed = await s.post(`${url}/complete`, {
      evidence: 'Appointment texts live from 1 June 2026; procedure RP-12 version 3.',
      ...date('completedOn', '2026-06-01'),
    })
    expect(completed.statusCode, firstError(completed.body)).toBe(303)
    const done = await api('GET', `/api/v1/improvement-actions/${id}`)
    expect(done.body).toMatchObject({
      status: 'completed',
      source: 'ombudsman_order',
      directionId,
      complaintIds: [complaint.id],
      completed: { on: '2026-06-01' },
      progress: [{ note: 'Text templates agreed with the contractor' }],
    })
    expect((await s.post(`${url}/progress`, { note: 'More' })).statusCode).toBe(409)

    // "You said, we did": nothing that could identify anyone reaches the public page.
    await s.get(`${url}/publish`)
    const identifying = await s.post(`${url}/publish`, {
      youSaid: 'Dami at dami@example.org said appointments were missed',
      weDid: 'We fixed it for SW1A 1AA',
    })
    expect(identifying.statusCode).toBe(422)
    expect(identifying.body).toContain('must not show anyone’s email address')
    expect(identifying.body).toContain('must not show a postcode')
    const published = await s.post(`${url}/publish`, {
      youSaid: 'Repairs appointments were missed without warning.',
      weDid: 'We now text you the day before, and when the operative is on the way.',
    })
    expect(published.statusCode, firstError(published.body)).toBe(303)
    const publicPage = await t.app.inject({ url: '/you-said-we-did' })
    expect(publicPage.statusCode).toBe(200)
    expect(publicPage.body).toContain('Repairs appointments were missed without warning.')
    expect(publicPage.body).toContain('Done, Monday 1 June 2026')
    expect(publicPage.body).not.toContain('Dami')
    expect(publicPage.body).not.toContain('Sam Okafor')
  })

  it('are raised from a theme or a complaint through the API, refused without what the rules need, and reminded', async () => {
    t.clock.set('2026-06-01T09:00:00Z')
    const noTheme = await api('POST', '/api/v1/improvement-actions', {
      title: 'Damp checks',
      description: 'Check every home in the block for damp',
      source: 'theme',
      ownerId: owner.id,
      director: 'Sam Okafor, Director of Property',
      dueOn: '2026-06-03',
    })
    expect(noTheme.status).toBe(422)
    expect(noTheme.body.error.details[0]).toMatchObject({ field: 'detail', provision: '9.4' })
    const wrongComplaint = await api('POST', '/api/v1/improvement-actions', {
      title: 'Damp checks',
      description: 'Check every home in the block for damp',
      source: 'complaint',
      complaintIds: ['NOPE-1'],
      ownerId: owner.id,
      director: 'Sam Okafor',
      dueOn: '2026-06-03',
    })
    expect(wrongComplaint.status).toBe(422)
    expect(wrongComplaint.body.error.message).toContain('There is no complaint NOPE-1')
    const fromTheme = await api('POST', '/api/v1/improvement-actions', {
      title: 'Damp checks',
      description: 'Check every home in the block for damp',
      source: 'theme',
      detail: 'Repeat damp complaints from Tower Court',
      ownerId: owner.id,
      director: 'Sam Okafor, Director of Property',
      dueOn: '2026-06-03',
    })
    expect(fromTheme.status).toBe(201)
    const id = fromTheme.body.id
    const moved = await api('POST', `/api/v1/improvement-actions/${id}/reschedule`, {
      dueOn: '2026-06-02',
      reason: 'Earlier',
    })
    expect(moved.status).toBe(422)
    expect(moved.body.error.message).toContain('must be after 3 June 2026')

    // Due within 3 working days: in its owner's prompt (and the team's), linked to its page.
    t.clock.set('2026-06-01T22:59:30Z')
    await t.jobs.runDue()
    const theirs = await dailyPromptTo(t, owner.email)
    expect(theirs).toContain('Improvement actions due soon or overdue (Code 9.1) (1)')
    expect(theirs).toContain(
      `Damp checks: due soon, due Wed 3 Jun 2026 http://complaints.test-homes.example/improvements/${id}`,
    )
    expect(await dailyPromptTo(t, officer.email)).toContain('Damp checks')

    // Overdue the day after it was due: on the dashboard.
    t.clock.set('2026-06-04T09:00:00Z')
    const s = new FormSession(t.app)
    await s.signIn(officer.email, officer.password)
    expect((await s.get('/')).body).toMatch(/data-qa="tile-improvementsOverdue"[\s\S]*?data-qa="value">1</)
    expect((await s.get('/improvements')).body).toMatch(/Damp checks[\s\S]*?Overdue/)
    const cancelled = await api('POST', `/api/v1/improvement-actions/${id}/cancellation`, {
      reason: 'Merged into the damp programme',
    })
    expect(cancelled.body.status).toBe('cancelled')
    expect(
      (await api('GET', '/api/v1/improvement-actions')).body.items.some((i: { id: string }) => i.id === id),
    ).toBe(false)
  })
})
