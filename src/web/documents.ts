import { Readable } from 'node:stream'
import type { FastifyReply } from 'fastify'

/**
 * Serves a document so that no browser will run it: a download, sandboxed, never sniffed. A
 * stream (an export written as it is read) is sent as it comes.
 */
export function sendDocument(
  reply: FastifyReply,
  doc: { filename: string; contentType: string; content: Uint8Array | Readable },
) {
  const ascii = doc.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  return reply
    .header('content-type', doc.contentType)
    .header(
      'content-disposition',
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(doc.filename)}`,
    )
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .send(doc.content instanceof Readable ? doc.content : Buffer.from(doc.content))
}
