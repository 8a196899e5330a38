import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../test/app.js'
import { addCalendarDays, type CalendarDate } from '../../domain/calendar/calendarDate.js'
import { importColumns } from '../../domain/imports/columns.js'
import { csvText } from '../../domain/text/csv.js'

let t: TestApp
beforeAll(async () => {
  t = await createTestApp()
})
afterAll(async () => {
  await t.close()
})

/** The faults planted in the file, and how many rows of each. */
const faults = {
  duplicate: 20,
  responseBeforeReceived: 15,
  escalatedWithoutResponse: 15,
  unknownTenure: 10,
  notADate: 10,
  missingReceived: 10,
  future: 10,
  unknownHandler: 10,
} as const
type Fault = keyof typeof faults
const ROWS = 10_000

/**
 * 10,000 rows: every 100th is a fault (in the order above), the rest one of four stories. All
 * are received on a Monday from 1 September to 24 November 2025 and done by 18 December, when
 * no bank holiday falls, so working days are weekdays:
 *  - A (lcra): acknowledged Tuesday, answered the next Tuesday (5 working days: in time), closed;
 *  - B (lcho): acknowledged Tuesday, answered three weeks later (15 working days: late, 10 allowed);
 *  - C (lcra): as A, escalated the next day, stage 2 acknowledged the day after, and answered
 *    two weeks later (10 working days: in time, 20 allowed);
 *  - D (other): received, not yet acknowledged.
 */
function historyFile() {
  const header = importColumns.map((c) => c.key)
  const rows: string[][] = [header]
  const expected = { A: 0, B: 0, C: 0, D: 0 }
  const planted: Record<Fault, number> = Object.fromEntries(Object.keys(faults).map((k) => [k, 0])) as Record<
    Fault,
    number
  >
  const faultQueue = (Object.keys(faults) as Fault[]).flatMap((f) => Array<Fault>(faults[f]).fill(f))
  for (let i = 0; i < ROWS; i++) {
    const monday = addCalendarDays('2025-09-01', 7 * (i % 13)) as CalendarDate
    const day = (n: number) => addCalendarDays(monday, n)
    const kind = (['A', 'B', 'C', 'D'] as const)[i % 4] as 'A' | 'B' | 'C' | 'D'
    const cells: Record<string, string> = {
      legacy_reference: `OLD-${String(i).padStart(5, '0')}`,
      received_date: monday,
      channel: 'phone',
      resident_name: `Resident ${i}`,
      // Matched to resident records by name and postcode: each row a resident of their own.
      resident_postcode: 'ST4 7QB',
      tenure: { A: 'lcra', B: 'lcho', C: 'lcra', D: 'other' }[kind],
      category: 'repairs',
    }
    if (kind !== 'D') {
      Object.assign(cells, {
        handler: 'stage1@example.org',
        acknowledged_date: day(1),
        stage1_response_date: kind === 'B' ? day(22) : day(8),
        outcome: 'not_upheld',
      })
      if (kind === 'C')
        Object.assign(cells, {
          escalated_date: day(9),
          stage2_handler: 'stage2@example.org',
          stage2_acknowledged_date: day(10),
          final_response_date: day(24),
        })
      else cells.closed_date = kind === 'B' ? day(23) : day(9)
    }
    const fault = i % 100 === 50 ? faultQueue.shift() : undefined
    if (fault) {
      planted[fault]++
      cells.tenure = 'lcra'
      if (fault === 'duplicate') cells.legacy_reference = `OLD-${String(i - 1).padStart(5, '0')}`
      if (fault === 'responseBeforeReceived')
        Object.assign(cells, {
          acknowledged_date: '',
          stage1_response_date: day(-3),
          handler: 'stage1@example.org',
        })
      if (fault === 'escalatedWithoutResponse')
        Object.assign(cells, { stage1_response_date: '', escalated_date: day(9), closed_date: '' })
      if (fault === 'unknownTenure') cells.tenure = 'shared ownership'
      if (fault === 'notADate') cells.received_date = 'last Tuesday'
      if (fault === 'missingReceived') cells.received_date = ''
      if (fault === 'future') cells.received_date = '2026-03-09'
      if (fault === 'unknownHandler')
        Object.assign(cells, { handler: 'left@example.org', acknowledged_date: day(1) })
    } else expected[kind]++
    rows.push(header.map((h) => cells[h] ?? ''))
  }
  return { bytes: new TextEncoder().encode(csvText(rows)), expected, planted }
}

