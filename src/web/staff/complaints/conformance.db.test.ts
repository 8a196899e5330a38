import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'
import type { Actor } from '../../../services/complaints.js'

/** The staff forms for the Code conformance fixes: what a caseworker sees and can do. */
let t: TestApp
let handler: Actor & { email: string; password: string }
let browser: FormSession

beforeAll(async () => {
  t = await createTestApp({ sessionHours: 24 * 100 })
  const h = await t.createStaff('handler')
  handler = { id: h.id, role: 'handler', email: h.email, password: h.password }
  browser = new FormSession(t.app)
  await browser.signIn(h.email, h.password)
})
afterAll(async () => {
  await t.close()
})

async function complaint(state: 'stage1' | 'stage1_responded') {
  t.clock.set('2026-03-02T09:00:00Z')
  const { view } = await t.services.complaints.receive(
    {
      channel: 'phone',
      receivedAt: new Date('2026-03-02T09:00:00Z'),
      description: 'Leak from the flat above',
      resident: { name: 'Form Conformance', email: 'fc@example.org' },
    },
    handler,
  )
  const id = view.complaint.id
  t.clock.set('2026-03-03T09:00:00Z')
  await t.services.complaints.acknowledge(id, handler, {
    handlerId: handler.id,
    definition: { issues: ['Leak'], outcomesSought: ['Stop the leak'] },
  })
  if (state === 'stage1_responded') {
    t.clock.set('2026-03-04T09:00:00Z')
    await t.services.complaints.respond(id, handler, { decision: 'not_upheld', reasons: 'Fixed on time' })
  }
  return id
}

const versionOf = (body: string) => /name="version" value="(\d+)"/.exec(body)?.[1] as string

