import { describe, expect, it } from 'vitest'
import { datedHistory, definition, received, response } from '../../../test/complaintHistories.js'
import { WorkingDayCalendar } from '../calendar/workingDayCalendar.js'
import { defaultPolicy } from '../policy/timescales.js'
import { remediesOf } from '../remedies/followThrough.js'
import { type CodePanelInput, codePanel, panelSummary } from './codePanel.js'
import type { Complaint } from './complaint.js'
import { complaintDeadlines, residentUpdateDue } from './deadlines.js'
import type { ComplaintEventData } from './events.js'

// March 2026 with no bank holidays: Mon 2, Wed 4, Mon 9, Wed 18, Fri 20, Mon 23, Mon 30.
const calendar = new WorkingDayCalendar({
  firstDate: '2025-01-01',
  lastDate: '2027-12-31',
  holidays: [],
  closures: [],
})
const panel = (c: Complaint, today: string) => {
  const input: CodePanelInput = {
    complaint: c,
    deadlines: complaintDeadlines(c, () => defaultPolicy, calendar, today),
    residentUpdate: residentUpdateDue(c, calendar, today),
    remedies: remediesOf(c, calendar, today),
    calendar,
    today,
  }
  return codePanel(input)
}
const byProvision = (checks: ReturnType<typeof codePanel>) =>
  Object.fromEntries(checks.map((c) => [c.provision, { state: c.state, why: c.why }]))

const acknowledged = (handlerId = 'handler-a', stage: 1 | 2 = 1) =>
  ({ type: 'complaint.acknowledged', stage, handlerId, definition, updateIntervalDays: 5 }) as const

