import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiCaller } from '../../../../../test/api.js'
import { createTestApp, type TestApp } from '../../../../../test/app.js'
import {
  verifiedDelivery,
  type WebhookReceiver,
  webhookReceiver,
} from '../../../../../test/webhookReceiver.js'
import { jobsRepository } from '../../../../db/repositories/jobs.js'
import { retryDelayMs } from '../../../../domain/webhooks/delivery.js'

/**
 * Managing endpoints after registering them, against a real receiver that checks every
 * signature: changing one changes what is sent and where, removing one stops sending and keeps
 * what was sent, and a finished delivery can be sent again, signed afresh.
 */
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

async function receiver(answers: number[] = []) {
  const r = await webhookReceiver(answers)
  receivers.push(r)
  return r
}

async function endpointFor(r: WebhookReceiver, events: string[]) {
  const res = await call('POST', '/api/v1/webhooks', { url: r.url, description: 'HMS', events })
  expect(res.status).toBe(201)
  return { id: res.body.id as string, secret: res.body.secret as string }
}

/** Removes an endpoint once its test is done, so later tests' events are not made for it at all. */
const done = async (e: { id: string }) =>
  expect((await call('DELETE', `/api/v1/webhooks/${e.id}`)).status).toBe(204)

async function logComplaint() {
  const res = await call(
    'POST',
    '/api/v1/complaints',
    {
      channel: 'phone',
      receivedAt: t.clock.now().toISOString(),
      description: 'The boiler has failed twice this month.',
      resident: { name: 'Ben Okafor', email: 'ben@example.org' },
    },
    handlerToken,
  )
  expect(res.status).toBe(201)
  return res.body as { id: string; reference: string }
}

const typesOf = (r: WebhookReceiver) => r.received.map((x) => JSON.parse(x.body).type)

describe('changing an endpoint', () => {
  it('sends to the new address and by the new events from then on, checks the change as on registering, and audits it', async () => {
    const first = await receiver()
    const second = await receiver()
    const e = await endpointFor(first, ['complaint.closed'])
    await logComplaint()
    await t.jobs.runDue()
    expect(first.received).toHaveLength(0) // it wants only closures

    expect((await call('PATCH', `/api/v1/webhooks/${e.id}`, { events: [] })).status).toBe(400)
    const bad = await call('PATCH', `/api/v1/webhooks/${e.id}`, {
      url: 'http://hms.example.org/x',
      description: ' ',
    })
    expect(bad.status).toBe(422)
    expect(bad.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual([
      'description',
      'url',
    ])
    expect(
      (await call('PATCH', `/api/v1/webhooks/${e.id}`, { events: ['complaint.logged'] }, handlerToken))
        .status,
    ).toBe(403)
    expect(
      (await call('PATCH', '/api/v1/webhooks/not-a-uuid', { events: ['complaint.logged'] })).status,
    ).toBe(404)

    const changed = await call('PATCH', `/api/v1/webhooks/${e.id}`, {
      url: second.url,
      events: ['complaint.logged'],
    })
    expect(changed.status).toBe(200)
    // What was not given stays; the secret too.
    expect(changed.body).toMatchObject({
      url: second.url,
      description: 'HMS',
      events: ['complaint.logged'],
      secret: e.secret,
      status: 'active',
    })

    const c = await logComplaint()
    await t.jobs.runDue()
    expect(first.received).toHaveLength(0)
    expect(second.received).toHaveLength(1)
    const [delivery] = second.received
    if (!delivery) throw new Error('no delivery')
    expect(verifiedDelivery(e.secret, delivery, nowSeconds())).toBe(true)
    expect(JSON.parse(delivery.body)).toMatchObject({
      type: 'complaint.logged',
      data: { complaint: { id: c.id } },
    })

    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('subject_id', '=', e.id)
      .where('action', '=', 'webhook.changed')
      .execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]?.details).toMatchObject({
      before: { url: first.url, events: ['complaint.closed'] },
      after: { url: second.url, events: ['complaint.logged'] },
    })
    await done(e)
  })
})

