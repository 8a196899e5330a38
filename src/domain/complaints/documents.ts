/**
 * What may be attached to a complaint: documents people send about complaints (letters,
 * photos, reports, emails). Checked by name and by content, so a renamed program is refused.
 */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

type Kind = { contentType: string; label: string; magic?: number[][] }

const zip = [[0x50, 0x4b, 0x03, 0x04]]
const ole = [[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]]

export const documentKinds: Record<string, Kind> = {
  pdf: { contentType: 'application/pdf', label: 'PDF', magic: [[0x25, 0x50, 0x44, 0x46]] },
  png: { contentType: 'image/png', label: 'PNG image', magic: [[0x89, 0x50, 0x4e, 0x47]] },
  jpg: { contentType: 'image/jpeg', label: 'JPEG image', magic: [[0xff, 0xd8, 0xff]] },
  jpeg: { contentType: 'image/jpeg', label: 'JPEG image', magic: [[0xff, 0xd8, 0xff]] },
  gif: { contentType: 'image/gif', label: 'GIF image', magic: [[0x47, 0x49, 0x46, 0x38]] },
  heic: { contentType: 'image/heic', label: 'HEIC photo' },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    label: 'Word document',
    magic: zip,
  },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    label: 'Excel spreadsheet',
    magic: zip,
  },
  pptx: {
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    label: 'PowerPoint presentation',
    magic: zip,
  },
  odt: { contentType: 'application/vnd.oasis.opendocument.text', label: 'OpenDocument text', magic: zip },
  doc: { contentType: 'application/msword', label: 'Word document', magic: ole },
  xls: { contentType: 'application/vnd.ms-excel', label: 'Excel spreadsheet', magic: ole },
  msg: { contentType: 'application/vnd.ms-outlook', label: 'Outlook email', magic: ole },
  eml: { contentType: 'message/rfc822', label: 'Email' },
  txt: { contentType: 'text/plain', label: 'Text' },
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
  if ((extension === 'txt' || extension === 'eml') && bytes.includes(0)) {
    return { ok: false, problem: `The selected file is not really a ${kind.label}` }
  }
  return { ok: true, contentType: kind.contentType, filename: name }
}
