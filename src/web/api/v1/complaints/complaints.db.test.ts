import { sql } from 'kysely'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { apiCaller } from '../../../../../test/api.js'
import { createTestApp, type TestApp } from '../../../../../test/app.js'
import { readMigrations } from '../../../../db/migrate.js'
import { regularBankHolidays } from '../../../../domain/calendar/bankHolidays.js'

let t: TestApp
let handler: { id: string; token: string }
let secondHandler: { id: string; token: string }
let admin: string

async function staff(role: Parameters<TestApp['createStaff']>[0]) {
  const s = await t.createStaff(role)
  const { token } = await t.services.authentication.issueApiToken(s.email, s.password)
  return { id: s.id, token }
}

beforeAll(async () => {
  // Tests below move the clock years ahead; tokens must outlive them.
  t = await createTestApp({ apiTokenDays: 3650 })
  handler = await staff('handler')
  secondHandler = await staff('handler')
  admin = await t.tokenFor('admin')
})
afterAll(async () => {
  await t.close()
})
afterEach(() => {
  t.clock.set('2026-03-02T09:15:00Z')
})

const call = apiCaller(
  () => t,
  () => handler.token,
)

const newComplaint = (overrides: Record<string, unknown> = {}) => ({
  channel: 'phone',
  receivedAt: '2026-03-02T09:15:00Z',
  description: 'Black mould in the bedroom has come back three times since October.',
  resident: { name: 'Asha Patel', email: 'asha@example.org', postcode: 'st4 1aa' },
  outcomeSought: 'Fix the cause of the damp',
  categories: ['damp_and_mould'],
  ...overrides,
})

async function logged(overrides: Record<string, unknown> = {}) {
  const res = await call('POST', '/api/v1/complaints', newComplaint(overrides))
  expect(res.status).toBe(201)
  return res.body
}

const definition = {
  issues: ['Recurring black mould in the bedroom'],
  outcomesSought: ['Treat the mould and fix the cause'],
}

describe('logging a complaint', () => {
  it('returns 201 in state received at stage 1 with the acknowledgement due date explained', async () => {
    const c = await logged()
    expect(c).toMatchObject({
      reference: expect.stringMatching(/^CMP-2026-\d{6}$/),
      state: 'received',
      stage: 1,
      receivedOn: '2026-03-02',
      channel: 'phone',
      version: 1,
      due: { acknowledgement: '2026-03-09' },
      policyVersions: { stage1: 1 },
    })
    expect(c.dueExplained.acknowledgement).toBe(
      'received Mon 2 Mar 2026; 5 working days (Code 6.2, timescales version 1), skipping Sat 7–Sun 8 → Mon 9 Mar 2026',
    )
    expect(c.events).toEqual([
      expect.objectContaining({
        type: 'complaint.received',
        at: '2026-03-02T09:15:00.000Z',
        by: handler.id,
        seq: 1,
      }),
    ])
    expect(c.resident.postcode).toBe('ST4 1AA')
  })

  it('takes the London date of receipt across the clock change (00:30 BST is the next day)', async () => {
    t.clock.set('2026-07-02T09:00:00Z')
    const c = await logged({ receivedAt: '2026-06-30T23:30:00Z' })
    expect(c.receivedOn).toBe('2026-07-01')
    t.clock.set('2026-03-02T09:15:00Z')
  })

  it('gives every complaint its own reference, never reused', async () => {
    const a = await logged()
    const b = await logged()
    expect(a.reference).not.toBe(b.reference)
  })

  it('honours Idempotency-Key: same key and body return the first result, a different body is refused', async () => {
    const headers = { 'idempotency-key': 'crm-4711' }
    const first = await call('POST', '/api/v1/complaints', newComplaint(), handler.token, headers)
    const again = await call('POST', '/api/v1/complaints', newComplaint(), handler.token, headers)
    expect(first.status).toBe(201)
    expect(again.status).toBe(201)
    expect(again.body.id).toBe(first.body.id)
    expect(again.headers['idempotent-replayed']).toBe('true')
    const different = await call(
      'POST',
      '/api/v1/complaints',
      newComplaint({ description: 'Something else' }),
      handler.token,
      headers,
    )
    expect(different.status).toBe(422)
    const list = await call('GET', `/api/v1/complaints?q=${first.body.reference}`)
    expect(list.body.total).toBe(1)
  })

  it('refuses bad input with the rule it broke, writing nothing', async () => {
    const before = (await call('GET', '/api/v1/complaints?pageSize=1')).body.total
    expect((await call('POST', '/api/v1/complaints', newComplaint({ channel: 'pigeon' }))).status).toBe(400)
    const future = await call(
      'POST',
      '/api/v1/complaints',
      newComplaint({ receivedAt: '2026-03-05T09:00:00Z' }),
    )
    expect(future.status).toBe(422)
    expect(future.body.error.message).toMatch(/cannot be in the future/)
    const rep = await call(
      'POST',
      '/api/v1/complaints',
      newComplaint({ representative: { name: ' ', consentGiven: true } }),
    )
    expect(rep.status).toBe(422)
    expect(rep.body.error.details[0]).toMatchObject({ field: 'representative.name' })
    const category = await call('POST', '/api/v1/complaints', newComplaint({ categories: ['weather'] }))
    expect(category.status).toBe(422)
    expect((await call('POST', '/api/v1/complaints', newComplaint(), await t.tokenFor('board'))).status).toBe(
      403,
    )
    expect((await call('GET', '/api/v1/complaints?pageSize=1')).body.total).toBe(before)
  })
})

