import type { KyselyPlugin, QueryId, RootOperationNode } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bulkLoad } from '../../bench/reports.js'
import { createTestApp, type TestApp } from '../../test/app.js'
import { FormSession } from '../../test/browserlessSession.js'

/**
 * No page reads an unbounded list. Every statement the services send is watched; a
 * page that draws more rows from the database than the budget, on a landlord with thousands of
 * complaints in a few years, is reading a list that grows with complaints without a limit. At a
 * million complaints such a read is seconds and gigabytes (the learning queue read 728,000 rows).
 */
const budget = 500
const complaints = 3000
const big: { rows: number; node: RootOperationNode; queryId: QueryId }[] = []
const sent = new WeakMap<QueryId, RootOperationNode>()
const watch: KyselyPlugin = {
  transformQuery: ({ node, queryId }) => {
    sent.set(queryId, node)
    return node
  },
  transformResult: async ({ result, queryId }) => {
    const node = sent.get(queryId)
    if (node && result.rows.length > budget) big.push({ rows: result.rows.length, node, queryId })
    return result
  },
}

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({}, { plugins: [watch] })
  const officer = await t.createStaff('complaints_officer')
  // Three thousand complaints with their whole histories and report facts, over two years.
  await bulkLoad(t.database, complaints, officer.id, { from: '2024-03-01', today: '2026-03-01' })
  big.length = 0
}, 300_000)
afterAll(async () => {
  await t?.close()
})

describe('every page reads a bounded number of rows, however many complaints there are', () => {
  it.each([
    [
      'complaints_officer',
      ['/', '/complaints', '/complaints?view=team&sort=priority', '/complaints?view=team&state=closed'],
    ],
    [
      'complaints_officer',
      ['/complaints?view=team&q=patel', '/complaints?view=team&category=repairs', '/learning'],
    ],
    ['complaints_officer', ['/residents', '/service-requests', '/hazards', '/mail', '/letters/print']],
    [
      'complaints_officer',
      ['/ombudsman-cases', '/remedies', '/remedies?show=all', '/themes', '/improvements'],
    ],
    [
      'senior_lead',
      ['/reports', '/reports/tsm?year=2025', '/reports/board?period=2025-Q3', '/reports/board?period=2025'],
    ],
    [
      'senior_lead',
      ['/reports/tsm/complaints?year=2025&tenure=lcra&measure=stage1Responses', '/reports/annual?year=2025'],
    ],
    [
      'senior_lead',
      ['/reports/board/complaints?from=2025-07-01&to=2025-09-30&kind=received', '/self-assessment'],
    ],
  ] as const)('as %s: %s', async (role, paths) => {
    const me = await t.createStaff(role)
    const s = new FormSession(t.app)
    await s.signIn(me.email, me.password)
    for (const path of paths) {
      big.length = 0
      const page = await s.get(path)
      expect(page.statusCode, `${path}: ${page.body.slice(0, 200)}`).toBe(200)
      const over = big.map(
        (b) =>
          `${b.rows} rows: ${t.database.db.getExecutor().compileQuery(b.node, b.queryId).sql.slice(0, 300)}`,
      )
      expect(over, `${path} read more than ${budget} rows in one statement`).toEqual([])
    }
  })

  it('pages the queue by number to page 10, then on by keyset, and back', async () => {
    const me = await t.createStaff('complaints_officer')
    const s = new FormSession(t.app)
    await s.signIn(me.email, me.password)
    const tenth = await s.get('/complaints?view=team&page=10')
    const nextHref = /<a[^>]*href="([^"]+)"[^>]*rel="next"/.exec(tenth.body)?.[1]?.replace(/&amp;/g, '&')
    expect(nextHref).toMatch(/after=/)
    const eleventh = await s.get(nextHref as string)
    expect(eleventh.statusCode).toBe(200)
    const rows = (body: string) => [...body.matchAll(/CMP-\d{4}-\d{6}/g)].map((m) => m[0])
    expect(rows(eleventh.body).some((r) => rows(tenth.body).includes(r))).toBe(false)
    const prevHref = /<a[^>]*href="([^"]+)"[^>]*rel="prev"/.exec(eleventh.body)?.[1]?.replace(/&amp;/g, '&')
    expect(prevHref).toMatch(/before=/)
    expect(rows((await s.get(prevHref as string)).body)).toEqual(rows(tenth.body))
    expect((await s.get('/complaints?view=team&after=bm90LWEtY3Vyc29y')).statusCode).toBe(400)
  })

  it('pages the API by number to 10,000 complaints, and on from any page by its next cursor', async () => {
    const token = await t.tokenFor('complaints_officer')
    const get = async (url: string) => {
      const res = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })
      return {
        status: res.statusCode,
        body: res.json() as {
          items: { reference: string }[]
          next: string | null
          totalExact: boolean
          total: number
        },
      }
    }
    for (const sort of ['received', 'due', 'reference']) {
      const two = await get(`/api/v1/complaints?sort=${sort}&pageSize=100&page=2`)
      const three = await get(`/api/v1/complaints?sort=${sort}&pageSize=100&page=3`)
      expect(two.body.next).toEqual(expect.any(String))
      const after = await get(`/api/v1/complaints?sort=${sort}&pageSize=100&after=${two.body.next}`)
      expect(after.body.items.map((i) => i.reference)).toEqual(three.body.items.map((i) => i.reference))
    }
    expect((await get('/api/v1/complaints?pageSize=100')).body).toMatchObject({
      total: complaints + 0,
      totalExact: true,
    })
    const deep = await get('/api/v1/complaints?pageSize=100&page=101')
    expect(deep.status).toBe(400)
    expect(JSON.stringify(deep.body)).toContain('read on with after=')
  })

  it('goes straight to the case when its whole reference is searched, in any case; a part lists it', async () => {
    const me = await t.createStaff('handler')
    const s = new FormSession(t.app)
    await s.signIn(me.email, me.password)
    const one = await t.database.db
      .selectFrom('complaints')
      .select(['id', 'reference'])
      .limit(1)
      .executeTakeFirstOrThrow()
    const whole = await s.get(`/complaints?view=team&q=${one.reference.toLowerCase()}`)
    expect(whole.statusCode).toBe(303)
    expect(whole.headers.location).toBe(`/complaints/${one.id}`)
    const part = await s.get(`/complaints?view=team&q=${one.reference.slice(4)}`)
    expect(part.statusCode).toBe(200)
    expect(part.body).toContain(`data-qa="row-${one.reference}"`)
    expect((await s.get('/complaints?view=team&q=CMP-1999-000001')).statusCode).toBe(200)
  })
})
