import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/db/database.js'
import { SEND_MAIL_JOB } from '../../src/services/mail/letterDelivery.js'
import { api, nextPort, startServer, stopServers, waitUntilReady } from '../processes.js'
import { deadSmtpServer } from '../smtp.js'

/**
 * The real server as an operator runs it: a separate process on a real port. These tests
 * check what only a whole process can show: start-up, the data folder lock, kill -9,
 * graceful shutdown and refusing bad configuration.
 */
afterEach(stopServers)

const admin = { ADMIN_EMAIL: 'ops@example.org', ADMIN_PASSWORD: 'operations password 1' }

describe('the server process on the embedded database', () => {
  it('starts with demo staff, refuses a second process on the same DATA_DIR, and keeps every committed write through kill -9', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'complaints-data-'))
    const port = nextPort()
    const first = startServer({ DATA_DIR: dataDir, PORT: String(port), ...admin })
    await waitUntilReady(first, port)
    expect(first.output()).toContain('Demo staff accounts (shown once')
    expect(first.output()).toMatch(/priya\.shah@example\.org\s+\S{19}\s+complaints_officer/)

    const page = await fetch(`http://127.0.0.1:${port}/sign-in`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('govuk-template')

    const { json: tokenBody } = await api(port, '/api/v1/auth/token', {
      email: admin.ADMIN_EMAIL,
      password: admin.ADMIN_PASSWORD,
    })
    const token = tokenBody.token as string
    const created = await api(
      port,
      '/api/v1/users',
      {
        email: 'durable@example.org',
        name: 'Durable Person',
        password: 'kept after a crash 1',
        role: 'handler',
      },
      token,
    )
    expect(created.status).toBe(201)

    const second = startServer({ DATA_DIR: dataDir, PORT: String(nextPort()) })
    expect(await second.exited).toBe(1)
    expect(second.output()).toContain(`is already in use by process ${first.child.pid}`)

    first.child.kill('SIGKILL')
    await first.exited

    const restarted = startServer({ DATA_DIR: dataDir, PORT: String(port), ...admin })
    await waitUntilReady(restarted, port)
    expect(restarted.output()).not.toContain('Demo staff accounts')
    const signIn = await api(port, '/api/v1/auth/token', {
      email: 'durable@example.org',
      password: 'kept after a crash 1',
    })
    expect(signIn.status).toBe(200)
    // The API token issued before the crash is still valid: it was committed too.
    expect((await api(port, '/api/v1/me', undefined, token)).status).toBe(200)

    restarted.child.kill('SIGTERM')
    expect(await restarted.exited).toBe(0)
    expect(restarted.output()).toContain('stopped cleanly')
    // Three server processes, the first migrating and making the demo data on the embedded database.
  }, 240_000)

  it('stops within SHUTDOWN_TIMEOUT_SECONDS though a client holds a request open and the mail server never answers', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'complaints-data-'))
    const port = nextPort()
    const mailServer = deadSmtpServer()
    const held: Socket[] = []
    try {
      const server = startServer({
        DATA_DIR: dataDir,
        PORT: String(port),
        ...admin,
        DEMO_DATA: 'false',
        SMTP_URL: `smtp://127.0.0.1:${await mailServer.start()}`,
        JOBS_POLL_SECONDS: '1',
        SIGN_IN_MAX_ATTEMPTS: '1',
        SHUTDOWN_TIMEOUT_SECONDS: '2',
      })
      await waitUntilReady(server, port)
      // One wrong password locks the account here, and its owner is emailed: a mail job that
      // connects to the mail server and waits for a greeting that never comes.
      const wrong = await api(port, '/api/v1/auth/token', {
        email: admin.ADMIN_EMAIL,
        password: 'not it at all',
      })
      expect(wrong.status).toBe(401)
      await expect.poll(() => mailServer.connections(), { timeout: 20_000 }).toBeGreaterThan(0)
      // A client that sends half a request's headers and waits, and one that sends half a body.
      const holding = async (text: string) => {
        const socket = connect(port, '127.0.0.1')
        held.push(socket)
        socket.on('error', () => {})
        await new Promise((resolve) => socket.once('connect', resolve))
        socket.write(text)
      }
      await holding('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n')
      await holding(
        'POST /api/v1/auth/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email":',
      )
      await new Promise((resolve) => setTimeout(resolve, 300))

      const sent = Date.now()
      server.child.kill('SIGTERM')
      expect(await server.exited).toBe(0)
      const took = Date.now() - sent
      // The two seconds to drain, then closing: well short of the requests' and the mail's own timeouts.
      expect(took).toBeGreaterThanOrEqual(1_900)
      expect(took).toBeLessThan(2_000 + 3_000)
      expect(server.output()).toContain('closing their connections')
      expect(server.output()).toContain('stopped, after cutting off what was still running')

      // The mail job cut off is still claimed, untried to the end: when the claim runs out, an
      // instance takes it up again (see the job runner's tests).
      const database = await openDatabase({ kind: 'pglite', dataDir })
      try {
        const job = await database.db
          .selectFrom('jobs')
          .selectAll()
          .where('kind', '=', SEND_MAIL_JOB)
          .executeTakeFirstOrThrow()
        expect(job).toMatchObject({ attempts: 1, done_at: null, gave_up_at: null })
        expect(new Date(job.locked_until as Date).getTime()).toBeGreaterThan(Date.now())
      } finally {
        await database.close()
      }
    } finally {
      for (const socket of held) socket.destroy()
      await mailServer.stop()
    }
  }, 90_000)

  it('refuses bad configuration with a message naming the setting', async () => {
    const server = startServer({ PORT: 'eighty', DATA_DIR: mkdtempSync(join(tmpdir(), 'complaints-data-')) })
    expect(await server.exited).toBe(1)
    expect(server.output()).toContain('Invalid configuration')
    expect(server.output()).toContain('PORT')
  })
})

describe.runIf(process.env.TEST_DATABASE_URL)('the server process on PostgreSQL', () => {
  it('starts against DATABASE_URL, creates the administrator from ADMIN_EMAIL, and issues tokens', async () => {
    const url = process.env.TEST_DATABASE_URL as string
    const schema = `proc_${randomBytes(5).toString('hex')}`
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    await client.query(`create schema ${schema}`)
    try {
      const port = nextPort()
      const withSchema = `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`
      const server = startServer({ DATABASE_URL: withSchema, PORT: String(port), ...admin })
      await waitUntilReady(server, port)
      expect(server.output()).not.toContain('Demo staff accounts')
      const token = await api(port, '/api/v1/auth/token', {
        email: admin.ADMIN_EMAIL,
        password: admin.ADMIN_PASSWORD,
      })
      expect(token.status).toBe(200)
      const wrong = await api(port, '/api/v1/auth/token', {
        email: admin.ADMIN_EMAIL,
        password: 'wrong password',
      })
      expect(wrong.status).toBe(401)
      server.child.kill('SIGTERM')
      expect(await server.exited).toBe(0)
    } finally {
      await client.query(`drop schema ${schema} cascade`)
      await client.end()
    }
  })
})
