import { randomBytes } from 'node:crypto'
import { createDeflateRaw } from 'node:zlib'

/** One entry of a ZIP: text or bytes stored as they are, or data already deflated. */
export type ZipPart =
  | string
  | Buffer
  | {
      /** Raw deflate data (method 8). */
      deflated: Buffer
      /** What it really unpacks to. */
      size: number
      /** What the archive says it unpacks to (a crafted one can say anything); `size` unless given. */
      declaredSize?: number
    }

/** A ZIP holding the named entries, as any archiver would write it (CRCs left 0: nothing here checks them). */
export function zipOf(entries: Record<string, ZipPart>): Buffer {
  const local: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const [name, part] of Object.entries(entries)) {
    const nameBytes = Buffer.from(name)
    const stored = typeof part === 'string' ? Buffer.from(part) : Buffer.isBuffer(part) ? part : undefined
    const data = stored ?? (part as { deflated: Buffer }).deflated
    const method = stored ? 0 : 8
    const declared = stored
      ? stored.length
      : ((part as { declaredSize?: number; size: number }).declaredSize ?? (part as { size: number }).size)
    const header = Buffer.alloc(30)
    header.writeUInt32LE(0x04034b50, 0)
    header.writeUInt16LE(method, 8)
    header.writeUInt32LE(data.length, 18)
    header.writeUInt32LE(declared, 22)
    header.writeUInt16LE(nameBytes.length, 26)
    local.push(header, nameBytes, data)
    const entry = Buffer.alloc(46)
    entry.writeUInt32LE(0x02014b50, 0)
    entry.writeUInt16LE(method, 10)
    entry.writeUInt32LE(data.length, 20)
    entry.writeUInt32LE(declared, 24)
    entry.writeUInt16LE(nameBytes.length, 28)
    entry.writeUInt32LE(offset, 42)
    central.push(entry, nameBytes)
    offset += 30 + nameBytes.length + data.length
  }
  const directory = Buffer.concat(central)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(Object.keys(entries).length, 8)
  end.writeUInt16LE(Object.keys(entries).length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...local, directory, end])
}

const zeros = new Map<number, Promise<Buffer>>()

/**
 * `megabytes` MB of zeros, deflated a megabyte at a time (never held whole): about 1 KB a MB.
 * Made once for each size in a test file.
 */
export function deflatedZeros(megabytes: number): Promise<Buffer> {
  const made = zeros.get(megabytes) ?? deflate(megabytes)
  zeros.set(megabytes, made)
  return made
}

async function deflate(megabytes: number): Promise<Buffer> {
  const deflate = createDeflateRaw()
  const out: Buffer[] = []
  deflate.on('data', (chunk: Buffer) => out.push(chunk))
  const done = new Promise((resolve, reject) => deflate.on('end', resolve).on('error', reject))
  const megabyte = Buffer.alloc(1024 * 1024)
  for (let i = 0; i < megabytes; i++) {
    if (!deflate.write(megabyte)) await new Promise((resolve) => deflate.once('drain', resolve))
  }
  deflate.end()
  await done
  return Buffer.concat(out)
}

/**
 * A Word document that is a zip bomb: its body is `megabytes` MB of zeros. It declares its true
 * size, or `declaredSize` when it lies; `padding` bytes of noise (stored) make the file itself
 * that much bigger, so that it is the 100 MB limit, not the ratio, that it breaks.
 */
export async function wordZipBomb(
  megabytes: number,
  options: { declaredSize?: number; padding?: number } = {},
): Promise<Buffer> {
  return zipOf({
    '[Content_Types].xml': '<Types/>',
    'word/document.xml': {
      deflated: await deflatedZeros(megabytes),
      size: megabytes * 1024 * 1024,
      ...(options.declaredSize === undefined ? {} : { declaredSize: options.declaredSize }),
    },
    ...(options.padding ? { 'word/media/noise.bin': randomBytes(options.padding) } : {}),
  })
}
