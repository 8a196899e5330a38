import { Inflate } from 'fflate'

/**
 * What may be attached to a complaint: documents people send about complaints (letters,
 * photos, reports, emails). Checked by name and by content, so a renamed program is refused.
 */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

type Kind = {
  contentType: string
  label: string
  magic?: number[][]
  /** A closer look than the first bytes: what the container or the text must hold. */
  inside?: (bytes: Uint8Array) => boolean
}

const ascii = (bytes: Uint8Array, from: number, length: number) =>
  String.fromCharCode(...bytes.subarray(from, from + length))

type ZipEntry = {
  name: string
  /** 0: stored as is; 8: deflated (the only two an Office or OpenDocument file uses). */
  method: number
  compressedSize: number
  /** What the archive says the entry unpacks to: a claim, not a fact. */
  declaredSize: number
  localHeaderAt: number
}

/**
 * The entries of a ZIP file, read from its central directory; undefined if it is not a
 * well-formed ZIP. Office documents are ZIPs, so a renamed archive is told apart by them.
 */
function zipEntries(bytes: Uint8Array): ZipEntry[] | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  // The end-of-central-directory record: in the last 22 bytes, or up to 64 KB before them (a comment).
  let end = -1
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i
      break
    }
  }
  if (end < 0) return undefined
  const count = view.getUint16(end + 10, true)
  let at = view.getUint32(end + 16, true)
  const entries: ZipEntry[] = []
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== 0x02014b50) return undefined
    const nameLength = view.getUint16(at + 28, true)
    const extra = view.getUint16(at + 30, true)
    const comment = view.getUint16(at + 32, true)
    if (at + 46 + nameLength > bytes.length) return undefined
    entries.push({
      name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      declaredSize: view.getUint32(at + 24, true),
      localHeaderAt: view.getUint32(at + 42, true),
    })
    at += 46 + nameLength + extra + comment
  }
  return entries
}

/** The names of the entries in a ZIP file; undefined if it is not a well-formed ZIP. */
export function zipEntryNames(bytes: Uint8Array): string[] | undefined {
  return zipEntries(bytes)?.map((e) => e.name)
}

/**
 * A zip bomb is a small file that unpacks to gigabytes, to exhaust whatever opens it (a
 * caseworker's Word, a virus scanner, an indexer). A document may unpack to at most 100 MB,
 * and to at most 100 times its own size once it is over 1 MB unpacked (an ordinary Office file
 * unpacks to 2 to 20 times its size).
 */
export const MAX_UNPACKED_BYTES = 100 * 1024 * 1024
export const MAX_UNPACKING_RATIO = 100
const UNPACKED_BYTES_BELOW_ANY_RATIO = 1024 * 1024

/**
 * How many bytes a deflated entry unpacks to, found by unpacking it (and throwing the output
 * away) a few kilobytes at a time: stops as soon as it is over `budget`, so no bomb is ever
 * unpacked further than the limit. Undefined when the data is not a whole deflate stream.
 */
function inflatedSize(data: Uint8Array, budget: number): number | undefined {
  let total = 0
  const inflater = new Inflate((chunk) => {
    total += chunk.length
  })
  // 4 KB of deflated data unpacks to at most about 4 MB (deflate's ratio tops out near 1032:1).
  const step = 4096
  try {
    for (let from = 0; from < data.length && total <= budget; from += step) {
      const to = Math.min(from + step, data.length)
      inflater.push(data.subarray(from, to), to === data.length)
    }
    if (data.length === 0) inflater.push(data, true)
  } catch {
    return undefined
  }
  return total
}

/**
 * Why a ZIP-based document is refused as a zip bomb, or undefined when it unpacks within the
 * limits. The sizes the archive declares are added up first (cheap), then every entry is
 * unpacked and counted, since a crafted archive can declare anything.
 */
function zipBombProblem(bytes: Uint8Array, label: string): string | undefined {
  const entries = zipEntries(bytes)
  if (!entries) return `The selected file is not really a ${label}; it may be damaged or renamed`
  const byRatio = Math.max(UNPACKED_BYTES_BELOW_ANY_RATIO, MAX_UNPACKING_RATIO * bytes.length)
  const limit = Math.min(MAX_UNPACKED_BYTES, byRatio)
  const refused = `The selected file is refused as a possible zip bomb: a ${label} may unpack to at most ${
    limit === MAX_UNPACKED_BYTES
      ? `${MAX_UNPACKED_BYTES / 1024 / 1024} MB`
      : `${MAX_UNPACKING_RATIO} times its own size`
  }, and this one unpacks to more. Save it again, or send it as a PDF`
  if (entries.reduce((sum, e) => sum + e.declaredSize, 0) > limit) return refused
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let unpacked = 0
  for (const entry of entries) {
    const at = entry.localHeaderAt
    if (at + 30 > bytes.length || view.getUint32(at, true) !== 0x04034b50) {
      return `The selected file is not really a ${label}; it may be damaged or renamed`
    }
    const dataAt = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true)
    const data = bytes.subarray(dataAt, Math.min(dataAt + entry.compressedSize, bytes.length))
    const size =
      entry.method === 0 ? data.length : entry.method === 8 ? inflatedSize(data, limit - unpacked) : undefined
    if (size === undefined) return `The selected file is not really a ${label}; it may be damaged or renamed`
    unpacked += size
    if (unpacked > limit) return refused
  }
  return undefined
}

