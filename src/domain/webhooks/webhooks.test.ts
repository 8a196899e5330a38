import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { WorkflowError } from '../rules.js'
import { deliveredBy, MAX_DELIVERY_ATTEMPTS, retryDelayMs } from './delivery.js'
import { checkEndpoint } from './endpoints.js'
import { signatureHeader, verifySignature } from './signing.js'

// Node's HMAC is given to the domain, as the service gives it.
const hmac = (key: string, message: string) => createHmac('sha256', key).update(message).digest('hex')

describe('signing', () => {
  const secret = 'whsec_test'
  const body = '{"id":"e1","type":"complaint.logged"}'

  it('signs "<timestamp>.<body>" with HMAC-SHA256 as hex, the value OpenSSL gives', () => {
    // printf '1700000000.{"id":"e1","type":"complaint.logged"}' | openssl dgst -sha256 -hmac whsec_test
    expect(signatureHeader(hmac, [secret], 1700000000, body)).toBe(
      'v1=be70a126a067cca551ade1ca1921082867401e995b16f88cb1ca7af044f84eb6',
    )
  })

  it('carries one v1= per secret while a rotated one is honoured, and either verifies', () => {
    const header = signatureHeader(hmac, ['new', 'old'], 1700000000, body)
    expect(header.split(' ')).toHaveLength(2)
    for (const s of ['new', 'old'])
      expect(
        verifySignature(hmac, s, { timestamp: '1700000000', signature: header }, body, 1700000000),
      ).toEqual({ ok: true })
  })

  it('refuses a tampered body, another secret, a missing header, and a timestamp over 5 minutes away', () => {
    const header = signatureHeader(hmac, [secret], 1700000000, body)
    const check = (b: string, s: string, now: number, h: string | undefined = header) =>
      verifySignature(hmac, s, { timestamp: '1700000000', signature: h }, b, now)
    const unsigned = verifySignature(
      hmac,
      secret,
      { timestamp: '1700000000', signature: undefined },
      body,
      1700000000,
    )
    expect(check(body, secret, 1700000000 + 300)).toEqual({ ok: true })
    expect(check(body.replace('e1', 'e2'), secret, 1700000000)).toEqual({ ok: false, why: 'mismatch' })
    expect(check(body, 'whsec_other', 1700000000)).toEqual({ ok: false, why: 'mismatch' })
    expect(check(body, secret, 1700000000 + 301)).toEqual({ ok: false, why: 'too_old' })
    expect(check(body, secret, 1700000000 - 301)).toEqual({ ok: false, why: 'too_old' })
    expect(unsigned).toEqual({ ok: false, why: 'no_signature' })
  })
})

describe('retrying', () => {
  it('waits 1, 4, 16, 64 minutes, then 4 h 16 min, then 6 hours at most', () => {
    const minutes = [1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n) / 60_000)
    expect(minutes).toEqual([1, 4, 16, 64, 256, 360, 360])
  })

  it('tries each delivery 8 times over about 18 hours before giving up', () => {
    let total = 0
    for (let n = 1; n < MAX_DELIVERY_ATTEMPTS; n++) total += retryDelayMs(n)
    expect(MAX_DELIVERY_ATTEMPTS).toBe(8)
    expect(total / 60_000).toBe(1 + 4 + 16 + 64 + 256 + 360 + 360)
  })

  it('counts a 2xx as delivered and anything else, redirects too, as a failure', () => {
    expect([200, 202, 204, 299].every(deliveredBy)).toBe(true)
    expect([199, 301, 302, 400, 410, 500, 503].some(deliveredBy)).toBe(false)
  })
})

describe('an endpoint', () => {
  const ok = { description: 'HMS', events: ['complaint.logged'] }
  const refusal = (input: Parameters<typeof checkEndpoint>[0]) => {
    try {
      checkEndpoint(input)
      return []
    } catch (error) {
      if (!(error instanceof WorkflowError)) throw error
      return error.problems.map((p) => p.field)
    }
  }

  it('needs https, except plain http to this machine for testing', () => {
    expect(refusal({ ...ok, url: 'https://hms.example.org/hooks' })).toEqual([])
    for (const local of ['http://localhost:9000/x', 'http://127.0.0.1/x', 'http://[::1]:8080/'])
      expect(refusal({ ...ok, url: local })).toEqual([])
    for (const bad of [
      'http://hms.example.org/hooks',
      'ftp://hms.example.org',
      'hms.example.org',
      'https://u:p@hms.example.org',
    ])
      expect(refusal({ ...ok, url: bad })).toEqual(['url'])
  })

  it('needs a description and at least one known event, and says every problem at once', () => {
    expect(refusal({ url: 'nope', description: ' ', events: [] })).toEqual(['url', 'description', 'events'])
    expect(refusal({ ...ok, url: 'https://a.example', events: ['complaint.exploded'] })).toEqual(['events'])
    expect(
      checkEndpoint({ ...ok, url: ' https://a.example ', events: ['complaint.logged', 'complaint.logged'] }),
    ).toEqual({
      url: 'https://a.example',
      description: 'HMS',
      events: ['complaint.logged'],
    })
  })
})
