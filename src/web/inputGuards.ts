import type { FastifyInstance, FastifyRequest } from 'fastify'
import { invalidInput } from '../errors.js'

/** The longest value any one form field may hold; the API's schemas set their own, smaller, bounds. */
export const MAX_FORM_FIELD_LENGTH = 20_000

/**
 * Text PostgreSQL cannot store (U+0000) or that is not text at all (a lone UTF-16 surrogate)
 * is refused at the door, with the field named, in query strings, route parameters and bodies,
 * on the web and the API alike. Form fields are bounded before any pattern is run on them.
 */
export function registerInputGuards(app: FastifyInstance) {
  app.addHook('preValidation', async (request: FastifyRequest) => {
    const isForm = String(request.headers['content-type'] ?? '').startsWith(
      'application/x-www-form-urlencoded',
    )
    check(request.query, 'query', false)
    check(request.params, 'path', false)
    check(request.body, 'body', isForm)
  })
}

function check(value: unknown, where: string, boundForm: boolean, seen = new Set<unknown>(), depth = 0) {
  if (typeof value === 'string') {
    if (value.includes('\u0000') || !value.isWellFormed())
      throw invalidInput(
        `${where} contains a character that cannot be stored (a NUL character or a broken one); remove it and try again`,
        [{ field: where, message: 'contains a NUL character or an unpaired surrogate' }],
      )
    if (boundForm && value.length > MAX_FORM_FIELD_LENGTH)
      throw invalidInput(
        `${where} is too long: at most ${MAX_FORM_FIELD_LENGTH.toLocaleString('en-GB')} characters`,
        [{ field: where, message: `at most ${MAX_FORM_FIELD_LENGTH} characters` }],
      )
    return
  }
  if (value === null || typeof value !== 'object' || seen.has(value) || depth > 20) return
  // The parsed query, params and form are objects of the parsers' own making; inside them, and
  // in JSON, only plain objects and arrays hold text (a multipart file part holds a stream).
  const proto = Object.getPrototypeOf(value)
  if (depth > 0 && !Array.isArray(value) && proto !== Object.prototype && proto !== null) return
  if (Buffer.isBuffer(value)) return
  seen.add(value)
  for (const [key, inner] of Object.entries(value)) {
    check(key, where, false, seen, depth + 1)
    check(
      inner,
      where === 'body' || where === 'query' || where === 'path' ? key : `${where}.${key}`,
      boundForm,
      seen,
      depth + 1,
    )
  }
}
