import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { AppError } from '../../../errors.js'
import { type FieldErrors, type FormBody, field } from '../../forms.js'
import { pathParams } from '../../params.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'

/** Complaint categories and exclusion grounds: added, or switched off and on, never deleted. */
export const listsRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (app, { services }) => {
  const BASE = '/settings/lists'

  async function render(
    reply: FastifyReply,
    extra: { errors?: FieldErrors; values?: FormBody; notice?: string } = {},
  ) {
    const [categories, grounds, rootCauses] = await Promise.all([
      services.complaints.categories(),
      services.complaints.exclusionGrounds(),
      services.complaints.rootCauses(),
    ])
    return reply.code(extra.errors ? 422 : 200).view('staff/settings/lists.njk', {
      categories,
      grounds,
      rootCauses,
      values: extra.values ?? {},
      errors: extra.errors,
      notice: extra.notice,
    })
  }

  const fail = (reply: FastifyReply, error: unknown, values: FormBody) => {
    if (!(error instanceof AppError) || error.status >= 500 || error.status === 403) throw error
    const errors: FieldErrors = {}
    for (const d of error.details ?? [{ field: 'categoryLabel', message: error.message }])
      errors[d.field ?? 'categoryLabel'] = d.message
    return render(reply, { errors, values })
  }

  app.get(BASE, { schema: { hide: true }, preHandler: signedIn('manageLists') }, (_request, reply) =>
    render(reply),
  )

  app.post(
    `${BASE}/categories`,
    { schema: { hide: true }, preHandler: signedIn('manageLists') },
    async (request, reply) => {
      const body = (request.body ?? {}) as FormBody
      try {
        await services.lists.addCategory(field(body, 'categoryLabel'), currentStaff(request).id)
        return render(reply, { notice: `Category “${field(body, 'categoryLabel')}” added.` })
      } catch (error) {
        return fail(reply, error, body)
      }
    },
  )

  app.post(
    `${BASE}/categories/:code/:change`,
    { schema: { hide: true, params: pathParams('code', 'change') }, preHandler: signedIn('manageLists') },
    async (request, reply) => {
      const { code, change } = request.params
      await services.lists.setCategoryActive(code, change === 'reactivate', currentStaff(request).id)
      return reply.redirect(BASE, 303)
    },
  )

  app.post(
    `${BASE}/root-causes`,
    { schema: { hide: true }, preHandler: signedIn('manageLists') },
    async (request, reply) => {
      const body = (request.body ?? {}) as FormBody
      try {
        await services.lists.addRootCause(field(body, 'rootCauseLabel'), currentStaff(request).id)
        return render(reply, { notice: `Root cause “${field(body, 'rootCauseLabel')}” added.` })
      } catch (error) {
        return fail(reply, error, body)
      }
    },
  )

  app.post(
    `${BASE}/root-causes/:code/:change`,
    { schema: { hide: true, params: pathParams('code', 'change') }, preHandler: signedIn('manageLists') },
    async (request, reply) => {
      const { code, change } = request.params
      await services.lists.setRootCauseActive(code, change === 'reactivate', currentStaff(request).id)
      return reply.redirect(BASE, 303)
    },
  )

  app.post(
    `${BASE}/grounds`,
    { schema: { hide: true }, preHandler: signedIn('manageLists') },
    async (request, reply) => {
      const body = (request.body ?? {}) as FormBody
      try {
        await services.lists.addExclusionGround(
          {
            label: field(body, 'groundLabel'),
            description: field(body, 'groundDescription'),
            refusesEscalation: field(body, 'refusesEscalation') === 'yes',
          },
          currentStaff(request).id,
        )
        return render(reply, { notice: 'Exclusion ground added.' })
      } catch (error) {
        return fail(reply, error, body)
      }
    },
  )

  app.post(
    `${BASE}/grounds/:code/:change`,
    { schema: { hide: true, params: pathParams('code', 'change') }, preHandler: signedIn('manageLists') },
    async (request, reply) => {
      const { code, change } = request.params
      await services.lists.setExclusionGroundActive(code, change === 'reactivate', currentStaff(request).id)
      return reply.redirect(BASE, 303)
    },
  )
}