describe("the case list's total", () => {
  const counted = async () =>
    Number((await sql<{ n: number }>`select count(*) as n from complaints`.execute(t.database.db)).rows[0]?.n)

  it('is every complaint when nothing narrows the list, kept exactly as intakes run at once', async () => {
    const before = (await call('GET', '/api/v1/complaints?pageSize=1')).body.total
    expect(before).toBe(await counted())
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        call('POST', '/api/v1/complaints', newComplaint({ description: `At once ${i}` })),
      ),
    )
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(201))
    const after = (await call('GET', '/api/v1/complaints?pageSize=1')).body.total
    expect(after).toBe(before + 12)
    expect(after).toBe(await counted())
    // A filter that matches them all still counts the rows themselves, and agrees.
    expect((await call('GET', '/api/v1/complaints?pageSize=1&receivedFrom=2000-01-01')).body.total).toBe(
      after,
    )
  })

  it('starts from the complaints already recorded when its migration runs', async () => {
    const migration = readMigrations().find((m) => m.name.includes('complaint_count'))
    expect(migration).toBeDefined()
    await t.database.db
      .transaction()
      .execute(async (trx) => {
        // Undo the migration inside a transaction, run it again over the recorded complaints, then roll back.
        await sql`drop table complaint_count_stripes cascade`.execute(trx)
        await sql`drop function complaint_count_added, complaint_count_removed, complaint_count_emptied cascade`.execute(
          trx,
        )
        await sql.raw(migration?.sql ?? '').execute(trx)
        const kept = await trx
          .selectFrom('complaint_count_stripes')
          .select(sql<number>`sum(n)`.as('n'))
          .executeTakeFirstOrThrow()
        expect(Number(kept.n)).toBeGreaterThan(0)
        expect(Number(kept.n)).toBe(
          Number((await sql<{ n: number }>`select count(*) as n from complaints`.execute(trx)).rows[0]?.n),
        )
        throw new Error('roll back')
      })
      .catch((e: Error) => {
        if (e.message !== 'roll back') throw e
      })
    expect((await call('GET', '/api/v1/complaints?pageSize=1')).body.total).toBe(await counted())
  })
})

