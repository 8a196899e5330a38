import { describe, expect, it } from 'vitest'
import { imapClientOptions } from './mailbox.js'

const base = {
  host: 'outlook.office365.com',
  port: 993,
  secure: true,
  user: 'complaints@example.org',
  mailbox: 'INBOX',
  pollSeconds: 60,
}

describe('connecting to the mailbox', () => {
  it('signs in with XOAUTH2 when given an OAuth2 access token, as Microsoft 365 and Google need', () => {
    const o = imapClientOptions({ ...base, auth: { accessToken: 'eyJ0eXAi.token' } })
    expect(o.auth).toEqual({ user: 'complaints@example.org', accessToken: 'eyJ0eXAi.token' })
    expect(o).toMatchObject({ host: 'outlook.office365.com', port: 993, secure: true, logger: false })
  })

  it('signs in with the password otherwise, and never waits on a dead server for ever', () => {
    const o = imapClientOptions({ ...base, auth: { password: 'pw' } })
    expect(o.auth).toEqual({ user: 'complaints@example.org', pass: 'pw' })
    expect(o.connectionTimeout).toBeGreaterThan(0)
    expect(o.socketTimeout).toBeGreaterThan(0)
  })
})
