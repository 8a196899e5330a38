/**
 * Email in: what an email read from the complaints mailbox is, how a reply is matched to the
 * case it answers, and what a handler may decide it is.
 */

/** An item waits in the queue ('new') until decided; a reply that joined its case never waited. */
export const inboxStatuses = ['new', 'decided'] as const
export type InboxStatus = (typeof inboxStatuses)[number]

export const inboxDecisions = ['complaint', 'service_request', 'existing_case', 'joined'] as const
export type InboxDecision = (typeof inboxDecisions)[number]

export const inboxDecisionLabels: Record<InboxDecision, string> = {
  complaint: 'Logged as a complaint',
  service_request: 'Logged as a service request',
  existing_case: 'Added to an existing case',
  joined: 'Joined its case as a reply',
}

export const inboxStatusLabels: Record<InboxStatus, string> = { new: 'New', decided: 'Decided' }

/**
 * The Message-ID we give each email we send: our own, so a retried send keeps it and a reply's
 * In-Reply-To finds the message (and its case) whatever the mail server did.
 */
export function outgoingMessageId(mailId: string, from: string): string {
  const domain = /@([^\s>]+)/.exec(from)?.[1] ?? 'complaints.invalid'
  return `<mail-${mailId}@${domain}>`
}

/** The Message-IDs a reply names (In-Reply-To first, then References, newest last), each once. */
export function repliedToIds(
  inReplyTo: string | undefined,
  references: string | string[] | undefined,
): string[] {
  const all = [inReplyTo ?? '', ...([] as string[]).concat(references ?? [])].join(' ')
  const ids = [...all.matchAll(/<[^<>\s]+>/g)].map((m) => m[0])
  return [...new Set(ids)]
}

/** Our complaint reference (CMP-2026-000123, as `formatReference` writes it) in a subject line. */
export function referenceInSubject(subject: string): string | undefined {
  return /\bCMP-\d{4}-\d{6,}\b/i.exec(subject)?.[0]?.toUpperCase()
}

/** The first line of a subject and some text as a summary of an email for a case's history. */
export function receivedEmailSummary(e: { fromAddress: string; subject: string; text: string }): string {
  const text = e.text.trim()
  const head = `Email from ${e.fromAddress}: ${e.subject.trim() || '(no subject)'}`
  const limit = 10_000 - head.length - 2
  return text ? `${head}\n\n${text.length > limit ? `${text.slice(0, limit - 1)}…` : text}` : head
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }

/**
 * An email's HTML as plain text, for when it has no text part that the mail parser could use:
 * scripts, styles and comments dropped with what they hold, line breaks kept at block ends, every
 * other tag removed and entities read. The result is only ever shown as text (escaped).
 */
export function htmlAsText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|head|title)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h[1-6]|blockquote|table)\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') {
        const code =
          name[1]?.toLowerCase() === 'x' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1))
        return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ''
      }
      return entities[name.toLowerCase()] ?? whole
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}
