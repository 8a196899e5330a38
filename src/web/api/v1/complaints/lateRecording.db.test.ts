import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { apiCaller } from '../../../../../test/api.js'
import { createTestApp, TEST_NOW, type TestApp } from '../../../../../test/app.js'

/**
 * Nothing made to look on time after the fact (api-v1 Conventions, third release):
 * actions recorded more than 2 working days after they happened need a reason and are marked;
 * a late response needs the letter actually sent; a back-dated extension after its deadline
 * needs a senior lead and evidence; the letter the service issues is dated the day it is issued.
 */
let t: TestApp
const people = {} as Record<'handler' | 'lead', { id: string; token: string }>

beforeAll(async () => {
  t = await createTestApp({ apiTokenDays: 3650, lateRecordingDays: 2 })
  for (const [name, role] of [
    ['handler', 'handler'],
    ['lead', 'senior_lead'],
  ] as const) {
    const s = await t.createStaff(role)
    people[name] = {
      id: s.id,
      token: (await t.services.authentication.issueApiToken(s.email, s.password)).token,
    }
  }
})
afterAll(async () => {
  await t.close()
})
afterEach(() => {
  t.clock.set(TEST_NOW)
})

const call = apiCaller(
  () => t,
  () => people.handler.token,
)
const at = (instant: string) => t.clock.set(instant)

/** Logged Mon 2 March 2026, acknowledged Tue 3 March: the stage 1 response is due Tue 17 March. */
async function atStage1() {
  const res = await call('POST', '/api/v1/complaints', {
    channel: 'phone',
    receivedAt: '2026-03-02T09:15:00Z',
    description: 'Black mould in the bedroom keeps coming back.',
    resident: { name: 'Asha Patel', email: 'asha@example.org' },
  })
  expect(res.status).toBe(201)
  const url = `/api/v1/complaints/${res.body.id}`
  at('2026-03-03T10:00:00Z')
  const ack = await call('POST', `${url}/acknowledge`, {
    definition: { issues: ['Recurring black mould'], outcomesSought: ['Treat the cause'] },
  })
  expect(ack.status).toBe(200)
  return { id: res.body.id as string, url }
}

async function attach(id: string, filename: string) {
  const v = await t.services.complaints.attachDocument(
    id,
    { id: people.handler.id, role: 'handler' },
    { filename, bytes: Buffer.from(`%PDF-1.4\n${filename}\n%%EOF\n`) },
  )
  const e = v.complaint.events.at(-1)
  if (e?.type !== 'complaint.document_attached') throw new Error('no document')
  return e.documentId
}

