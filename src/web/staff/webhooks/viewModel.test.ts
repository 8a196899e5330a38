import { describe, expect, it } from 'vitest'
import type { WebhooksService } from '../../../services/webhooks/webhooks.js'
import { endpointPage, endpointsPage } from './viewModel.js'

type View = Awaited<ReturnType<WebhooksService['view']>>
const at = new Date('2026-03-02T09:15:00Z')
const endpoint = (status: 'active' | 'paused' | 'removed'): View['endpoint'] => ({
  id: 'e1',
  url: 'https://hms.example.org/hooks',
  description: 'HMS',
  events: ['complaint.logged', 'complaint.closed'],
  secret: 'whsec_x',
  previousSecret: 'whsec_old',
  previousSecretUntil: new Date('2026-03-03T09:15:00Z'),
  status,
  pausedAt: status === 'paused' ? at : null,
  pausedReason: status === 'paused' ? 'Paused by Ann.' : null,
  createdAt: at,
  updatedAt: at,
  removedAt: status === 'removed' ? at : null,
})
const delivery = (over: Partial<View['deliveries'][number]>): View['deliveries'][number] => ({
  id: 'd1',
  status: 'pending',
  attempts: 1,
  nextAttemptAt: new Date('2026-03-02T09:16:00Z'),
  statusCode: 500,
  createdAt: at,
  deliveredAt: null,
  eventId: 'v1',
  type: 'complaint.logged',
  occurredAt: at,
  answer: 'x'.repeat(300),
  error: null,
  durationMs: 12,
  lastAttemptAt: at,
  ...over,
})

describe('an endpoint’s page', () => {
  it('shows each delivery’s event, status, answer (cut at 200 characters) and next try', () => {
    const page = endpointPage({ endpoint: endpoint('active'), deliveries: [delivery({})] }, at)
    expect(page.events).toEqual(['Complaint logged', 'Complaint closed'])
    expect(page.previousSecretUntil).toBe('Tue 3 Mar 2026 at 09:15')
    expect(page.deliveries[0]).toMatchObject({
      event: 'Complaint logged',
      status: { text: 'Being sent' },
      statusCode: '500',
      nextAttempt: 'Mon 2 Mar 2026 at 09:16',
    })
    expect(page.deliveries[0]?.answer).toBe(`${'x'.repeat(200)}…`)
  })

  it('shows a paused endpoint’s pending deliveries as held, with no next try, and its error over its answer', () => {
    const page = endpointPage(
      {
        endpoint: endpoint('paused'),
        deliveries: [
          delivery({ type: 'webhook.test', statusCode: null, error: 'No answer within 10 seconds' }),
        ],
      },
      new Date('2026-03-04T00:00:00Z'),
    )
    expect(page.active).toBe(false)
    expect(page.pausedReason).toBe('Paused by Ann.')
    expect(page.previousSecretUntil).toBeUndefined()
    expect(page.deliveries[0]).toMatchObject({
      event: 'Test ping',
      status: { text: 'Held while paused' },
      statusCode: '',
      answer: 'No answer within 10 seconds',
      nextAttempt: '',
    })
  })

  it('lists endpoints with what needs attention', () => {
    const { rows } = endpointsPage([{ ...endpoint('paused'), failing: 1, held: 3 }])
    expect(rows[0]).toMatchObject({ active: false, problems: '1 delivery failed; 3 events held' })
  })
  it('offers Send again only for a delivery done with, to an endpoint that is sending', () => {
    const deliveries = (['delivered', 'failed', 'pending', 'held', 'cancelled'] as const).map((status) =>
      delivery({ id: status, status }),
    )
    const offered = (status: 'active' | 'paused' | 'removed') =>
      endpointPage({ endpoint: endpoint(status), deliveries }, at)
        .deliveries.filter((d) => d.mayRedeliver)
        .map((d) => d.id)
    expect(offered('active')).toEqual(['delivered', 'failed'])
    expect(offered('paused')).toEqual([])
    expect(offered('removed')).toEqual([])
  })

  it('shows a removed endpoint as removed, when, and its cancelled deliveries as not sent', () => {
    const page = endpointPage(
      { endpoint: endpoint('removed'), deliveries: [delivery({ status: 'cancelled' })] },
      at,
    )
    expect(page).toMatchObject({ removed: true, active: false, removedAt: 'Mon 2 Mar 2026 at 09:15' })
    expect(page.tag).toEqual({ text: 'Removed', classes: 'govuk-tag--grey' })
    expect(page.deliveries[0]?.status.text).toBe('Not sent: endpoint removed')
    const list = endpointsPage([], [{ ...endpoint('removed'), failing: 0, held: 0 }])
    expect(list.removedRows).toEqual([
      {
        id: 'e1',
        description: 'HMS',
        url: 'https://hms.example.org/hooks',
        removedAt: 'Mon 2 Mar 2026 at 09:15',
      },
    ])
  })
})
