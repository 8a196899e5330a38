import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { londonDateOf } from '../../../domain/calendar/calendarDate.js'
import { currentStageRecord, outstandingActions } from '../../../domain/complaints/complaint.js'
import {
  channelLabels,
  channels,
  contactMethods,
  decisionLabels,
  decisions,
  type RemedyType,
  remedyLabels,
  remedyTypes,
} from '../../../domain/complaints/vocabulary.js'
import { type Action, stage1Considerers, transitions } from '../../../domain/complaints/workflow.js'
import { can } from '../../../domain/staff/roles.js'
import { AppError, notFound } from '../../../errors.js'
import type { ComplaintView } from '../../../services/complaints.js'
import { dateFromFields, dateInputItems, type FieldErrors, type FormBody, field } from '../../forms.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../index.js'
import { describeEvent, letterName } from './timeline.js'

const lines = (v: string) =>
  v
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean)

/** API field names in service errors, as the form fields that show them. */
const fieldFor: Record<string, string> = {
  'definition.issues': 'issues',
  'definition.outcomesSought': 'outcomesSought',
  'discretion.reason': 'discretionReason',
  handlerId: 'handlerId',
  version: 'version',
}

/**
 * The domain names each broken rule's field as the API does; this turns them into the
 * form's fields, so a form shows the domain's own words beside the right input.
 */
async function withRuleErrors(
  run: () => Promise<unknown>,
  fieldOf: (field: string) => string = (f) => fieldFor[f] ?? f,
): Promise<FieldErrors | undefined> {
  try {
    await run()
    return undefined
  } catch (error) {
    if (!(error instanceof AppError) || error.status !== 422) throw error
    const errors: FieldErrors = {}
    for (const d of error.details ?? [{ message: error.message }]) {
      const key = fieldOf(d.field ?? 'form')
      errors[key] ??= d.message
    }
    return errors
  }
}

type FormSpec = {
  /** The URL segment and the template under views/staff/complaints/actions/. */
  path: string
  title: (v: ComplaintView) => string
  action: Action
  /** Extra values the form needs (lists of staff, the issues to decide on…). */
  prepare?: (
    v: ComplaintView,
    body: FormBody | undefined,
  ) => Promise<Record<string, unknown>> | Record<string, unknown>
  /** Reads the form and calls the service; returns field errors to show, or nothing. */
  submit: (
    v: ComplaintView,
    body: FormBody,
    actor: { id: string; role: Parameters<typeof can>[0] },
    params: Record<string, string>,
  ) => Promise<FieldErrors | undefined>
  done: string
}

