import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../../test/app.js'
import { FormSession } from '../../test/browserlessSession.js'
import { testDatabaseKind } from '../../test/db.js'
import { routesOf } from '../../test/routes.js'

/**
 * Generated hostile values sent to every API operation (read from the published
 * OpenAPI document) and every staff form (read from the app's own routes, with the field names
 * its pages use). Any 5xx, or a stack trace in any answer, fails the test. Bounded: a fixed number
 * of runs for each route; `npm run proof -- fuzz` runs the long one (FUZZ_API_RUNS, FUZZ_FORM_RUNS).
 */
const API_RUNS = Number(process.env.FUZZ_API_RUNS ?? 100)
const FORM_RUNS = Number(process.env.FUZZ_FORM_RUNS ?? 25)
/** What an answer must never show: a stack trace, or the code's own file paths. */
const stackTrace = /\n\s+at .+\(|node_modules\/|\/src\/[\w/]+\.ts/
let requests = 0

let t: TestApp
let adminToken: string
let browser: FormSession
let complaintId: string
let victimId: string

beforeAll(async () => {
  t = await createTestApp({ apiTokenDays: 3650, sessionHours: 24 * 100 })
  const admin = await t.createStaff('admin')
  adminToken = (await t.services.authentication.issueApiToken(admin.email, admin.password)).token
  victimId = (await t.createStaff('handler')).id
  const { view } = await t.services.complaints.receive(
    {
      channel: 'phone',
      receivedAt: new Date('2026-03-02T09:00:00Z'),
      description: 'Fuzz target',
      resident: { name: 'Fuzz Target' },
    },
    { id: admin.id, role: 'admin' },
  )
  complaintId = view.complaint.id
  await t.services.complaints.acknowledge(
    complaintId,
    { id: admin.id, role: 'admin' },
    {
      handlerId: admin.id,
      definition: { issues: ['Leak'], outcomesSought: ['Fix it'] },
    },
  )
  browser = new FormSession(t.app)
  await browser.signIn(admin.email, admin.password)
}, 60_000)
afterAll(async () => {
  await t.close()
})

const hostileStrings = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '<script>alert(1)</script>',
  "' or 1=1 --",
  '../../etc/passwd',
  '%00',
  '1e300',
  'NaN',
  '-1',
  '0',
  '9999-12-31',
  '0000-01-01',
  '0001-01-01T00:00:00Z',
  '2026-02-31',
  '2026-03-02T09:15:00Z',
  '00000000-0000-0000-0000-000000000000',
  'null',
  '{}',
  '\r\nX-Injected: 1',
  'café ☕ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  'x'.repeat(25_000),
]
const hostileString = fc.oneof(
  fc.constantFrom(...hostileStrings),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
)
const hostileNumber = fc.oneof(
  fc.constantFrom(0, -1, 1e308, -1e308, 0.5, 2 ** 53, 1e21),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
)
const { value: anyValue } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 10 }), tie('value'), { maxKeys: 4 }),
  ),
}))

type Schema = {
  type?: string | string[]
  properties?: Record<string, Schema>
  required?: string[]
  items?: Schema
  enum?: unknown[]
  anyOf?: Schema[]
  oneOf?: Schema[]
}

/** Values shaped like the schema (so they reach the code behind validation), with hostile leaves. */
function shaped(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return anyValue
  const variants = schema.anyOf ?? schema.oneOf
  if (variants) return fc.oneof(...variants.map((v) => shaped(v, depth + 1)))
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  const leaf = (typed: fc.Arbitrary<unknown>) =>
    fc.oneof(
      { weight: 4, arbitrary: schema.enum ? fc.constantFrom(...schema.enum) : typed },
      { weight: 1, arbitrary: anyValue },
    )
  if (type === 'object' || schema.properties) {
    const props = schema.properties ?? {}
    return fc.oneof(
      {
        weight: 5,
        arbitrary: fc.record(
          Object.fromEntries(Object.entries(props).map(([k, s]) => [k, shaped(s, depth + 1)])),
          { requiredKeys: [] },
        ),
      },
      { weight: 1, arbitrary: anyValue },
    )
  }
  if (type === 'array')
    return fc.oneof(
      { weight: 4, arbitrary: fc.array(shaped(schema.items, depth + 1), { maxLength: 3 }) },
      { weight: 1, arbitrary: anyValue },
    )
  if (type === 'number' || type === 'integer') return leaf(hostileNumber)
  if (type === 'boolean') return leaf(fc.boolean())
  return leaf(hostileString)
}

