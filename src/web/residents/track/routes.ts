import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { documentKinds, MAX_DOCUMENT_BYTES } from '../../../domain/complaints/documents.js'
import { isDissatisfied, satisfactionLabels, satisfactionScale } from '../../../domain/residents/survey.js'
import { notFound } from '../../../errors.js'
import { CODE_MINUTES, type ResidentSession } from '../../../services/residents/tracking.js'
import { sendDocument } from '../../documents.js'
import { refusalOf, refusals } from '../../formErrors.js'
import { doneQuery, idParams, pathParams } from '../../params.js'
import {
  CHALLENGE_COOKIE,
  type FieldErrors,
  formFields,
  RESIDENT_COOKIE,
  type ResidentWebOptions,
  residentPage,
  setCookie,
  uploadedFile,
} from '../shared.js'

const BASE = '/track'
const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '')

/**
 * Following a complaint: reference and email → a one-time code by email → the complaint, its
 * letters and promised actions, asking for stage 2, withdrawing, adding information, the survey.
 */
const idSchema = { hide: true, params: idParams }
const letterSchema = { hide: true, params: pathParams('id', 'letterId') }

export const trackRoutes: FastifyPluginAsyncZod<ResidentWebOptions> = async (app, { services, config }) => {
  const tracking = services.tracking

  const page = async (
    reply: FastifyReply,
    template: string,
    context: Record<string, unknown>,
    status = 200,
    complaintId?: string,
  ) =>
    residentPage(
      reply,
      services,
      { name: 'Your complaint', url: BASE },
      template,
      context,
      status,
      complaintId,
    )

  /** The signed-in resident's session, or a redirect to ask for a code (for a page they bookmarked). */
  async function signedIn(
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<ResidentSession | undefined> {
    const session = await tracking.session(request.cookies[RESIDENT_COOKIE])
    if (!session) {
      reply.redirect(BASE, 303)
      return undefined
    }
    return session
  }

  app.get(BASE, { schema: { hide: true } }, async (_request, reply) =>
    page(reply, 'residents/track/start.njk', { pageTitle: 'Follow your complaint', v: {} }),
  )

  app.post(BASE, { schema: { hide: true } }, async (request, reply) => {
    const f = formFields(request)
    let token = ''
    const errors = await refusals(async () => {
      ;({ token } = await tracking.requestCode({
        reference: text(f.reference),
        email: text(f.email),
        address: request.ip,
      }))
    })
    if (errors)
      return page(
        reply,
        'residents/track/start.njk',
        { pageTitle: 'Follow your complaint', v: f, errors },
        422,
      )
    setCookie(reply, config.secureCookies, CHALLENGE_COOKIE, token, {
      path: BASE,
      maxAgeSeconds: CODE_MINUTES * 60,
    })
    return reply.redirect(`${BASE}/code`, 303)
  })

  app.get(`${BASE}/code`, { schema: { hide: true } }, async (request, reply) => {
    if (!(await tracking.challengeOpen(request.cookies[CHALLENGE_COOKIE]))) return reply.redirect(BASE, 303)
    return page(reply, 'residents/track/code.njk', {
      pageTitle: 'Enter the code we sent you',
      minutes: CODE_MINUTES,
    })
  })

  app.post(`${BASE}/code`, { schema: { hide: true } }, async (request, reply) => {
    const f = formFields(request)
    let verified: { session: string; complaintId: string } | undefined
    // A wrong code (422), or one past its time or tries (410): said beside the code.
    const refused = await refusalOf(async () => {
      verified = await tracking.verifyCode(request.cookies[CHALLENGE_COOKIE], text(f.code))
    }, [410, 422])
    if (refused || !verified)
      return page(
        reply,
        'residents/track/code.njk',
        {
          pageTitle: 'Enter the code we sent you',
          minutes: CODE_MINUTES,
          errors: { code: refused?.message ?? '' },
          expired: refused?.status === 410,
        },
        refused?.status === 410 ? 410 : 422,
      )
    reply.clearCookie(CHALLENGE_COOKIE, { path: BASE })
    setCookie(reply, config.secureCookies, RESIDENT_COOKIE, verified.session, { path: BASE })
    return reply.redirect(`${BASE}/complaints/${verified.complaintId}`, 303)
  })

  app.post(`${BASE}/sign-out`, { schema: { hide: true } }, async (request, reply) => {
    await tracking.signOut(request.cookies[RESIDENT_COOKIE])
    reply.clearCookie(RESIDENT_COOKIE, { path: BASE })
    return reply.redirect(`${BASE}?signedOut=1`, 303)
  })

  const overview = async (
    reply: FastifyReply,
    session: ResidentSession,
    id: string,
    extra: Record<string, unknown> = {},
    status = 200,
  ) => {
    const o = await tracking.overview(session, id)
    return page(
      reply,
      'residents/track/complaint.njk',
      {
        pageTitle: `Your complaint ${o.complaint.reference}`,
        o,
        signedInTo: o.complaint.reference,
        accepted: Object.keys(documentKinds)
          .map((k) => `.${k}`)
          .join(','),
        maxMb: MAX_DOCUMENT_BYTES / 1024 / 1024,
        ...extra,
      },
      status,
      o.complaint.id,
    )
  }

  app.get(
    `${BASE}/complaints/:id`,
    { schema: { hide: true, params: idParams, querystring: doneQuery } },
    async (request, reply) => {
      const session = await signedIn(request, reply)
      if (!session) return reply
      return overview(reply, session, request.params.id, { done: request.query.done })
    },
  )

  app.get(`${BASE}/complaints/:id/letters/:letterId`, { schema: letterSchema }, async (request, reply) => {
    const session = await signedIn(request, reply)
    if (!session) return reply
    const { id, letterId } = request.params
    const letter = await tracking.letter(session, id, letterId)
    return page(
      reply,
      'residents/track/letter.njk',
      { pageTitle: letter.title, letter, id, letterId, signedInTo: true },
      200,
      id,
    )
  })

  app.get(
    `${BASE}/complaints/:id/letters/:letterId/pdf`,
    { schema: letterSchema },
    async (request, reply) => {
      const session = await signedIn(request, reply)
      if (!session) return reply
      const { id, letterId } = request.params
      const letter = await tracking.letter(session, id, letterId)
      return sendDocument(reply, {
        filename: letter.filename,
        contentType: 'application/pdf',
        content: await letter.pdf(),
      })
    },
  )

  app.get(
    `${BASE}/complaints/:id/documents/:documentId`,
    { schema: { hide: true, params: pathParams('id', 'documentId') } },
    async (request, reply) => {
      const session = await signedIn(request, reply)
      if (!session) return reply
      const { id, documentId } = request.params
      const doc = await tracking.document(session, id, documentId)
      return sendDocument(reply, doc)
    },
  )

  /** Pages for one action each: GET shows the form, POST records it and returns to the complaint. */
  const actionPages: {
    path: string
    template: string
    title: string
    allowed: (o: Awaited<ReturnType<typeof tracking.overview>>) => boolean
    record: (session: ResidentSession, id: string, request: FastifyRequest) => Promise<unknown>
    /** What the case page says when it is done (a word of `doneText`), perhaps from what was sent. */
    done: string | ((request: FastifyRequest) => string)
    /** Anything more the page shows, given what was typed (after an error). */
    extra?: (v: Record<string, unknown>) => Record<string, unknown>
  }[] = [
    {
      path: 'ask-for-stage-2',
      template: 'residents/track/escalate.njk',
      title: 'Ask us to look at your complaint again',
      allowed: (o) => o.canEscalate,
      record: (s, id, request) =>
        tracking.escalate(s, id, { residentReason: text(formFields(request).reason) || undefined }),
      done: 'escalated',
    },
    {
      path: 'withdraw',
      template: 'residents/track/withdraw.njk',
      title: 'Withdraw your complaint',
      allowed: (o) => o.canWithdraw,
      record: (s, id, request) =>
        tracking.withdraw(s, id, { note: text(formFields(request).note) || undefined }),
      done: 'withdrawn',
    },
    {
      path: 'survey',
      template: 'residents/track/survey.njk',
      title: 'Tell us how we handled your complaint',
      allowed: (o) => Boolean(o.survey && !o.survey.answered),
      record: (s, id, request) => {
        const f = formFields(request)
        return tracking.answerSurvey(s, id, { satisfaction: text(f.satisfaction), comment: text(f.comment) })
      },
      // Code 1.6: a dissatisfied answer is told how to complain about it.
      done: (request) =>
        isDissatisfied(text(formFields(request).satisfaction)) ? 'survey_dissatisfied' : 'survey',
      extra: (v) => ({
        satisfactionItems: satisfactionScale.map((value) => ({
          value,
          text: satisfactionLabels[value],
          checked: v.satisfaction === value,
        })),
      }),
    },
  ]

  for (const action of actionPages) {
    const render = async (
      reply: FastifyReply,
      session: ResidentSession,
      id: string,
      errors?: FieldErrors,
      v: Record<string, unknown> = {},
    ) => {
      const o = await tracking.overview(session, id)
      if (!action.allowed(o)) throw notFound('There is no such page for this complaint now')
      return page(
        reply,
        action.template,
        {
          pageTitle: action.title,
          o,
          errors,
          v,
          signedInTo: true,
          ...action.extra?.(v),
        },
        errors ? 422 : 200,
      )
    }
    app.get(`${BASE}/complaints/:id/${action.path}`, { schema: idSchema }, async (request, reply) => {
      const session = await signedIn(request, reply)
      if (!session) return reply
      return render(reply, session, request.params.id)
    })
    app.post(`${BASE}/complaints/:id/${action.path}`, { schema: idSchema }, async (request, reply) => {
      const session = await signedIn(request, reply)
      if (!session) return reply
      const { id } = request.params
      const errors = await refusals(() => action.record(session, id, request))
      if (errors) return render(reply, session, id, errors, formFields(request))
      const done = typeof action.done === 'function' ? action.done(request) : action.done
      return reply.redirect(`${BASE}/complaints/${id}?done=${done}`, 303)
    })
  }

  app.post(`${BASE}/complaints/:id/information`, { schema: idSchema }, async (request, reply) => {
    const session = await signedIn(request, reply)
    if (!session) return reply
    const { id } = request.params
    const f = formFields(request)
    const again = (errors: FieldErrors) => overview(reply, session, id, { errors, v: f }, 422)
    // The rules' refusal (422), or a file too large (413, its detail says by how much).
    const refused = await refusalOf(async () => {
      const file = await uploadedFile(request, 'file', MAX_DOCUMENT_BYTES)
      await tracking.addInformation(session, id, { text: text(f.information) || undefined, file })
    }, [413, 422])
    if (refused) {
      const d = refused.details?.[0]
      return again({
        [d?.field === 'file' ? 'file' : 'information']:
          d?.message && refused.status === 413 ? d.message : refused.message,
      })
    }
    return reply.redirect(`${BASE}/complaints/${id}?done=information`, 303)
  })
}
