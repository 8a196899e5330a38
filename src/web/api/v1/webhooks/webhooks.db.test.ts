import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiCaller } from '../../../../../test/api.js'
import { createTestApp, type TestApp } from '../../../../../test/app.js'
import {
  type Received,
  webhookReceiver as receiver,
  verifiedDelivery as verify,
  type WebhookReceiver,
} from '../../../../../test/webhookReceiver.js'
import { londonDateOf } from '../../../../domain/calendar/calendarDate.js'
import { MAX_DELIVERY_ATTEMPTS, retryDelayMs } from '../../../../domain/webhooks/delivery.js'
import { webhookEventTypes } from '../../../../domain/webhooks/events.js'

let t: TestApp
let adminToken: string
let handlerToken: string
const receivers: WebhookReceiver[] = []

beforeAll(async () => {
  t = await createTestApp({ apiTokenDays: 3650 })
  adminToken = await t.tokenFor('admin')
  handlerToken = await t.tokenFor('handler')
})
afterAll(async () => {
  await t.close()
  for (const r of receivers) await r.close()
})

const call = apiCaller(
  () => t,
  () => adminToken,
)
const nowSeconds = () => Math.floor(t.clock.now().getTime() / 1000)

async function endpointFor(events: string[], answers: number[] = []) {
  const r = await receiver(answers)
  receivers.push(r)
  const res = await call('POST', '/api/v1/webhooks', {
    url: r.url,
    description: 'Housing management system',
    events,
  })
  expect(res.status).toBe(201)
  return { ...r, id: res.body.id as string, secret: res.body.secret as string }
}

/** Pauses an endpoint once its test is done, so later tests' events are held for it, not sent. */
const done = async (e: { id: string }) =>
  expect((await call('POST', `/api/v1/webhooks/${e.id}/pause`)).status).toBe(200)

async function logComplaint(name = 'Asha Patel') {
  const res = await call(
    'POST',
    '/api/v1/complaints',
    {
      channel: 'phone',
      receivedAt: t.clock.now().toISOString(),
      description: 'Black mould in the bedroom has come back three times since October.',
      resident: { name, email: 'asha@example.org' },
    },
    handlerToken,
  )
  expect(res.status).toBe(201)
  return res.body as { id: string; reference: string; due: { acknowledgement: string } }
}

const bodiesOf = (r: { received: Received[] }) => r.received.map((x) => JSON.parse(x.body))

describe('registering endpoints', () => {
  it('is for administrators only, needs https (or http to this machine) and names each field at fault', async () => {
    const asHandler = await call(
      'POST',
      '/api/v1/webhooks',
      { url: 'https://hms.example.org/hooks', description: 'HMS', events: ['complaint.logged'] },
      handlerToken,
    )
    expect(asHandler.status).toBe(403)
    const plain = await call('POST', '/api/v1/webhooks', {
      url: 'http://hms.example.org/hooks',
      description: ' ',
      events: ['complaint.logged'],
    })
    expect(plain.status).toBe(422)
    expect(plain.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'description',
      'url',
    ])
    const ok = await call('POST', '/api/v1/webhooks', {
      url: 'https://hms.example.org/hooks',
      description: 'HMS',
      events: ['complaint.closed'],
    })
    expect(ok.status).toBe(201)
    expect(ok.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/)
    const list = await call('GET', '/api/v1/webhooks')
    expect(list.body.items.map((e: { id: string }) => e.id)).toContain(ok.body.id)
    expect(list.body.items[0]).not.toHaveProperty('secret')
    await done(ok.body)
  })
})