describe('the two stages end to end', () => {
  it('acknowledges, extends, responds, escalates, acknowledges at stage 2 with another handler, and gives the final response', async () => {
    const c = await logged()
    const url = `/api/v1/complaints/${c.id}`

    t.clock.set('2026-03-04T10:00:00Z')
    const ack = await call('POST', `${url}/acknowledge`, {
      acknowledgedAt: '2026-03-04T09:30:00Z',
      handlerId: handler.id,
      definition,
    })
    expect(ack.status).toBe(200)
    expect(ack.body).toMatchObject({
      state: 'stage1',
      handlers: { stage1: handler.id },
      due: { acknowledgement: '2026-03-09', stage1Response: '2026-03-18' },
    })
    expect(ack.body.deadlines.find((d: { key: string }) => d.key === 'acknowledgement')).toMatchObject({
      status: 'met',
      metOn: '2026-03-04',
    })

    const noReason = await call('POST', `${url}/extensions`, { workingDays: 5, reason: ' ' })
    expect(noReason.status).toBe(422)
    expect(noReason.body.error.message).toMatch(/^Code 6\.4:/)
    const overCap = await call('POST', `${url}/extensions`, {
      workingDays: 11,
      reason: 'Waiting for a damp survey',
    })
    expect(overCap.status).toBe(422)
    expect(overCap.body.error.details[0]).toMatchObject({ provision: '6.4', field: 'goodReason' })
    const extended = await call('POST', `${url}/extensions`, {
      workingDays: 5,
      reason: 'Waiting for a damp survey',
    })
    expect(extended.status).toBe(200)
    expect(extended.body.due.stage1Response).toBe('2026-03-25')
    expect(extended.body.dueExplained.stage1Response).toContain(
      '15 working days (10 to respond + 5 extension',
    )
    const beyond = await call('POST', `${url}/extensions`, { workingDays: 6, reason: 'Contractor delay' })
    expect(beyond.status).toBe(422)
    const withGood = await call('POST', `${url}/extensions`, {
      workingDays: 6,
      reason: 'Contractor delay',
      goodReason: 'The specialist survey needs scaffolding',
    })
    expect(withGood.status).toBe(200)

    t.clock.set('2026-03-20T10:00:00Z')
    const responded = await call('POST', `${url}/responses`, {
      decision: 'partly_upheld',
      reasons: 'The earlier treatments did not deal with the cause.',
      issueDecisions: [{ issueId: ack.body.definition.stage1.issues[0].id, decision: 'upheld' }],
      remedies: [
        { type: 'apology' },
        { type: 'financial', amount: 150, description: 'For the inconvenience of three failed repairs' },
      ],
      outstandingActions: [{ description: 'Install an extractor fan', dueOn: '2026-04-10' }],
    })
    expect(responded.status).toBe(200)
    expect(responded.body.state).toBe('stage1_responded')
    expect(responded.body.deadlines.find((d: { key: string }) => d.key === 'stage1Response').status).toBe(
      'met',
    )

    const addIssueLate = await call('POST', `${url}/issues`, { summary: 'The fence is broken too' })
    expect(addIssueLate.status).toBe(409)
    expect(addIssueLate.body.error.message).toMatch(/Code 6\.8/)

    t.clock.set('2026-03-23T10:00:00Z')
    const escalated = await call('POST', `${url}/escalations`, {})
    expect(escalated.status).toBe(200)
    expect(escalated.body).toMatchObject({
      state: 'stage2_requested',
      stage: 2,
      due: { stage2Acknowledgement: '2026-03-30' },
    })

    const sameHandler = await call('POST', `${url}/acknowledge`, { handlerId: handler.id, definition })
    expect(sameHandler.status).toBe(422)
    expect(sameHandler.body.error.message).toBe(
      'Code 6.13: the stage 2 handler must not be the person who considered the complaint at stage 1',
    )

    const ack2 = await call(
      'POST',
      `${url}/acknowledge`,
      { handlerId: secondHandler.id, definition },
      secondHandler.token,
    )
    expect(ack2.status).toBe(200)
    expect(ack2.body).toMatchObject({
      state: 'stage2',
      handlers: { stage1: handler.id, stage2: secondHandler.id },
      due: { stage2Response: '2026-04-22' },
    })
    expect(ack2.body.dueExplained.stage2Response).toContain(
      'Fri 3 Apr (Good Friday), Sat 4–Sun 5, Mon 6 (Easter Monday)',
    )

    const final = await call(
      'POST',
      `${url}/responses`,
      {
        decision: 'upheld',
        reasons: 'On review the whole complaint is upheld.',
        remedies: [{ type: 'apology' }],
      },
      secondHandler.token,
    )
    expect(final.status).toBe(200)
    expect(final.body.state).toBe('stage2_responded')

    const letters = await call('GET', `${url}/letters`)
    expect(letters.body.items.map((l: { kind: string }) => l.kind)).toEqual([
      'acknowledgement',
      'extension',
      'extension',
      'stage1_response',
      'stage2_acknowledgement',
      'stage2_response',
    ])
    const [ackLetter, extLetter, , s1Letter, , s2Letter] = letters.body.items.map(
      (l: { text: string }) => l.text,
    )
    expect(ackLetter).toContain('Recurring black mould in the bedroom')
    expect(ackLetter).toContain('Wednesday 18 March 2026')
    expect(extLetter).toContain('Housing Ombudsman Service can be contacted on 0300 111 3000')
    expect(extLetter).toContain('Waiting for a damp survey')
    for (const part of [
      'stage 1',
      'partly upheld',
      'The earlier treatments did not deal with the cause.',
      '£150.00',
      'Install an extractor fan',
      'stage 2',
    ]) {
      expect(s1Letter).toContain(part)
    }
    expect(s2Letter).toContain('This is our final response')
    expect(s2Letter).toContain('www.housing-ombudsman.org.uk')

    const closeWithOpenAction = await call('POST', `${url}/closure`, {})
    expect(closeWithOpenAction.status).toBe(422)
    expect(closeWithOpenAction.body.error.message).toMatch(/^Code 6\.6:/)
    const actionId = final.body.outstandingActions[0].id
    expect(
      (await call('POST', `${url}/outstanding-actions/${actionId}/completion`, { note: 'Fan fitted' }))
        .status,
    ).toBe(200)
    // Code 7.3: the compensation offered at stage 1 is still to pay, so the complaint stays open.
    const closeWithRemedyOwed = await call('POST', `${url}/closure`, {})
    expect(closeWithRemedyOwed.status).toBe(422)
    expect(closeWithRemedyOwed.body.error.message).toMatch(/^Code 7\.3:.*financial remedy \(remedy 1-\d\)/)
    for (const r of (await call('GET', url)).body.remedies.filter(
      (x: { outstanding: boolean }) => x.outstanding,
    ))
      expect(
        (await call('POST', `${url}/remedies/${r.id}/completion`, { note: 'Paid by BACS' })).status,
      ).toBe(200)
    const closed = await call('POST', `${url}/closure`, {})
    expect(closed.body.state).toBe('closed')
    expect((await call('POST', `${url}/notes`, { text: 'Anything' })).status).toBe(409)

    const full = await call('GET', url)
    expect(full.body.events.map((e: { type: string }) => e.type)).toEqual([
      'complaint.received',
      'complaint.acknowledged',
      'complaint.letter_issued',
      'complaint.extended',
      'complaint.letter_issued',
      'complaint.extended',
      'complaint.letter_issued',
      'complaint.responded',
      'complaint.letter_issued',
      'complaint.escalation_requested',
      'complaint.acknowledged',
      'complaint.letter_issued',
      'complaint.responded',
      'complaint.letter_issued',
      'complaint.outstanding_action_completed',
      'complaint.letter_issued',
      'complaint.remedy_done',
      'complaint.closed',
    ])
    t.clock.set('2026-03-02T09:15:00Z')
  })
})

