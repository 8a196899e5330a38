import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AccessKind } from '../db/repositories/accessLog.js'
import { isUuid } from '../domain/ids.js'
import type { AccessLogService } from '../services/dataProtection/accessLog.js'

/** What a route showed, set by its handler so the access log can name it. */
export type Accessed = {
  kind: AccessKind
  what: string
  complaintId?: string | null
  personId?: string | null
  /** More about it, e.g. the filters an export was made with. */
  context?: string | null
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by a handler that shows personal data; written to the access log as it is answered. */
    accessed: Accessed | undefined
  }
}

/** Notes that a request showed a case (or its history, or a letter), for the access log. */
export function showedCase(
  request: FastifyRequest,
  c: { id: string; reference: string; personId?: string | undefined },
  kind: 'case' | 'case_history' | 'letter' = 'case',
  what = `Case ${c.reference}`,
) {
  request.accessed = { kind, what, complaintId: c.id, personId: c.personId ?? null }
}

/** The file name a download is given, from its Content-Disposition. */
function downloadName(reply: FastifyReply): string | undefined {
  const disposition = reply.getHeader('content-disposition')
  if (typeof disposition !== 'string' || !disposition.startsWith('attachment')) return undefined
  const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1]
  if (encoded) {
    try {
      return decodeURIComponent(encoded)
    } catch {
      // fall through to the plain name
    }
  }
  return /filename="([^"]*)"/.exec(disposition)?.[1] ?? 'a file'
}

/**
 * A download no handler described: a document or letter of the case or resident its route names,
 * or otherwise an export (reports, registers, packs).
 */
function downloaded(request: FastifyRequest, reply: FastifyReply): Accessed | undefined {
  const name = downloadName(reply)
  if (!name) return undefined
  const route = request.routeOptions.url ?? ''
  // A hook on every route: no route's schema types its parameters here.
  const params: unknown = request.params
  const id =
    typeof params === 'object' && params !== null && 'id' in params && typeof params.id === 'string'
      ? params.id
      : undefined
  const subjectId = id && isUuid(id) ? id : undefined
  if (subjectId && /^(\/api\/v1)?\/complaints\/:id\//.test(route)) {
    return { kind: route.includes('/letters/') ? 'letter' : 'document', what: name, complaintId: subjectId }
  }
  if (subjectId && /^\/residents\/:id\//.test(route))
    return { kind: 'document', what: name, personId: subjectId }
  return { kind: 'export', what: name }
}

/**
 * Writes the access log before a response leaves: a page or file with personal data is never
 * shown to staff without its entry (if the entry cannot be written, the response is an error).
 */
export function logAccess(app: FastifyInstance, accessLog: AccessLogService) {
  app.decorateRequest('accessed', undefined)
  app.addHook('onSend', async (request, reply, payload) => {
    const staff = request.staff
    if (!staff || reply.statusCode < 200 || reply.statusCode >= 300) return payload
    const entry = request.accessed ?? downloaded(request, reply)
    if (!entry) return payload
    await accessLog.record({
      staffId: staff.id,
      action: downloadName(reply) ? 'downloaded' : 'viewed',
      kind: entry.kind,
      what: entry.what,
      complaintId: entry.complaintId ?? null,
      personId: entry.personId ?? null,
      context: entry.context ?? null,
      via: request.url.startsWith('/api/') ? 'api' : 'web',
    })
    return payload
  })
}
