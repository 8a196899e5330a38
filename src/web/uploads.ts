import { AppError } from '../errors.js'
import type { FormBody } from './forms.js'

/**
 * Uploads are read with a limit one byte above the largest file allowed, so a file over the
 * limit can never arrive looking like one exactly at it: whatever the multipart stream does
 * with its truncation, more than `max` bytes (or a truncated stream) is refused whole.
 */
export const uploadLimit = (max: number) => max + 1

export const fileTooLarge = (max: number) =>
  new AppError(
    413,
    'payload_too_large',
    `The file is larger than ${Math.round(max / 1024 / 1024)} MB; nothing was stored. Send a smaller file`,
    [{ field: 'file', message: `The file must be ${Math.round(max / 1024 / 1024)} MB or smaller` }],
  )

type UploadedPart = { toBuffer?: () => Promise<Buffer>; file?: { truncated?: boolean } }

/** The whole file, or 413 when it is over `max` bytes: never a silently shortened one. */
export async function readUpload(part: UploadedPart, max: number): Promise<Buffer | undefined> {
  if (!part.toBuffer) return undefined
  let bytes: Buffer
  try {
    bytes = await part.toBuffer()
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 413) throw fileTooLarge(max)
    throw error
  }
  if (part.file?.truncated || bytes.length > max) throw fileTooLarge(max)
  return bytes
}

/** For a buffer already read (multipart fields attached to the body as values). */
export function checkUploadSize(bytes: Buffer, max: number): Buffer {
  if (bytes.length > max) throw fileTooLarge(max)
  return bytes
}

/** A multipart part: a field as { value }, the file as { filename, toBuffer() }. */
export type MultipartPart = UploadedPart & { value?: string; filename?: string }

/** A multipart form (fields attached to the body): its parts, and its text fields as a form body. */
export function multipartForm(requestBody: unknown): {
  parts: Record<string, MultipartPart | undefined>
  body: FormBody
} {
  const parts = (requestBody ?? {}) as Record<string, MultipartPart | undefined>
  const body: FormBody = Object.fromEntries(
    Object.entries(parts).map(([k, p]) => [k, typeof p?.value === 'string' ? p.value : undefined]),
  )
  return { parts, body }
}