describe('refusals and the rules of time', () => {
  it('refuses only on an exclusion ground, with an explanation, and writes the letter', async () => {
    const c = await logged()
    const url = `/api/v1/complaints/${c.id}/refusal`
    const badGround = await call('POST', url, { reason: 'too_busy', explanation: 'x' })
    expect(badGround.status).toBe(422)
    expect(badGround.body.error.message).toMatch(/^Code 2\.2:/)
    const noExplanation = await call('POST', url, { reason: 'legal_proceedings', explanation: '' })
    expect(noExplanation.status).toBe(422)
    const refused = await call('POST', url, {
      reason: 'legal_proceedings',
      explanation: 'A claim about the same repairs was filed at court on 1 February 2026.',
    })
    expect(refused.status).toBe(200)
    expect(refused.body.state).toBe('not_accepted')
    expect(refused.body.deadlines[0].status).toBe('stopped')
    const letters = await call('GET', `/api/v1/complaints/${c.id}/letters`)
    expect(letters.body.items[0].kind).toBe('refusal')
    expect(letters.body.items[0].text).toContain('legal proceedings about it have started')
    expect(letters.body.items[0].text).toContain('Housing Ombudsman')
  })

  it('answers an action that does not fit the state with 409, naming the provision', async () => {
    const c = await logged()
    const res = await call('POST', `/api/v1/complaints/${c.id}/escalations`, {})
    expect(res.status).toBe(409)
    expect(res.body.error.message).toMatch(/Code 6\.10/)
  })

  it('refuses an action dated in the future or before the previous event (422)', async () => {
    const c = await logged()
    const future = await call('POST', `/api/v1/complaints/${c.id}/acknowledge`, {
      acknowledgedAt: '2026-03-03T09:00:00Z',
      definition,
    })
    expect(future.status).toBe(422)
    const before = await call('POST', `/api/v1/complaints/${c.id}/acknowledge`, {
      acknowledgedAt: '2026-03-01T09:00:00Z',
      definition,
    })
    expect(before.status).toBe(422)
    expect(before.body.error.message).toMatch(/before the case’s previous event/)
  })

  it('answers a stale version with 409 and writes nothing', async () => {
    const c = await logged()
    await call('POST', `/api/v1/complaints/${c.id}/notes`, { text: 'First' })
    const stale = await call('POST', `/api/v1/complaints/${c.id}/notes`, { text: 'Second', version: 1 })
    expect(stale.status).toBe(409)
    expect(stale.body.error.code).toBe('conflict')
    expect((await call('GET', `/api/v1/complaints/${c.id}`)).body.version).toBe(2)
  })

  it('20 people acting on one complaint at once: exactly one succeeds per version, nothing is lost', async () => {
    const c = await logged()
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call('POST', `/api/v1/complaints/${c.id}/notes`, { text: `Note ${i}`, version: 1 }),
      ),
    )
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    expect(results.filter((r) => r.status === 409)).toHaveLength(19)
    const after = await call('GET', `/api/v1/complaints/${c.id}`)
    expect(after.body.version).toBe(2)
    expect(after.body.events.filter((e: { type: string }) => e.type === 'complaint.note_added')).toHaveLength(
      1,
    )

    // Without naming a version, all 20 racing notes are either recorded or refused; none vanish.
    const racing = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call('POST', `/api/v1/complaints/${c.id}/notes`, { text: `Race ${i}` }),
      ),
    )
    const ok = racing.filter((r) => r.status === 200).length
    expect(ok).toBeGreaterThanOrEqual(1)
    expect(racing.every((r) => r.status === 200 || r.status === 409)).toBe(true)
    const final = await call('GET', `/api/v1/complaints/${c.id}`)
    expect(
      final.body.events.filter(
        (e: { type: string; text: string }) => e.type === 'complaint.note_added' && e.text.startsWith('Race'),
      ),
    ).toHaveLength(ok)
  })
})

