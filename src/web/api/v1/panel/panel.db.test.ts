import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiCaller } from '../../../../../test/api.js'
import { createTestApp, type TestApp } from '../../../../../test/app.js'
import { testDatabaseKind } from '../../../../../test/db.js'

let t: TestApp
let panel: string
let officer: string
let board: string
const call = apiCaller(
  () => t,
  () => panel,
)

beforeAll(async () => {
  t = await createTestApp()
  t.clock.set('2026-03-02T09:15:00Z')
  ;[panel, officer, board] = await Promise.all([
    t.tokenFor('residents_panel'),
    t.tokenFor('complaints_officer'),
    t.tokenFor('board'),
  ])
})
afterAll(async () => {
  await t?.close()
})

describe(`the residents' panel's comments over the API (Code 9.3, ${testDatabaseKind})`, () => {
  it('takes a challenge from the panel, answered by the team with what changed, and lists it', async () => {
    const refused = await call('POST', '/api/v1/panel/comments', {
      about: 'board_pack',
      key: '2026-13',
      kind: 'challenge',
      text: 'Why?',
    })
    expect(refused.status).toBe(422)
    expect(refused.body.error.message).toContain('Code 9.3: say which month, quarter or year')
    const made = await call('POST', '/api/v1/panel/comments', {
      about: 'board_pack',
      key: '2025-Q3',
      kind: 'challenge',
      text: 'Why did stage 2 take longer this quarter?',
    })
    expect(made.status).toBe(201)
    expect(made.body).toMatchObject({
      about: {
        kind: 'board_pack',
        key: '2025-Q3',
        label: 'Performance for Quarter 3 of 2025/26 (October to December 2025)',
      },
      reportingYear: 2025,
      kind: 'challenge',
      status: 'open',
      version: 1,
    })
    // The team answers; the panel and the board may not.
    const answer = {
      answer: 'A complex case took 20 extra days, agreed with the resident.',
      whatChanged: 'Weekly stage 2 review',
      version: 1,
    }
    expect((await call('POST', `/api/v1/panel/comments/${made.body.id}/answer`, answer)).status).toBe(403)
    expect((await call('POST', `/api/v1/panel/comments/${made.body.id}/answer`, answer, board)).status).toBe(
      403,
    )
    expect(
      (await call('POST', '/api/v1/panel/comments', { about: 'policy', kind: 'comment', text: 'x' }, officer))
        .status,
    ).toBe(403)
    const open = await call('GET', '/api/v1/panel/comments?open=true', undefined, officer)
    expect(open.body.items.map((c: { id: string }) => c.id)).toEqual([made.body.id])
    const answered = await call('POST', `/api/v1/panel/comments/${made.body.id}/answer`, answer, officer)
    expect(answered.status).toBe(200)
    expect(answered.body).toMatchObject({
      status: 'answered',
      version: 2,
      answer: { text: answer.answer, whatChanged: 'Weekly stage 2 review', at: '2026-03-02T09:15:00.000Z' },
    })
    // Someone else's answer landed first: 409, nothing written.
    expect(
      (await call('POST', `/api/v1/panel/comments/${made.body.id}/answer`, answer, officer)).status,
    ).toBe(409)
    const year = await call('GET', '/api/v1/panel/comments?year=2025')
    expect(year.body.items).toHaveLength(1)
    expect(year.body.items[0].answer.whatChanged).toBe('Weekly stage 2 review')
    expect((await call('GET', '/api/v1/panel/comments?open=true')).body.items).toEqual([])
    expect((await call('GET', '/api/v1/panel/comments', undefined, board)).status).toBe(403)
  })

  it('is in the OpenAPI description the app serves', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json()
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/panel/comments', '/api/v1/panel/comments/{id}/answer']),
    )
    expect(doc.paths['/api/v1/panel/comments'].post.tags).toEqual(['Residents’ panel'])
  })
})
