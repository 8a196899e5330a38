import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { documentKinds, MAX_DOCUMENT_BYTES } from '../../../domain/complaints/documents.js'
import {
  firstUnanswered,
  type OnlineAnswers,
  type StepSlug,
  stepAfter,
  stepBefore,
  stepSlugs,
} from '../../../domain/residents/onlineComplaint.js'
import { AppError } from '../../../errors.js'
import { DRAFT_DAYS, MAX_DRAFT_FILES } from '../../../services/residents/onlineComplaints.js'
import { refusalOf, refusals } from '../../formErrors.js'
import { pathParams, queryText } from '../../params.js'
import {
  DRAFT_COOKIE,
  type FieldErrors,
  type Fields,
  formFields,
  type ResidentWebOptions,
  residentPage,
  setCookie,
  uploadedFile,
} from '../shared.js'
import { answerRows, choicesFor, fieldsFromAnswers, stepTitle } from './questions.js'

const BASE = '/make-a-complaint'
const isStep = (s: string): s is StepSlug => (stepSlugs as readonly string[]).includes(s)
/** The field a bot fills and a person never sees (no CAPTCHA: WCAG 2.2, 3.3.8). */
export const HONEYPOT = 'faxNumber'

const accepted = Object.keys(documentKinds)
  .map((k) => `.${k}`)
  .join(',')
const allowedList = [...new Set(Object.values(documentKinds).map((k) => k.label))].join(', ')

/**
 * The online complaint form (Code 3.1, 3.2): a start page, one question per page, check your
 * answers, and a confirmation with the reference and the date we will be in touch by.
 */
const stepSchema = { hide: true, params: pathParams('step') }

