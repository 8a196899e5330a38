import { readFileSync } from 'node:fs'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiCaller } from '../../../test/api.js'
import { createTestApp, type TestApp } from '../../../test/app.js'
import { paths } from '../../paths.js'
import { type RegisterCursor, remediesService } from './register.js'

/**
 * The remedy register kept beside the events: worked by hand on four complaints, its
 * totals over the whole register, its pages in order, and its kept rows and day counts the same
 * as the events make them.
 */
let t: TestApp
let token: string
let officerId: string
const api = apiCaller(
  () => t,
  () => token,
)

/** A complaint received and acknowledged on Monday 2 March 2026, then answered on `respondedAt`. */
async function responded(
  name: string,
  respondedAt: string,
  response: { decision: string; remedies: Record<string, unknown>[] },
) {
  t.clock.set('2026-03-02T09:15:00Z')
  const created = await api('POST', '/api/v1/complaints', {
    channel: 'phone',
    receivedAt: '2026-03-02T09:00:00Z',
    description: 'The boiler failed three times',
    resident: { name },
  })
  const url = `/api/v1/complaints/${created.body.id}`
  const acknowledged = await api('POST', `${url}/acknowledge`, {
    handlerId: officerId,
    definition: { issues: ['Boiler repairs'], outcomesSought: ['A working boiler'] },
  })
  expect(acknowledged.status, JSON.stringify(acknowledged.body)).toBe(200)
  t.clock.set(respondedAt)
  const answered = await api('POST', `${url}/responses`, { reasons: 'We looked into it.', ...response })
  expect(answered.status, JSON.stringify(answered.body)).toBe(200)
  return { id: created.body.id as string, url }
}

let ada: string
let ben: string
let dee: string

beforeAll(async () => {
  t = await createTestApp({ apiTokenDays: 3650 })
  const officer = await t.createStaff('complaints_officer')
  officerId = officer.id
  token = (await t.services.authentication.issueApiToken(officer.email, officer.password)).token
  // Ada: upheld on Mon 9 March; the apology is given in the letter, £250 and a record still owed.
  ada = (
    await responded('Ada Obi', '2026-03-09T10:00:00Z', {
      decision: 'upheld',
      remedies: [
        { type: 'apology' },
        { type: 'financial', amount: 250, description: 'For the failed repairs' },
        { type: 'record_amended', description: 'Correct the repairs history' },
      ],
    })
  ).id
  // Ben: upheld on Tue 10 March; he declines the £100, and the action on the delay is done.
  const b = await responded('Ben Ash', '2026-03-10T10:00:00Z', {
    decision: 'upheld',
    remedies: [
      { type: 'financial', amount: 100, description: 'For the delay' },
      { type: 'action_on_delay', description: 'Chase the contractor' },
    ],
  })
  ben = b.id
  t.clock.set('2026-03-12T10:00:00Z')
  expect((await api('POST', `${b.url}/remedies/1-1/answer`, { answer: 'declined' })).status).toBe(200)
  expect((await api('POST', `${b.url}/remedies/1-2/completion`, { note: 'Chased' })).status).toBe(200)
  // Cai: not upheld on Wed 11 March, nothing offered.
  await responded('Cai Day', '2026-03-11T10:00:00Z', { decision: 'not_upheld', remedies: [] })
  // Dee: upheld on Mon 9 March; £80 paid on 20 March, £30 of it set against arrears as she agreed.
  const d = await responded('Dee Fox', '2026-03-09T11:00:00Z', {
    decision: 'upheld',
    remedies: [{ type: 'financial', amount: 80, description: 'For the leak' }],
  })
  dee = d.id
  t.clock.set('2026-03-20T10:00:00Z')
  const paid = await api('POST', `${d.url}/remedies/1-1/completion`, {
    offsetAgainstArrears: 30,
    residentAgreedOffset: true,
  })
  expect(paid.status, JSON.stringify(paid.body)).toBe(200)
  // Ada's remedies fell due on Wed 8 April (20 working days after 9 March): two days overdue.
  t.clock.set('2026-04-10T09:00:00Z')
}, 120_000)

afterAll(async () => {
  await t?.close()
})

const idsOf = (items: { complaintId: string; remedyId?: string }[]) =>
  items.map((i) => `${i.complaintId === ada ? 'Ada' : i.complaintId === ben ? 'Ben' : 'Dee'} ${i.remedyId}`)