describe('delivering events', () => {
  it('sends a logged complaint once, signed, to the endpoint that wants it and nothing to one that does not', async () => {
    const wants = await endpointFor(['complaint.logged'])
    const closedOnly = await endpointFor(['complaint.closed'])
    const c = await logComplaint()
    await t.jobs.runDue()
    await t.jobs.runDue()
    expect(closedOnly.received).toHaveLength(0)
    expect(wants.received).toHaveLength(1)
    const [delivery] = wants.received
    if (!delivery) throw new Error('no delivery')
    expect(verify(wants.secret, delivery, nowSeconds())).toBe(true)
    const body = JSON.parse(delivery.body)
    expect(delivery.headers['webhook-id']).toBe(body.id)
    expect(body).toMatchObject({
      type: 'complaint.logged',
      occurred_at: expect.any(String),
      data: { complaint: { id: c.id, reference: c.reference, stage: 1, state: 'received', due: c.due } },
    })
    // No more personal data than the API gives, and here none at all.
    expect(delivery.body).not.toContain('Asha')
    expect(delivery.body).not.toContain('asha@example.org')

    // A tampered body, the wrong secret or an old timestamp fails the receiver's check.
    expect(
      verify(
        wants.secret,
        { ...delivery, body: delivery.body.replace(c.reference, 'CMP-0000') },
        nowSeconds(),
      ),
    ).toBe(false)
    expect(verify(closedOnly.secret, delivery, nowSeconds())).toBe(false)
    expect(verify(wants.secret, delivery, nowSeconds() + 301)).toBe(false)

    const view = await call('GET', `/api/v1/webhooks/${wants.id}`)
    expect(view.body.deliveries).toMatchObject([
      {
        eventId: body.id,
        type: 'complaint.logged',
        status: 'delivered',
        attempts: 1,
        statusCode: 200,
        answer: 'ok, thanks',
      },
    ])
    await done(wants)
    await done(closedOnly)
  })

  it('sends the acknowledgement as the complaint moves on, with its stage', async () => {
    const e = await endpointFor(['complaint.acknowledged', 'complaint.closed'])
    const c = await logComplaint()
    const handler = await call('GET', '/api/v1/me', undefined, handlerToken)
    const ack = await call(
      'POST',
      `/api/v1/complaints/${c.id}/acknowledge`,
      {
        acknowledgedAt: t.clock.now().toISOString(),
        handlerId: handler.body.id,
        definition: { issues: ['Mould'], outcomesSought: ['Fix it'] },
      },
      handlerToken,
    )
    expect(ack.status).toBe(200)
    await t.jobs.runDue()
    expect(bodiesOf(e).map((b) => [b.type, b.data.complaint.id, b.data.stage])).toEqual([
      ['complaint.acknowledged', c.id, 1],
    ])
    await done(e)
  })

  it('retries a receiver that answers 500 twice, with backoff by the test clock, and records every attempt', async () => {
    const e = await endpointFor(['complaint.logged'], [500, 500])
    const c = await logComplaint()
    await t.jobs.runDue()
    expect(e.received).toHaveLength(1)
    await t.jobs.runDue()
    expect(e.received).toHaveLength(1) // not yet: the retry waits a minute
    t.clock.advance(retryDelayMs(1) - 1000)
    await t.jobs.runDue()
    expect(e.received).toHaveLength(1)
    t.clock.advance(1000)
    await t.jobs.runDue()
    expect(e.received).toHaveLength(2)
    t.clock.advance(retryDelayMs(2))
    await t.jobs.runDue()
    expect(e.received).toHaveLength(3)
    // The same event each time, each attempt signed afresh.
    expect(new Set(bodiesOf(e).map((b) => b.id)).size).toBe(1)
    expect(bodiesOf(e)[0].data.complaint.id).toBe(c.id)
    const view = await call('GET', `/api/v1/webhooks/${e.id}`)
    const [delivery] = view.body.deliveries
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, statusCode: 200 })
    const attempts = await t.services.webhooks.attemptsOf(delivery.id)
    expect(attempts.map((a) => [a.attempt, a.statusCode, a.succeeded])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 200, true],
    ])
    expect(attempts[0]?.answer).toHaveLength(1024)
    expect(attempts[0]?.answer?.startsWith('no: xxx')).toBe(true)
    await done(e)
  })

  it('pauses an endpoint whose delivery fails every attempt; it is no longer called until resumed', async () => {
    const e = await endpointFor(['complaint.logged'], Array(MAX_DELIVERY_ATTEMPTS + 5).fill(503))
    await logComplaint()
    await t.jobs.runDue()
    for (let attempt = 1; attempt < MAX_DELIVERY_ATTEMPTS; attempt++) {
      t.clock.advance(retryDelayMs(attempt))
      await t.jobs.runDue()
    }
    expect(e.received).toHaveLength(MAX_DELIVERY_ATTEMPTS)
    const paused = await call('GET', `/api/v1/webhooks/${e.id}`)
    expect(paused.body).toMatchObject({ status: 'paused' })
    expect(paused.body.pausedReason).toContain(
      `failed ${MAX_DELIVERY_ATTEMPTS} times in a row (last: HTTP 503)`,
    )
    expect(paused.body.deliveries[0]).toMatchObject({ status: 'failed', attempts: MAX_DELIVERY_ATTEMPTS })

    // Paused: a new event is held, and nothing is sent however long we wait.
    const later = await logComplaint()
    for (let i = 0; i < 3; i++) {
      t.clock.advance(6 * 3_600_000)
      await t.jobs.runDue()
    }
    expect(e.received).toHaveLength(MAX_DELIVERY_ATTEMPTS)
    const held = await call('GET', `/api/v1/webhooks/${e.id}`)
    expect(held.body.deliveries[0]).toMatchObject({ status: 'held', attempts: 0 })

    // Resumed: the held event is sent (the receiver now answers 200).
    e.answers.length = 0
    expect((await call('POST', `/api/v1/webhooks/${e.id}/resume`)).body.status).toBe('active')
    await t.jobs.runDue()
    expect(e.received).toHaveLength(MAX_DELIVERY_ATTEMPTS + 1)
    expect(bodiesOf(e).at(-1).data.complaint.id).toBe(later.id)
    await done(e)
  })

  it('sends a test ping to the one endpoint, and signs with both secrets for a day after a rotation', async () => {
    const e = await endpointFor(['complaint.closed'])
    const other = await endpointFor(['complaint.closed'])
    const rotated = await call('POST', `/api/v1/webhooks/${e.id}/rotate-secret`)
    expect(rotated.body.secret).not.toBe(e.secret)
    expect((await call('POST', `/api/v1/webhooks/${e.id}/test`)).status).toBe(202)
    await t.jobs.runDue()
    expect(other.received).toHaveLength(0)
    expect(bodiesOf(e).map((b) => b.type)).toEqual(['webhook.test'])
    const [ping] = e.received
    if (!ping) throw new Error('no ping')
    expect(verify(rotated.body.secret, ping, nowSeconds())).toBe(true)
    expect(verify(e.secret, ping, nowSeconds())).toBe(true)
    t.clock.advance(25 * 3_600_000)
    await call('POST', `/api/v1/webhooks/${e.id}/test`)
    await t.jobs.runDue()
    const [, second] = e.received
    if (!second) throw new Error('no second ping')
    expect(verify(rotated.body.secret, second, nowSeconds())).toBe(true)
    expect(verify(e.secret, second, nowSeconds())).toBe(false)
    await done(e)
    await done(other)
  })

  it('sends a missed deadline once, from the clock, not again on later rounds', async () => {
    const e = await endpointFor(['complaint.deadline_missed'])
    const c = await logComplaint()
    const due = c.due.acknowledgement
    t.clock.set(`${due}T12:00:00Z`)
    await t.jobs.runDue()
    const forThis = () => bodiesOf(e).filter((b) => b.data.complaint.id === c.id)
    expect(forThis()).toHaveLength(0) // due today is not yet missed
    t.clock.set(`${due}T12:00:00Z`)
    t.clock.advance(24 * 3_600_000) // the next day: missed
    for (let i = 0; i < 3; i++) {
      await t.jobs.runDue()
      t.clock.advance(10 * 60_000)
    }
    expect(forThis()).toHaveLength(1)
    expect(forThis()[0]).toMatchObject({
      type: 'complaint.deadline_missed',
      data: { complaint: { reference: c.reference }, deadline: { key: 'acknowledgement', due } },
    })
    await done(e)
  })
})

