import { type AddressInfo, createServer, type Socket } from 'node:net'
import { type ParsedMail, simpleParser } from 'mailparser'
import { SMTPServer } from 'smtp-server'

/** A real SMTP server in the test process: it keeps what arrives, and refuses one domain. */
export function smtpServer() {
  const received: ParsedMail[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith('@refused.example')) {
        const error = new Error('Mailbox unavailable') as Error & { responseCode: number }
        error.responseCode = 550
        return callback(error)
      }
      callback()
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail)
          callback()
        },
        (error) => callback(error),
      )
    },
  })
  return {
    received,
    start: () =>
      new Promise<number>((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port)),
      ),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/** The mail settings of a test app that sends through the test SMTP server on the port. */
export const smtpMail = (port: number) => ({
  smtpUrl: `smtp://127.0.0.1:${port}` as string | undefined,
  from: 'Test Homes <complaints@test-homes.example>',
  maxAttempts: 3,
})

/**
 * A mail server that is there but dead: it accepts the connection and never says a word (no
 * greeting), as a hung server or a firewall that swallows the session does.
 */
export function deadSmtpServer() {
  const sockets: Socket[] = []
  const server = createServer((socket) => {
    sockets.push(socket)
    socket.on('error', () => {})
  })
  return {
    /** How many connections have been made to it. */
    connections: () => sockets.length,
    start: () =>
      new Promise<number>((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
      ),
    stop: () => {
      for (const socket of sockets) socket.destroy()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