describe('removing an endpoint', () => {
  it('sends nothing more, cancels what was waiting, and keeps what was sent, marked removed', async () => {
    // The first delivery is answered; the second fails once and waits a minute to be tried again.
    const r = await receiver([200, 500])
    const e = await endpointFor(r, ['complaint.logged'])
    await logComplaint()
    await t.jobs.runDue()
    t.clock.advance(1000)
    await logComplaint()
    await t.jobs.runDue()
    expect(r.received).toHaveLength(2)

    expect((await call('DELETE', `/api/v1/webhooks/${e.id}`, undefined, handlerToken)).status).toBe(403)
    expect((await call('DELETE', `/api/v1/webhooks/${e.id}`)).status).toBe(204)

    // The retry comes due, and a new complaint is logged: nothing reaches the receiver.
    t.clock.advance(retryDelayMs(1) + 1000)
    await logComplaint()
    for (let i = 0; i < 3; i++) {
      await t.jobs.runDue()
      t.clock.advance(retryDelayMs(2))
    }
    expect(r.received).toHaveLength(2)

    const view = await call('GET', `/api/v1/webhooks/${e.id}`)
    expect(view.status).toBe(200)
    expect(view.body).toMatchObject({ status: 'removed', removedAt: expect.any(String) })
    // The history stays: the delivered one, and the one that was waiting, now cancelled, with its attempt.
    expect(
      view.body.deliveries.map((d: { status: string; attempts: number }) => [d.status, d.attempts]),
    ).toEqual([
      ['cancelled', 1],
      ['delivered', 1],
    ])
    const attempts = await t.services.webhooks.attemptsOf(view.body.deliveries[0].id)
    expect(attempts.map((a) => [a.attempt, a.statusCode])).toEqual([[1, 500]])

    // Not among the endpoints in use; among the removed ones.
    const inUse = await call('GET', '/api/v1/webhooks')
    expect(inUse.body.items.map((x: { id: string }) => x.id)).not.toContain(e.id)
    const removed = await call('GET', '/api/v1/webhooks?removed=true')
    expect(removed.body.items.map((x: { id: string }) => x.id)).toContain(e.id)

    // A removed endpoint is a record: it cannot be changed, removed again, resumed or pinged.
    expect((await call('PATCH', `/api/v1/webhooks/${e.id}`, { description: 'Again' })).status).toBe(409)
    expect((await call('DELETE', `/api/v1/webhooks/${e.id}`)).status).toBe(409)
    expect((await call('POST', `/api/v1/webhooks/${e.id}/resume`)).status).toBe(409)
    expect((await call('POST', `/api/v1/webhooks/${e.id}/test`)).status).toBe(409)
    const redeliver = await call(
      'POST',
      `/api/v1/webhooks/${e.id}/deliveries/${view.body.deliveries[1].id}/redeliver`,
    )
    expect(redeliver.status).toBe(409)
    expect(redeliver.body.error.message).toContain('removed')

    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('details')
      .where('subject_id', '=', e.id)
      .where('action', '=', 'webhook.removed')
      .execute()
    expect(audit.map((a) => a.details)).toEqual([{ cancelled: 1 }])
  })

  it('cancels what was held while the endpoint was paused', async () => {
    const r = await receiver()
    const e = await endpointFor(r, ['complaint.logged'])
    await call('POST', `/api/v1/webhooks/${e.id}/pause`)
    await logComplaint()
    await t.jobs.runDue()
    expect((await call('GET', `/api/v1/webhooks/${e.id}`)).body.deliveries[0].status).toBe('held')
    await done(e)
    const [d] = (await call('GET', `/api/v1/webhooks/${e.id}`)).body.deliveries
    expect(d.status).toBe('cancelled')
    await t.jobs.runDue()
    expect(r.received).toHaveLength(0)

    // A delivery made as the endpoint was being removed (the removal did not see it), queued: its
    // turn comes, nothing is sent, and it is cancelled.
    await t.database.db
      .updateTable('webhook_deliveries')
      .set({ status: 'pending' })
      .where('id', '=', d.id)
      .execute()
    await jobsRepository(t.database.db).enqueue({
      kind: 'webhooks.deliver',
      payload: { deliveryId: d.id },
      runAt: t.clock.now(),
      now: t.clock.now(),
    })
    await t.jobs.runDue()
    expect(r.received).toHaveLength(0)
    expect((await call('GET', `/api/v1/webhooks/${e.id}`)).body.deliveries[0].status).toBe('cancelled')
  })
})

