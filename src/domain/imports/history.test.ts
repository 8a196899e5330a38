import { describe, expect, it } from 'vitest'
import { WorkingDayCalendar } from '../calendar/workingDayCalendar.js'
import { complaintDeadlines } from '../complaints/deadlines.js'
import { defaultPolicy, EARLIER_CODE, earlierCodePolicy } from '../policy/timescales.js'
import { checkHeader, type ImportCells, importColumns, templateRows } from './columns.js'
import { calendarDateOf, type ImportContext, replayImportedHistory, ruleBroken } from './history.js'

const calendar = new WorkingDayCalendar({
  firstDate: '2022-01-01',
  lastDate: '2027-12-31',
  holidays: [],
  closures: [],
})
const handler = { id: 'h1', role: 'handler' as const }
const other = { id: 'h2', role: 'handler' as const }
const importer = { id: 'admin', role: 'admin' as const }
let n = 0
const ctx: ImportContext = {
  now: new Date('2026-12-01T10:00:00Z'),
  today: '2026-12-01',
  importer,
  fileName: 'history.csv',
  importId: 'imp-1',
  complaintId: 'c-1',
  reference: 'CMP-2025-000001',
  staffByEmail: (email) => ({ 'h1@example.org': handler, 'h2@example.org': other })[email],
  categories: [{ code: 'repairs', label: 'Repairs', active: true }],
  grounds: [{ code: 'older_than_12_months', label: 'Older than 12 months', refusesEscalation: false }],
  calendar,
  policyOf: (v) => (v === EARLIER_CODE.version ? earlierCodePolicy : defaultPolicy),
  policyVersionOn: (d) => (d < EARLIER_CODE.endedOn ? EARLIER_CODE.version : 1),
  newId: () => `id-${++n}`,
  entityNamed: (text) => ({ 'north homes': 'entity-north', l0042: 'entity-north' })[text.toLowerCase()],
}

/** Received Mon 3 Nov 2025, acknowledged the next day, answered (not upheld) and closed. */
const good: ImportCells = {
  legacy_reference: 'OLD-1',
  received_date: '2025-11-03',
  channel: 'email',
  resident_name: 'Asha Patel',
  tenure: 'lcra',
  category: 'Repairs',
  handler: 'h1@example.org',
  acknowledged_date: '2025-11-04',
  stage1_response_date: '2025-11-14',
  outcome: 'not upheld',
  closed_date: '2025-11-20',
}
const escalated: ImportCells = {
  ...good,
  closed_date: undefined,
  escalated_date: '2025-11-20',
  stage2_handler: 'h2@example.org',
  stage2_acknowledged_date: '2025-11-24',
  final_response_date: '2025-12-10',
  stage1_outcome: 'not_upheld',
  outcome: 'upheld',
  remedy: 'apology',
}

