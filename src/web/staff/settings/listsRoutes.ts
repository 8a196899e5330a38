import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { refusals } from '../../formErrors.js'
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

  /** Adds to a list: the page again with a notice, or with what was refused beside its field. */
  const add = async (reply: FastifyReply, values: FormBody, run: () => Promise<unknown>, notice: string) => {
    const errors = await refusals(run, {
      statuses: (status) => status < 500 && status !== 403,
      unnamed: 'categoryLabel',
    })
    return errors ? render(reply, { errors, values }) : render(reply, { notice })
  }

  app.get(BASE, { schema: { hide: true }, preHandler: signedIn('manageLists') }, (_request, reply) =>
    render(reply),
  )

  app.post(
    `${BASE}/categories`,
    { schema: { hide: true }, preHandler: signedIn('manageLists') },
    async (request, reply) => {
      const body = (request.body ?? {}) as FormBody
      return add(
        reply,
        body,
        () => services.lists.addCategory(field(body, 'categoryLabel'), currentStaff(request).id),
        `Category “${field(body, 'categoryLabel')}” added.`,
      )
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
      return add(
        reply,
        body,
        () => services.lists.addRootCause(field(body, 'rootCauseLabel'), currentStaff(request).id),
        `Root cause “${field(body, 'rootCauseLabel')}” added.`,
      )
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
      return add(
        reply,
        body,
        () =>
          services.lists.addExclusionGround(
            {
              label: field(body, 'groundLabel'),
              description: field(body, 'groundDescription'),
              refusesEscalation: field(body, 'refusesEscalation') === 'yes',
            },
            currentStaff(request).id,
          ),
        'Exclusion ground added.',
      )
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
