import nodemailer from 'nodemailer'

export type OutgoingMail = {
  from: string
  to: string
  subject: string
  text: string
  html: string
  attachments?: { filename: string; content: Buffer; contentType: string }[]
}

/** Where mail goes: an SMTP server, answering with its message id or an error. */
export type MailTransport = { send(mail: OutgoingMail): Promise<{ serverMessageId: string }> }

/** SMTP_URL: smtp://host:port (STARTTLS when offered) or smtps://user:pass@host:port. */
export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url, {})
  transporter.set('connectionTimeout' as never, 10_000 as never)
  return {
    async send(mail) {
      const info = await transporter.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        attachments: mail.attachments,
      })
      return { serverMessageId: String(info.messageId ?? '') }
    },
  }
}