describe("the case's Code panel", () => {
  it('shows a stage 1 complaint acknowledged in time, its response and update at risk two days out', () => {
    // Received Mon 2 March, acknowledged Wed 4 March (due Mon 9 March: met). The response is
    // due 10 working days after the acknowledgement: Wed 18 March. Updates every 5 working
    // days from Wed 4 March: Wed 11 March, so on Mon 16 March the update is 3 days overdue.
    const c = datedHistory('a', [
      ['2026-03-02T09:15:00Z', received],
      ['2026-03-04T10:00:00Z', acknowledged()],
    ])
    const p = byProvision(panel(c, '2026-03-16'))
    expect(p['6.2']).toEqual({ state: 'met', why: 'Done on 4 March 2026; due by 9 March 2026.' })
    expect(p['6.3']).toEqual({ state: 'at_risk', why: 'Due by 18 March 2026: 2 working days left.' })
    expect(p['5.6']).toEqual({
      state: 'met',
      why: 'Defined when acknowledged on 4 March 2026: 1 point to answer.',
    })
    // The response is not yet late: a missed update is against the interval agreed, at risk.
    expect(p['5.9']).toEqual({
      state: 'at_risk',
      why: 'An update was due on 11 March 2026: 3 working days overdue, against the interval agreed.',
    })
    // Once the response is late too, the missed update is a breach of 5.9. On Mon 23 March
    // the response (due Wed 18 March) is 3 working days late; the update, due Wed 11 March, 8.
    expect(byProvision(panel(c, '2026-03-23'))['5.9']).toEqual({
      state: 'breached',
      why: 'An update was due on 11 March 2026: 8 working days overdue, while the response is extended or late.',
    })
    // Nothing is said of what does not apply yet: no stage 2, no remedy, no extension.
    expect(Object.keys(p)).toEqual(['5.6', '5.9', '6.2', '6.3'])
  })

  it('shows a late response, a promised action past its date and a stage 2 with no handler yet', () => {
    // Responded Fri 20 March: 2 working days after Wed 18 March. An action promised for Wed 25
    // March is not done by Mon 30 March. Escalation asked for Mon 23 March: acknowledgement due
    // 5 working days on, Mon 30 March: today.
    const c = datedHistory('b', [
      ['2026-03-02T09:15:00Z', received],
      ['2026-03-04T10:00:00Z', acknowledged()],
      [
        '2026-03-20T10:00:00Z',
        {
          ...(response(1) as Extract<ComplaintEventData, { type: 'complaint.responded' }>),
          outstandingActions: [{ id: 'x1', description: 'Replace the extractor fan', dueOn: '2026-03-25' }],
        },
      ],
      ['2026-03-23T10:00:00Z', { type: 'complaint.escalation_requested', policyVersion: 1 }],
    ])
    const p = byProvision(panel(c, '2026-03-30'))
    expect(p['6.3']).toEqual({
      state: 'breached',
      why: 'Done on 20 March 2026, 2 working days after it was due on 18 March 2026.',
    })
    expect(p['6.6']).toEqual({
      state: 'breached',
      why: '1 action past its date: Replace the extractor fan (due 25 March 2026).',
    })
    expect(p['6.9']?.state).toBe('met')
    expect(p['6.11']).toEqual({ state: 'at_risk', why: 'Due today, 30 March 2026.' })
    expect(p['6.13']).toEqual({
      state: 'due',
      why: 'No stage 2 handler yet: assign someone who did not consider stage 1.',
    })
    expect(panelSummary(panel(c, '2026-03-30'))).toMatchObject({ breached: 2, at_risk: 1 })
  })

  it('breaches 6.13 when the stage 1 handler takes stage 2, and meets it otherwise', () => {
    const history = (stage2Handler: string) =>
      datedHistory('c', [
        ['2026-03-02T09:15:00Z', received],
        ['2026-03-04T10:00:00Z', acknowledged('handler-a')],
        ['2026-03-10T10:00:00Z', response(1)],
        ['2026-03-11T10:00:00Z', { type: 'complaint.escalation_requested', policyVersion: 1 }],
        ['2026-03-12T10:00:00Z', acknowledged(stage2Handler, 2)],
      ])
    expect(byProvision(panel(history('handler-a'), '2026-03-13'))['6.13']?.state).toBe('breached')
    // The person who recorded the stage 1 response considered it too (it was handler-a here, by the history).
    expect(byProvision(panel(history('handler-a'), '2026-03-13'))['6.13']?.why).toBe(
      'The stage 2 handler considered the complaint at stage 1.',
    )
    expect(byProvision(panel(history('handler-b'), '2026-03-13'))['6.13']?.state).toBe('met')
  })

  it('shows a clock stopped by a withdrawal as no longer due, not met and not breached', () => {
    const c = datedHistory('d', [
      ['2026-03-02T09:15:00Z', received],
      ['2026-03-03T10:00:00Z', { type: 'complaint.withdrawn', how: 'phone' }],
    ])
    const p = byProvision(panel(c, '2026-03-30'))
    expect(p['6.2']).toEqual({
      state: 'stopped',
      why: 'Was due on 9 March 2026; the complaint was withdrawn first.',
    })
    expect(p['5.6']).toBeUndefined()
  })

  it('shows an extension decided in time as met, with the Ombudsman told, and the clock moved', () => {
    // Extended by 5 working days on Tue 17 March: the response is due Wed 25 March.
    const c = datedHistory('e', [
      ['2026-03-02T09:15:00Z', received],
      ['2026-03-04T10:00:00Z', acknowledged()],
      [
        '2026-03-17T10:00:00Z',
        { type: 'complaint.extended', stage: 1, workingDays: 5, reason: 'Waiting for a damp survey' },
      ],
    ])
    const p = byProvision(panel(c, '2026-03-18'))
    expect(p['6.4']).toEqual({
      state: 'met',
      why: 'Extended by 5 working days before the response was due: Waiting for a damp survey.',
    })
    expect(p['6.5']?.state).toBe('met')
    expect(p['6.3']).toEqual({ state: 'due', why: 'Due by 25 March 2026: 5 working days left.' })
  })
})