describe('importing a landlord’s complaint history of 10,000 rows', () => {
  it('dry-runs, writes only when confirmed, changes nothing the second time, and counts in the TSM', async () => {
    const admin = await t.createStaff('admin')
    await t.createStaff('handler', 'stage1@example.org')
    await t.createStaff('handler', 'stage2@example.org')
    const actor = { id: admin.id, role: 'admin' as const }
    const file = historyFile()
    expect(file.planted).toEqual(faults)
    const imports = t.services.complaintImports
    const complaints = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('complaints')
            .select((e) => e.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const facts = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('report_facts')
            .select((e) => e.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )

    const id = await imports.upload({ fileName: 'history.csv', bytes: file.bytes }, actor)
    const { report } = await imports.find(id)
    const good = file.expected.A + file.expected.B + file.expected.C + file.expected.D
    expect(good).toBe(9_900)
    expect(report.rows).toBe(ROWS)
    expect(report.wouldCreate).toHaveLength(9_900)
    expect(report.alreadyImported).toHaveLength(0)
    expect(report.refused).toHaveLength(100)
    const refusedFor = (pattern: RegExp) => report.refused.filter((r) => pattern.test(r.rule)).length
    expect(refusedFor(/^Duplicate legacy reference: row \d+ has the same one$/)).toBe(faults.duplicate)
    expect(refusedFor(/^Code 6\.5: the stage 1 response date is before the complaint was received$/)).toBe(
      faults.responseBeforeReceived,
    )
    expect(refusedFor(/^Code 6\.10: escalated without a stage 1 response/)).toBe(
      faults.escalatedWithoutResponse,
    )
    expect(refusedFor(/tenure must be one of: lcra, lcho, other/)).toBe(faults.unknownTenure)
    expect(refusedFor(/^received_date “last Tuesday” is not a date/)).toBe(faults.notADate)
    expect(refusedFor(/^The required column received_date is blank$/)).toBe(faults.missingReceived)
    expect(refusedFor(/^received_date 2026-03-09 is in the future$/)).toBe(faults.future)
    expect(refusedFor(/^handler left@example.org is not an active member of staff$/)).toBe(
      faults.unknownHandler,
    )
    // Row numbers are the file's (the header is row 1): the first fault is the 51st complaint.
    expect(report.refused[0]).toMatchObject({ row: 52, legacyReference: 'OLD-00049' })
    // Nothing is written before someone confirms.
    expect(await complaints()).toBe(0)
    expect(await facts()).toBe(0)

    expect(await imports.confirm(id, actor)).toBe(9_900)
    expect(await complaints()).toBe(9_900)
    // Each complaint joined a resident record of its own, made with its row's tenure.
    const people = await t.database.db
      .selectFrom('complaints')
      .innerJoin('people', 'people.id', 'complaints.person_id')
      .select((e) => [e.fn.countAll().as('n'), e.fn.count('people.id').distinct().as('distinct')])
      .executeTakeFirstOrThrow()
    expect([Number(people.n), Number(people.distinct)]).toEqual([9_900, 9_900])
    await expect(imports.confirm(id, actor)).rejects.toThrow(/confirmed already/)

    // The same file again: every good row already imported, nothing written.
    const again = await imports.upload({ fileName: 'history.csv', bytes: file.bytes }, actor)
    const second = (await imports.find(again)).report
    expect([second.wouldCreate.length, second.alreadyImported.length, second.refused.length]).toEqual([
      0, 9_900, 100,
    ])
    expect(await imports.confirm(again, actor)).toBe(0)
    expect(await complaints()).toBe(9_900)

    // The TSM for 2025/26, worked out from the stories above: A and C are LCRA, B is LCHO; D's
    // tenure is "other". Stage 1: A and C in time, B late; stage 2: C in time. None recorded late.
    const tsm = await t.services.tsm.tsm(2025)
    const { A, B, C } = file.expected
    expect(tsm.lcra).toMatchObject({
      stage1Received: A + C,
      stage1Responses: A + C,
      stage1ResponsesWithinTimescale: A + C,
      stage2Received: C,
      stage2Responses: C,
      stage2ResponsesWithinTimescale: C,
      stage1ResponsesRecordedLate: 0,
      stage2ResponsesRecordedLate: 0,
      ch02Stage1: 100,
      ch02Stage2: 100,
    })
    expect(tsm.lcho).toMatchObject({
      stage1Received: B,
      stage1Responses: B,
      stage1ResponsesWithinTimescale: 0,
      ch02Stage1: 0,
      stage2Received: 0,
    })
  }, 300_000)
})
