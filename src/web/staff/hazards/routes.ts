import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { listedEntity } from '../../../domain/entities/access.js'
import { hazardActions } from '../../../domain/hazards/decisions.js'
import { hazardAssessmentLabels } from '../../../domain/hazards/vocabulary.js'
import type { HazardStep, HazardStepInput } from '../../../services/hazards/hazards.js'
import { refusals } from '../../formErrors.js'
import { type FieldErrors, type FormBody, field } from '../../forms.js'
import { doneQuery, idParams, pathParams, queryText } from '../../params.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'
import {
  dateTimeInputs,
  version as formVersion,
  whenFromBody,
  whenInputs,
} from '../complaints/actions/form.js'
import { downloadLinks, listDownloads } from '../listDownloads.js'
import { hazardsDownload } from './download.js'
import { hazardPage, hazardQueueRows, kindItems } from './viewModel.js'

type Body = FormBody
const hazardParams = pathParams('hazardId')

/** Each step's form: its path, the fields it shows, and how its answers become the step's input. */
type StepForm<S extends HazardStep> = {
  step: S
  path: string
  /** The "when" inputs' legend, when the step happened at a time. */
  when?: string
  template: string
  /** Whether the form records the landlord's decision on the report (who, when, on what). */
  decision?: true
  input: (body: Body, at: Date | undefined, decidedAt: Date | undefined) => HazardStepInput<S>
  done: string
}

/**
 * A form's two times: when it happened (left as it is, or this minute: now) and when the decision
 * was made (typed, never assumed: blank stays blank, for the domain to ask for).
 */
function timesFrom(body: Body, now: Date, asks: { when: boolean; decided: boolean }) {
  const when = asks.when ? whenFromBody(body, now) : {}
  const decided = asks.decided ? whenFromBody(body, now, 'decided') : { blank: true as const }
  const errors: FieldErrors = {
    ...(when.error ? { when: when.error } : {}),
    ...(decided.error ? { decided: decided.error } : {}),
  }
  return {
    errors: Object.keys(errors).length ? errors : undefined,
    at: when.at ?? now,
    decidedAt: decided.blank ? undefined : (decided.at ?? now),
  }
}

/** The decision's fields, as every form that records one reads them. */
const decisionFrom = (body: Body, decidedAt: Date | undefined) => ({
  kind: field(body, 'kind'),
  decidedBy: field(body, 'decidedBy'),
  decidedAt,
  basis: field(body, 'basis'),
})

const yesNo = (v: string) => (v === 'yes' ? true : v === 'no' ? false : undefined)