describe('1. a complaint closed at stage 1 can still go to stage 2 (Code 6.10)', () => {
  it('offers the escalation on the closed case and reopens it at stage 2', async () => {
    const id = await complaint('stage1_responded')
    t.clock.set('2026-03-05T09:00:00Z')
    await t.services.complaints.close(id, handler, {})
    t.clock.set('2026-03-09T12:00:00Z')
    const page = await browser.get(`/complaints/${id}`)
    expect(page.body).toContain('data-qa="action-escalate"')
    const form = await browser.get(`/complaints/${id}/escalate`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('data-qa="reopens"')
    const done = await browser.post(`/complaints/${id}/escalate`, {
      version: versionOf(form.body),
      how: 'email',
    })
    expect(done.statusCode).toBe(303)
    expect((await t.services.complaints.view(id, 'admin')).complaint.state).toBe('stage2_requested')
  })
})

describe('2. new issues as a linked complaint, with the reason (Code 6.8)', () => {
  it('asks why, offering only the reasons that fit, and records the link', async () => {
    const id = await complaint('stage1')
    t.clock.set('2026-03-04T10:00:00Z')
    expect((await browser.get(`/complaints/${id}`)).body).toContain(`href="/complaints/new?linkedFrom=${id}"`)
    const form = await browser.get(`/complaints/new?linkedFrom=${id}`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('data-qa="linked-from"')
    expect(form.body).toContain('value="unrelated"')
    expect(form.body).toContain('value="would_delay"')
    expect(form.body).not.toContain('value="after_response"')
    expect(form.body).toContain('value="Form Conformance"')
    const fields = {
      linkedFrom: id,
      channel: 'phone',
      'received-day': '4',
      'received-month': '3',
      'received-year': '2026',
      receivedTime: '09:30',
      residentName: 'Form Conformance',
      description: 'A neighbour’s dog barks all night',
    }
    const noReason = await browser.post('/complaints/new', fields)
    expect(noReason.statusCode).toBe(422)
    expect(noReason.body).toContain('Code 6.8:')
    expect(noReason.body).toContain('href="#linkReason"')
    const linked = await browser.post('/complaints/new', { ...fields, linkReason: 'unrelated' })
    expect(linked.statusCode).toBe(303)
    const page = await browser.get(linked.headers.location as string)
    expect(page.body).toContain('Follows on from')
    expect(page.body).toContain('The new issues are not related to the earlier complaint')
  })

  it('refuses an unknown earlier complaint', async () => {
    expect((await browser.get('/complaints/new?linkedFrom=not-a-complaint')).statusCode).toBe(404)
  })
})

describe('3. upheld means a remedy (Code 7.1)', () => {
  it('shows the rule beside the remedies when an upheld response has none', async () => {
    const id = await complaint('stage1')
    t.clock.set('2026-03-05T10:00:00Z')
    const form = await browser.get(`/complaints/${id}/respond`)
    const issueId = /name="issue-([0-9a-f-]{36})"/.exec(form.body)?.[1] as string
    const fields = {
      version: versionOf(form.body),
      decision: 'upheld',
      reasons: 'We were slow',
      [`issue-${issueId}`]: 'upheld',
    }
    const res = await browser.post(`/complaints/${id}/respond`, fields)
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain('href="#remedies"')
    expect(res.body).toContain('Code 7.1: a complaint that is upheld means something went wrong')
    const ok = await browser.postWithLetter(`/complaints/${id}/respond`, { ...fields, remedies: 'apology' })
    expect(ok.statusCode).toBe(303)
  })
})

describe('7. forms record when things happened (Code 6.11)', () => {
  it('asks when the stage 2 request came in, defaulting to now, and runs the clock from it', async () => {
    const id = await complaint('stage1_responded')
    t.clock.set('2026-03-12T14:20:00Z')
    const form = await browser.get(`/complaints/${id}/escalate`)
    expect(form.body).toContain('When did the request come in?')
    expect(form.body).toMatch(/name="when-day"[^>]*value="12"/)
    expect(form.body).toContain('value="14:20"')
    const version = versionOf(form.body)
    const when = { 'when-day': '6', 'when-month': '3', 'when-year': '2026', whenTime: '16:30' }
    const future = await browser.post(`/complaints/${id}/escalate`, { version, ...when, 'when-day': '13' })
    expect(future.statusCode).toBe(422)
    expect(future.body).toContain('href="#when"')
    expect(future.body).toContain('requestedAt cannot be in the future')
    const badTime = await browser.post(`/complaints/${id}/escalate`, { version, ...when, whenTime: '25:00' })
    expect(badTime.statusCode).toBe(422)
    expect(badTime.body).toContain('Enter the time as hours and minutes')
    const done = await browser.post(`/complaints/${id}/escalate`, { version, ...when })
    expect(done.statusCode).toBe(303)
    const v = await t.services.complaints.view(id, 'admin')
    expect(v.complaint.escalation?.at.toISOString()).toBe('2026-03-06T16:30:00.000Z')
    expect(v.deadlines.find((d) => d.key === 'stage2Acknowledgement')).toMatchObject({
      start: '2026-03-06',
      due: '2026-03-13',
    })
  })

  it('backdates an acknowledgement and a contact within the API’s rules', async () => {
    t.clock.set('2026-03-02T09:00:00Z')
    const { view } = await t.services.complaints.receive(
      {
        channel: 'letter',
        receivedAt: new Date('2026-03-02T09:00:00Z'),
        description: 'Draughts',
        resident: { name: 'Backdated' },
      },
      handler,
    )
    const id = view.complaint.id
    t.clock.set('2026-03-06T11:00:00Z')
    const contactForm = await browser.get(`/complaints/${id}/contact`)
    const contact = await browser.post(`/complaints/${id}/contact`, {
      version: versionOf(contactForm.body),
      direction: 'outgoing',
      method: 'phone',
      summary: 'Called to arrange a visit',
      'when-day': '3',
      'when-month': '3',
      'when-year': '2026',
      whenTime: '10:15',
    })
    expect(contact.statusCode).toBe(303)
    const ackForm = await browser.get(`/complaints/${id}/acknowledge`)
    const beforeContact = await browser.post(`/complaints/${id}/acknowledge`, {
      version: versionOf(ackForm.body),
      handlerId: handler.id,
      conflictAnswer: 'none',
      issues: 'Draughts',
      outcomesSought: 'New windows',
      'when-day': '2',
      'when-month': '3',
      'when-year': '2026',
      whenTime: '08:00',
    })
    expect(beforeContact.statusCode).toBe(422)
    expect(beforeContact.body).toContain(
      'cannot be before the case’s previous event, which happened at 10:15 on Tuesday 3 March 2026',
    )
    const ack = await browser.postWithLetter(`/complaints/${id}/acknowledge`, {
      version: versionOf(ackForm.body),
      handlerId: handler.id,
      conflictAnswer: 'none',
      issues: 'Draughts',
      outcomesSought: 'New windows',
      'when-day': '4',
      'when-month': '3',
      'when-year': '2026',
      whenTime: '09:00',
    })
    expect(ack.statusCode).toBe(303)
    const v = await t.services.complaints.view(id, 'admin')
    expect(v.deadlines[0]).toMatchObject({ key: 'acknowledgement', status: 'met', metOn: '2026-03-04' })
    expect(v.deadlines[1]).toMatchObject({ key: 'stage1Response', start: '2026-03-04', due: '2026-03-18' })
  })
})
