import { ImapFlow, type ImapFlowOptions } from 'imapflow'
import type { ImapConfig } from '../../config.js'

/** A message as read from the mailbox: where it is, when it arrived, and its bytes. */
export type MailboxMessage = { uidvalidity: number; uid: number; internalDate: Date; source: Buffer }

/** At most this many messages a poll, so a first poll of a full mailbox is done in steps. */
export const MESSAGES_PER_POLL = 50

/**
 * How imapflow connects: with a password, or an OAuth2 access token (XOAUTH2, which Microsoft
 * 365 and Google need); with time limits, so a dead server fails the poll instead of holding it.
 */
export function imapClientOptions(c: ImapConfig): ImapFlowOptions {
  if ('oauth' in c.auth)
    throw new Error('The mailbox’s OAuth2 client must be given a token first (oauthTokenSource)')
  return {
    host: c.host,
    port: c.port,
    secure: c.secure,
    auth:
      'accessToken' in c.auth
        ? { user: c.user, accessToken: c.auth.accessToken }
        : { user: c.user, pass: c.auth.password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: 30_000,
    greetingTimeout: 15_000,
    socketTimeout: 120_000,
  }
}

/**
 * The messages after `lastUid` (all of them under a new UIDVALIDITY), oldest first, up to
 * `MESSAGES_PER_POLL`. The mailbox is opened read-only (EXAMINE) and bodies are fetched with
 * BODY.PEEK: nothing is deleted, moved or flagged, not even \Seen.
 */
export async function readNewMessages(
  c: ImapConfig,
  after: { uidvalidity: number; lastUid: number } | undefined,
): Promise<{ uidvalidity: number; messages: MailboxMessage[] }> {
  const client = new ImapFlow(imapClientOptions(c))
  await client.connect()
  try {
    const box = await client.mailboxOpen(c.mailbox, { readOnly: true })
    const uidvalidity = Number(box.uidValidity)
    const lastUid = after && after.uidvalidity === uidvalidity ? after.lastUid : 0
    const uids = ((await client.search({ uid: `${lastUid + 1}:*` }, { uid: true })) || [])
      // "n:*" always names the newest message, even when its UID is below n.
      .filter((uid) => uid > lastUid)
      .sort((a, b) => a - b)
      .slice(0, MESSAGES_PER_POLL)
    const messages: MailboxMessage[] = []
    if (uids.length)
      for (const m of await client.fetchAll(
        uids,
        { uid: true, internalDate: true, source: true },
        { uid: true },
      )) {
        if (!m.source) continue
        const internalDate =
          m.internalDate instanceof Date ? m.internalDate : new Date(m.internalDate ?? Date.now())
        messages.push({ uidvalidity, uid: m.uid, internalDate, source: m.source })
      }
    return { uidvalidity, messages: messages.sort((a, b) => a.uid - b.uid) }
  } finally {
    await client.logout().catch(() => client.close())
  }
}