const stepForms = [
  {
    step: 'investigation',
    path: 'investigation',
    when: 'When the investigation ended',
    template: 'staff/hazards/investigation.njk',
    input: (body, at) => ({
      endedAt: at,
      hazardFound: yesNo(field(body, 'hazardFound')),
      findings: field(body, 'findings'),
      furtherWorksNeeded: field(body, 'furtherWorksNeeded') === 'yes',
    }),
    done: 'Investigation recorded: the written summary is now due.',
  } satisfies StepForm<'investigation'>,
  {
    step: 'summary',
    path: 'summary',
    when: 'When the summary was sent or given',
    template: 'staff/hazards/summary.njk',
    input: (body, at) => ({ sentAt: at, how: field(body, 'how') }),
    done: 'Written summary recorded.',
  } satisfies StepForm<'summary'>,
  {
    step: 'safety',
    path: 'safety',
    when: 'When the safety work began',
    template: 'staff/hazards/work.njk',
    input: (body, at) => ({ at, what: field(body, 'what') }),
    done: 'Safety work recorded as begun.',
  } satisfies StepForm<'safety'>,
  {
    step: 'madeSafe',
    path: 'made-safe',
    when: 'When the safety work was completed and the home made safe',
    template: 'staff/hazards/work.njk',
    input: (body, at) => ({ at, what: field(body, 'what') }),
    done: 'Recorded: the safety work is completed and the home made safe.',
  } satisfies StepForm<'madeSafe'>,
  {
    step: 'furtherDeferred',
    path: 'further-deferred',
    template: 'staff/hazards/deferred.njk',
    input: (body) => ({ reason: field(body, 'reason') }),
    done: 'Recorded: the further works must now physically start within 12 weeks of the investigation.',
  } satisfies StepForm<'furtherDeferred'>,
  {
    step: 'furtherStarted',
    path: 'further-started',
    when: 'When the further works began',
    template: 'staff/hazards/work.njk',
    input: (body, at) => ({ at, what: field(body, 'what') }),
    done: 'Further works recorded.',
  } satisfies StepForm<'furtherStarted'>,
  {
    step: 'decant',
    path: 'decant',
    when: 'When the household moved',
    template: 'staff/hazards/decant.njk',
    input: (body, at) => ({ at, where: field(body, 'where') }),
    done: 'Recorded: the household has moved out.',
  } satisfies StepForm<'decant'>,
  {
    step: 'reclassify',
    path: 'kind',
    template: 'staff/hazards/kind.njk',
    decision: true,
    input: (body, _at, decidedAt) => ({ ...decisionFrom(body, decidedAt), reason: field(body, 'reason') }),
    done: 'The report is assessed differently: any duty already fallen due stays on the record.',
  } satisfies StepForm<'reclassify'>,
  {
    step: 'materialChange',
    path: 'material-change',
    when: 'When the change was reported to the landlord',
    template: 'staff/hazards/materialChange.njk',
    decision: true,
    input: (body, at, decidedAt) => ({
      reportedAt: at,
      change: field(body, 'change'),
      ...decisionFrom(body, decidedAt),
      reasons: field(body, 'reasons'),
    }),
    done: 'The material change and the new decision are recorded.',
  } satisfies StepForm<'materialChange'>,
] as const

/**
 * Awaab's Law in the staff web app: record a hazard from a complaint, follow each duty's clock,
 * and record each step as it happens. One page per step; only the steps that fit are offered.
 */
