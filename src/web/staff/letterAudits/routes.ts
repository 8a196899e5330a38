import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import {
  addMonths,
  formatDateInWords,
  formatMonthInWords,
  londonDateOf,
} from '../../../domain/calendar/calendarDate.js'
import { letterKinds } from '../../../domain/complaints/events.js'
import { letterTitle } from '../../../domain/complaints/letters.js'
import { can, mayHandleComplaints } from '../../../domain/staff/roles.js'
import { showedCase } from '../../accessLog.js'
import { refusals } from '../../formErrors.js'
import { type FieldErrors, type FormBody, field } from '../../forms.js'
import { doneQuery, idParams, pathParams, queryText } from '../../params.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'
import {
  auditItems,
  auditResultPage,
  lettersListed,
  nameIn,
  sampleCriteria,
  sampleFormItems,
  someErrors,
} from './viewModel.js'

const letterParams = pathParams('letterId')
const many = (v: unknown) => ([] as string[]).concat((v as string | string[] | undefined) ?? [])

/**
 * Letter audits in the staff web app: the team leaders sample letters sent, score each against
 * the landlord's checklist with comments, and keep the checklist; handlers read the feedback on
 * their own letters.
 */
export const letterAuditRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (app, { services, clock }) => {
  const audits = services.letterAudits
  const staffNames = async () => new Map((await services.staffAccounts.list()).map((p) => [p.id, p.name]))

  app.get(
    '/letter-audits',
    {
      schema: { hide: true, querystring: queryText('month', 'handler', 'kind', 'count', 'order', 'sample') },
      preHandler: signedIn('viewCases'),
    },
    async (request, reply) => {
      const staff = currentStaff(request)
      const nameOf = nameIn(await staffNames())
      const mine = await audits.feedbackFor(staff)
      if (!can(staff.role, 'auditLetters'))
        return reply.view('staff/letter-audits/index.njk', {
          auditor: false,
          mine,
          nameOf,
          formatMonthInWords,
        })

      const thisMonth = londonDateOf(clock.now()).slice(0, 7)
      const criteria = sampleCriteria(request.query, thisMonth)
      const { month, handler, kind, count, order } = criteria
      let sample: Awaited<ReturnType<typeof audits.sample>> | undefined
      const errors: FieldErrors = {}
      if (request.query.sample) {
        // The criteria refused (400) are shown on the page, beside the sample form.
        const refused = await refusals(
          async () => {
            sample = await audits.sample(
              {
                month,
                handlerId: handler || undefined,
                kind: kind || undefined,
                count: Number(count),
                random: order === 'random',
              },
              staff,
            )
          },
          { statuses: [400, 422], unnamed: 'count' },
        )
        Object.assign(errors, refused)
      }
      const yearFrom = addMonths(`${thisMonth}-01`, -11)
      const figures = await audits.figures(yearFrom, londonDateOf(clock.now()))
      const checklist = await audits.checklist()
      const itemText = new Map(checklist.items.map((i) => [i.id, i.text]))
      const handlers = (await services.staffAccounts.list()).filter((p) => mayHandleComplaints(p.role))
      return reply.code(someErrors(errors) ? 422 : 200).view('staff/letter-audits/index.njk', {
        auditor: true,
        mine,
        errors: someErrors(errors),
        sample: sample && lettersListed(sample, nameOf),
        recent: lettersListed(await audits.recent(staff, 20), nameOf),
        figures,
        figuresFrom: formatDateInWords(yearFrom),
        itemText,
        nameOf,
        formatMonthInWords,
        checklist,
        ...sampleFormItems(criteria, handlers),
      })
    },
  )

  async function renderAudit(
    request: FastifyRequest,
    reply: FastifyReply,
    letterId: string,
    body?: FormBody,
    errors?: FieldErrors,
  ) {
    const { letter, checklist } = await audits.letterFor(letterId)
    // The letter as sent to the resident: its view is in the access log, as on the case.
    showedCase(
      request,
      { id: letter.complaintId, reference: letter.reference },
      'letter',
      `${letterTitle(letter.kind)} on ${letter.reference}, for a letter audit`,
    )
    return reply.code(errors ? 422 : 200).view('staff/letter-audits/audit.njk', {
      letter: { ...letter, title: letterTitle(letter.kind), sentOn: londonDateOf(letter.issuedAt) },
      handlerName: nameIn(await staffNames())(letter.handlerId),
      checklistVersion: checklist.version,
      items: auditItems(checklist.items, body),
      summary: body ? field(body, 'summary') : '',
      errors,
    })
  }

  app.get(
    '/letter-audits/letters/:letterId',
    { schema: { hide: true, params: letterParams }, preHandler: signedIn('auditLetters') },
    async (request, reply) => renderAudit(request, reply, request.params.letterId),
  )

  app.post(
    '/letter-audits/letters/:letterId',
    { schema: { hide: true, params: letterParams }, preHandler: signedIn('auditLetters') },
    async (request, reply) => {
      const { letterId } = request.params
      const body = (request.body ?? {}) as FormBody
      const pick = (prefix: string) =>
        Object.fromEntries(
          Object.keys(body)
            .filter((k) => k.startsWith(prefix))
            .map((k) => [k.slice(prefix.length), field(body, k)]),
        )
      let id = ''
      const refused = await refusals(async () => {
        id = await audits.record(
          letterId,
          { answers: pick('answer-'), comments: pick('comment-'), summary: field(body, 'summary') },
          currentStaff(request),
        )
      })
      if (refused) return renderAudit(request, reply, letterId, body, refused)
      return reply.redirect(`/letter-audits/${id}?done=recorded`, 303)
    },
  )

  app.get(
    '/letter-audits/checklist',
    { schema: { hide: true }, preHandler: signedIn('auditLetters') },
    async (_request, reply) => renderChecklist(reply),
  )

  async function renderChecklist(reply: FastifyReply, body?: FormBody, errors?: FieldErrors) {
    const current = await audits.checklist()
    const rows = body
      ? many(body.text).map((text, i) => ({
          id: many(body.id)[i] ?? '',
          text,
          provision: many(body.provision)[i] ?? '',
          kind: many(body.kind)[i] ?? '',
        }))
      : [
          ...current.items.map((i) => ({
            id: i.id,
            text: i.text,
            provision: i.provision ?? '',
            kind: (i.kinds ?? []).join(','),
          })),
          { id: '', text: '', provision: '', kind: '' },
        ]
    const kindOptions = [
      { value: '', text: 'Every letter' },
      ...letterKinds.map((k) => ({ value: k, text: letterTitle(k) })),
    ]
    return reply.code(errors ? 422 : 200).view('staff/letter-audits/checklist.njk', {
      current,
      rows: rows.map((r, i) => ({
        ...r,
        n: i,
        // An item for several kinds (the Code's acknowledgement items) keeps them as they are.
        kindItems: r.kind.includes(',')
          ? [
              { value: r.kind, text: r.kind.split(',').map(letterTitle).join(' and '), selected: true },
              ...kindOptions,
            ]
          : kindOptions.map((o) => ({ ...o, selected: o.value === r.kind })),
      })),
      errors,
    })
  }

  app.post(
    '/letter-audits/checklist',
    { schema: { hide: true }, preHandler: signedIn('auditLetters') },
    async (request, reply) => {
      const body = (request.body ?? {}) as FormBody
      const removed = new Set(many(body.remove))
      const items = many(body.text)
        .map((text, i) => ({
          id: many(body.id)[i],
          text,
          provision: many(body.provision)[i],
          kinds: (many(body.kind)[i] ?? '').split(',').filter(Boolean),
        }))
        // A removed item is left blank, so the rows keep their numbers for the errors.
        .map((item) => (removed.has(item.id ?? '') && item.id ? { ...item, text: '' } : item))
      let version = 0
      const refused = await refusals(
        async () => {
          version = (await audits.saveChecklist(items, currentStaff(request))) ?? 0
        },
        { fieldFor: { items: 'text-0' } },
      )
      if (refused) return renderChecklist(reply, body, refused)
      return reply.redirect(`/letter-audits/checklist?saved=${version}`, 303)
    },
  )

  app.get(
    '/letter-audits/:id',
    { schema: { hide: true, params: idParams, querystring: doneQuery }, preHandler: signedIn('viewCases') },
    async (request, reply) => {
      const a = await audits.audit(request.params.id, currentStaff(request))
      return reply.view(
        'staff/letter-audits/result.njk',
        auditResultPage(a, await staffNames(), request.query.done),
      )
    },
  )
}
