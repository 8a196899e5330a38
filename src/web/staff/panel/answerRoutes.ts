import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { refusals } from '../../formErrors.js'
import { type FieldErrors, type FormBody, field } from '../../forms.js'
import { doneQuery, idParams } from '../../params.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'
import { answerForm, commentRow } from './viewModel.js'

/**
 * Code 9.3: the complaints team's side of the residents' panel: the comments and challenges
 * waiting for an answer, and the form that answers one on the record (who, when, what changed).
 */
export const panelAnswerRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (app, { services }) => {
  const panel = services.panel
  const preHandler = signedIn('answerPanel')

  app.get(
    '/panel-comments',
    { schema: { hide: true, querystring: doneQuery }, preHandler },
    async (request, reply) => {
      const [awaiting, recent] = await Promise.all([panel.awaitingAnswer(), panel.recent()])
      return reply.view('staff/panel/awaiting.njk', {
        awaiting: awaiting.map(commentRow),
        answered: recent.filter((c) => c.answer).map(commentRow),
        notice:
          request.query.done === 'answered'
            ? 'Your answer is on the record; the panel sees it now.'
            : undefined,
      })
    },
  )

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    body?: FormBody,
    errors?: FieldErrors,
  ) => {
    const c = await panel.view(id, currentStaff(request))
    return reply.code(errors ? 422 : 200).view('staff/panel/answer.njk', answerForm(c, body, errors))
  }
  app.get('/panel-comments/:id', { schema: { hide: true, params: idParams }, preHandler }, (request, reply) =>
    render(request, reply, request.params.id),
  )
  app.post(
    '/panel-comments/:id',
    { schema: { hide: true, params: idParams }, preHandler },
    async (request, reply) => {
      const body = (request.body ?? {}) as FormBody
      const version = Number(field(body, 'version'))
      const errors = await refusals(
        () =>
          panel.answer(
            request.params.id,
            { answer: field(body, 'answer'), whatChanged: field(body, 'whatChanged') },
            currentStaff(request),
            Number.isInteger(version) && version > 0 ? version : undefined,
          ),
        { statuses: [409, 422] },
      )
      if (errors) return render(request, reply, request.params.id, body, errors)
      return reply.redirect('/panel-comments?done=answered', 303)
    },
  )
}
