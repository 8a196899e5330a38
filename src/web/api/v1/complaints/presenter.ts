import { z } from 'zod'
import { consentNeeded, outstandingActions } from '../../../../domain/complaints/complaint.js'
import { type Deadline, deadlineKeys, deadlineStatuses } from '../../../../domain/complaints/deadlines.js'
import type { ComplaintEvent } from '../../../../domain/complaints/events.js'
import { timeLimitOf } from '../../../../domain/complaints/timeLimit.js'
import { channels, complaintStates, decisions, tenures } from '../../../../domain/complaints/vocabulary.js'
import { DEFAULT_ENTITY_ID } from '../../../../domain/entities/entity.js'
import { compensationParts, remedyAnswers, remedyStatuses } from '../../../../domain/remedies/vocabulary.js'
import type { ComplaintView } from '../../../../services/complaints.js'

const deadlineSchema = z.object({
  key: z.enum(deadlineKeys),
  label: z.string(),
  provision: z.string(),
  start: z.string(),
  workingDays: z.number().int(),
  due: z.string(),
  status: z.enum(deadlineStatuses),
  metOn: z.string().optional(),
  workingDaysLeft: z.number().int().optional(),
  workingDaysOverdue: z.number().int().optional(),
  policyVersion: z.number().int(),
  explanation: z.string(),
})

const dueSchema = z.object({
  acknowledgement: z.string().optional(),
  stage1Response: z.string().optional(),
  stage2Acknowledgement: z.string().optional(),
  stage2Response: z.string().optional(),
})

const conflictSchema = z.discriminatedUnion('declared', [
  z.object({ declared: z.literal('none') }),
  z.object({ declared: z.literal('conflict'), conflict: z.string(), howHandled: z.string() }),
  z.object({ declared: z.literal('not_declared') }),
])

const definitionSchema = z.object({
  issues: z.array(z.object({ id: z.string(), summary: z.string() })),
  outcomesSought: z.array(z.string()),
  notResponsibleFor: z.array(z.string()),
})

