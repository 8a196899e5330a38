import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VersionConflictError } from '../db/versioned.js'
import { notNow, rule, WorkflowError } from '../domain/rules.js'
import { registerErrorHandling } from './errorHandling.js'

const app = Fastify({ logger: false })

beforeAll(async () => {
  registerErrorHandling(app)
  const thrown: Record<string, () => Error> = {
    rule: () => rule('Give a reason', 'reason', '5.6'),
    'not-now': () => notNow('Already closed', '6.1'),
    forbidden: () => new WorkflowError('forbidden', 'Your role does not allow you to close'),
    stale: () => new VersionConflictError(),
    unexpected: () => new TypeError('x is undefined'),
  }
  for (const [what, error] of Object.entries(thrown))
    app.get(`/api/v1/throws/${what}`, async () => {
      throw error()
    })
  await app.ready()
})
afterAll(() => app.close())

describe('a refusal that no service answered for is answered as it would have been, never 500', () => {
  it.each([
    ['rule', 422, 'rule_broken'],
    ['not-now', 409, 'not_allowed_now'],
    ['forbidden', 403, 'forbidden'],
    ['stale', 409, 'conflict'],
    ['unexpected', 500, 'internal_error'],
  ])('%s: %i %s', async (what, status, code) => {
    const res = await app.inject({ method: 'GET', url: `/api/v1/throws/${what}` })
    expect(res.statusCode).toBe(status)
    expect(res.json().error.code).toBe(code)
    expect(res.body).not.toContain('x is undefined')
  })
})
