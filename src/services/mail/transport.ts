import nodemailer from 'nodemailer'

export type OutgoingMail = {
  from: string
  to: string
  subject: string
  text: string
  html: string
  attachments?: { filename: string; content: Buffer; contentType: string }[]
  /** The Message-ID to send it with, so a reply's In-Reply-To finds it (`outgoingMessageId`). */
  messageId?: string
}

/** Where mail goes: an SMTP server, answering with its message id or an error. */
export type MailTransport = { send(mail: OutgoingMail): Promise<{ serverMessageId: string }> }

/**
 * How long a mail server has to take the connection, to greet, and to answer each command (in
 * ms). A dead or hung server fails the attempt, which is tried again later, instead of holding
 * the job (and a shutdown) for nodemailer's own 2 minutes, 30 s and 10 minutes.
 */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 60_000 }

/** SMTP_URL: smtp://host:port (STARTTLS when offered) or smtps://user:pass@host:port. */
export function smtpTransport(url: string, timeouts: typeof SMTP_TIMEOUTS = SMTP_TIMEOUTS): MailTransport {
  // The timeouts go beside the URL: the second argument of createTransport is defaults for
  // messages, and transporter.set() is for plugins, so neither sets them.
  const transporter = nodemailer.createTransport({ url, ...timeouts })
  return {
    async send(mail) {
      const info = await transporter.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        attachments: mail.attachments,
        ...(mail.messageId ? { messageId: mail.messageId } : {}),
      })
      return { serverMessageId: String(info.messageId ?? '') }
    },
  }
}