describe('a response recorded late', () => {
  it('is recorded within 2 working days without a reason', async () => {
    const c = await atStage1()
    // Friday 13 March, recorded Tuesday 17 March: 2 working days later.
    at('2026-03-17T09:00:00Z')
    const res = await call('POST', `${c.url}/responses`, {
      decision: 'not_upheld',
      reasons: 'The repair was on time.',
      respondedAt: '2026-03-13T15:00:00Z',
    })
    expect(res.status).toBe(200)
    expect(res.body.events.find((e: { type: string }) => e.type === 'complaint.responded').recordedLate).toBe(
      false,
    )
  })

  it('needs a reason and the letter actually sent, names both, and writes nothing until given', async () => {
    const c = await atStage1()
    // Friday 13 March, recorded Wednesday 18 March: 3 working days later.
    at('2026-03-18T09:00:00Z')
    const body = {
      decision: 'not_upheld',
      reasons: 'The repair was on time.',
      respondedAt: '2026-03-13T15:00:00Z',
    }
    const refused = await call('POST', `${c.url}/responses`, body)
    expect(refused.status).toBe(422)
    expect(refused.body.error.details.map((d: { field: string }) => d.field)).toEqual([
      'recordedLateReason',
      'sentLetterDocumentId',
    ])
    expect(refused.body.error.message).toContain('3 working days after Friday 13 March 2026')
    const before = await call('GET', c.url)
    expect(before.body.state).toBe('stage1')

    const letter = await attach(c.id, 'stage-1-response-as-sent.pdf')
    const res = await call('POST', `${c.url}/responses`, {
      ...body,
      recordedLateReason: 'Posted by the repairs team; the copy reached us on Wednesday',
      sentLetterDocumentId: letter,
    })
    expect(res.status).toBe(200)
    const responded = res.body.events.find((e: { type: string }) => e.type === 'complaint.responded')
    expect(responded).toMatchObject({
      at: '2026-03-13T15:00:00.000Z',
      recordedLate: true,
      recordedLateReason: 'Posted by the repairs team; the copy reached us on Wednesday',
      recordedLateWorkingDays: 3,
      sentLetterDocumentId: letter,
    })
    // The response met its deadline on the day it was sent, but the letter the service issues
    // now is dated the day it is issued, not the day the response claims.
    expect(res.body.deadlines[1]).toMatchObject({ key: 'stage1Response', status: 'met', metOn: '2026-03-13' })
    // The letter the service issues now is not itself recorded late.
    const issuedEvent = res.body.events.find(
      (e: { type: string; kind?: string }) =>
        e.type === 'complaint.letter_issued' && e.kind === 'stage1_response',
    )
    expect(issuedEvent.recordedLate).toBe(false)
    const letters = await t.services.complaints.letters(c.id)
    const issued = letters.find((l) => l.kind === 'stage1_response')
    expect(issued?.issuedAt.toISOString().slice(0, 10)).toBe('2026-03-18')
    expect(issued?.text).toContain('18 March 2026')
    expect(issued?.text).not.toContain('13 March 2026')
  })

  it('refuses a document that is not on the case', async () => {
    const c = await atStage1()
    const other = await atStage1()
    const elsewhere = await attach(other.id, 'other.pdf')
    at('2026-03-18T09:00:00Z')
    const res = await call('POST', `${c.url}/responses`, {
      decision: 'not_upheld',
      reasons: 'The repair was on time.',
      respondedAt: '2026-03-13T15:00:00Z',
      recordedLateReason: 'Posted',
      sentLetterDocumentId: elsewhere,
    })
    expect(res.status).toBe(422)
    expect(res.body.error.details[0]).toMatchObject({ field: 'sentLetterDocumentId' })
  })
})

describe('an extension recorded after the deadline it moves (Code 6.4)', () => {
  it('is refused to a handler whatever date it claims; a senior lead confirms it with evidence', async () => {
    const c = await atStage1()
    // Due Tue 17 March; on Thu 19 March an extension is claimed as agreed on Mon 16 March.
    at('2026-03-19T10:00:00Z')
    const claim = { workingDays: 5, reason: 'Waiting for a damp survey', extendedAt: '2026-03-16T11:00:00Z' }
    const handler = await call('POST', `${c.url}/extensions`, claim)
    expect(handler.status).toBe(422)
    expect(handler.body.error.details[0]).toMatchObject({ field: 'extendedAt', provision: '6.4' })
    expect(handler.body.error.message).toContain('only a senior lead can record it now')
    const overdue = await call('GET', c.url)
    expect(overdue.body.deadlines[1]).toMatchObject({
      key: 'stage1Response',
      status: 'overdue',
      due: '2026-03-17',
    })

    const lead = (body: Record<string, unknown>) =>
      call('POST', `${c.url}/extensions`, body, people.lead.token)
    const noEvidence = await lead(claim)
    expect(noEvidence.status).toBe(422)
    expect(noEvidence.body.error.details[0]).toMatchObject({ field: 'evidenceDocumentId', provision: '6.4' })

    const note = await attach(c.id, 'phone-note-16-march.pdf')
    // Three working days after the date it claims, it is also recorded late: a reason too.
    const noReason = await lead({ ...claim, evidenceDocumentId: note })
    expect(noReason.status).toBe(422)
    expect(noReason.body.error.details[0]).toMatchObject({ field: 'recordedLateReason' })
    const confirmed = await lead({
      ...claim,
      evidenceDocumentId: note,
      recordedLateReason: 'Agreed by phone on the 16th; the handler was then off sick',
    })
    expect(confirmed.status).toBe(200)
    expect(confirmed.body.due.stage1Response).toBe('2026-03-24')
    expect(
      confirmed.body.events.find((e: { type: string }) => e.type === 'complaint.extended'),
    ).toMatchObject({
      evidenceDocumentId: note,
      recordedLate: true,
      recordedLateWorkingDays: 3,
    })
  })
})
