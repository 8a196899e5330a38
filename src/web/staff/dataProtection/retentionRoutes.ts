import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { stateLabels } from '../../../domain/complaints/vocabulary.js'
import { refusals } from '../../formErrors.js'
import type { FieldErrors, FormBody } from '../../forms.js'
import { field } from '../../forms.js'
import { doneQuery, idParams } from '../../params.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'

const notices: Record<string, string> = {
  held: 'Legal hold placed: the case will be kept until the hold is released.',
  released: 'Legal hold released: the case is anonymised once past retention.',
}

/**
 * UK GDPR storage limitation: the retention policy, what its next run would anonymise and what
 * it keeps (the dry run), legal holds, and the record of every anonymisation.
 */
export const retentionRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (app, { services }) => {
  const retention = services.retention
  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    done: string | undefined,
    form?: { body: FormBody; errors: FieldErrors },
  ) => {
    const overview = await retention.overview(currentStaff(request))
    return reply.code(form ? 422 : 200).view('staff/dataProtection/retention.njk', {
      o: overview,
      stateLabels,
      v: form?.body ?? {},
      errors: form?.errors,
      notice: notices[done ?? ''],
    })
  }

  app.get(
    '/data-protection/retention',
    { schema: { hide: true, querystring: doneQuery }, preHandler: signedIn('manageDataProtection') },
    (request, reply) => render(request, reply, request.query.done),
  )

  app.post(
    '/data-protection/retention/holds',
    { schema: { hide: true, querystring: doneQuery }, preHandler: signedIn('manageDataProtection') },
    async (request, reply) => {
      const body = (request.body ?? {}) as FormBody
      const refused = await refusals(() =>
        retention.placeHold(currentStaff(request), {
          reference: field(body, 'reference'),
          reason: field(body, 'reason'),
        }),
      )
      if (refused) return render(request, reply, request.query.done, { body, errors: refused })
      return reply.redirect('/data-protection/retention?done=held#holds', 303)
    },
  )

  app.post(
    '/data-protection/retention/holds/:id/release',
    {
      schema: { hide: true, params: idParams, querystring: doneQuery },
      preHandler: signedIn('manageDataProtection'),
    },
    async (request, reply) => {
      const body = (request.body ?? {}) as FormBody
      const { id } = request.params
      const refused = await refusals(() =>
        retention.releaseHold(currentStaff(request), id, field(body, 'reason')),
      )
      if (refused) return render(request, reply, request.query.done, { body, errors: refused })
      return reply.redirect('/data-protection/retention?done=released#holds', 303)
    },
  )
}