export const onlineComplaintRoutes: FastifyPluginAsyncZod<ResidentWebOptions> = async (
  app,
  { services, config },
) => {
  const forms = services.onlineComplaints
  const token = (request: FastifyRequest) => request.cookies[DRAFT_COOKIE]

  const page = (
    reply: FastifyReply,
    template: string,
    context: Record<string, unknown>,
    status = 200,
    complaintId?: string,
  ) =>
    residentPage(
      reply,
      services,
      { name: 'Make a complaint', url: BASE },
      template,
      context,
      status,
      complaintId,
    )

  /** Back to the start when there are no answers (a new browser, or answers already sent). */
  async function draftOr(request: FastifyRequest, reply: FastifyReply) {
    const draft = await forms.draft(token(request))
    if (!draft) {
      reply.redirect(BASE, 303)
      return undefined
    }
    if (draft.complaintId) {
      reply.redirect(`${BASE}/sent`, 303)
      return undefined
    }
    return draft
  }

  async function renderStep(
    reply: FastifyReply,
    slug: StepSlug,
    answers: OnlineAnswers,
    files: { id: string; purpose: string; filename: string; size: number }[],
    change: boolean,
    posted?: Fields,
    errors?: FieldErrors,
  ) {
    const f = posted ?? fieldsFromAnswers(slug, answers)
    const back = change ? `${BASE}/check-answers` : stepBefore(answers, slug)
    return page(
      reply,
      `residents/complaint/steps/${slug}.njk`,
      {
        pageTitle: stepTitle(slug, answers),
        step: slug,
        a: answers,
        v: f,
        errors,
        change,
        backHref: back ? (back.startsWith('/') ? back : `${BASE}/${back}`) : BASE,
        rep: answers.who === 'representative',
        files: files.filter((x) =>
          slug === 'consent-upload' ? x.purpose === 'consent' : x.purpose === 'evidence',
        ),
        maxFiles: MAX_DRAFT_FILES,
        maxMb: MAX_DOCUMENT_BYTES / 1024 / 1024,
        accepted,
        allowedList,
        ...choicesFor(slug, f, errors),
      },
      errors ? 422 : 200,
    )
  }

  app.get(BASE, { schema: { hide: true } }, async (request, reply) => {
    const draft = await forms.draft(token(request))
    const inProgress =
      draft && !draft.complaintId ? (firstUnanswered(draft.answers) ?? 'check-answers') : undefined
    return page(reply, 'residents/complaint/start.njk', {
      pageTitle: 'Make a complaint',
      continueHref: inProgress ? `${BASE}/${inProgress}` : undefined,
    })
  })

  app.post(`${BASE}/start`, { schema: { hide: true } }, async (_request, reply) => {
    const { token: t } = await forms.start()
    setCookie(reply, config.secureCookies, DRAFT_COOKIE, t, {
      path: BASE,
      maxAgeSeconds: DRAFT_DAYS * 86_400,
    })
    return reply.redirect(`${BASE}/who`, 303)
  })

  app.get(`${BASE}/sent`, { schema: { hide: true } }, async (request, reply) => {
    const draft = await forms.draft(token(request))
    if (!draft?.complaintId) return reply.redirect(BASE, 303)
    return page(
      reply,
      'residents/complaint/sent.njk',
      { pageTitle: 'Complaint sent', sent: await forms.sent(draft.complaintId) },
      200,
      draft.complaintId,
    )
  })

  app.get(`${BASE}/check-answers`, { schema: { hide: true } }, async (request, reply) => {
    const draft = await draftOr(request, reply)
    if (!draft) return reply
    const missing = await forms.missing(token(request))
    if (missing.length && missing.every((m) => m.message === 'Answer this question'))
      return reply.redirect(`${BASE}/${missing[0]?.step}`, 303)
    return renderCheck(reply, draft.answers, draft.files, missing)
  })

  function renderCheck(
    reply: FastifyReply,
    answers: OnlineAnswers,
    files: { purpose: string; filename: string }[],
    missing: { step: StepSlug; message: string }[],
    status = 200,
  ) {
    const errors = missing.length ? Object.fromEntries(missing.map((m) => [m.step, m.message])) : undefined
    return page(
      reply,
      'residents/complaint/check-answers.njk',
      {
        pageTitle: 'Check your answers before sending your complaint',
        rows: answerRows(answers, files),
        errors,
        errorList: missing.map((m) => ({ text: m.message, href: `${BASE}/${m.step}?change=1` })),
        backHref: `${BASE}/${stepBefore(answers, 'check-answers') ?? 'who'}`,
        honeypot: HONEYPOT,
      },
      status,
    )
  }

  app.post(`${BASE}/check-answers`, { schema: { hide: true } }, async (request, reply) => {
    const existing = await forms.draft(token(request))
    if (existing?.complaintId) return reply.redirect(`${BASE}/sent`, 303)
    const draft = await draftOr(request, reply)
    if (!draft) return reply
    const f = formFields(request)
    if (typeof f[HONEYPOT] === 'string' && f[HONEYPOT].trim()) {
      request.log.warn({ honeypot: true }, 'online complaint refused: the hidden field was filled in')
      throw new AppError(
        422,
        'rule_broken',
        'Your complaint could not be sent from this form. Please phone or write to us, and we will take it',
      )
    }
    const refused = await refusalOf(() => forms.submit(token(request), { address: request.ip }))
    // Each answer still missing is named by its step, to go back to; a refusal naming none is the error page.
    if (refused && !refused.details?.length) throw refused
    if (refused) {
      const missing = (refused.details ?? []).map((d) => ({ step: d.field as StepSlug, message: d.message }))
      return renderCheck(reply, draft.answers, draft.files, missing, 422)
    }
    return reply.redirect(`${BASE}/sent`, 303)
  })

  app.post(`${BASE}/files/remove`, { schema: { hide: true } }, async (request, reply) => {
    const f = formFields(request)
    await forms.removeFile(token(request), typeof f.fileId === 'string' ? f.fileId : '')
    const back = f.from === 'consent-upload' ? 'consent-upload' : 'files'
    return reply.redirect(`${BASE}/${back}${f.change === '1' ? '?change=1' : ''}`, 303)
  })

  app.get(
    `${BASE}/:step`,
    { schema: { ...stepSchema, querystring: queryText('change') } },
    async (request, reply) => {
      const { step } = request.params
      if (!isStep(step)) throw new AppError(404, 'not_found', 'There is no such page')
      const draft = await draftOr(request, reply)
      if (!draft) return reply
      const change = request.query.change === '1'
      return renderStep(reply, step, draft.answers, draft.files, change)
    },
  )

  app.post(`${BASE}/:step`, { schema: stepSchema }, async (request, reply) => {
    const { step } = request.params
    if (!isStep(step)) throw new AppError(404, 'not_found', 'There is no such page')
    const draft = await draftOr(request, reply)
    if (!draft) return reply
    const f = formFields(request)
    const change = f.change === '1'
    const again = (errors: FieldErrors, posted = f) =>
      renderStep(reply, step, draft.answers, draft.files, change, posted, errors)

    // A file sent with the page: the consent letter, or a photo or letter on the files page.
    if (step === 'files' || step === 'consent-upload') {
      let file: Awaited<ReturnType<typeof uploadedFile>>
      // A file too large (413): its detail says by how much.
      const tooLarge = await refusals(
        async () => {
          file = await uploadedFile(request, 'file', MAX_DOCUMENT_BYTES)
        },
        { statuses: [413], fieldFor: () => 'file', unnamed: 'file' },
      )
      if (tooLarge) return again(tooLarge)
      if (file) {
        const { filename, bytes } = file
        const refused = await refusalOf(() =>
          forms.addFile(token(request), {
            purpose: step === 'consent-upload' ? 'consent' : 'evidence',
            filename,
            bytes,
            address: request.ip,
          }),
        )
        if (refused) return again({ file: refused.message })
        // On the files page, adding a file shows the page again with the file listed.
        if (step === 'files' && f.action === 'upload')
          return reply.redirect(`${BASE}/files${change ? '?change=1' : ''}`, 303)
      } else if (step === 'files' && f.action === 'upload') {
        return again({ file: 'Select a file to add' })
      } else if (step === 'consent-upload' && !draft.files.some((x) => x.purpose === 'consent')) {
        return again({ file: 'Code 1.3: select the resident’s signed letter or form to upload' })
      }
    }

    const result = await forms.answer(token(request), step, f)
    if (result.errors) return again(result.errors)
    const next = change ? 'check-answers' : stepAfter(result.answers, step)
    return reply.redirect(`${BASE}/${next}`, 303)
  })
}
