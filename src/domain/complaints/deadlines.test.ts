import { describe, expect, it } from 'vitest'
import { holidaysForRange } from '../calendar/bankHolidays.js'
import { shippedBankHolidays } from '../calendar/shippedHolidays.js'
import { WorkingDayCalendar } from '../calendar/workingDayCalendar.js'
import { codeMaxima, defaultPolicy, type PolicyValues } from '../policy/timescales.js'
import { foldComplaint } from './complaint.js'
import { complaintDeadlines, internalTargetDeadlines, openDeadline } from './deadlines.js'
import type { ComplaintEvent, ComplaintEventData } from './events.js'

const calendar = new WorkingDayCalendar({
  firstDate: '2019-01-01',
  lastDate: '2035-12-31',
  holidays: holidaysForRange(shippedBankHolidays().holidays, 2019, 2035),
  closures: [],
})
const policies: Record<number, PolicyValues> = {
  1: defaultPolicy,
  2: {
    ...codeMaxima,
    acknowledgeDays: 3,
    internalTargets: [{ name: 'First contact', workingDays: 2, countedFrom: 'received' }],
  },
}
const policyOf = (v: number) => policies[v] ?? defaultPolicy

function complaint(events: [string, ComplaintEventData][], version = 1) {
  const all: ComplaintEvent[] = [
    [
      '2026-12-18T10:00:00Z',
      {
        type: 'complaint.received',
        reference: 'CMP-2026-000001',
        channel: 'email',
        receivedAt: '2026-12-18T10:00:00Z',
        description: 'd',
        resident: { name: 'R' },
        categories: [],
        policyVersion: version,
      },
    ] as [string, ComplaintEventData],
    ...events,
  ].map(([at, data], i) => ({ ...data, seq: i + 1, at: new Date(at), recordedAt: new Date(at), by: 'u' }))
  return foldComplaint('c', all)
}
const definition = { issues: [{ id: 'i', summary: 's' }], outcomesSought: ['o'], notResponsibleFor: [] }

describe('deadlines derived from the events', () => {
  it('the acknowledgement is due 5 working days after receipt, skipping Christmas, and says so', () => {
    const [ack] = complaintDeadlines(complaint([]), policyOf, calendar, '2026-12-21')
    expect(ack).toMatchObject({
      key: 'acknowledgement',
      due: '2026-12-29',
      status: 'due',
      workingDaysLeft: 4,
      provision: '6.2',
    })
    expect(ack?.explanation).toBe(
      'received Fri 18 Dec 2026; 5 working days (Code 6.2, timescales version 1), skipping Sat 19–Sun 20, Fri 25 (Christmas Day), Sat 26–Sun 27, Mon 28 (Boxing Day, substitute) → Tue 29 Dec 2026',
    )
  })

  it('is overdue after its day, met on or before it, met late after it', () => {
    expect(complaintDeadlines(complaint([]), policyOf, calendar, '2026-12-30')[0]).toMatchObject({
      status: 'overdue',
      workingDaysOverdue: 1,
    })
    const onTime = complaint([
      ['2026-12-29T16:00:00Z', { type: 'complaint.acknowledged', stage: 1, handlerId: 'h', definition }],
    ])
    expect(complaintDeadlines(onTime, policyOf, calendar, '2027-01-05')[0]).toMatchObject({
      status: 'met',
      metOn: '2026-12-29',
    })
    const late = complaint([
      ['2026-12-30T09:00:00Z', { type: 'complaint.acknowledged', stage: 1, handlerId: 'h', definition }],
    ])
    const [ack, response] = complaintDeadlines(late, policyOf, calendar, '2027-01-05')
    expect(ack).toMatchObject({ status: 'met_late', metOn: '2026-12-30' })
    expect(response).toMatchObject({
      key: 'stage1Response',
      start: '2026-12-30',
      due: '2027-01-14',
      status: 'due',
    })
    expect(openDeadline([ack, response].filter((d) => d !== undefined))?.key).toBe('stage1Response')
  })

  it('stops the clock when the complaint is withdrawn', () => {
    const withdrawn = complaint([['2026-12-21T09:00:00Z', { type: 'complaint.withdrawn', how: 'phone' }]])
    expect(complaintDeadlines(withdrawn, policyOf, calendar, '2027-02-01')[0]?.status).toBe('stopped')
  })

  it('keeps the policy version the stage started under', () => {
    const [ack] = complaintDeadlines(complaint([], 2), policyOf, calendar, '2026-12-21')
    expect(ack).toMatchObject({ workingDays: 3, due: '2026-12-23', policyVersion: 2 })
    const [target] = internalTargetDeadlines(complaint([], 2), policyOf, calendar, '2026-12-21')
    expect(target).toMatchObject({ name: 'First contact', due: '2026-12-22', status: 'due' })
  })
})
