import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Config } from '../../config.js'
import { withoutProvision } from '../../domain/text/provisions.js'
import type { Services } from '../../services/index.js'
import { readUpload } from '../uploads.js'

/** What every resident page route uses. */
export type ResidentWebOptions = {
  services: Services
  config: Pick<Config, 'secureCookies' | 'landlordName' | 'contact'>
}

export const DRAFT_COOKIE = 'complaint_draft'
export const CHALLENGE_COOKIE = 'track_challenge'
export const RESIDENT_COOKIE = 'resident_session'

type Part = {
  value?: unknown
  filename?: string
  toBuffer?: () => Promise<Buffer>
  file?: { truncated?: boolean }
}

export type Fields = Record<string, string | string[] | undefined>

/**
 * A form's fields, whether it was sent urlencoded or as multipart (the pages with a file
 * input): repeated fields (checkboxes) as arrays.
 */
export function formFields(request: FastifyRequest): Fields {
  const body = (request.body ?? {}) as Record<string, unknown>
  const textOf = (v: unknown): string | undefined => {
    if (typeof v === 'string') return v
    const part = v as Part | undefined
    return typeof part?.value === 'string' ? part.value : undefined
  }
  return Object.fromEntries(
    Object.entries(body).map(([k, v]) => [
      k,
      Array.isArray(v) ? v.map(textOf).filter((x): x is string => x !== undefined) : textOf(v),
    ]),
  )
}

/** The file sent in a multipart form's field, whole, or undefined when none was chosen. */
export async function uploadedFile(
  request: FastifyRequest,
  name: string,
  max: number,
): Promise<{ filename: string; bytes: Buffer } | undefined> {
  const part = ((request.body ?? {}) as Record<string, Part | undefined>)[name]
  if (!part || typeof part !== 'object' || !part.toBuffer || !part.filename) return undefined
  const bytes = await readUpload(part, max)
  if (!bytes || bytes.length === 0) return undefined
  return { filename: part.filename, bytes }
}

export function setCookie(
  reply: FastifyReply,
  secure: boolean,
  name: string,
  value: string,
  options: { path: string; maxAgeSeconds?: number },
) {
  reply.setCookie(name, value, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: options.path,
    ...(options.maxAgeSeconds ? { maxAge: options.maxAgeSeconds } : {}),
  })
}

/** GOV.UK error summary items and field errors from a map of field → message. */
export type FieldErrors = Record<string, string>

/**
 * A resident page, as every resident page is rendered: with the help on complaining and how to
 * reach the complaints team, and its error messages in plain words (a rule's message names the
 * Code's provision for staff, never for residents: see `withoutProvision`).
 */
export async function residentPage(
  reply: FastifyReply,
  services: Services,
  service: { name: string; url: string },
  template: string,
  context: Record<string, unknown>,
  status = 200,
  /** Issue 34: the complaint the page is about; its landlord entity's name and contact details. */
  complaintId?: string,
) {
  const errors = context.errors as Record<string, string | undefined> | undefined
  const errorList = context.errorList as { text: string; href?: string }[] | undefined
  return reply.code(status).view(template, {
    serviceName: service.name,
    serviceUrl: service.url,
    ...(complaintId
      ? await services.letterTemplates.complaintContact(complaintId)
      : { contact: await services.letterTemplates.contact() }),
    help: await services.onlineComplaints.expectations(),
    ...context,
    ...(errors
      ? { errors: Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, v && withoutProvision(v)])) }
      : {}),
    ...(errorList ? { errorList: errorList.map((e) => ({ ...e, text: withoutProvision(e.text) })) } : {}),
  })
}
