import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { refusals } from '../../formErrors.js'
import { type FieldErrors, type FormBody, field } from '../../forms.js'
import { doneQuery, idParams, pathParams } from '../../params.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'
import { endpointFormValues, endpointPage, endpointsPage, eventItems } from './viewModel.js'

const BASE = '/settings/webhooks'

const notices: Record<string, string> = {
  registered:
    'Endpoint registered. Give its signing secret to whoever runs the receiving system: they check every delivery with it.',
  paused: 'Endpoint paused: nothing is sent to it; new events are held until it is resumed.',
  resumed: 'Endpoint resumed: events held while it was paused are being sent, oldest first.',
  rotated:
    'New signing secret made. For the next 24 hours deliveries are signed with both, so the receiving system can switch over.',
  tested: 'Test ping queued: it is sent within a few seconds. Reload this page to see the answer.',
  changed:
    'Endpoint changed. What is still to be sent goes to its address as it is now, and new events are chosen by its new list.',
  removed:
    'Endpoint removed: nothing more is sent to it. What was sent to it is kept here until the retention period ends.',
  redelivered:
    'Delivery queued to be sent again: the same event, signed afresh, within a few seconds. Reload this page to see the answer.',
}

const deliveryParams = pathParams('id', 'deliveryId')

const inputOf = (body: FormBody) => ({
  url: field(body, 'url'),
  description: field(body, 'description'),
  events: ([] as unknown[]).concat(body.events ?? []).filter((e): e is string => typeof e === 'string'),
})

/** Settings › Webhooks: an administrator's endpoints, what was sent to each, and their controls. */
export const webhookRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (app, { services, clock }) => {
  const webhooks = services.webhooks
  const guard = { preHandler: signedIn('manageWebhooks') }

  /** The one endpoint form: registering one (no `id`) or changing one. */
  const renderForm = (
    reply: FastifyReply,
    v: ReturnType<typeof endpointFormValues>,
    errors?: FieldErrors,
    changing?: { id: string; description: string },
  ) =>
    reply.code(errors ? 422 : 200).view('staff/webhooks/new.njk', {
      v,
      errors,
      eventItems: eventItems(v.events),
      ...(changing
        ? {
            title: `Change ${changing.description}`,
            action: `${BASE}/${changing.id}/edit`,
            back: `${BASE}/${changing.id}`,
            submitText: 'Save changes',
          }
        : {}),
    })
  const renderNew = (reply: FastifyReply, body?: FormBody, errors?: FieldErrors) =>
    renderForm(reply, body ? inputOf(body) : endpointFormValues(), errors)

  app.get(BASE, { schema: { hide: true }, ...guard }, async (_request, reply) =>
    reply.view('staff/webhooks/list.njk', endpointsPage(await webhooks.list(), await webhooks.list(true))),
  )

  app.get(`${BASE}/new`, { schema: { hide: true }, ...guard }, (_request, reply) => renderNew(reply))

  app.post(BASE, { schema: { hide: true }, ...guard }, async (request, reply) => {
    const body = (request.body ?? {}) as FormBody
    let id = ''
    const errors = await refusals(async () => {
      id = (await webhooks.register(inputOf(body), currentStaff(request))).id
    })
    if (errors) return renderNew(reply, body, errors)
    return reply.redirect(`${BASE}/${id}?done=registered`, 303)
  })

  app.get(
    `${BASE}/:id`,
    { schema: { hide: true, params: idParams, querystring: doneQuery }, ...guard },
    async (request, reply) =>
      reply.view('staff/webhooks/endpoint.njk', {
        ...endpointPage(await webhooks.view(request.params.id), clock.now()),
        notice: request.query.done ? notices[request.query.done] : undefined,
      }),
  )

  app.get(
    `${BASE}/:id/edit`,
    { schema: { hide: true, params: idParams }, ...guard },
    async (request, reply) => {
      const e = await webhooks.endpoint(request.params.id)
      if (e.status === 'removed') return reply.redirect(`${BASE}/${e.id}`, 303)
      return renderForm(reply, endpointFormValues(e), undefined, e)
    },
  )

  app.post(
    `${BASE}/:id/edit`,
    { schema: { hide: true, params: idParams }, ...guard },
    async (request, reply) => {
      const body = (request.body ?? {}) as FormBody
      const errors = await refusals(() =>
        webhooks.change(request.params.id, inputOf(body), currentStaff(request)),
      )
      if (errors) return renderForm(reply, inputOf(body), errors, await webhooks.endpoint(request.params.id))
      return reply.redirect(`${BASE}/${request.params.id}?done=changed`, 303)
    },
  )

  app.get(
    `${BASE}/:id/remove`,
    { schema: { hide: true, params: idParams }, ...guard },
    async (request, reply) => {
      const v = await webhooks.view(request.params.id)
      if (v.endpoint.status === 'removed') return reply.redirect(`${BASE}/${v.endpoint.id}`, 303)
      return reply.view('staff/webhooks/remove.njk', endpointPage(v, clock.now()))
    },
  )

  app.post(
    `${BASE}/:id/remove`,
    { schema: { hide: true, params: idParams }, ...guard },
    async (request, reply) => {
      await webhooks.remove(request.params.id, currentStaff(request))
      return reply.redirect(`${BASE}/${request.params.id}?done=removed`, 303)
    },
  )

  app.post(
    `${BASE}/:id/deliveries/:deliveryId/redeliver`,
    { schema: { hide: true, params: deliveryParams }, ...guard },
    async (request, reply) => {
      await webhooks.redeliver(request.params.id, request.params.deliveryId, currentStaff(request))
      return reply.redirect(`${BASE}/${request.params.id}?done=redelivered`, 303)
    },
  )

  const actions = {
    pause: (id: string, staff: ReturnType<typeof currentStaff>) => webhooks.pause(id, staff),
    resume: (id: string, staff: ReturnType<typeof currentStaff>) => webhooks.resume(id, staff),
    'rotate-secret': (id: string, staff: ReturnType<typeof currentStaff>) => webhooks.rotateSecret(id, staff),
    test: (id: string, staff: ReturnType<typeof currentStaff>) => webhooks.sendTest(id, staff),
  }
  const done = { pause: 'paused', resume: 'resumed', 'rotate-secret': 'rotated', test: 'tested' } as const
  for (const [path, run] of Object.entries(actions) as [
    keyof typeof actions,
    (typeof actions)[keyof typeof actions],
  ][])
    app.post(
      `${BASE}/:id/${path}`,
      { schema: { hide: true, params: idParams }, ...guard },
      async (request, reply) => {
        await run(request.params.id, currentStaff(request))
        return reply.redirect(`${BASE}/${request.params.id}?done=${done[path]}`, 303)
      },
    )
}
