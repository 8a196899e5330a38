import type { Readable } from 'node:stream'

/** A streamed document's bytes, for what is kept rather than sent (a published version, a test). */
export async function bytesOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}
