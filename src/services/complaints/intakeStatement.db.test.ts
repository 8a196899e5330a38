import { type RawNode, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp, testConfig } from '../../../test/app.js'
import { createServices, type Services } from '../index.js'

/**
 * Logging a complaint reads once and writes once: the resident's record, the complaint's row,
 * its events and its report facts go in one statement, so a failure anywhere leaves none of them.
 */
let t: TestApp
let counted: Services
let handler: { id: string; role: 'handler'; name: string }
const executed: string[] = []
let sent: string[] = []
/** Run after intake's read and before its write, as another writer would. */
let meanwhile: (() => Promise<void>) | undefined
let queued: Promise<void> | undefined
beforeAll(async () => {
  t = await createTestApp()
  const db = t.database.db.withPlugin({
    transformQuery: (args) => {
      if (args.node.kind === 'RawNode') executed.push((args.node as RawNode).sqlFragments.join('?'))
      else executed.push(args.node.kind)
      return args.node
    },
    transformResult: async (args) => {
      // Queries nested in a statement are transformed as it is built; the last is the one sent.
      const last = executed.at(-1) ?? ''
      sent.push(last)
      if (meanwhile && last.includes('with hit as')) {
        const run = meanwhile()
        meanwhile = undefined
        // The embedded database is one connection, held here: its other writer queues for it
        // first, ahead of the intake's write. A server runs it now, on another connection.
        if (t.database.kind === 'postgres') await run
        else queued = run
      }
      return args.result
    },
  })
  counted = createServices({ db, clock: t.clock, config: testConfig })
  const staff = await t.createStaff('handler')
  const named = await sql<{ name: string }>`select name from users where id = ${staff.id}`.execute(
    t.database.db,
  )
  handler = { id: staff.id, role: 'handler', name: named.rows[0]?.name ?? '' }
})
afterAll(async () => {
  await t.close()
})

const intake = (n: number, extra: { needs?: ['large_print'] } = {}) => ({
  channel: 'phone',
  receivedAt: new Date('2026-03-02T09:00:00Z'),
  description: `The lift has been broken for a week (${n})`,
  resident: { name: 'Ada Statement', email: 'ada.statement@example.org' },
  ...(extra.needs ? { adjustments: { needs: extra.needs } } : {}),
})

const counts = async () => {
  const { rows } = await sql<{ complaints: number; events: number; facts: number; personEvents: number }>`
    select (select count(*)::int from complaints) as complaints,
      (select count(*)::int from complaint_events) as events,
      (select count(*)::int from report_facts) as facts,
      (select count(*)::int from person_events) as "personEvents"`.execute(t.database.db)
  return rows[0] as (typeof rows)[number]
}

describe('logging a complaint in one statement', () => {
  it('reads what it needs in one statement and writes everything in one more', async () => {
    t.clock.set('2026-03-02T09:15:00Z')
    await counted.complaints.receive(intake(0), handler) // the rules in force, built once
    sent = []
    const { view } = await counted.complaints.receive(intake(1), handler)
    expect(sent).toHaveLength(2)
    expect(sent[0]).toContain('with hit as')
    expect(sent[1]).toMatch(/^\? with \? select 1$/) // the mark to prepare it, then the writes
    expect(view.complaint.personId).toBeTruthy()
    expect(view.staffNames.get(handler.id)).toBe(handler.name)
    const stored = await t.services.complaints.view(view.complaint.id, 'handler')
    expect(stored.complaint.events).toHaveLength(1)
    expect(stored.complaint.reference).toBe(view.complaint.reference)
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from report_facts
      where complaint_id = ${view.complaint.id}`.execute(t.database.db)
    expect(rows[0]?.n).toBeGreaterThan(0)
  })

  it('joins the same resident record each time, and counts the earlier complaints for triage (Code 6.1)', async () => {
    const first = await t.services.complaints.receive(intake(2), handler)
    const second = await t.services.complaints.receive(intake(3), handler)
    expect(second.view.complaint.personId).toBe(first.view.complaint.personId)
    const repeat = second.view.complaint.triage.suggested?.flags.find((f) => f.flag === 'Repeat complainant')
    expect(repeat?.reasons.join(' ')).toContain('3 earlier complaints from this resident') // 0, 1 and 2
  })

  it('takes the landlord’s categories from the same read, refusing one it does not have', async () => {
    const { rows } = await sql<{ code: string }>`select code from complaint_categories where active
      order by position limit 1`.execute(t.database.db)
    const code = rows[0]?.code as string
    const { view } = await counted.complaints.receive({ ...intake(6), categories: [code] }, handler)
    expect(view.complaint.categories).toEqual([code])
    await expect(
      counted.complaints.receive({ ...intake(7), categories: ['no_such_category'] }, handler),
    ).rejects.toMatchObject({ status: 422, message: expect.stringContaining('complaint categories') })
  })

  it('writes nothing when the resident record changed between its read and its write', async () => {
    const { view } = await t.services.complaints.receive(intake(4), handler)
    const personId = view.complaint.personId as string
    const before = await counts()
    meanwhile = async () => {
      // Another writer appends to the record at the number this intake will want, in one statement.
      await sql`with moved as (update people set version = version + 1 where id = ${personId} returning version)
        insert into person_events (person_id, seq, type, at, actor_id, data)
        select ${personId}, version, 'person.details_changed', now(), null,
          ${JSON.stringify({ details: { name: 'Ada Statement', email: 'ada.statement@example.org' } })}::jsonb
        from moved`.execute(t.database.db)
    }
    // Asking for large print agrees an adjustment on the record: a change to it.
    await expect(
      counted.complaints.receive(intake(5, { needs: ['large_print'] }), handler),
    ).rejects.toMatchObject({
      status: 409,
    })
    await queued
    expect(meanwhile).toBeUndefined()
    expect(await counts()).toEqual({ ...before, personEvents: before.personEvents + 1 })
    // Tried again, it goes in.
    const again = await counted.complaints.receive(intake(5, { needs: ['large_print'] }), handler)
    expect(again.view.complaint.personId).toBe(personId)
    expect(await counts()).toMatchObject({
      complaints: before.complaints + 1,
      personEvents: before.personEvents + 2,
    })
  })
})
