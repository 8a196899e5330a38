import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { refusals } from '../../formErrors.js'
import { type FieldErrors, type FormBody, field } from '../../forms.js'
import { doneQuery, idParams } from '../../params.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'
import { endpointPage, endpointsPage, eventItems } from './viewModel.js'

const BASE = '/settings/webhooks'

const notices: Record<string, string> = {
  registered:
    'Endpoint registered. Give its signing secret to whoever runs the receiving system: they check every delivery with it.',
  paused: 'Endpoint paused: nothing is sent to it; new events are held until it is resumed.',
  resumed: 'Endpoint resumed: events held while it was paused are being sent, oldest first.',
  rotated:
    'New signing secret made. For the next 24 hours deliveries are signed with both, so the receiving system can switch over.',
  tested: 'Test ping queued: it is sent within a few seconds. Reload this page to see the answer.',
}

const inputOf = (body: FormBody) => ({
  url: field(body, 'url'),
  description: field(body, 'description'),
  events: ([] as unknown[]).concat(body.events ?? []).filter((e): e is string => typeof e === 'string'),
})

/** Settings › Webhooks: an administrator's endpoints, what was sent to each, and their controls. */
export const webhookRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (app, { services, clock }) => {
  const webhooks = services.webhooks
  const guard = { preHandler: signedIn('manageWebhooks') }

  const renderNew = (reply: FastifyReply, body?: FormBody, errors?: FieldErrors) => {
    const v = body ? inputOf(body) : { url: '', description: '', events: [] }
    return reply
      .code(errors ? 422 : 200)
      .view('staff/webhooks/new.njk', { v, errors, eventItems: eventItems(v.events) })
  }

  app.get(BASE, { schema: { hide: true }, ...guard }, async (_request, reply) =>
    reply.view('staff/webhooks/list.njk', endpointsPage(await webhooks.list())),
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