describe('issues raised later (Code 6.8)', () => {
  it('join the definition before the stage 1 response, and become a new linked complaint after it', async () => {
    const c = await logged()
    const url = `/api/v1/complaints/${c.id}`
    expect(
      (await call('POST', `${url}/issues`, { summary: 'Also: the extractor fan is broken' })).status,
    ).toBe(200)
    t.clock.set('2026-03-03T09:00:00Z')
    const ack = await call('POST', `${url}/acknowledge`, { definition })
    expect(ack.body.definition.stage1.issues.map((i: { summary: string }) => i.summary)).toEqual([
      'Recurring black mould in the bedroom',
      'Also: the extractor fan is broken',
    ])
    const tooEarly = await call('POST', '/api/v1/complaints', newComplaint({ linkedFrom: c.id }))
    expect(tooEarly.status).toBe(422)
    expect(tooEarly.body.error.message).toMatch(/^Code 6\.8:/)
    await call('POST', `${url}/issues`, { summary: 'And the window will not close' })
    await call('POST', `${url}/responses`, {
      decision: 'upheld',
      reasons: 'We will treat the mould and fix the fan.',
      remedies: [{ type: 'apology' }],
    })
    const linked = await call(
      'POST',
      '/api/v1/complaints',
      newComplaint({ linkedFrom: c.id, description: 'The door has now broken too.' }),
    )
    expect(linked.status).toBe(201)
    expect(linked.body.linkedFrom).toEqual({
      complaintId: c.id,
      reference: c.reference,
      reason: 'after_response',
    })
    const original = await call('GET', url)
    expect(original.body.linkedComplaints).toEqual([{ id: linked.body.id, reference: linked.body.reference }])
    expect(original.body.definition.stage1.issues).toHaveLength(3)
  })
})