describe('events from the clocks', () => {
  it('sends an Awaab’s Law duty missed once, and an Ombudsman order due once', async () => {
    const e = await endpointFor(['hazard.duty_missed', 'ombudsman.order_due'])
    const officer = await t.createStaff('complaints_officer')
    const actor = { id: officer.id, role: 'complaints_officer' as const }
    const c = await logComplaint()
    const aware = t.clock.now()
    const { hazard } = await t.services.hazards.identify(c.id, actor, {
      kind: 'damp_and_mould',
      awareAt: aware,
      description: 'Mould in the bathroom',
      decidedBy: 'Sam Patel, surveyor',
      decidedAt: aware,
      basis: 'Photos',
    })
    const oc = await t.services.ombudsman.open(c.id, actor, {
      ombudsmanReference: '202655501',
      kind: 'formal_investigation',
      receivedOn: londonDateOf(aware),
    })
    await t.services.ombudsman.recordDetermination(oc.id, actor, {
      reportOn: londonDateOf(aware),
      elements: [{ element: 'Repairs', finding: 'maladministration' }],
    })
    await t.services.ombudsman.addDirection(oc.id, actor, {
      direction: 'order',
      kind: 'policy_change',
      description: 'Review how repairs are confirmed',
      ownerId: officer.id,
    })
    const db = t.database.db
    const [clock] = await db
      .selectFrom('hazard_clocks')
      .select(['clock', 'due_at'])
      .where('hazard_id', '=', hazard.id)
      .orderBy('due_at')
      .execute()
    const orderDue = (
      await db
        .selectFrom('ombudsman_cases')
        .select('next_due_on')
        .where('id', '=', oc.id)
        .executeTakeFirstOrThrow()
    ).next_due_on
    if (!clock || !orderDue) throw new Error('expected a running duty and an order due')

    await t.jobs.runDue()
    expect(e.received).toHaveLength(0) // neither is due yet
    // Each just after it falls due (the schedule looks back a week), in turn, three rounds each.
    const moments = [clock.due_at.getTime() + 60_000, new Date(`${orderDue}T12:00:00Z`).getTime()].sort(
      (a, b) => a - b,
    )
    for (const moment of moments) {
      t.clock.set(new Date(moment))
      for (let i = 0; i < 3; i++) {
        await t.jobs.runDue()
        t.clock.advance(10 * 60_000)
      }
    }
    const mine = bodiesOf(e).filter((b) => b.data.complaint.id === c.id)
    expect(mine.map((b) => b.type).sort()).toEqual(['hazard.duty_missed', 'ombudsman.order_due'])
    expect(mine.find((b) => b.type === 'hazard.duty_missed').data).toMatchObject({
      hazard: { id: hazard.id, kind: 'damp_and_mould' },
      duty: clock.clock,
      dueAt: clock.due_at.toISOString(),
    })
    expect(mine.find((b) => b.type === 'ombudsman.order_due').data).toMatchObject({
      ombudsmanCase: { id: oc.id, ombudsmanReference: '202655501' },
      dueOn: orderDue,
    })
    await done(e)
  })
})

describe('the OpenAPI document', () => {
  it('lists every event in its webhooks section, with its payload and the signature headers', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })
    const doc = res.json()
    expect(Object.keys(doc.webhooks).sort()).toEqual([...webhookEventTypes, 'webhook.test'].sort())
    for (const type of webhookEventTypes) {
      const post = doc.webhooks[type].post
      expect(post.requestBody.content['application/json'].schema.properties.type).toMatchObject({
        const: type,
      })
      expect(post.parameters.map((p: { name: string }) => p.name)).toEqual([
        'Webhook-Id',
        'Webhook-Timestamp',
        'Webhook-Signature',
      ])
    }
    expect(doc.paths['/api/v1/webhooks'].post).toBeDefined()
  })
})