export const complaintSchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  stage: z.union([z.literal(1), z.literal(2)]),
  state: z.enum(complaintStates),
  receivedAt: z.iso.datetime({ offset: true }),
  receivedOn: z.string(),
  channel: z.enum(channels),
  tenure: z.enum(tenures).optional().describe('For the TSM; absent when not recorded'),
  entityId: z
    .uuid()
    .describe('The landlord entity (registered provider) it belongs to: GET /api/v1/entities lists them'),
  version: z.number().int(),
  handlers: z.object({ stage1: z.string().nullable(), stage2: z.string().nullable() }),
  conflictsOfInterest: z
    .object({ stage1: conflictSchema.optional(), stage2: conflictSchema.optional() })
    .describe('Code 5.8: the current handler’s declaration at each stage, once assigned'),
  due: dueSchema.describe(
    'The current deadlines, in working days: Monday to Friday, not a bank holiday in England and Wales, and not a closure day when the landlord has set closure days to extend the Code’s clocks (GET /api/v1/calendar/code-clocks; off unless set). A complaint received before 1 April 2024 keeps the earlier Code’s clocks.',
  ),
  dueExplained: dueSchema.describe(
    'How each date in `due` was worked out, naming each weekend, bank holiday or closure day skipped',
  ),
  deadlines: z.array(deadlineSchema),
  internalTargets: z.array(deadlineSchema.omit({ key: true, provision: true }).extend({ name: z.string() })),
  description: z.string(),
  outcomeSought: z.string().optional(),
  resident: z.record(z.string(), z.union([z.string(), z.boolean()])),
  representative: z.record(z.string(), z.unknown()).optional(),
  consentNeeded: z
    .boolean()
    .describe('Code 1.3: a representative’s complaint awaiting the resident’s consent'),
  issueOccurredOn: z.string().optional(),
  residentAwareOn: z.string().optional(),
  timeLimit: z
    .object({ from: z.string(), basis: z.string(), lastDay: z.string(), within: z.boolean() })
    .optional()
    .describe('Code 2.3: the 12-month window, from the later of the two dates recorded'),
  categories: z.array(z.string()),
  serviceRequestReference: z.string().optional(),
  legacyReference: z
    .string()
    .optional()
    .describe(
      'Imported from the landlord’s earlier system: its reference there (additive, absent otherwise)',
    ),
  definition: z.object({ stage1: definitionSchema.optional(), stage2: definitionSchema.optional() }),
  policyVersions: z.object({ stage1: z.number().int(), stage2: z.number().int().optional() }),
  extensions: z.array(
    z.object({
      stage: z.number().int(),
      workingDays: z.number().int(),
      reason: z.string(),
      goodReason: z.string().optional(),
      at: z.string(),
    }),
  ),
  responses: z.array(
    z.object({
      stage: z.number().int(),
      respondedAt: z.string(),
      decision: z.enum(decisions),
      issueDecisions: z.array(
        z.object({ issueId: z.string(), decision: z.enum(decisions), reasons: z.string().optional() }),
      ),
      reasons: z.string(),
      involved: z
        .array(z.object({ name: z.string(), role: z.string() }))
        .optional()
        .describe('Code 6.20: who was involved in the response, where recorded'),
      remedies: z.array(
        z.object({
          type: z.string(),
          description: z.string().optional(),
          amount: z.number().optional(),
          breakdown: z
            .partialRecord(z.enum(compensationParts), z.number())
            .optional()
            .describe('Code 7.2: how a financial remedy is made up'),
        }),
      ),
    }),
  ),
  remedies: z
    .array(
      z.object({
        id: z.string().describe('The stage and the remedy’s place in its response, e.g. "1-2"'),
        stage: z.number().int(),
        type: z.string(),
        amount: z.number().optional(),
        status: z.enum(remedyStatuses),
        dueOn: z.string(),
        outstanding: z.boolean(),
        answer: z
          .object({ answer: z.enum(remedyAnswers), on: z.string(), note: z.string().optional() })
          .optional(),
        done: z
          .object({
            on: z.string(),
            note: z.string().optional(),
            withTheResponse: z.boolean(),
            offsetAgainstArrears: z.number().optional(),
          })
          .optional(),
      }),
    )
    .describe('Code 7.3: every remedy offered and how far it has been followed through'),
  outstandingActions: z.array(
    z.object({
      id: z.string(),
      stage: z.number().int(),
      description: z.string(),
      dueOn: z.string(),
      ownerId: z.string().optional(),
      originalDueOn: z.string().optional().describe('The date first promised, when it has moved'),
      completedAt: z.string().optional(),
    }),
  ),
  escalation: z
    .object({ requestedAt: z.string(), how: z.string().optional(), residentReason: z.string().optional() })
    .optional(),
  refusal: z
    .object({
      refusedAt: z.string(),
      refusing: z.string(),
      reason: z.string(),
      explanation: z.string(),
      discretion: z
        .object({
          considered: z.boolean(),
          exercised: z.literal(false).optional(),
          whyNotExercised: z.string(),
        })
        .optional(),
    })
    .optional(),
  withdrawal: z.object({ withdrawnAt: z.string(), how: z.string(), note: z.string().optional() }).optional(),
  closedAt: z.string().optional(),
  linkedFrom: z
    .object({
      complaintId: z.string(),
      reference: z.string(),
      reason: z.string().optional(),
      note: z.string().optional(),
    })
    .optional(),
  linkedComplaints: z.array(z.object({ id: z.string(), reference: z.string() })),
  allowedActions: z.array(z.string()),
  nextUpdate: z
    .object({
      agreed: z
        .boolean()
        .describe('Code 5.9: the interval was agreed with the resident; false for the default'),
      start: z.string(),
      workingDays: z.number().int(),
      due: z.string(),
      status: z.string(),
      workingDaysLeft: z.number().int().optional(),
      workingDaysOverdue: z.number().int().optional(),
      explanation: z.string(),
    })
    .optional()
    .describe('Code 5.9: when the resident is next due an update, while a stage is considered'),
  updates: z.array(
    z.object({ at: z.string(), method: z.string(), summary: z.string(), stage: z.number().int() }),
  ),
  events: z.array(
    z.looseObject({
      seq: z.number().int(),
      type: z.string(),
      at: z.string(),
      recordedAt: z.string(),
      by: z.string().nullable(),
      recordedLate: z.boolean(),
    }),
  ),
})

export function presentEvent(e: ComplaintEvent, names: Map<string, string>) {
  const { seq, type, at, recordedAt, by, recordedLate, ...data } = e
  return {
    seq,
    type,
    at: at.toISOString(),
    recordedAt: recordedAt.toISOString(),
    by,
    ...(by && names.has(by) ? { byName: names.get(by) } : {}),
    ...data,
    // api-v1 (third release): recorded more than the tolerance after it happened, and why.
    recordedLate: Boolean(recordedLate),
    ...(recordedLate
      ? {
          recordedLateReason: recordedLate.reason,
          recordedLateWorkingDays: recordedLate.workingDays,
          ...(recordedLate.sentLetterDocumentId
            ? { sentLetterDocumentId: recordedLate.sentLetterDocumentId }
            : {}),
        }
      : {}),
  }
}

function dueMaps(deadlines: Deadline[]) {
  const due: Record<string, string> = {}
  const dueExplained: Record<string, string> = {}
  for (const d of deadlines) {
    due[d.key] = d.due
    dueExplained[d.key] = d.explanation
  }
  return { due, dueExplained }
}

