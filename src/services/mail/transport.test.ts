import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deadSmtpServer } from '../../../test/smtp.js'
import { SMTP_TIMEOUTS, smtpTransport } from './transport.js'

const dead = deadSmtpServer()
let port: number
beforeAll(async () => {
  port = await dead.start()
})
afterAll(async () => {
  await dead.stop()
})

const mail = {
  from: 'Test Homes <complaints@test-homes.example>',
  to: 'resident@example.org',
  subject: 'Your complaint',
  text: 'Hello',
  html: '<p>Hello</p>',
}

describe('sending through an SMTP server', () => {
  it('gives up on a server that accepts the connection and never answers, so it cannot hold a job', async () => {
    const started = Date.now()
    const transport = smtpTransport(`smtp://127.0.0.1:${port}`, { ...SMTP_TIMEOUTS, greetingTimeout: 300 })
    await expect(transport.send(mail)).rejects.toThrow(/Greeting never received/)
    expect(Date.now() - started).toBeLessThan(3_000)
    expect(dead.connections()).toBeGreaterThan(0)
  })

  it('waits at most seconds, not minutes, for a connection, a greeting or an answer', () => {
    // nodemailer's own defaults are 2 minutes, 30 seconds and 10 minutes.
    expect(SMTP_TIMEOUTS.connectionTimeout).toBeLessThanOrEqual(10_000)
    expect(SMTP_TIMEOUTS.greetingTimeout).toBeLessThanOrEqual(10_000)
    expect(SMTP_TIMEOUTS.socketTimeout).toBeLessThanOrEqual(60_000)
  })
})
