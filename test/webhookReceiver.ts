import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A webhook receiver as a landlord's system would run one: a real HTTP server on a free port that
 * keeps what it is sent and answers with the statuses it is told, in turn (then 200).
 */
export type Received = { headers: IncomingHttpHeaders; body: string }
export async function webhookReceiver(answers: number[] = []) {
  const received: Received[] = []
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (c: Buffer) => chunks.push(c))
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') })
      const status = answers.shift() ?? 200
      response.writeHead(status, { 'content-type': 'text/plain' })
      response.end(status === 200 ? 'ok, thanks' : `no: ${'x'.repeat(2000)}`)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    answers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
export type WebhookReceiver = Awaited<ReturnType<typeof webhookReceiver>>

/**
 * The check docs/webhooks.md tells a receiver to make, written here from the documentation rather
 * than taken from the service: HMAC-SHA256 of "<timestamp>.<raw body>" keyed with the secret, hex,
 * any of the `v1=` values matching, the timestamp within 5 minutes of the receiver's clock.
 */
export function verifiedDelivery(secret: string, r: Received, nowSeconds: number): boolean {
  const timestamp = String(r.headers['webhook-timestamp'])
  if (Math.abs(nowSeconds - Number(timestamp)) > 300) return false
  const expected = createHmac('sha256', secret).update(`${timestamp}.${r.body}`).digest('hex')
  return String(r.headers['webhook-signature'])
    .split(' ')
    .filter((p) => p.startsWith('v1='))
    .some((p) => {
      const given = Buffer.from(p.slice(3))
      return given.length === expected.length && timingSafeEqual(given, Buffer.from(expected))
    })
}
