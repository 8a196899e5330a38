import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'

let t: TestApp
let handler: { id: string; email: string; password: string }
let board: { id: string; email: string; password: string }
let officer: { id: string; email: string; password: string }
let complaintId: string

beforeAll(async () => {
  t = await createTestApp()
  handler = await t.createStaff('handler')
  board = await t.createStaff('board')
  officer = await t.createStaff('complaints_officer')
  t.clock.set('2026-03-02T09:15:00Z')
  const { view } = await t.services.complaints.receive(
    {
      channel: 'phone',
      receivedAt: new Date('2026-03-02T09:00:00Z'),
      description: 'Black mould across the bedroom wall; my son’s asthma is worse',
      resident: { name: 'Asha Patel' },
      categories: ['damp_and_mould'],
    },
    { id: handler.id, role: 'handler' },
  )
  complaintId = view.complaint.id
})
afterAll(async () => {
  await t?.close()
})

const when = (iso: string, time: string, name = 'when') => ({
  [`${name}-day`]: String(Number(iso.slice(8, 10))),
  [`${name}-month`]: String(Number(iso.slice(5, 7))),
  [`${name}-year`]: iso.slice(0, 4),
  [`${name}Time`]: time,
})

describe('a damp and mould hazard under Awaab’s Law, through the pages', () => {
  let hazardUrl = ''

  it('is recorded from the complaint, refusing what is missing with the rule named', async () => {
    const s = new FormSession(t.app)
    await s.signIn(handler.email, handler.password)
    const form = await s.get(`/complaints/${complaintId}/hazards/new`)
    expect(form.statusCode).toBe(200)
    const refused = await s.post(`/complaints/${complaintId}/hazards/new`, {
      description: ' ',
      ...when('2026-03-02', '09:00'),
    })
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('Awaab’s Law: decide whether the report is a potential emergency hazard')
    expect(refused.body).toContain('Describe the hazard as it was reported')
    // Nothing of the decision is filled in for the person: who, when and on what are asked for.
    expect(refused.body).toContain('Say who made the decision (name and role)')
    expect(refused.body).toContain('record what the decision was based on')
    expect(form.body).toMatch(/name="decided-day"[^>]*value=""/)
    const notAHazard = await s.post(`/complaints/${complaintId}/hazards/new`, {
      kind: 'not_a_hazard',
      description: 'Black mould across the bedroom wall',
      decidedBy: 'Sam Patel, surveyor',
      basis: 'Photos',
      ...when('2026-03-02', '09:00'),
      ...when('2026-03-02', '09:10', 'decided'),
    })
    expect(notAHazard.statusCode).toBe(422)
    expect(notAHazard.body).toContain('Awaab’s Law: give the reasons the report is not a hazard')
    const recorded = await s.post(`/complaints/${complaintId}/hazards/new`, {
      kind: 'damp_and_mould',
      description: 'Black mould across the bedroom wall',
      decidedBy: 'Sam Patel, surveyor',
      basis: 'The resident’s photos: mould over a third of the wall, a child with asthma',
      ...when('2026-03-02', '09:00'),
      ...when('2026-03-02', '09:10', 'decided'),
    })
    expect(recorded.statusCode).toBe(303)
    hazardUrl = String(recorded.headers.location).split('?')[0] ?? ''
    const page = await s.get(hazardUrl)
    expect(page.body).toContain('Significant damp and mould hazard')
    expect(page.body).toMatch(
      /data-qa="hazard-decision"[\s\S]*?Sam Patel, surveyor[\s\S]*?mould over a third of the wall/,
    )
    // Aware Monday 2 March 2026: 10 working days → Monday 16 March.
    expect(page.body).toMatch(/data-qa="hazard-clock-investigate"[\s\S]*?16 Mar 2026/)
    expect(page.body).toContain('aware Mon 2 Mar 2026; 10 working days')
    // Only what fits is offered: no summary or further works before the investigation.
    expect(page.body).toContain('data-qa="hazard-action-investigation"')
    expect(page.body).not.toContain('data-qa="hazard-action-summary"')
    // The case shows the clock beside the Code's, and the queue lists it.
    const caseView = await s.get(`/complaints/${complaintId}`)
    expect(caseView.body).toMatch(/id="hazards"[\s\S]*?data-qa="hazard-clock-investigate"/)
    const cases = await s.get('/complaints?view=team&hazard=running')
    expect(cases.body).toContain('1 complaint matches the filters')
    expect(cases.body).toMatch(/data-qa="hazard-due">Awaab’s Law: investigate, by the end of Mon 16 Mar 2026/)
    const queue = await s.get('/hazards')
    expect(queue.body).toMatch(/data-qa="hazard-row"[\s\S]*?Investigate[\s\S]*?by the end of Mon 16 Mar 2026/)
  })

  it('never moves its clocks for a closure day; the Code’s move only when the landlord’s policy says so', async () => {
    const hazardId = hazardUrl.split('/').pop() ?? ''
    const codeDue = async () =>
      (await t.services.complaints.view(complaintId, 'admin')).deadlines.find(
        (d) => d.key === 'acknowledgement',
      )?.due
    // Received Monday 2 March: acknowledged within 5 working days, by Monday 9 March.
    expect(await codeDue()).toBe('2026-03-09')
    await t.services.calendar.addClosureDay({ date: '2026-03-04', title: 'Office move' }, null)
    expect(await codeDue()).toBe('2026-03-09')
    await t.services.calendar.setClosuresExtendCodeClocks(true, null)
    expect(await codeDue()).toBe('2026-03-10')
    // Awaab's Law counts weekdays that are not bank holidays in England, whatever the landlord shuts.
    const v = await t.services.hazards.view(hazardId)
    expect(v.clocks[0]?.due).toEqual({ on: '2026-03-16' })
    expect(v.clocks[0]?.explanation).not.toContain('closure')
    const [row] = await t.services.hazards.queue()
    expect(row?.nextDueAt?.toISOString()).toBe('2026-03-17T00:00:00.000Z')
  })

  it('runs the Code’s clocks and Awaab’s Law’s together on one complaint, each on its own calendar', async () => {
    const s = new FormSession(t.app)
    await s.signIn(handler.email, handler.password)
    const page = await s.get(`/complaints/${complaintId}`)
    // The Code's acknowledgement (closure days extend it now, by policy) beside the hazard's investigation.
    expect(page.body).toMatch(/data-qa="deadline-acknowledgement"[\s\S]*?10 March 2026/)
    expect(page.body).toMatch(/data-qa="hazard-clock-investigate"[\s\S]*?16 Mar 2026/)
    const v = await t.services.complaints.view(complaintId, 'admin')
    const hazard = (await t.services.hazards.forComplaint(complaintId))[0]
    expect(v.deadlines.find((d) => d.key === 'acknowledgement')?.status).toBe('due')
    expect(hazard?.running.map((c) => c.key)).toEqual(['investigate'])
  })

  it('records the investigation, then the summary, safety work and further works fall due', async () => {
    t.clock.set('2026-03-12T16:00:00Z')
    const s = new FormSession(t.app)
    await s.signIn(handler.email, handler.password)
    await s.get(`${hazardUrl}/investigation`)
    const bad = await s.post(`${hazardUrl}/investigation`, {
      hazardFound: 'no',
      furtherWorksNeeded: 'yes',
      findings: '',
      ...when('2026-03-12', '15:00'),
    })
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Further preventative works follow only from a hazard found')
    expect(bad.body).toContain('record the findings')
    const done = await s.post(`${hazardUrl}/investigation`, {
      hazardFound: 'yes',
      furtherWorksNeeded: 'yes',
      findings: 'Condensation mould from a failed extractor fan',
      ...when('2026-03-12', '15:00'),
    })
    expect(done.statusCode).toBe(303)
    const page = await s.get(hazardUrl)
    // Ended Thursday 12 March: summary in 3 working days (Tue 17), safety and further works in 5 (Thu 19).
    expect(page.body).toMatch(/data-qa="hazard-clock-summary"[\s\S]*?17 Mar 2026/)
    expect(page.body).toMatch(/data-qa="hazard-clock-safety"[\s\S]*?19 Mar 2026/)
    expect(page.body).toMatch(/data-qa="hazard-clock-further"[\s\S]*?19 Mar 2026/)
    expect(page.body).toContain('Investigation ended Thu 12 Mar 2026 at 15:00: hazard found.')
    // The investigation cannot be recorded twice.
    const again = await s.post(`${hazardUrl}/investigation`, {
      hazardFound: 'yes',
      findings: 'x',
      ...when('2026-03-12', '15:00'),
    })
    expect(again.statusCode).toBe(409)
    // The daily prompt, at its set time, tells the team what the hazard needs next.
    t.clock.set('2026-03-12T23:59:30Z')
    await t.jobs.runDue()
    const prompt = await t.database.db
      .selectFrom('mail_messages')
      .select('text_body')
      .where('kind', '=', 'daily_prompt')
      .where('to_address', '=', officer.email)
      .executeTakeFirst()
    expect(prompt?.text_body).toContain('Awaab’s Law: hazard duties due soon or overdue (1)')
    expect(prompt?.text_body).toContain(
      'Awaab’s Law: written summary of findings to the resident (significant damp and mould hazard), due by the end of Tue 17 Mar 2026',
    )
    expect(prompt?.text_body).toContain(`${hazardUrl}`)
    // Reported apart from the Code in the board pack: the investigation met in time; the rest still running.
    const pack = await t.services.boardPack.document({
      from: '2026-03-01',
      to: '2026-03-31',
      label: 'March 2026',
    })
    const duties = pack.blocks.find((b) => b.kind === 'table' && b.table.sheet === 'Hazard duties')
    expect(duties?.kind === 'table' && duties.table.rows).toEqual([
      ['Significant damp and mould hazard: investigate', 1, 1, 0, 0, 0, 0, '100%', null],
      [
        'Significant damp and mould hazard: written summary of findings to the resident',
        1,
        0,
        0,
        0,
        0,
        1,
        null,
        null,
      ],
      ['Significant damp and mould hazard: relevant safety work', 1, 0, 0, 0, 0, 1, null, null],
      ['Significant damp and mould hazard: further preventative works', 1, 0, 0, 0, 0, 1, null, null],
    ])
    await s.get(`${hazardUrl}/further-deferred`)
    await s.post(`${hazardUrl}/further-deferred`, { reason: 'The roof membrane must be replaced first' })
    const deferred = await s.get(hazardUrl)
    // 12 weeks from Thursday 12 March: Thursday 4 June.
    expect(deferred.body).toMatch(/data-qa="hazard-clock-further"[\s\S]*?4 Jun 2026/)
  })

  it('lets the board read but not record, and refuses a stale form', async () => {
    const b = new FormSession(t.app)
    await b.signIn(board.email, board.password)
    expect((await b.get(hazardUrl)).statusCode).toBe(403)
    expect((await b.post(`${hazardUrl}/summary`, { how: 'letter' })).statusCode).toBe(403)
    const s = new FormSession(t.app)
    await s.signIn(handler.email, handler.password)
    await s.get(`${hazardUrl}/summary`)
    const stale = await s.post(`${hazardUrl}/summary`, {
      version: '1',
      how: 'letter',
      ...when('2026-03-12', '15:30'),
    })
    expect(stale.statusCode).toBe(409)
  })
})
