import multipart from '@fastify/multipart'
import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { LOGO_MAX_BYTES } from '../../../domain/letters/logo.js'
import { refusals } from '../../formErrors.js'
import { type FieldErrors, type FormBody, field } from '../../forms.js'
import { idParams, queryText } from '../../params.js'
import { multipartForm, readUpload, uploadLimit } from '../../uploads.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'
import { entityForm, entityRows } from './viewModel.js'

const BASE = '/settings/entities'
const savedQuery = queryText('saved')
const FIELDS = ['name', 'rpNumber', 'address', 'phone', 'email', 'website'] as const

/**
 * The landlord entities of a group (issue 34): an administrator lists them, adds one for each
 * registered provider, and changes their details and logos. There is always one, the default.
 */
export const entityRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (app, { services }) => {
  const entities = services.entities
  // The logo upload's fields (CSRF token) arrive on the body, so the CSRF check reads them.
  await app.register(multipart, {
    attachFieldsToBody: true,
    limits: { fileSize: uploadLimit(LOGO_MAX_BYTES), files: 1, fields: 5, fieldSize: 10_000 },
  })

  const valuesOf = (body: FormBody) => Object.fromEntries(FIELDS.map((k) => [k, field(body, k)]))

  app.get(
    BASE,
    { schema: { hide: true, querystring: savedQuery }, preHandler: signedIn('manageEntities') },
    async (request, reply) =>
      reply.view('staff/entities/list.njk', {
        rows: entityRows(await entities.list()),
        notice: request.query.saved ? 'Landlord entity saved.' : undefined,
      }),
  )

  async function renderForm(
    reply: FastifyReply,
    id: string | undefined,
    extra: { errors?: FieldErrors; values?: FormBody; notice?: string } = {},
  ) {
    const entity = id ? await entities.get(id) : undefined
    return reply.code(extra.errors ? 422 : 200).view('staff/entities/form.njk', entityForm(entity, extra))
  }

  app.get(
    `${BASE}/new`,
    { schema: { hide: true }, preHandler: signedIn('manageEntities') },
    (_request, reply) => renderForm(reply, undefined),
  )

  app.post(
    BASE,
    { schema: { hide: true }, preHandler: signedIn('manageEntities') },
    async (request, reply) => {
      const body = (request.body ?? {}) as FormBody
      const errors = await refusals(() => entities.add(valuesOf(body), currentStaff(request)))
      if (errors) return renderForm(reply, undefined, { errors, values: body })
      return reply.redirect(`${BASE}?saved=1`, 303)
    },
  )

  app.get(
    `${BASE}/:id`,
    {
      schema: { hide: true, params: idParams, querystring: savedQuery },
      preHandler: signedIn('manageEntities'),
    },
    (request, reply) =>
      renderForm(reply, request.params.id, {
        ...(request.query.saved === 'logo'
          ? { notice: 'Logo saved: letters for this landlord use it.' }
          : {}),
      }),
  )

  app.post(
    `${BASE}/:id`,
    { schema: { hide: true, params: idParams }, preHandler: signedIn('manageEntities') },
    async (request, reply) => {
      const body = (request.body ?? {}) as FormBody
      const { id } = request.params
      const errors = await refusals(() => entities.change(id, valuesOf(body), currentStaff(request)))
      if (errors) return renderForm(reply, id, { errors, values: body })
      return reply.redirect(`${BASE}?saved=1`, 303)
    },
  )

  app.post(
    `${BASE}/:id/logo`,
    { schema: { hide: true, params: idParams }, preHandler: signedIn('manageEntities') },
    async (request, reply) => {
      const { id } = request.params
      const { parts, body } = multipartForm(request.body)
      let chosen = true
      const errors = await refusals(
        async () => {
          if (field(body, 'remove') === 'yes') return await entities.setLogo(id, null, currentStaff(request))
          const part = parts.logo
          const bytes = part ? await readUpload(part, LOGO_MAX_BYTES) : undefined
          if (!bytes?.length) chosen = false
          else await entities.setLogo(id, bytes, currentStaff(request))
        },
        { statuses: [400], fieldFor: () => 'logo', unnamed: 'logo' },
      )
      if (!chosen) return renderForm(reply, id, { errors: { logo: 'Choose an image file for the logo' } })
      if (errors) return renderForm(reply, id, { errors })
      return reply.redirect(`${BASE}/${id}?saved=logo`, 303)
    },
  )
}
