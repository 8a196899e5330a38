import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../../../../test/app.js'

let t: TestApp
let admin: string
beforeAll(async () => {
  t = await createTestApp()
  admin = await t.tokenFor('admin')
})
afterAll(async () => {
  await t.close()
})

const get = (url: string, token = admin) =>
  t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })
const put = (body: unknown, token = admin) =>
  t.app.inject({
    method: 'PUT',
    url: '/api/v1/policy',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  })

describe('the timescale policy', () => {
  it('defaults to the Code maxima 5, 10, 10, 5, 20, 20', async () => {
    const res = await get('/api/v1/policy', await t.tokenFor('board'))
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      acknowledgeDays: 5,
      stage1ResponseDays: 10,
      stage1MaxExtensionDays: 10,
      stage2AcknowledgeDays: 5,
      stage2ResponseDays: 20,
      stage2MaxExtensionDays: 20,
      version: 1,
      effectiveFrom: '2024-04-01',
    })
  })

  it.each([
    ['acknowledgeDays', 6, '6.2'],
    ['stage1ResponseDays', 11, '6.3'],
    ['stage1MaxExtensionDays', 15, '6.4'],
    ['stage2AcknowledgeDays', 7, '6.11'],
    ['stage2ResponseDays', 25, '6.14'],
    ['stage2MaxExtensionDays', 21, '6.15'],
  ])(
    'refuses %s = %i above the Code with 422 naming Code %s, changing nothing',
    async (field, value, provision) => {
      const res = await put({ acknowledgeDays: 3, [field]: value })
      expect(res.statusCode).toBe(422)
      expect(res.json().error.message).toContain(`Code ${provision}:`)
      expect(res.json().error.details).toContainEqual(expect.objectContaining({ field, provision }))
      expect((await get('/api/v1/policy')).json().acknowledgeDays).toBe(5)
    },
  )

  it('lets an administrator or complaints officer set shorter timescales, as a new version', async () => {
    const officer = await t.tokenFor('complaints_officer')
    const res = await put(
      {
        acknowledgeDays: 3,
        internalTargets: [{ name: 'First contact', workingDays: 2, countedFrom: 'received' }],
      },
      officer,
    )
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      acknowledgeDays: 3,
      stage1ResponseDays: 10,
      version: 2,
      effectiveFrom: '2026-03-02',
    })
    expect((await get('/api/v1/policy')).json()).toMatchObject({
      acknowledgeDays: 3,
      internalTargets: [{ name: 'First contact', workingDays: 2, countedFrom: 'received' }],
    })
  })

  it('is refused to handlers and the board', async () => {
    expect((await put({ acknowledgeDays: 4 }, await t.tokenFor('handler'))).statusCode).toBe(403)
    expect((await put({ acknowledgeDays: 4 }, await t.tokenFor('board'))).statusCode).toBe(403)
  })

  it('takes a change from a later date, and refuses one in the past', async () => {
    const later = await put({ stage1ResponseDays: 8, effectiveFrom: '2026-04-01' })
    expect(later.json()).toMatchObject({
      stage1ResponseDays: 8,
      acknowledgeDays: 3,
      effectiveFrom: '2026-04-01',
    })
    expect((await get('/api/v1/policy')).json().stage1ResponseDays).toBe(10)
    expect((await t.services.policy.inForceOn('2026-04-01')).stage1ResponseDays).toBe(8)
    t.clock.set('2026-04-01T08:00:00Z')
    expect((await get('/api/v1/policy')).json().stage1ResponseDays).toBe(8)
    const past = await put({ stage1ResponseDays: 9, effectiveFrom: '2026-03-01' })
    expect(past.statusCode).toBe(422)
    expect(past.json().error.message).toMatch(/cannot take effect in the past/)
    const versions = (await get('/api/v1/policy/versions')).json().items
    expect(versions.map((v: { version: number }) => v.version)).toEqual([1, 2, 3])
  })
})