/** An Office Open XML file: a ZIP holding [Content_Types].xml and the part folder of its kind. */
const officeOpenXml = (folder: string) => (bytes: Uint8Array) => {
  const names = zipEntryNames(bytes)
  return Boolean(names?.includes('[Content_Types].xml') && names.some((n) => n.startsWith(folder)))
}

/** An OpenDocument file: a ZIP whose first entry, stored as is, is its media type. */
const openDocument = (mediaType: string) => (bytes: Uint8Array) =>
  ascii(bytes, 30, 8) === 'mimetype' && ascii(bytes, 38, mediaType.length) === mediaType

/** HEIC/HEIF: an ISO media file whose type box names a HEIF brand. */
const heifBrands = ['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']
const heif = (bytes: Uint8Array) => ascii(bytes, 4, 4) === 'ftyp' && heifBrands.includes(ascii(bytes, 8, 4))

/** Text: no NUL bytes, and valid UTF-8. */
const isText = (bytes: Uint8Array) => {
  if (bytes.includes(0)) return false
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return true
  } catch {
    return false
  }
}

/** An email (RFC 5322): text that starts with a header field and has From:, To: or the like. */
const email = (bytes: Uint8Array) => {
  if (!isText(bytes)) return false
  const head = new TextDecoder().decode(bytes.subarray(0, 16_384))
  return (
    /^[!-9;-~]+:/.test(head) && /^(?:From|To|Subject|Date|Message-ID|Received|MIME-Version):/im.test(head)
  )
}

const zip = [[0x50, 0x4b, 0x03, 0x04]]
const ole = [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]]

export const documentKinds: Record<string, Kind> = {
  pdf: { contentType: 'application/pdf', label: 'PDF', magic: [[0x25, 0x50, 0x44, 0x46]] },
  png: { contentType: 'image/png', label: 'PNG image', magic: [[0x89, 0x50, 0x4e, 0x47]] },
  jpg: { contentType: 'image/jpeg', label: 'JPEG image', magic: [[0xff, 0xd8, 0xff]] },
  jpeg: { contentType: 'image/jpeg', label: 'JPEG image', magic: [[0xff, 0xd8, 0xff]] },
  gif: { contentType: 'image/gif', label: 'GIF image', magic: [[0x47, 0x49, 0x46, 0x38]] },
  heic: { contentType: 'image/heic', label: 'HEIC photo', inside: heif },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    label: 'Word document',
    magic: zip,
    inside: officeOpenXml('word/'),
  },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    label: 'Excel spreadsheet',
    magic: zip,
    inside: officeOpenXml('xl/'),
  },
  pptx: {
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    label: 'PowerPoint presentation',
    magic: zip,
    inside: officeOpenXml('ppt/'),
  },
  odt: {
    contentType: 'application/vnd.oasis.opendocument.text',
    label: 'OpenDocument text',
    magic: zip,
    inside: openDocument('application/vnd.oasis.opendocument.text'),
  },
  doc: { contentType: 'application/msword', label: 'Word document', magic: ole },
  xls: { contentType: 'application/vnd.ms-excel', label: 'Excel spreadsheet', magic: ole },
  msg: { contentType: 'application/vnd.ms-outlook', label: 'Outlook email', magic: ole },
  eml: { contentType: 'message/rfc822', label: 'Email', inside: email },
  txt: { contentType: 'text/plain', label: 'Text', inside: isText },
}

export type DocumentCheck =
  | { ok: true; contentType: string; filename: string }
  | { ok: false; problem: string }

/** Whether a file may be attached, and the type it is stored and served as. */
export function checkDocument(filename: string, bytes: Uint8Array): DocumentCheck {
  const printable = [...filename].filter((ch) => ch.charCodeAt(0) >= 32).join('')
  const name = printable.replace(/[\\/]/g, '_').trim().slice(-200) || 'document'
  const extension = name.includes('.') ? name.split('.').pop()?.toLowerCase() : undefined
  const kind = extension ? documentKinds[extension] : undefined
  const allowed = [...new Set(Object.keys(documentKinds).map((k) => k.toUpperCase()))].join(', ')
  if (!kind) return { ok: false, problem: `The selected file must be one of: ${allowed}` }
  if (bytes.length === 0) return { ok: false, problem: 'The selected file is empty' }
  if (bytes.length > MAX_DOCUMENT_BYTES)
    return {
      ok: false,
      problem: `The selected file must be smaller than ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB`,
    }
  if (kind.magic && !kind.magic.some((m) => m.every((b, i) => bytes[i] === b))) {
    return {
      ok: false,
      problem: `The selected file is not really a ${kind.label}; it may be damaged or renamed`,
    }
  }
  if (kind.inside && !kind.inside(bytes)) {
    return {
      ok: false,
      problem: `The selected file is not really a ${kind.label}; it may be damaged or renamed`,
    }
  }
  const bomb = kind.magic === zip ? zipBombProblem(bytes, kind.label) : undefined
  if (bomb) return { ok: false, problem: bomb }
  return { ok: true, contentType: kind.contentType, filename: name }
}
