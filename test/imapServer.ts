import { execFileSync, spawn } from 'node:child_process'
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { type AddressInfo, connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ImapFlow } from 'imapflow'

export const DOVECOT = '/usr/sbin/dovecot'

/** A free TCP port on this machine (asked of the kernel, then released for Dovecot to take). */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('data', (data) => {
      socket.destroy()
      resolve(data.toString().startsWith('* OK'))
    })
    socket.once('error', () => resolve(false))
  })

/** The uid and gid of a system account (Dovecot refuses to run its mail processes as root). */
const account = (name: string) => {
  const [, , uid, gid] = execFileSync('getent', ['passwd', name], { encoding: 'utf8' }).trim().split(':')
  return { uid: Number(uid), gid: Number(gid) }
}

/**
 * A real IMAP server for the tests: Dovecot (Debian's dovecot-imapd) on a free port, with its
 * own configuration, passwd file, maildir and log in a temporary directory; no system service is
 * touched. One user, `complaints`, with a password; with `oauth2`, bearer tokens (XOAUTH2) are
 * checked by Dovecot calling that introspection URL.
 */
export async function startImapServer(options: { oauth2IntrospectionUrl?: string } = {}) {
  if (!existsSync(DOVECOT))
    throw new Error(
      `The inbox tests need Dovecot (${DOVECOT}), a real IMAP server: apt-get install dovecot-imapd (.ci/run installs it)`,
    )
  const dir = mkdtempSync(join(tmpdir(), 'imap-test-'))
  chmodSync(dir, 0o755)
  const mailUser = account('dovecot')
  const home = join(dir, 'mail', 'complaints')
  mkdirSync(home, { recursive: true })
  chownSync(join(dir, 'mail'), mailUser.uid, mailUser.gid)
  chownSync(home, mailUser.uid, mailUser.gid)
  const user = 'complaints'
  const password = 'a test mailbox password'
  writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${password}:${mailUser.uid}:${mailUser.gid}::${home}\n`)
  const port = await freePort()
  const oauth2 = options.oauth2IntrospectionUrl
  if (oauth2)
    writeFileSync(
      join(dir, 'oauth2.conf'),
      [
        `introspection_url = ${oauth2}`,
        'introspection_mode = post',
        'username_attribute = username',
        'active_attribute = active',
        'active_value = true',
        'tokeninfo_url =',
        '',
      ].join('\n'),
    )
  const config = `
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = imap-test-${port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login${oauth2 ? ' xoauth2' : ''}
log_path = ${dir}/dovecot.log
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
first_valid_uid = 1
mail_location = maildir:~/Maildir
${
  oauth2
    ? `passdb {
  driver = oauth2
  mechanisms = xoauth2
  args = ${dir}/oauth2.conf
}
`
    : ''
}passdb {
  driver = passwd-file
  args = scheme=PLAIN ${dir}/passwd
}
userdb {
  driver = passwd-file
  args = ${dir}/passwd
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`
  writeFileSync(join(dir, 'dovecot.conf'), config)
  const configPath = join(dir, 'dovecot.conf')
  // -F: in the foreground, a child of the test, so it is stopped with it.
  const master = spawn(DOVECOT, ['-F', '-c', configPath], { stdio: 'ignore' })
  const exited = new Promise<void>((resolve) => master.once('exit', () => resolve()))
  const log = () => {
    try {
      return readFileSync(join(dir, 'dovecot.log'), 'utf8')
    } catch {
      return ''
    }
  }
  const deadline = Date.now() + 15_000
  while (!(await accepts(port))) {
    if (master.exitCode !== null || Date.now() > deadline) {
      master.kill()
      throw new Error(`Dovecot did not start:\n${log()}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  const connection = { host: '127.0.0.1', port, secure: false, user, password }

  return {
    ...connection,
    log,
    /** Puts a message into the mailbox through the server (IMAP APPEND), as a mail server delivering it would. */
    async deliver(raw: string | Buffer, arrivedAt?: Date, mailbox = 'INBOX') {
      const client = new ImapFlow({
        host: connection.host,
        port,
        secure: false,
        auth: { user, pass: password },
        logger: false,
      })
      await client.connect()
      try {
        await client.append(mailbox, raw, [], arrivedAt)
      } finally {
        await client.logout()
      }
    },
    /** The flags of the message with this UID, as the server keeps them. */
    async flags(uid: number, mailbox = 'INBOX'): Promise<string[]> {
      const client = new ImapFlow({
        host: connection.host,
        port,
        secure: false,
        auth: { user, pass: password },
        logger: false,
      })
      await client.connect()
      try {
        await client.mailboxOpen(mailbox, { readOnly: true })
        const m = await client.fetchOne(String(uid), { flags: true }, { uid: true })
        return m ? [...(m.flags ?? [])] : []
      } finally {
        await client.logout()
      }
    },
    async stop() {
      master.kill('SIGTERM')
      await exited
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export type ImapTestServer = Awaited<ReturnType<typeof startImapServer>>

/** An email as a mail client writes it (CRLF line ends), with optional attachments. */
export function rawEmail(m: {
  from: string
  to?: string
  subject: string
  text?: string
  html?: string
  messageId?: string
  inReplyTo?: string
  references?: string
  date?: Date
  attachments?: { filename: string; contentType: string; content: Buffer }[]
}): string {
  const boundary = 'test-boundary-7d1e'
  const headers = [
    `From: ${m.from}`,
    `To: ${m.to ?? 'complaints@landlord.example'}`,
    `Subject: ${m.subject}`,
    `Date: ${(m.date ?? new Date('2026-12-01T10:00:00Z')).toUTCString()}`,
    `Message-ID: ${m.messageId ?? `<${Math.random().toString(36).slice(2)}@resident.example>`}`,
    ...(m.inReplyTo ? [`In-Reply-To: ${m.inReplyTo}`] : []),
    ...(m.references ? [`References: ${m.references}`] : []),
    'MIME-Version: 1.0',
  ]
  const body = m.html
    ? { type: 'text/html; charset=utf-8', content: m.html }
    : { type: 'text/plain; charset=utf-8', content: m.text ?? '' }
  if (!m.attachments?.length)
    return [...headers, `Content-Type: ${body.type}`, '', body.content, ''].join('\r\n')
  const parts = [
    [`--${boundary}`, `Content-Type: ${body.type}`, '', body.content].join('\r\n'),
    ...m.attachments.map((a) =>
      [
        `--${boundary}`,
        `Content-Type: ${a.contentType}; name="${a.filename}"`,
        `Content-Disposition: attachment; filename="${a.filename}"`,
        'Content-Transfer-Encoding: base64',
        '',
        a.content.toString('base64').replace(/.{76}/g, '$&\r\n').trim(),
      ].join('\r\n'),
    ),
  ]
  return [
    ...headers,
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    ...parts,
    `--${boundary}--`,
    '',
  ].join('\r\n')
}
