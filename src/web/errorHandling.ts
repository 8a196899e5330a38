import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { isDatabaseUnavailable } from '../db/database.js'
import { AppError, asAppError, type ErrorDetail } from '../errors.js'

const isApi = (request: FastifyRequest) => request.url.startsWith('/api/')

type ErrorBody = { error: { code: string; message: string; details?: ErrorDetail[] } }

/** Translates any error into the api-v1 error body (or a GOV.UK-styled page), never a stack trace. */
function describe(
  raised: FastifyError | AppError | Error,
  request: FastifyRequest,
): { status: number; body: ErrorBody } {
  // A refusal that no service turned into its answer is answered the same way, never as a 500.
  const error = asAppError(raised) as FastifyError | AppError | Error
  if (error instanceof AppError) {
    return {
      status: error.status,
      body: {
        error: {
          code: error.code,
          message: error.message,
          ...(error.details ? { details: error.details } : {}),
        },
      },
    }
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as FastifyError).validationContext ?? 'body'
    const details = error.validation.map((v) => {
      const field = v.instancePath.replace(/^\//, '').replaceAll('/', '.')
      return { field: field || where, message: v.message ?? 'is not valid' }
    })
    return {
      status: 400,
      body: {
        error: {
          code: 'invalid_input',
          message: `The request ${where} is not valid: ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`,
          details,
        },
      },
    }
  }
  const fastifyError = error as FastifyError
  const status = fastifyError.statusCode ?? 500
  if (status >= 400 && status < 500) {
    const known: Record<string, [string, string]> = {
      FST_ERR_CTP_INVALID_JSON_BODY: ['invalid_json', 'The request body is not valid JSON'],
      FST_ERR_CTP_EMPTY_JSON_BODY: ['invalid_json', 'The request body is empty; send a JSON object'],
      FST_ERR_CTP_BODY_TOO_LARGE: ['payload_too_large', 'The request body is too large'],
      FST_ERR_CTP_INVALID_MEDIA_TYPE: ['unsupported_media_type', 'Send the request body as application/json'],
      FST_CSRF_INVALID_TOKEN: [
        'csrf_invalid',
        'The form has expired or was not sent from this service; try again',
      ],
      FST_CSRF_MISSING_SECRET: [
        'csrf_invalid',
        'The form has expired or was not sent from this service; try again',
      ],
    }
    const [code, message] = known[fastifyError.code] ??
      (fastifyError instanceof SyntaxError
        ? ['invalid_json', 'The request body is not valid JSON']
        : undefined) ?? [
        status === 429 ? 'too_many_requests' : 'bad_request',
        status === 429
          ? 'Too many requests; wait a minute and try again'
          : 'The request could not be understood',
      ]
    return { status, body: { error: { code, message } } }
  }
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ err: error }, 'database unavailable')
    return {
      status: 503,
      body: {
        error: {
          code: 'service_unavailable',
          message:
            'The database is not answering just now, so this request was not completed. Try again in a few seconds.',
        },
      },
    }
  }
  request.log.error({ err: error }, 'unhandled error')
  return {
    status: 500,
    body: {
      error: {
        code: 'internal_error',
        message: `Something went wrong on our side (reference ${request.id})`,
      },
    },
  }
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error, request, reply) => {
    const { status, body } = describe(error as Error, request)
    if (status === 401 && isApi(request)) reply.header('www-authenticate', 'Bearer')
    if (status === 503) reply.header('retry-after', '5')
    return sendError(request, reply, status, body)
  })
  app.setNotFoundHandler((request, reply) =>
    sendError(request, reply, 404, {
      error: {
        code: 'not_found',
        message: `There is nothing at ${request.method} ${request.url.split('?')[0]}`,
      },
    }),
  )
}

function sendError(request: FastifyRequest, reply: FastifyReply, status: number, body: ErrorBody) {
  reply.code(status)
  const wantsHtml = !isApi(request) && (request.headers.accept ?? 'text/html').includes('html')
  if (!wantsHtml || typeof reply.view !== 'function') return reply.send(body)
  const template = status === 404 ? 'errors/404.njk' : status >= 500 ? 'errors/500.njk' : 'errors/problem.njk'
  return reply.view(template, { status, message: body.error.message, reference: request.id })
}