export const caseRoutes: FastifyPluginAsync<StaffWebOptions> = async (app, { services, clock }) => {
  const complaints = services.complaints
  const handlers = async () =>
    (await services.staffAccounts.list()).filter((p) => can(p.role, 'handleComplaints') && !p.disabled)

  async function handlerItems(
    selected: string | null | undefined,
    exclude: (string | null | undefined)[] = [],
  ) {
    return [
      { value: '', text: 'Choose a handler' },
      ...(await handlers())
        .filter((h) => !exclude.includes(h.id))
        .map((h) => ({
          value: h.id,
          text: `${h.name} (${h.role.replace('_', ' ')})`,
          selected: h.id === selected,
        })),
    ]
  }

  const version = (body: FormBody) =>
    /^\d+$/.test(field(body, 'version')) ? Number(field(body, 'version')) : undefined

  const forms: FormSpec[] = [
    {
      path: 'acknowledge',
      action: 'acknowledge',
      title: (v) =>
        `Acknowledge and define the complaint at stage ${v.complaint.state === 'received' ? 1 : 2}`,
      prepare: async (v, body) => {
        const stage = v.complaint.state === 'received' ? 1 : 2
        const previous = v.complaint.stages[1].definition
        return {
          stage,
          handlerItems: await handlerItems(
            body ? field(body, 'handlerId') : stage === 1 ? null : undefined,
            stage === 2 ? [...stage1Considerers(v.complaint)] : [],
          ),
          issues: body
            ? field(body, 'issues')
            : stage === 2 && previous
              ? previous.issues.map((i) => i.summary).join('\n')
              : '',
          outcomesSought: body
            ? field(body, 'outcomesSought')
            : stage === 2 && previous
              ? previous.outcomesSought.join('\n')
              : (v.complaint.outcomeSought ?? ''),
          notResponsibleFor: body ? field(body, 'notResponsibleFor') : '',
          discretion: body ? field(body, 'discretion') === 'yes' : false,
          discretionReason: body ? field(body, 'discretionReason') : '',
          pendingIssues: v.complaint.pendingIssues,
        }
      },
      submit: async (v, body, actor) => {
        // The API defaults the handler to whoever acknowledges; the form asks for a choice.
        if (!field(body, 'handlerId')) return { handlerId: 'Choose who will handle the complaint' }
        return withRuleErrors(() =>
          complaints.acknowledge(v.complaint.id, actor, {
            handlerId: field(body, 'handlerId'),
            definition: {
              issues: lines(field(body, 'issues')),
              outcomesSought: lines(field(body, 'outcomesSought')),
              notResponsibleFor: lines(field(body, 'notResponsibleFor')),
            },
            ...(field(body, 'discretion') === 'yes'
              ? { discretion: { reason: field(body, 'discretionReason') } }
              : {}),
            version: version(body),
          }),
        )
      },
      done: 'Complaint acknowledged; the acknowledgement letter is on the case.',
    },
    {
      path: 'assign',
      action: 'reassign',
      title: () => 'Assign or reassign the complaint',
      prepare: async (v, body) => ({
        handlerItems: await handlerItems(
          body ? field(body, 'handlerId') : currentStageRecord(v.complaint).handlerId,
        ),
      }),
      submit: async (v, body, actor) => {
        if (!field(body, 'handlerId')) return { handlerId: 'Choose who will handle the complaint' }
        await complaints.reassign(v.complaint.id, actor, {
          handlerId: field(body, 'handlerId'),
          version: version(body),
        })
      },
      done: 'Complaint assigned.',
    },
    {
      path: 'contact',
      action: 'recordContact',
      title: () => 'Record a contact',
      prepare: (_v, body) => ({
        direction: body ? field(body, 'direction') : '',
        methodItems: contactMethods.map((m) => ({
          value: m,
          text: m.replace('_', ' ').replace(/^./, (c) => c.toUpperCase()),
          selected: body ? field(body, 'method') === m : m === 'phone',
        })),
        summary: body ? field(body, 'summary') : '',
      }),
      submit: async (v, body, actor) => {
        const errors: FieldErrors = {}
        const direction = field(body, 'direction')
        if (direction !== 'incoming' && direction !== 'outgoing')
          errors.direction = 'Say whether the resident contacted you or you contacted them'
        if (!field(body, 'summary')) errors.summary = 'Summarise what was said'
        if (Object.keys(errors).length) return errors
        await complaints.recordContact(v.complaint.id, actor, {
          direction: direction as 'incoming' | 'outgoing',
          method: field(body, 'method'),
          summary: field(body, 'summary'),
          version: version(body),
        })
      },
      done: 'Contact recorded.',
    },
    {
      path: 'note',
      action: 'addNote',
      title: () => 'Add a note',
      prepare: (_v, body) => ({ text: body ? field(body, 'text') : '' }),
      submit: async (v, body, actor) => {
        if (!field(body, 'text')) return { text: 'Write the note' }
        await complaints.addNote(v.complaint.id, actor, { text: field(body, 'text'), version: version(body) })
      },
      done: 'Note added.',
    },
    {
      path: 'extend',
      action: 'extend',
      title: (v) => `Extend the stage ${v.complaint.stage} response time`,
      prepare: (v, body) => {
        const max =
          v.complaint.stage === 1
            ? v.stagePolicy.stage1MaxExtensionDays
            : v.stagePolicy.stage2MaxExtensionDays
        const used = currentStageRecord(v.complaint).extensions.reduce((s, e) => s + e.workingDays, 0)
        return {
          max,
          used,
          provision: v.complaint.stage === 1 ? '6.4' : '6.15',
          workingDays: body ? field(body, 'workingDays') : '',
          reason: body ? field(body, 'reason') : '',
          goodReason: body ? field(body, 'goodReason') : '',
          due: v.deadlines.find(
            (d) => d.key === (v.complaint.stage === 1 ? 'stage1Response' : 'stage2Response'),
          ),
        }
      },
      submit: async (v, body, actor) => {
        const days = field(body, 'workingDays')
        return withRuleErrors(() =>
          complaints.extend(v.complaint.id, actor, {
            workingDays: /^\d{1,3}$/.test(days) ? Number(days) : Number.NaN,
            reason: field(body, 'reason'),
            goodReason: field(body, 'goodReason') || undefined,
            version: version(body),
          }),
        )
      },
      done: 'Response time extended; the extension letter, with the Ombudsman’s details, is on the case.',
    },
    {
      path: 'issue',
      action: 'addIssue',
      title: () => 'Add an issue to the complaint',
      prepare: (_v, body) => ({ summary: body ? field(body, 'summary') : '' }),
      submit: async (v, body, actor) => {
        if (!field(body, 'summary')) return { summary: 'Describe the new issue' }
        await complaints.addIssue(v.complaint.id, actor, {
          summary: field(body, 'summary'),
          version: version(body),
        })
      },
      done: 'Issue added to the complaint definition.',
    },
    {
      path: 'respond',
      action: 'respond',
      title: (v) => `Record the stage ${v.complaint.stage} response`,
      prepare: (v, body) => {
        const issues = currentStageRecord(v.complaint).definition?.issues ?? []
        const decisionItems = (name: string) =>
          decisions.map((d) => ({
            value: d,
            text: decisionLabels[d],
            checked: body ? field(body, name) === d : false,
          }))
        const chosen = body
          ? ([] as string[]).concat((body.remedies as string | string[] | undefined) ?? [])
          : []
        const today = londonDateOf(clock.now())
        return {
          stage: v.complaint.stage,
          decisionItems: decisionItems('decision'),
          issues: issues.map((i) => ({ ...i, items: decisionItems(`issue-${i.id}`) })),
          reasons: body ? field(body, 'reasons') : '',
          remedies: remedyTypes.map((r) => ({
            value: r,
            text: remedyLabels[r],
            checked: chosen.includes(r),
            description: body ? field(body, `remedy-${r}`) : '',
          })),
          amount: body ? field(body, 'amount') : '',
          actions: [0, 1, 2].map((i) => ({
            index: i,
            description: body ? field(body, `action-${i}-description`) : '',
            dueItems: dateInputItems(
              `action-${i}-due`,
              body
                ? {
                    day: field(body, `action-${i}-due-day`),
                    month: field(body, `action-${i}-due-month`),
                    year: field(body, `action-${i}-due-year`),
                  }
                : {},
              false,
            ),
          })),
          today,
        }
      },
      submit: async (v, body, actor) => {
        // Only what the form itself must read is checked here (dates, amounts typed as text);
        // the Code's rules for a response are the domain's, and come back as field errors.
        const errors: FieldErrors = {}
        const issues = currentStageRecord(v.complaint).definition?.issues ?? []
        const chosen = ([] as string[])
          .concat((body.remedies as string | string[] | undefined) ?? [])
          .filter((r): r is RemedyType => (remedyTypes as readonly string[]).includes(r))
        const amountText = field(body, 'amount').replace(/^£/, '').replace(/,/g, '')
        if (chosen.includes('financial') && amountText && !/^\d+(\.\d{1,2})?$/.test(amountText)) {
          errors.amount = 'Enter the amount in pounds, for example 150 or 150.50'
        }
        const rows: number[] = []
        const actions: { description: string; dueOn: string }[] = []
        for (const i of [0, 1, 2]) {
          const description = field(body, `action-${i}-description`)
          const hasDate =
            field(body, `action-${i}-due-day`) ||
            field(body, `action-${i}-due-month`) ||
            field(body, `action-${i}-due-year`)
          if (!description && !hasDate) continue
          const due = dateFromFields(body, `action-${i}-due`, 'the date it will be done by')
          if (due.error) errors[`action-${i}-due`] = due.error
          rows.push(i)
          actions.push({ description, dueOn: due.date ?? '' })
        }
        if (Object.keys(errors).length) return errors
        const formField = (f: string) => {
          const issue = /^issueDecisions\.(.+)$/.exec(f)
          if (issue) return `issue-${issue[1]}`
          const remedy = /^remedies\.(\d+)\.(amount|description|type)$/.exec(f)
          if (remedy) return remedy[2] === 'amount' ? 'amount' : `remedy-${chosen[Number(remedy[1])]}`
          const action = /^outstandingActions\.(\d+)\.(description|dueOn)$/.exec(f)
          if (action)
            return `action-${rows[Number(action[1])]}-${action[2] === 'dueOn' ? 'due' : 'description'}`
          return f
        }
        return withRuleErrors(
          () =>
            complaints.respond(v.complaint.id, actor, {
              decision: field(body, 'decision') as (typeof decisions)[number],
              reasons: field(body, 'reasons'),
              issueDecisions: issues.map((i) => ({
                issueId: i.id,
                decision: field(body, `issue-${i.id}`) as (typeof decisions)[number],
              })),
              remedies: chosen.map((type) => ({
                type,
                ...(field(body, `remedy-${type}`) ? { description: field(body, `remedy-${type}`) } : {}),
                ...(type === 'financial' ? { amount: amountText ? Number(amountText) : undefined } : {}),
              })),
              outstandingActions: actions,
              version: version(body),
            }),
          formField,
        )
      },
      done: 'Response recorded; the response letter is on the case.',
    },
    {
      path: 'escalate',
      action: 'requestEscalation',
      title: () => 'Record the resident’s request for stage 2',
      prepare: (_v, body) => ({
        howItems: channels.map((c) => ({
          value: c,
          text: channelLabels[c],
          selected: body ? field(body, 'how') === c : c === 'phone',
        })),
        residentReason: body ? field(body, 'residentReason') : '',
      }),
      submit: async (v, body, actor) => {
        await complaints.requestEscalation(v.complaint.id, actor, {
          how: field(body, 'how') || undefined,
          residentReason: field(body, 'residentReason') || undefined,
          version: version(body),
        })
      },
      done: 'Escalation recorded; the stage 2 acknowledgement is now due.',
    },
    {
      path: 'refuse',
      action: 'refuse',
      title: (v) =>
        v.complaint.state === 'stage2_requested'
          ? 'Refuse to escalate the complaint'
          : 'Decline to accept the complaint',
      prepare: async (_v, body) => ({
        groundItems: (await complaints.exclusionGrounds())
          .filter((g) => g.active)
          .map((g) => ({
            value: g.code,
            text: g.label.replace(/^./, (c) => c.toUpperCase()),
            hint: { text: g.description },
            checked: body ? field(body, 'reason') === g.code : false,
          })),
        explanation: body ? field(body, 'explanation') : '',
      }),
      submit: async (v, body, actor) => {
        return withRuleErrors(() =>
          complaints.refuse(v.complaint.id, actor, {
            reason: field(body, 'reason'),
            explanation: field(body, 'explanation'),
            version: version(body),
          }),
        )
      },
      done: 'Refusal recorded; the letter with the route to the Ombudsman is on the case.',
    },
    {
      path: 'withdraw',
      action: 'withdraw',
      title: () => 'Record that the resident withdrew the complaint',
      prepare: (_v, body) => ({
        howItems: channels.map((c) => ({
          value: c,
          text: channelLabels[c],
          selected: body ? field(body, 'how') === c : c === 'phone',
        })),
        note: body ? field(body, 'note') : '',
      }),
      submit: async (v, body, actor) => {
        if (!field(body, 'how')) return { how: 'Say how the resident told you' }
        await complaints.withdraw(v.complaint.id, actor, {
          how: field(body, 'how'),
          note: field(body, 'note') || undefined,
          version: version(body),
        })
      },
      done: 'Withdrawal recorded.',
    },
    {
      path: 'close',
      action: 'close',
      title: () => 'Close the complaint',
      prepare: (v, body) => ({
        note: body ? field(body, 'note') : '',
        open: outstandingActions(v.complaint).filter((a) => !a.completed),
      }),
      submit: async (v, body, actor) => {
        await complaints.close(v.complaint.id, actor, {
          note: field(body, 'note') || undefined,
          version: version(body),
        })
      },
      done: 'Complaint closed.',
    },
    {
      path: 'complete-action',
      action: 'completeAction',
      title: () => 'Complete an outstanding action',
      prepare: (v, body) => ({
        actionItems: outstandingActions(v.complaint)
          .filter((a) => !a.completed)
          .map((a) => ({
            value: a.id,
            text: `${a.description} (due ${a.dueOn})`,
            checked: body ? field(body, 'actionId') === a.id : false,
          })),
        note: body ? field(body, 'note') : '',
      }),
      submit: async (v, body, actor) => {
        if (!field(body, 'actionId')) return { actionId: 'Choose the action that is complete' }
        await complaints.completeAction(v.complaint.id, actor, {
          actionId: field(body, 'actionId'),
          note: field(body, 'note') || undefined,
          version: version(body),
        })
      },
      done: 'Outstanding action completed.',
    },
  ]

  async function load(request: FastifyRequest) {
    const { id } = request.params as { id: string }
    return complaints.view(id, currentStaff(request).role)
  }

  app.get(
    '/complaints/:id',
    { schema: { hide: true }, preHandler: signedIn('viewReports') },
    async (request, reply) => {
      const v = await load(request)
      const c = v.complaint
      const query = request.query as Record<string, string | undefined>
      const letters = await complaints.letters(c.id)
      const documents = await complaints.documents(c.id)
      const categories = new Map((await complaints.categories()).map((x) => [x.code, x.label]))
      const actions = forms
        .filter(
          (f) =>
            v.allowedActions.includes(f.action) &&
            (f.path !== 'complete-action' || outstandingActions(c).some((a) => !a.completed)),
        )
        .map((f) => ({ path: f.path, label: transitions[f.action].label }))
        .concat(
          v.allowedActions.includes('attachDocument')
            ? [{ path: 'document', label: transitions.attachDocument.label }]
            : [],
        )
      const done =
        query.done === 'logged'
          ? `Complaint ${c.reference} logged. Acknowledge and define it within the working days shown below.`
          : forms.find((f) => f.path === query.done)?.done
      return reply.view('staff/complaints/case.njk', {
        c,
        v,
        handlerName: (id: string | null | undefined) =>
          id ? (v.staffNames.get(id) ?? 'Unknown') : 'Not assigned',
        currentHandler: currentStageRecord(c).handlerId,
        categories: c.categories.map((code) => categories.get(code) ?? code),
        actions,
        notice: done,
        letters: letters.map((l) => ({ ...l, name: letterName(l.kind) })),
        documents: documents.map((d) => ({
          ...d,
          kb: Math.max(1, Math.round(d.size / 1024)),
          uploadedByName: d.uploadedBy ? (v.staffNames.get(d.uploadedBy) ?? 'Unknown') : 'Unknown',
        })),
        outstanding: outstandingActions(c),
        timeline: [...c.events].reverse().map((e) => ({
          ...describeEvent(e, c, v.staffNames),
          at: e.at,
          recordedAt: e.recordedAt,
          by: e.by ? (v.staffNames.get(e.by) ?? 'Unknown') : 'System',
          late: e.recordedAt.getTime() - e.at.getTime() > 3_600_000,
        })),
      })
    },
  )

  app.get(
    '/complaints/:id/letters/:letterId',
    { schema: { hide: true }, preHandler: signedIn('viewReports') },
    async (request, reply) => {
      const { id, letterId } = request.params as { id: string; letterId: string }
      const letter = (await complaints.letters(id)).find((l) => l.id === letterId)
      if (!letter) throw notFound('There is no such letter on this complaint')
      const v = await load(request)
      return reply.view('staff/complaints/letter.njk', {
        c: v.complaint,
        letter: { ...letter, name: letterName(letter.kind) },
      })
    },
  )

  for (const form of forms) {
    const render = async (
      reply: FastifyReply,
      v: ComplaintView,
      body?: FormBody,
      errors?: FieldErrors,
      problem?: string,
    ) =>
      reply
        .code(errors || problem ? (problem ? 409 : 422) : 200)
        .view(`staff/complaints/actions/${form.path}.njk`, {
          c: v.complaint,
          v,
          title: form.title(v),
          formAction: `/complaints/${v.complaint.id}/${form.path}`,
          version: problem || !body ? v.complaint.version : field(body, 'version'),
          errors: errors && Object.keys(errors).length ? errors : undefined,
          problem,
          ...(await form.prepare?.(v, body)),
        })

    const guard = (v: ComplaintView) => {
      if (!v.allowedActions.includes(form.action)) {
        throw new AppError(409, 'not_allowed_now', `${transitions[form.action].why}.`)
      }
    }

    app.get(
      `/complaints/:id/${form.path}`,
      { schema: { hide: true }, preHandler: signedIn('handleComplaints') },
      async (request, reply) => {
        const v = await load(request)
        guard(v)
        return render(reply, v)
      },
    )

    app.post(
      `/complaints/:id/${form.path}`,
      { schema: { hide: true }, preHandler: signedIn('handleComplaints') },
      async (request, reply) => {
        const staff = currentStaff(request)
        const v = await load(request)
        const body = (request.body ?? {}) as FormBody
        try {
          guard(v)
          const errors = await form.submit(
            v,
            body,
            { id: staff.id, role: staff.role },
            request.params as Record<string, string>,
          )
          if (errors) return render(reply, v, body, errors)
          return reply.redirect(`/complaints/${v.complaint.id}?done=${form.path}`, 303)
        } catch (error) {
          if (!(error instanceof AppError)) throw error
          if (error.status === 422 || error.status === 400) {
            const errors: FieldErrors = {}
            for (const d of error.details ?? [{ message: error.message }])
              errors[fieldFor[d.field ?? ''] ?? d.field ?? 'form'] = d.message
            return render(reply, v, body, errors)
          }
          if (error.status === 409) {
            const fresh = await load(request)
            return render(reply, fresh, body, undefined, error.message)
          }
          throw error
        }
      },
    )
  }
}