describe('sending a delivery again', () => {
  it('sends the same event with a new timestamp and signature the receiver verifies, and records the new attempt', async () => {
    const r = await receiver()
    const e = await endpointFor(r, ['complaint.logged'])
    await logComplaint()
    await t.jobs.runDue()
    expect(r.received).toHaveLength(1)
    const [delivery] = (await call('GET', `/api/v1/webhooks/${e.id}`)).body.deliveries
    const url = `/api/v1/webhooks/${e.id}/deliveries/${delivery.id}/redeliver`

    t.clock.advance(2 * 3_600_000) // the receiver's bug took two hours to fix
    expect((await call('POST', url, undefined, handlerToken)).status).toBe(403)
    const again = await call('POST', url)
    expect(again.status).toBe(202)
    expect(again.body).toEqual({ deliveryId: delivery.id })
    // Queued, not yet sent: pressing again is refused, not sent twice.
    const twice = await call('POST', url)
    expect(twice.status).toBe(409)
    expect(twice.body.error.message).toContain('being sent already')
    await t.jobs.runDue()
    expect(r.received).toHaveLength(2)

    const [before, after] = r.received
    if (!before || !after) throw new Error('expected two deliveries')
    expect(after.body).toBe(before.body)
    expect(after.headers['webhook-id']).toBe(before.headers['webhook-id'])
    expect(Number(after.headers['webhook-timestamp'])).toBe(nowSeconds())
    expect(Number(after.headers['webhook-timestamp']) - Number(before.headers['webhook-timestamp'])).toBe(
      2 * 3600,
    )
    expect(after.headers['webhook-signature']).not.toBe(before.headers['webhook-signature'])
    expect(verifiedDelivery(e.secret, after, nowSeconds())).toBe(true)
    // The first signature, two hours old, is refused by a receiver checking the time.
    expect(verifiedDelivery(e.secret, before, nowSeconds())).toBe(false)

    const view = await call('GET', `/api/v1/webhooks/${e.id}`)
    expect(view.body.deliveries).toHaveLength(1)
    expect(view.body.deliveries[0]).toMatchObject({ id: delivery.id, status: 'delivered', attempts: 2 })
    const attempts = await t.services.webhooks.attemptsOf(delivery.id)
    expect(attempts.map((a) => [a.attempt, a.statusCode, a.succeeded])).toEqual([
      [1, 200, true],
      [2, 200, true],
    ])

    // Unknown deliveries, or another endpoint's, are 404; a paused endpoint is 409.
    const other = await endpointFor(await receiver(), ['complaint.closed'])
    expect(
      (await call('POST', `/api/v1/webhooks/${other.id}/deliveries/${delivery.id}/redeliver`)).status,
    ).toBe(404)
    expect((await call('POST', `/api/v1/webhooks/${e.id}/deliveries/garbage/redeliver`)).status).toBe(404)
    await call('POST', `/api/v1/webhooks/${e.id}/pause`)
    const paused = await call('POST', url)
    expect(paused.status).toBe(409)
    expect(paused.body.error.message).toContain('paused')
    await done(e)
    await done(other)
  })

  it('sends a failed delivery again with its attempts afresh, without pausing the endpoint on the first failure', async () => {
    const r = await receiver([503])
    const e = await endpointFor(r, ['complaint.logged'])
    await logComplaint()
    await t.jobs.runDue()
    const [d] = (await call('GET', `/api/v1/webhooks/${e.id}`)).body.deliveries
    // Make it failed for good, as 8 failures would, without waiting 18 hours.
    await t.database.db
      .updateTable('webhook_deliveries')
      .set({ status: 'failed' })
      .where('id', '=', d.id)
      .execute()
    await t.database.db.deleteFrom('jobs').where('kind', '=', 'webhooks.deliver').execute()
    r.answers.push(500)
    expect((await call('POST', `/api/v1/webhooks/${e.id}/deliveries/${d.id}/redeliver`)).status).toBe(202)
    await t.jobs.runDue()
    expect((await call('GET', `/api/v1/webhooks/${e.id}`)).body).toMatchObject({
      status: 'active',
      deliveries: [{ status: 'pending', attempts: 2, statusCode: 500 }],
    })
    t.clock.advance(retryDelayMs(1))
    await t.jobs.runDue()
    expect(r.received).toHaveLength(3)
    const last = r.received[2]
    if (!last) throw new Error('no third attempt')
    expect(verifiedDelivery(e.secret, last, nowSeconds())).toBe(true)
    expect((await call('GET', `/api/v1/webhooks/${e.id}`)).body.deliveries[0]).toMatchObject({
      status: 'delivered',
      attempts: 3,
    })
    expect(typesOf(r)).toEqual(['complaint.logged', 'complaint.logged', 'complaint.logged'])
    await done(e)
  })
})

describe('the OpenAPI document', () => {
  it('describes changing, removing and sending again', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json()
    expect(Object.keys(doc.paths['/api/v1/webhooks/{id}']).sort()).toEqual(['delete', 'get', 'patch'])
    expect(
      doc.paths['/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver'].post.responses,
    ).toHaveProperty('202')
    expect(doc.paths['/api/v1/webhooks'].get.parameters.map((p: { name: string }) => p.name)).toEqual([
      'removed',
    ])
  })
})
