import { describe, expect, it } from 'vitest'
import { historyOf, steps } from '../../../test/complaintHistories.js'
import { complaintWebhookEvents, webhookBody } from './events.js'

describe('the events a complaint’s steps send', () => {
  it('maps logged, acknowledged (each stage), responded (each stage), escalated and closed, and nothing else', () => {
    const c = historyOf(steps.closed)
    const events = complaintWebhookEvents(c, [], c.events, () => 'e')
    expect(events.map((e) => [e.type, e.key, e.data.stage ?? null])).toEqual([
      ['complaint.logged', 'complaint:c1:1', null],
      ['complaint.acknowledged', 'complaint:c1:2', 1],
      ['complaint.responded', 'complaint:c1:3', 1],
      ['complaint.escalated', 'complaint:c1:4', null],
      ['complaint.acknowledged', 'complaint:c1:5', 2],
      ['complaint.responded', 'complaint:c1:6', 2],
      ['complaint.closed', 'complaint:c1:7', null],
    ])
    // Each at the moment of its step (a day apart in this history).
    expect(events.map((e) => e.occurredAt.toISOString().slice(0, 10))).toEqual([
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
    ])
    expect(complaintWebhookEvents(c, [], [], () => 'e')).toEqual([])
  })

  it('carries the complaint without the resident, the description or anything else personal', () => {
    const c = historyOf(steps.stage1)
    const [logged] = complaintWebhookEvents(c, [], c.events.slice(0, 1), () => 'event-1')
    if (!logged) throw new Error('no event')
    const body = webhookBody(logged)
    expect(body).toEqual({
      id: 'event-1',
      type: 'complaint.logged',
      occurred_at: '2026-03-02T09:15:00.000Z',
      data: {
        complaint: {
          id: 'c1',
          reference: 'CMP-2026-000001',
          stage: 1,
          state: 'stage1',
          channel: 'phone',
          receivedAt: '2026-03-02T09:15:00.000Z',
          receivedOn: '2026-03-02',
          due: {},
        },
      },
    })
    expect(JSON.stringify(body)).not.toMatch(/Asha|Mould/)
  })
})
