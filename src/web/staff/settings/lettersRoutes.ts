import multipart from '@fastify/multipart'
import type { FastifyReply } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { LetterTemplate } from '../../../domain/letters/templates.js'
import { refusals } from '../../formErrors.js'
import { type FieldErrors, type FormBody, field } from '../../forms.js'
import { pathParams, queryText } from '../../params.js'
import { readUpload, uploadLimit } from '../../uploads.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'

const BASE = '/settings/letters'
const LOGO_BYTES = 512 * 1024

/**
 * Letter wording: for each kind of letter, the landlord's own opening and closing paragraphs
 * (the parts the Code requires are built in), previewed against a real case before they are
 * saved; and the letterhead and sign-off.
 */
const kindParams = pathParams('kind')
const savedQuery = queryText('saved')

export const lettersRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (app, { services }) => {
  const templates = services.letterTemplates
  // The logo upload's fields (CSRF token) arrive on the body, so the CSRF check reads them.
  await app.register(multipart, {
    attachFieldsToBody: true,
    limits: { fileSize: uploadLimit(LOGO_BYTES), files: 1, fields: 5, fieldSize: 10_000 },
  })

  app.post(
    `${BASE}/logo`,
    { schema: { hide: true }, preHandler: signedIn('managePolicy') },
    async (request, reply) => {
      const parts = (request.body ?? {}) as Record<
        string,
        | {
            filename?: string
            toBuffer?: () => Promise<Buffer>
            file?: { truncated?: boolean }
            value?: string
          }
        | undefined
      >
      const remove = parts.remove?.value === 'yes'
      let chosen = true
      const refused = await refusals(
        async () => {
          if (remove) return await templates.setLogo(null, currentStaff(request).id)
          const part = parts.logo
          const bytes = part ? await readUpload(part, LOGO_BYTES) : undefined
          if (!bytes?.length) chosen = false
          else
            await templates.setLogo({ filename: part?.filename ?? 'logo', bytes }, currentStaff(request).id)
        },
        // An image the service cannot use (400): its first reason, beside the logo.
        { statuses: [400], fieldFor: () => 'logo', unnamed: 'logo' },
      )
      if (!chosen) return renderOverview(reply, { errors: { logo: 'Choose an image file for the logo' } })
      if (refused) return renderOverview(reply, { errors: refused })
      return reply.redirect(`${BASE}?saved=logo`, 303)
    },
  )

  app.get(
    BASE,
    { schema: { hide: true, querystring: savedQuery }, preHandler: signedIn('managePolicy') },
    async (request, reply) => {
      const { saved } = request.query
      return renderOverview(reply, {
        notice:
          saved === 'settings'
            ? 'Letterhead and sign-off saved: letters issued from now on use them.'
            : undefined,
      })
    },
  )

  async function renderOverview(
    reply: FastifyReply,
    extra: { notice?: string; errors?: FieldErrors; values?: FormBody },
  ) {
    const { kinds, settings, defaults } = await templates.overview()
    return reply.code(extra.errors ? 422 : 200).view('staff/settings/letters.njk', {
      kinds,
      settings: extra.values
        ? {
            address: field(extra.values, 'address'),
            signature: field(extra.values, 'signature'),
            phone: field(extra.values, 'phone'),
            email: field(extra.values, 'email'),
            signWithName: field(extra.values, 'signWithName') === 'yes',
          }
        : settings,
      defaults,
      notice: extra.notice,
      errors: extra.errors,
    })
  }

  app.post(
    `${BASE}/settings`,
    { schema: { hide: true }, preHandler: signedIn('managePolicy') },
    async (request, reply) => {
      const body = (request.body ?? {}) as FormBody
      const errors = await refusals(
        () =>
          templates.saveSettings(
            {
              address: field(body, 'address'),
              signature: field(body, 'signature'),
              phone: field(body, 'phone'),
              email: field(body, 'email'),
              signWithName: field(body, 'signWithName') === 'yes',
            },
            currentStaff(request).id,
          ),
        { statuses: [400], unnamed: 'signature' },
      )
      if (errors) return renderOverview(reply, { errors, values: body })
      return reply.redirect(`${BASE}?saved=settings`, 303)
    },
  )

  async function renderEditor(
    reply: FastifyReply,
    kind: string,
    extra: { draft?: LetterTemplate; reference?: string; notice?: string; errors?: FieldErrors } = {},
  ) {
    const t = await templates.template(kind)
    const draft = extra.draft ?? t.current
    let preview: { text: string; checklist: unknown[]; reference: string } | undefined
    const errors: FieldErrors = { ...(extra.errors ?? {}) }
    if (extra.reference) {
      const id = await services.complaints.findIdByReference(extra.reference.toUpperCase())
      if (!id) errors.reference = `There is no complaint ${extra.reference}`
      else {
        const p = await services.complaints.previewLetter(id, t.kind, draft)
        preview = { text: p.text, checklist: p.checklist, reference: p.complaint.reference }
      }
    }
    return reply.code(Object.keys(errors).length ? 422 : 200).view('staff/settings/letter-template.njk', {
      t,
      draft,
      reference: extra.reference ?? '',
      preview,
      review: await templates.review(draft),
      notice: extra.notice,
      errors: Object.keys(errors).length ? errors : undefined,
    })
  }

  app.get(
    `${BASE}/:kind`,
    {
      schema: { hide: true, params: kindParams, querystring: savedQuery },
      preHandler: signedIn('managePolicy'),
    },
    async (request, reply) => {
      const { kind } = request.params
      const { saved } = request.query
      return renderEditor(reply, kind, {
        notice: /^\d{1,6}$/.test(saved ?? '')
          ? `Version ${saved} saved: letters issued from now on use it.`
          : undefined,
      })
    },
  )

  app.post(
    `${BASE}/:kind`,
    { schema: { hide: true, params: kindParams }, preHandler: signedIn('managePolicy') },
    async (request, reply) => {
      const { kind } = request.params
      templates.kindOf(kind)
      const body = (request.body ?? {}) as FormBody
      const draft = { opening: field(body, 'opening'), closing: field(body, 'closing') }
      if (field(body, 'intent') === 'save') {
        let version: unknown
        const errors = await refusals(
          async () => {
            version = await templates.save(kind, draft, currentStaff(request).id)
          },
          { statuses: [400], unnamed: 'opening' },
        )
        if (errors) return renderEditor(reply, kind, { draft, errors })
        return reply.redirect(`${BASE}/${kind}?saved=${version}`, 303)
      }
      const reference = field(body, 'reference')
      return renderEditor(reply, kind, {
        draft,
        reference,
        ...(reference
          ? {}
          : { errors: { reference: 'Enter the reference of a complaint to preview the letter with' } }),
      })
    },
  )
}