export function presentComplaint(v: ComplaintView): z.infer<typeof complaintSchema> {
  const c = v.complaint
  const s1 = c.stages[1]
  const s2 = c.stages[2]
  return {
    id: c.id,
    reference: c.reference,
    stage: c.stage,
    state: c.state,
    receivedAt: c.receivedAt.toISOString(),
    receivedOn: c.receivedOn,
    channel: c.channel,
    ...(c.tenure ? { tenure: c.tenure } : {}),
    entityId: c.entityId ?? DEFAULT_ENTITY_ID,
    version: c.version,
    handlers: { stage1: s1.handlerId, stage2: s2?.handlerId ?? null },
    conflictsOfInterest: {
      ...(s1.conflictOfInterest ? { stage1: s1.conflictOfInterest } : {}),
      ...(s2?.conflictOfInterest ? { stage2: s2.conflictOfInterest } : {}),
    },
    ...dueMaps(v.deadlines),
    deadlines: v.deadlines,
    internalTargets: v.internalTargets,
    description: c.description,
    ...(c.outcomeSought ? { outcomeSought: c.outcomeSought } : {}),
    resident: c.resident,
    ...(c.representative ? { representative: c.representative } : {}),
    consentNeeded: consentNeeded(c),
    ...(c.issueOccurredOn ? { issueOccurredOn: c.issueOccurredOn } : {}),
    ...(c.residentAwareOn ? { residentAwareOn: c.residentAwareOn } : {}),
    ...(timeLimitOf(c) ? { timeLimit: timeLimitOf(c) } : {}),
    categories: c.categories,
    ...(c.serviceRequestReference ? { serviceRequestReference: c.serviceRequestReference } : {}),
    ...(c.legacyReference ? { legacyReference: c.legacyReference } : {}),
    definition: {
      ...(s1.definition ? { stage1: s1.definition } : {}),
      ...(s2?.definition ? { stage2: s2.definition } : {}),
    },
    policyVersions: { stage1: s1.policyVersion, ...(s2 ? { stage2: s2.policyVersion } : {}) },
    extensions: [s1, s2].flatMap((s) =>
      s ? s.extensions.map((e) => ({ stage: s.stage, ...e, at: e.at.toISOString() })) : [],
    ),
    responses: [s1, s2].flatMap((s) =>
      s?.response
        ? [
            {
              stage: s.stage,
              respondedAt: s.response.at.toISOString(),
              decision: s.response.decision,
              issueDecisions: s.response.issueDecisions,
              reasons: s.response.reasons,
              ...(s.response.involved ? { involved: s.response.involved } : {}),
              remedies: s.response.remedies,
            },
          ]
        : [],
    ),
    remedies: v.remedies.map((r) => ({
      id: r.id,
      stage: r.stage,
      type: r.type,
      ...(r.amount !== undefined ? { amount: r.amount } : {}),
      status: r.status,
      dueOn: r.dueOn,
      outstanding: r.outstanding,
      ...(r.answer ? { answer: r.answer } : {}),
      ...(r.done
        ? {
            done: {
              on: r.done.on,
              ...(r.done.note ? { note: r.done.note } : {}),
              withTheResponse: r.done.withTheResponse,
              ...(r.done.payment?.offsetAgainstArrears
                ? { offsetAgainstArrears: r.done.payment.offsetAgainstArrears }
                : {}),
            },
          }
        : {}),
    })),
    outstandingActions: outstandingActions(c).map((a) => ({
      id: a.id,
      stage: a.stage,
      description: a.description,
      dueOn: a.dueOn,
      ...(a.ownerId ? { ownerId: a.ownerId } : {}),
      ...(a.rescheduled ? { originalDueOn: a.rescheduled.originalDueOn } : {}),
      ...(a.completed ? { completedAt: a.completed.at.toISOString() } : {}),
    })),
    ...(c.escalation
      ? {
          escalation: {
            requestedAt: c.escalation.at.toISOString(),
            how: c.escalation.how,
            residentReason: c.escalation.residentReason,
          },
        }
      : {}),
    ...(c.refusal
      ? {
          refusal: {
            refusedAt: c.refusal.at.toISOString(),
            refusing: c.refusal.refusing,
            reason: c.refusal.reason,
            explanation: c.refusal.explanation,
            ...(c.refusal.discretion ? { discretion: c.refusal.discretion } : {}),
          },
        }
      : {}),
    ...(c.withdrawal
      ? {
          withdrawal: {
            withdrawnAt: c.withdrawal.at.toISOString(),
            how: c.withdrawal.how,
            note: c.withdrawal.note,
          },
        }
      : {}),
    ...(c.closedAt ? { closedAt: c.closedAt.toISOString() } : {}),
    ...(c.linkedFrom ? { linkedFrom: c.linkedFrom } : {}),
    linkedComplaints: v.linkedComplaints,
    allowedActions: v.allowedActions,
    ...(v.residentUpdate ? { nextUpdate: v.residentUpdate } : {}),
    updates: c.updates.map((u) => ({
      at: u.at.toISOString(),
      method: u.method,
      summary: u.summary,
      stage: u.stage,
    })),
    events: c.events.map((e) => presentEvent(e, v.staffNames)),
  }
}