export const hazardRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (app, { services, clock }) => {
  await app.register(listDownloads(clock, hazardsDownload(services, clock)))
  const hazards = services.hazards

  const renderNew = async (
    reply: FastifyReply,
    complaintId: string,
    body?: Body,
    errors?: FieldErrors,
    suggestedKind?: string,
  ) => {
    const { complaint } = await services.complaints.view(complaintId, 'admin')
    return reply.code(errors ? 422 : 200).view('staff/hazards/new.njk', {
      c: complaint,
      errors,
      v: body ?? {},
      kindItems: kindItems(body ? field(body, 'kind') : suggestedKind),
      ...whenInputs(body, clock.now(), Boolean(errors?.when)),
      decided: dateTimeInputs('decided', body, Boolean(errors?.decided)),
    })
  }
  app.get(
    '/complaints/:id/hazards/new',
    {
      schema: { hide: true, params: idParams, querystring: queryText('kind') },
      preHandler: signedIn('handleComplaints'),
    },
    // Triage may suggest the kind from the complaint's words (Code 6.1): it is chosen, not decided.
    async (request, reply) => renderNew(reply, request.params.id, undefined, undefined, request.query.kind),
  )
  app.post(
    '/complaints/:id/hazards/new',
    { schema: { hide: true, params: idParams }, preHandler: signedIn('handleComplaints') },
    async (request, reply) => {
      const { id } = request.params
      const body = (request.body ?? {}) as Body
      const times = timesFrom(body, clock.now(), { when: true, decided: true })
      if (times.errors) return renderNew(reply, id, body, times.errors)
      let hazardId: string | undefined
      const refused = await refusals(
        async () => {
          const v = await hazards.identify(id, currentStaff(request), {
            ...decisionFrom(body, times.decidedAt),
            reasons: field(body, 'reasons'),
            awareAt: times.at,
            description: field(body, 'description'),
          })
          hazardId = v.hazard.id
        },
        { fieldFor: { awareAt: 'when', decidedAt: 'decided' } },
      )
      if (refused) return renderNew(reply, id, body, refused)
      return reply.redirect(`/hazards/${hazardId}?done=identified`, 303)
    },
  )

  app.get(
    '/hazards',
    { schema: { hide: true, querystring: queryText('mine') }, preHandler: signedIn('viewCases') },
    async (request, reply) => {
      const mine = request.query.mine === 'yes'
      const rows = await hazards.queue({
        ...(mine ? { handlerId: currentStaff(request).id } : {}),
        entityId: listedEntity(request.staff),
      })
      return reply.view('staff/hazards/queue.njk', {
        mine,
        rows: hazardQueueRows(rows, clock.now()),
        downloads: downloadLinks('/hazards', mine ? { mine: 'yes' } : {}),
      })
    },
  )

  app.get(
    '/hazards/:hazardId',
    {
      schema: { hide: true, params: hazardParams, querystring: doneQuery },
      preHandler: signedIn('viewCases'),
    },
    async (request, reply) => {
      const v = await hazards.view(request.params.hazardId)
      return reply.view(
        'staff/hazards/hazard.njk',
        hazardPage(v, {
          steps: stepForms,
          staffNames: new Map((await services.staffAccounts.list()).map((p) => [p.id, p.name])),
          canRecord: currentStaff(request).permissions.handleComplaints,
          done: request.query.done,
        }),
      )
    },
  )

  for (const form of stepForms as readonly StepForm<HazardStep>[]) {
    const render = async (
      request: FastifyRequest,
      reply: FastifyReply,
      hazardId: string,
      body?: Body,
      errors?: FieldErrors,
    ) => {
      const v = await hazards.view(hazardId)
      return reply.code(errors ? 422 : 200).view(form.template, {
        h: v.hazard,
        complaintReference: v.complaintReference,
        kindLabel: hazardAssessmentLabels[v.hazard.kind],
        title: hazardActions[form.step].label,
        formAction: request.url.split('?')[0],
        errors,
        v: body ?? {},
        version: body ? field(body, 'version') : v.hazard.version,
        kindItems: kindItems(body ? field(body, 'kind') : undefined),
        when: form.when ? { legend: form.when } : undefined,
        ...(form.when ? whenInputs(body, clock.now(), Boolean(errors?.when)) : {}),
        decided: form.decision ? dateTimeInputs('decided', body, Boolean(errors?.decided)) : undefined,
        ...(form.step === 'furtherDeferred'
          ? { furtherDueOn: await hazards.furtherWorksDayDue(v.hazard) }
          : {}),
      })
    }
    app.get(
      `/hazards/:hazardId/${form.path}`,
      { schema: { hide: true, params: hazardParams }, preHandler: signedIn('handleComplaints') },
      (request, reply) => render(request, reply, request.params.hazardId),
    )
    app.post(
      `/hazards/:hazardId/${form.path}`,
      { schema: { hide: true, params: hazardParams }, preHandler: signedIn('handleComplaints') },
      async (request, reply) => {
        const { hazardId } = request.params
        const body = (request.body ?? {}) as Body
        const times = timesFrom(body, clock.now(), {
          when: Boolean(form.when),
          decided: Boolean(form.decision),
        })
        if (times.errors) return render(request, reply, hazardId, body, times.errors)
        const refused = await refusals(
          () =>
            hazards.record(
              hazardId,
              currentStaff(request),
              form.step,
              // Each form's input is built for its own step.
              form.input(body, times.at, times.decidedAt) as never,
              formVersion(body),
            ),
          {
            fieldFor: {
              endedAt: 'when',
              sentAt: 'when',
              at: 'when',
              reportedAt: 'when',
              decidedAt: 'decided',
            },
          },
        )
        if (refused) return render(request, reply, hazardId, body, refused)
        return reply.redirect(`/hazards/${hazardId}?done=${form.path}`, 303)
      },
    )
  }
}