/** Percent-encodes the UTF-8 bytes of a value (a lone surrogate goes as the replacement character). */
const encoded = (value: string) =>
  [...Buffer.from(value)]
    .map((b) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).padStart(2, '0')}`,
    )
    .join('')

/** A path parameter, encoded for the URL: the real target now and then, otherwise something hostile. */
const pathValue = (name: string) =>
  fc.oneof(
    fc.constant(name === 'id' ? complaintId : name === 'date' ? '2026-12-29' : 'x'),
    fc.constant(victimId),
    hostileString.map((s) => encoded(s) || 'empty'),
    // Bytes no encoder would make: an invalid UTF-8 sequence, an encoded NUL, an encoded dot-dot.
    fc.constantFrom('%ff', '%00', '%ED%A0%80', '%2e%2e'),
  )

const fill = (url: string, values: Record<string, string>) =>
  url.replace(/\{(\w+)\}|:(\w+)/g, (_, a: string, b: string) => values[a ?? b] ?? 'x')

type Operation = {
  parameters?: { in: string; name: string; schema?: Schema }[]
  requestBody?: { content?: Record<string, { schema?: Schema }> }
}

describe(`every API operation, with generated hostile input (${testDatabaseKind})`, () => {
  it(
    'never answers 5xx',
    async () => {
      const document = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
        paths: Record<string, Record<string, Operation>>
      }
      const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
      )
      expect(operations.length).toBeGreaterThan(30)
      for (const { path, method, op } of operations) {
        const params = (op.parameters ?? []).filter((p) => p.in === 'path')
        const query = (op.parameters ?? []).filter((p) => p.in === 'query')
        const bodySchema = op.requestBody?.content?.['application/json']?.schema
        await fc.assert(
          fc.asyncProperty(
            fc.record(Object.fromEntries(params.map((p) => [p.name, pathValue(p.name)]))) as fc.Arbitrary<
              Record<string, string>
            >,
            fc.record(Object.fromEntries(query.map((p) => [p.name, shaped(p.schema)])), { requiredKeys: [] }),
            bodySchema ? shaped(bodySchema) : anyValue,
            async (pathValues, queryValues, body) => {
              const search = Object.entries(queryValues)
                .map(([k, v]) => `${encoded(k)}=${encoded(typeof v === 'string' ? v : JSON.stringify(v))}`)
                .join('&')
              const hasBody = method !== 'GET' && method !== 'DELETE'
              const res = await t.app.inject({
                method: method as 'GET',
                url: `${fill(path, pathValues)}${search ? `?${search}` : ''}`,
                headers: {
                  authorization: `Bearer ${adminToken}`,
                  ...(hasBody ? { 'content-type': 'application/json' } : {}),
                },
                ...(hasBody ? { payload: JSON.stringify(body ?? null) } : {}),
              })
              requests++
              if (res.statusCode >= 500)
                throw new Error(`${method} ${path} answered ${res.statusCode}: ${res.body}`)
              if (stackTrace.test(res.body))
                throw new Error(`${method} ${path} showed a stack trace: ${res.body}`)
            },
          ),
          { numRuns: API_RUNS },
        )
      }
      expect(requests).toBeGreaterThanOrEqual(API_RUNS * operations.length)
      console.log(`fuzz: ${requests} generated requests to ${operations.length} API operations, none 5xx`)
    },
    Math.max(300_000, API_RUNS * 6_000),
  )
})

describe(`every staff form, with generated hostile input (${testDatabaseKind})`, () => {
  it(
    'never answers 5xx',
    async () => {
      const routes = routesOf(t.app)
      // Posting these would end the session the test runs in.
      const forms = routes.filter(
        (r) => r.method === 'POST' && !r.url.startsWith('/api/') && r.url !== '/sign-out',
      )
      expect(forms.length).toBeGreaterThan(25)
      const allNames = new Set(['_csrf', 'version', 'role', 'reason', 'title', 'name', 'email'])
      const namesOf = new Map<string, string[]>()
      for (const form of forms) {
        const page = routes.some((r) => r.method === 'GET' && r.url === form.url)
          ? await browser.get(fill(form.url, { id: complaintId, date: '2026-12-29' }))
          : undefined
        const names = [
          ...new Set([...(page?.body ?? '').matchAll(/name="([^"]+)"/g)].map((m) => m[1] as string)),
        ]
        for (const n of names) allNames.add(n)
        namesOf.set(form.url, names)
      }
      await browser.get('/complaints')
      const csrf = browser.csrfToken()
      for (const form of forms) {
        const names = [...new Set([...(namesOf.get(form.url) ?? []), ...allNames])]
        await fc.assert(
          fc.asyncProperty(
            fc.record(
              Object.fromEntries(
                ['id', 'code', 'change', 'date', 'letterId', 'documentId'].map((p) => [p, pathValue(p)]),
              ),
            ) as fc.Arbitrary<Record<string, string>>,
            fc.dictionary(fc.constantFrom(...names), hostileString, { maxKeys: 12 }),
            async (pathValues, fields) => {
              const res = await browser.post(
                fill(form.url, pathValues),
                { ...fields, _csrf: csrf },
                { csrf: false },
              )
              requests++
              if (res.statusCode >= 500) throw new Error(`POST ${form.url} answered ${res.statusCode}`)
              if (stackTrace.test(res.body)) throw new Error(`POST ${form.url} showed a stack trace`)
            },
          ),
          { numRuns: FORM_RUNS },
        )
      }
      // And every page, with hostile query strings.
      const pages = routes.filter((r) => r.method === 'GET' && !r.url.startsWith('/api/'))
      for (const page of pages) {
        await fc.assert(
          fc.asyncProperty(
            fc.record(
              Object.fromEntries(['id', 'date', 'letterId', 'documentId'].map((p) => [p, pathValue(p)])),
            ) as fc.Arbitrary<Record<string, string>>,
            fc.dictionary(
              fc.constantFrom(
                ...allNames,
                'q',
                'page',
                'handler',
                'state',
                'view',
                'next',
                'from-day',
                'year',
                'days',
              ),
              hostileString,
              {
                maxKeys: 6,
              },
            ),
            async (pathValues, query) => {
              const search = Object.entries(query)
                .map(([k, v]) => `${encoded(k)}=${encoded(v)}`)
                .join('&')
              const res = await browser.get(`${fill(page.url, pathValues)}${search ? `?${search}` : ''}`)
              requests++
              if (res.statusCode >= 500)
                throw new Error(`GET ${page.url}?${search} answered ${res.statusCode}`)
              if (stackTrace.test(res.body)) throw new Error(`GET ${page.url}?${search} showed a stack trace`)
            },
          ),
          { numRuns: FORM_RUNS },
        )
      }
      console.log(`fuzz: ${requests} generated requests in all, none 5xx, no stack trace`)
    },
    Math.max(300_000, FORM_RUNS * 24_000),
  )
})