describe('the record is append-only in the database', () => {
  it('refuses UPDATE and DELETE on events and letters', async () => {
    const c = await logged()
    await call('POST', `/api/v1/complaints/${c.id}/refusal`, {
      reason: 'previously_considered',
      explanation: 'We answered this in CMP-2025-000001.',
    })
    await expect(
      sql`update complaint_events set type = 'x' where complaint_id = ${c.id}`.execute(t.database.db),
    ).rejects.toThrow(/append-only/)
    await expect(
      sql`delete from complaint_events where complaint_id = ${c.id}`.execute(t.database.db),
    ).rejects.toThrow(/append-only/)
    await expect(
      sql`update letters set text = 'changed' where complaint_id = ${c.id}`.execute(t.database.db),
    ).rejects.toThrow(/append-only/)
    await expect(
      sql`delete from letters where complaint_id = ${c.id}`.execute(t.database.db),
    ).rejects.toThrow(/append-only/)
  })
})

describe('lists and the calendar', () => {
  it('filters by state, overdue and search', async () => {
    t.clock.set('2026-03-02T09:15:00Z')
    const c = await logged({ resident: { name: 'Zebedee Quartermaine', postcode: 'ST1 2AB' } })
    const byName = await call('GET', '/api/v1/complaints?q=quartermaine')
    expect(byName.body.items.map((i: { id: string }) => i.id)).toEqual([c.id])
    const byPostcode = await call('GET', '/api/v1/complaints?q=st12ab')
    expect(byPostcode.body.items.map((i: { id: string }) => i.id)).toEqual([c.id])
    expect(byName.body.items[0].nextDeadline).toMatchObject({
      key: 'acknowledgement',
      due: '2026-03-09',
      status: 'due',
      workingDaysLeft: 5,
    })
    t.clock.set('2026-03-10T09:00:00Z')
    const overdue = await call('GET', '/api/v1/complaints?overdue=true&state=received&q=quartermaine')
    expect(overdue.body.items.map((i: { id: string }) => i.id)).toEqual([c.id])
    expect(overdue.body.items[0].nextDeadline).toMatchObject({ status: 'overdue', workingDaysOverdue: 1 })
    const bad = await call('GET', '/api/v1/complaints?state=lost')
    expect(bad.status).toBe(400)
    t.clock.set('2026-03-02T09:15:00Z')
  })

  it('loading a newer bank holiday file moves an open complaint’s deadline, in its view and in the lists', async () => {
    t.clock.set('2028-06-01T09:00:00Z')
    const c = await logged({ receivedAt: '2028-06-01T08:00:00Z', resident: { name: 'Holiday Mover' } })
    expect(c.due.acknowledgement).toBe('2028-06-08')
    const events = [
      ...regularBankHolidays(2028).map((h) => ({
        title: h.title,
        date: h.date,
        notes: h.substitute ? 'Substitute day' : '',
      })),
      { title: 'Bank holiday for a royal occasion', date: '2028-06-05', notes: '' },
    ]
    const loaded = await call(
      'POST',
      '/api/v1/calendar/bank-holidays',
      { 'england-and-wales': { division: 'england-and-wales', events } },
      admin,
    )
    expect(loaded.status).toBe(200)
    const after = await call('GET', `/api/v1/complaints/${c.id}`)
    expect(after.body.due.acknowledgement).toBe('2028-06-09')
    expect(after.body.dueExplained.acknowledgement).toContain('Mon 5 (Bank holiday for a royal occasion)')
    const listed = await call('GET', '/api/v1/complaints?q=holiday%20mover')
    expect(listed.body.items[0].nextDeadline.due).toBe('2028-06-09')
    t.clock.set('2026-03-02T09:15:00Z')
  })
})