describe('the remedy register, kept beside the events (Code 7.1–7.3)', () => {
  it('shows what is still to do, soonest due first, with totals worked out by hand', async () => {
    const owed = await api('GET', '/api/v1/remedies')
    expect(idsOf(owed.body.items)).toEqual(['Ada 1-2', 'Ada 1-3'])
    expect(owed.body.items.map((i: { dueOn: string; overdue: boolean }) => [i.dueOn, i.overdue])).toEqual([
      ['2026-04-08', true],
      ['2026-04-08', true],
    ])
    expect(owed.body.totals).toEqual({
      owedCount: 2,
      overdueCount: 2,
      owedMoney: 250,
      paidMoney: 0,
      offsetMoney: 0,
    })
    expect(owed.body.next).toBeNull()
  })

  it('shows every remedy, latest due first, with what was paid and set against arrears', async () => {
    const all = await api('GET', '/api/v1/remedies?show=all')
    // Ben's (offered 10 March) fall due a day after Ada's and Dee's (9 March); Ada answered first.
    expect(idsOf(all.body.items)).toEqual(['Ben 1-2', 'Ben 1-1', 'Dee 1-1', 'Ada 1-3', 'Ada 1-2', 'Ada 1-1'])
    expect(all.body.items.map((i: { status: string }) => i.status)).toEqual([
      'done',
      'declined',
      'done',
      'offered',
      'offered',
      'done',
    ])
    expect(all.body.items[2]).toMatchObject({ doneOn: '2026-03-20', amount: 80, offsetAgainstArrears: 30 })
    expect(all.body.totals).toEqual({
      owedCount: 2,
      overdueCount: 2,
      owedMoney: 250,
      paidMoney: 80,
      offsetMoney: 30,
    })
  })

  it('does not count a remedy as overdue before the day after it falls due', async () => {
    t.clock.set('2026-04-08T09:00:00Z')
    const onTheDay = await api('GET', '/api/v1/remedies')
    expect(onTheDay.body.totals).toMatchObject({ owedCount: 2, overdueCount: 0 })
    expect(onTheDay.body.items.some((i: { overdue: boolean }) => i.overdue)).toBe(false)
    t.clock.set('2026-04-10T09:00:00Z')
  })

  it('pages through the register a few at a time to the same rows in the same order, either way', async () => {
    const small = remediesService({
      db: t.database.db,
      clock: t.clock,
      calendar: t.services.calendar,
      registerPage: 2,
    })
    for (const owed of [true, false]) {
      const whole = await t.services.remedies.register({ owed })
      const seen: string[] = []
      let after: RegisterCursor | undefined
      for (let page = 0; page < 10; page++) {
        const p = await small.register({ owed, after })
        expect(p.entries.length).toBeLessThanOrEqual(2)
        expect(p.totals).toEqual(whole.totals)
        seen.push(...idsOf(p.entries))
        after = p.next
        if (!after) break
      }
      expect(seen).toEqual(idsOf(whole.entries))
    }
  })

  it('refuses a page link it did not make', async () => {
    const forged = Buffer.from(JSON.stringify(['yesterday', 'x', 1, 1, '', '', ''])).toString('base64url')
    expect((await api('GET', `/api/v1/remedies?after=${forged}`)).status).toBe(400)
  })

  it('keeps each day’s counts equal to its rows, and the rows equal to what the events make', async () => {
    const recount = await sql<{ offered_on: string; n: number }>`
      select (offered_at at time zone 'Europe/London')::date::text as offered_on,
        count(*) filter (where upheld and position = 1)::int as upheld_remedied,
        count(*) filter (where owed)::int as owed,
        coalesce(sum(amount) filter (where owed), 0)::numeric(14, 2)::text as owed_amount,
        coalesce(sum(amount) filter (where status = 'done'), 0)::numeric(14, 2)::text as paid_amount,
        coalesce(sum(offset_against_arrears), 0)::numeric(14, 2)::text as offset_amount
      from remedy_register group by 1 order by 1`.execute(t.database.db)
    const kept = await sql`
      select offered_on::text, upheld_remedied, owed, owed_amount::text, paid_amount::text, offset_amount::text
      from remedy_register_days where owed <> 0 or upheld_remedied <> 0 or paid_amount <> 0
      order by 1`.execute(t.database.db)
    expect(kept.rows).toEqual(recount.rows)
    expect(kept.rows).toEqual([
      {
        offered_on: '2026-03-09',
        upheld_remedied: 2,
        owed: 2,
        owed_amount: '250.00',
        paid_amount: '80.00',
        offset_amount: '30.00',
      },
      {
        offered_on: '2026-03-10',
        upheld_remedied: 1,
        owed: 0,
        owed_amount: '0.00',
        paid_amount: '0.00',
        offset_amount: '0.00',
      },
    ])

    // The rows the migration worked out from the events for data already there are the rows the
    // service keeps as it records each step.
    const migration = readFileSync(
      `${paths.migrations}/0038_remedy_register_and_assessment_indexes.sql`,
      'utf8',
    )
    const backfill = /insert into remedy_register \([\s\S]*?where r\.type = 'complaint\.responded';/.exec(
      migration,
    )?.[0]
    expect(backfill).toBeDefined()
    const rows = () =>
      sql`select * from remedy_register order by complaint_id, stage, position`.execute(t.database.db)
    const kept2 = (await rows()).rows
    expect(kept2).toHaveLength(6)
    await sql`delete from remedy_register`.execute(t.database.db)
    await sql.raw(backfill as string).execute(t.database.db)
    expect((await rows()).rows).toEqual(kept2)
  })

  it('gives the self-assessment the upheld responses that offered a remedy (Code 7.1)', async () => {
    const measures = await t.services.selfAssessment.measures(2025)
    expect(measures['7.1']?.[0]).toMatchObject({ value: '100% (3 of 3)' })
    expect(measures['7.1']?.[0]?.concern).toBeUndefined()
    expect(measures['7.3']?.[0]).toMatchObject({ value: '3' })
    expect(dee).toBeDefined()
  })
})