describe('a row of a complaint history replayed through the domain', () => {
  it('keeps every original date, its legacy reference, and marks it imported by whom, from which file', () => {
    const { complaint, events } = replayImportedHistory(good, ctx)
    expect(complaint.state).toBe('closed')
    expect(complaint.legacyReference).toBe('OLD-1')
    expect(complaint.tenure).toBe('lcra')
    expect(complaint.categories).toEqual(['repairs'])
    expect(events.map((e) => [e.type, e.at.toISOString().slice(0, 10)])).toEqual([
      ['complaint.received', '2025-11-03'],
      ['complaint.acknowledged', '2025-11-04'],
      ['complaint.responded', '2025-11-14'],
      ['complaint.closed', '2025-11-20'],
      ['complaint.imported', '2026-12-01'],
    ])
    expect(events.at(-1)).toMatchObject({ fileName: 'history.csv', by: 'admin', legacyReference: 'OLD-1' })
    // Recorded now, but never "recorded late": it was recorded at the time, in the earlier system.
    expect(events.every((e) => e.recordedAt.getTime() === ctx.now.getTime() && !e.recordedLate)).toBe(true)
    expect(
      complaintDeadlines(complaint, ctx.policyOf, calendar, ctx.today).map((d) => [d.key, d.status]),
    ).toEqual([
      ['acknowledgement', 'met'],
      ['stage1Response', 'met'],
    ])
  })

  it('goes through stage 2 with another handler, the stage 1 response by its handler', () => {
    const { complaint, events } = replayImportedHistory(escalated, ctx)
    expect(complaint.state).toBe('stage2_responded')
    expect(complaint.stages[2]?.handlerId).toBe('h2')
    expect(events.find((e) => e.type === 'complaint.responded' && e.stage === 1)?.by).toBe('h1')
  })

  it('runs to the earlier Code’s clocks when received before 1 April 2024', () => {
    const { complaint } = replayImportedHistory(
      {
        ...good,
        received_date: '2024-03-28',
        acknowledged_date: '03/04/2024',
        stage1_response_date: '2024-04-10',
        closed_date: '',
      },
      ctx,
    )
    expect(complaint.stages[1].policyVersion).toBe(EARLIER_CODE.version)
    // The earlier Code: 10 working days from receipt, not from the acknowledgement.
    const due = complaintDeadlines(complaint, ctx.policyOf, calendar, ctx.today).find(
      (d) => d.key === 'stage1Response',
    )
    expect(due?.start).toBe('2024-03-28')
  })

  it('takes an extension as working days or as the new date', () => {
    for (const extension of [{ stage1_extension_days: '5' }, { stage1_extension_new_date: '2025-11-25' }]) {
      const { complaint } = replayImportedHistory(
        {
          ...good,
          stage1_response_date: '2025-11-24',
          closed_date: '',
          stage1_extension_date: '2025-11-12',
          stage1_extension_reason: 'Waiting for a survey',
          ...extension,
        },
        ctx,
      )
      expect(complaint.stages[1].extensions[0]?.workingDays).toBe(5)
    }
  })

  const refusals: [string, ImportCells, RegExp][] = [
    [
      'missing legacy reference',
      { ...good, legacy_reference: '' },
      /required column legacy_reference is blank/,
    ],
    [
      'missing received date',
      { ...good, received_date: undefined },
      /required column received_date is blank/,
    ],
    [
      'a date that is not a date',
      { ...good, acknowledged_date: '31/02/2025' },
      /acknowledged_date “31\/02\/2025” is not a date/,
    ],
    [
      'a date before the calendar the service keeps',
      { ...good, received_date: '2019-12-31', acknowledged_date: '2020-01-02' },
      /^received_date 2019-12-31 is outside the calendar the service keeps \(2022-01-01 to 2027-12-31\)$/,
    ],
    [
      'a date in the future',
      { ...good, closed_date: '2027-01-04' },
      /closed_date 2027-01-04 is in the future/,
    ],
    [
      'a response before the complaint was received',
      { ...good, acknowledged_date: undefined, stage1_response_date: '2025-11-01' },
      /^Code 6\.5: the stage 1 response date is before the complaint was received/,
    ],
    [
      'escalated without a stage 1 response',
      { ...escalated, stage1_response_date: undefined },
      /^Code 6\.10: escalated without a stage 1 response/,
    ],
    [
      'a final response before escalation',
      { ...escalated, final_response_date: '2025-11-19', stage2_acknowledged_date: '2025-11-19' },
      /^Code 6\.11: the stage 2 acknowledged date is before the complaint was escalated/,
    ],
    ['an unknown tenure', { ...good, tenure: 'freehold' }, /tenure must be one of: lcra, lcho, other/],
    ['an unknown channel', { ...good, channel: 'carrier pigeon' }, /Choose how the complaint was made/],
    [
      'an unknown handler',
      { ...good, handler: 'nobody@example.org' },
      /handler nobody@example.org is not an active member of staff/,
    ],
    ['the same handler at stage 2', { ...escalated, stage2_handler: 'h1@example.org' }, /^Code 6\.13/],
    ['a response with no outcome', { ...good, outcome: undefined }, /outcome is blank/],
    ['upheld with no remedy', { ...good, outcome: 'upheld' }, /^Code 7\.1/],
    [
      'closed with a remedy not yet done',
      { ...good, outcome: 'upheld', remedy: 'financial', remedy_amount: '50' },
      /^Code 7\.3/,
    ],
    [
      'an extension after the response was due',
      {
        ...good,
        stage1_extension_date: '2025-11-28',
        stage1_extension_days: '5',
        stage1_extension_reason: 'x',
        stage1_response_date: '2025-12-01',
        closed_date: '',
      },
      /^Code 6\.4: an extension must be decided/,
    ],
    ['closed and withdrawn', { ...good, withdrawn_date: '2025-11-20' }, /ends once/],
    [
      'refused on a ground not in the list',
      {
        ...good,
        acknowledged_date: '',
        stage1_response_date: '',
        closed_date: '',
        refused_date: '2025-11-05',
        refusal_reason: 'rude',
      },
      /^Code 2\.2/,
    ],
  ]
  for (const [what, cells, rule] of refusals)
    it(`refuses a row with ${what}, naming the rule`, () => {
      let message = ''
      try {
        replayImportedHistory(cells, ctx)
      } catch (error) {
        message = ruleBroken(error)
      }
      expect(message).toMatch(rule)
    })
})

describe('the file', () => {
  it('reads dates as spreadsheets write them', () => {
    expect(calendarDateOf('2025-11-03')).toBe('2025-11-03')
    expect(calendarDateOf('3/11/2025')).toBe('2025-11-03')
    expect(calendarDateOf('2025-02-30')).toBeUndefined()
  })

  it('checks the header first: unknown, repeated and missing required columns', () => {
    expect(checkHeader(['Legacy reference', 'received-date', 'TENURE'])).toEqual([
      'legacy_reference',
      'received_date',
      'tenure',
    ])
    expect(() => checkHeader(['legacy_reference', 'colour', 'tenure', 'Tenure'])).toThrow(
      /“colour” is not a column of the import; tenure is given twice; the required column received_date is missing/,
    )
  })

  it('has a template whose example row imports', () => {
    const [header, example] = templateRows()
    expect(header).toEqual(importColumns.map((c) => c.key))
    const cells = Object.fromEntries((header ?? []).map((h, i) => [h, example?.[i]]).filter(([, v]) => v))
    const { complaint } = replayImportedHistory(
      { ...cells, handler: 'h1@example.org', remedy: 'apology' },
      ctx,
    )
    expect(complaint.state).toBe('closed')
  })
})
