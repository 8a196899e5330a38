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
import {
  type AuditAnswer,
  auditAnswerLabels,
  auditAnswers,
  type ChecklistItem,
} from '../../../domain/letterAudits/letterAudits.js'
import { can } from '../../../domain/staff/roles.js'
import { showedCase } from '../../accessLog.js'
import { refusals } from '../../formErrors.js'
import { type FieldErrors, type FormBody, field } from '../../forms.js'
import { doneQuery, idParams, pathParams, queryText } from '../../params.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'

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
      const names = await staffNames()
      const nameOf = (id: string | null) => (id ? (names.get(id) ?? 'a former member of staff') : 'Nobody')
      const mine = await audits.feedbackFor(staff)
      if (!can(staff.role, 'auditLetters'))
        return reply.view('staff/letter-audits/index.njk', {
          auditor: false,
          mine,
          nameOf,
          formatMonthInWords,
        })

      const q = request.query
      const thisMonth = londonDateOf(clock.now()).slice(0, 7)
      const months = Array.from({ length: 13 }, (_, i) => addMonths(`${thisMonth}-01`, -i).slice(0, 7))
      const month = field(q, 'month') || thisMonth
      const handler = field(q, 'handler')
      const kind = field(q, 'kind')
      const count = field(q, 'count') || '5'
      const order = field(q, 'order') === 'latest' ? 'latest' : 'random'
      let sample: Awaited<ReturnType<typeof audits.sample>> | undefined
      const errors: FieldErrors = {}
      if (q.sample) {
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
      return reply.code(Object.keys(errors).length ? 422 : 200).view('staff/letter-audits/index.njk', {
        auditor: true,
        mine,
        errors: Object.keys(errors).length ? errors : undefined,
        sample: sample?.map((l) => ({ ...l, title: letterTitle(l.kind), handlerName: nameOf(l.handlerId) })),
        recent: (await audits.recent(staff, 20)).map((a) => ({
          ...a,
          title: letterTitle(a.kind),
          handlerName: nameOf(a.handlerId),
        })),
        figures,
        figuresFrom: formatDateInWords(yearFrom),
        itemText,
        nameOf,
        formatMonthInWords,
        checklist,
        monthItems: months.map((m) => ({ value: m, text: formatMonthInWords(m), selected: m === month })),
        handlerItems: [
          { value: '', text: 'Any handler' },
          ...(await services.staffAccounts.list())
            .filter((p) => can(p.role, 'handleComplaints'))
            .map((p) => ({ value: p.id, text: p.name, selected: p.id === handler })),
        ],
        kindItems: [
          { value: '', text: 'Any kind of letter' },
          ...letterKinds.map((k) => ({ value: k, text: letterTitle(k), selected: k === kind })),
        ],
        count,
        orderItems: [
          { value: 'random', text: 'At random', checked: order === 'random' },
          { value: 'latest', text: 'The latest sent first', checked: order === 'latest' },
        ],
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
    const names = await staffNames()
    return reply.code(errors ? 422 : 200).view('staff/letter-audits/audit.njk', {
      letter: { ...letter, title: letterTitle(letter.kind), sentOn: londonDateOf(letter.issuedAt) },
      handlerName: letter.handlerId ? (names.get(letter.handlerId) ?? 'a former member of staff') : 'Nobody',
      checklistVersion: checklist.version,
      items: checklist.items.map((item: ChecklistItem) => ({
        ...item,
        answerItems: auditAnswers.map((a) => ({
          value: a,
          text: auditAnswerLabels[a],
          checked: body ? field(body, `answer-${item.id}`) === a : false,
        })),
        comment: body ? field(body, `comment-${item.id}`) : '',
      })),
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
      const names = await staffNames()
      const text = new Map(a.items.map((i) => [i.id, i]))
      return reply.view('staff/letter-audits/result.njk', {
        a: { ...a, title: letterTitle(a.kind) },
        handlerName: a.handlerId ? (names.get(a.handlerId) ?? 'a former member of staff') : 'Nobody',
        auditorName: names.get(a.auditedBy) ?? 'a former member of staff',
        rows: a.scores.map((s) => ({
          ...s,
          text: text.get(s.itemId)?.text ?? s.itemId,
          provision: text.get(s.itemId)?.provision,
          label: auditAnswerLabels[s.answer as AuditAnswer],
        })),
        done: request.query.done,
      })
    },
  )
}
