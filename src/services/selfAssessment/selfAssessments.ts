import { createHash, randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { calendarRepository } from '../../db/repositories/calendar.js'
import { complaintsRepository } from '../../db/repositories/complaints.js'
import { entitiesRepository } from '../../db/repositories/entities.js'
import { improvementRepository } from '../../db/repositories/improvement.js'
import { peopleRepository } from '../../db/repositories/people.js'
import { reportsRepository } from '../../db/repositories/reports.js'
import { selfAssessmentsRepository } from '../../db/repositories/selfAssessments.js'
import { usersRepository } from '../../db/repositories/users.js'
import type { DB } from '../../db/schema.js'
import { isUniqueViolation } from '../../db/versioned.js'
import { londonDateOf } from '../../domain/calendar/calendarDate.js'
import { checkDocument } from '../../domain/complaints/documents.js'
import { type EntityScope, reportedEntity } from '../../domain/entities/access.js'
import { reportLandlordName } from '../../domain/entities/entity.js'
import { isUuid } from '../../domain/ids.js'
import { findingsByProvision } from '../../domain/ombudsman/intervention.js'
import { reportingYear } from '../../domain/reports/reportingYear.js'
import { codeProvisions, codeSections } from '../../domain/selfAssessment/code2024.js'
import {
  assessmentMeasures,
  type Measure,
  measureKinds,
  upheldResponses,
} from '../../domain/selfAssessment/measures.js'
import {
  type AssessmentEventData,
  assessmentStatus,
  carriedAnswer,
  contradictions,
  decideAnswer,
  decideApprove,
  decideComplete,
  decideEvidenceDocument,
  decideReview,
  decideStart,
  foldAssessment,
  type SelfAssessment,
} from '../../domain/selfAssessment/selfAssessment.js'
import { conflict, notFound, refused, ruleBroken } from '../../errors.js'
import { changeHistory } from '../changeHistory.js'
import { reportDocx } from '../documents/reportDocx.js'
import { reportHtml } from '../documents/reportHtml.js'
import { reportPdf } from '../documents/reportPdf.js'
import { entityAsked } from '../entities/entities.js'
import { mayDo, type Staff } from '../governanceRecords.js'
import { allInterventions } from '../ombudsman/interventions.js'
import { panelReview } from '../scrutiny/panelReview.js'
import { assessmentDocument } from './document.js'

/**
 * Code 8.1–8.4: the landlord's self-assessment against every provision of the Code, with the
 * figures the service can work out from its own records beside each answer, signed off by the
 * person who completed it and approved by the governing body or its MRC.
 */
export function selfAssessmentService(deps: {
  db: Kysely<DB>
  clock: Clock
  landlordName: string
  /** The landlord's tolerance for recording late, for the words of the figures. */
  lateRecordingDays?: number
}) {
  const { db, clock } = deps
  const repo = selfAssessmentsRepository(db)

  async function load(id: string): Promise<SelfAssessment> {
    if (!isUuid(id)) throw notFound('There is no such self-assessment')
    const events = await repo.events(id)
    if (!events.length) throw notFound('There is no such self-assessment')
    return foldAssessment(id, events)
  }

  /**
   * One change to an assessment (`changeHistory`): two people reviewing provisions side by side
   * each have their change decided on the assessment as the other left it.
   */
  function act(
    id: string,
    actor: Staff,
    decide: (a: SelfAssessment) => Promise<AssessmentEventData> | AssessmentEventData,
    alsoWrite?: (trx: Kysely<DB>, data: AssessmentEventData, now: Date) => Promise<void>,
  ) {
    return changeHistory(db, {
      record: 'self-assessment',
      id,
      load: () => load(id),
      decide,
      write: async (trx, a, data) => {
        const now = clock.now()
        const r = selfAssessmentsRepository(trx)
        await alsoWrite?.(trx, data, now)
        await r.append(id, a.version, [{ data, at: now, by: actor.id }])
        await r.update(foldAssessment(id, await r.events(id)), a.version, now)
      },
    }).then(() => load(id))
  }

  /**
   * Issue 34: the landlord entity an assessment is started for: a limited person's own, whatever
   * was asked; else the one chosen, which must be one of the landlords; none, the group's.
   */
  async function entityToAssess(asked: string | undefined, actor: Partial<EntityScope>) {
    const entityId = reportedEntity({ entityId: actor.entityId ?? null }, asked?.trim() || undefined)
    await entityAsked(db, entityId)
    return entityId
  }

  /** Whom an assessment is of, as its document names them: one landlord, or the group. */
  const landlordOf = async (entityId?: string) =>
    reportLandlordName(await entitiesRepository(db).list(), deps.landlordName, entityId)

  /**
   * What the records show for each provision in the year assessed: the group's, or one landlord
   * entity's own complaints, residents and findings (its board packs and annual report are the group's).
   */
  async function measures(year: number, entityId?: string): Promise<Record<string, Measure[]>> {
    const { from, to } = reportingYear(year)
    const people = peopleRepository(db)
    const today = londonDateOf(clock.now())
    const [
      counts,
      same,
      remedied,
      versions,
      grounds,
      boardPacks,
      withAdjustments,
      overdue,
      closures,
      interventions,
      conflicts,
      involved,
    ] = await Promise.all([
      reportsRepository(db).factCounts(from, to, today, measureKinds, entityId),
      repo.sameHandlerAtBothStages(from, to, entityId),
      repo.remediedUpheldResponses(from, to, entityId),
      repo.annualReportVersions(year),
      complaintsRepository(db).exclusionGrounds(),
      repo.boardPacksProduced(from, to),
      people.withAdjustments(entityId),
      people.adjustmentReviewsOverdue(today, entityId),
      calendarRepository(db).closuresExtendCodeClocks(),
      allInterventions(db, entityId),
      repo.conflictDeclarations(from, to, entityId),
      repo.finalResponseInvolvement(from, to, entityId),
    ])
    return assessmentMeasures({
      boardPacks,
      counts,
      sameHandlerAtBothStages: same,
      upheld: { upheld: upheldResponses(counts), remedied },
      annualReportVersions: versions,
      groundLabel: (code) => grounds.find((g) => g.code === code)?.label ?? code.replace(/_/g, ' '),
      adjustmentReviews: { withAdjustments, overdue },
      conflictDeclarations: conflicts,
      finalResponseInvolvement: involved,
      lateRecordingDays: deps.lateRecordingDays,
      closuresExtendCodeClocks: closures,
      ombudsmanFindings: findingsByProvision(interventions, { from, to }, today),
      ofOneLandlord: Boolean(entityId),
    })
  }

  const userName = async (id: string) => (await usersRepository(db).findById(id))?.name ?? 'a member of staff'

  return {
    measures,

    /**
     * Starts an assessment: the year's annual one (8.1) or a re-assessment (8.3, 8.4), of the
     * group or of one landlord entity (issue 34). It starts from the year before's annual
     * answers of the same group or landlord, for review, when there are some.
     */
    async start(
      input: { year?: number | string; trigger?: string; note?: string; entity?: string },
      actor: Staff & Partial<EntityScope>,
    ) {
      mayDo(actor, 'manageReports', 'carry out the self-assessment')
      try {
        // Checked first, so a year that is no year never reaches the database.
        const entityId = await entityToAssess(input.entity, actor)
        const checked = decideStart(input, undefined, entityId)
        // A re-assessment starts from the year's annual answers; the annual one from last year's.
        const source =
          checked.trigger !== 'annual'
            ? ((await repo.annualFor(checked.year, entityId)) ??
              (await repo.annualFor(checked.year - 1, entityId)))
            : await repo.annualFor(checked.year - 1, entityId)
        const earlier = source ? await load(source.id) : undefined
        const started = earlier ? decideStart(input, earlier.id, entityId) : checked
        const id = randomUUID()
        const now = clock.now()
        const events: { data: AssessmentEventData; at: Date; by: string }[] = [
          { data: started, at: now, by: actor.id },
          ...[...(earlier?.answers ?? new Map())].map(([provision, answer]) => ({
            data: {
              type: 'assessment.answered' as const,
              provision,
              ...carriedAnswer(answer),
              carried: true as const,
            },
            at: now,
            by: actor.id,
          })),
        ]
        const a = foldAssessment(
          id,
          events.map((e, i) => ({ ...e.data, seq: i + 1, at: e.at, by: e.by })),
        )
        await db.transaction().execute(async (trx) => {
          const r = selfAssessmentsRepository(trx)
          await r.insert(a, now)
          await r.append(id, 0, events)
        })
        return a
      } catch (error) {
        if (isUniqueViolation(error))
          throw conflict(
            `The annual self-assessment of ${await landlordOf(await entityToAssess(input.entity, actor))} for ${String(input.year).trim()} has already been started`,
            [{ field: 'year', message: 'already started' }],
          )
        refused(error, 'self-assessment')
      }
    },

    answer(
      id: string,
      input: {
        provision?: string
        comply?: string
        evidence?: string
        links?: string[]
        commentary?: string
        actionId?: string
        explanation?: { action?: string; timescale?: string }
      },
      actor: Staff,
    ) {
      mayDo(actor, 'manageReports', 'carry out the self-assessment')
      return act(id, actor, async (a) => {
        const actionId = input.actionId?.trim()
        const exists =
          actionId && isUuid(actionId) ? (await improvementRepository(db).events(actionId)).length > 0 : false
        return decideAnswer(a, input, exists, await userName(actor.id))
      })
    },

    /** A provision carried over from an earlier assessment, confirmed unchanged in the actor's name. */
    review(id: string, provision: string, actor: Staff) {
      mayDo(actor, 'manageReports', 'carry out the self-assessment')
      return act(id, actor, async (a) => decideReview(a, provision, await userName(actor.id)))
    },

    /** A document uploaded as evidence for a provision (Code 8.1), kept with the assessment for good. */
    async attachEvidence(
      id: string,
      provision: string,
      file: { filename: string; bytes: Uint8Array },
      actor: Staff,
    ) {
      mayDo(actor, 'manageReports', 'carry out the self-assessment')
      const checked = checkDocument(file.filename, file.bytes)
      if (!checked.ok) throw ruleBroken(checked.problem, [{ field: 'file', message: checked.problem }])
      const documentId = randomUUID()
      return act(
        id,
        actor,
        (a) => decideEvidenceDocument(a, provision, documentId, checked.filename),
        (trx, data, now) =>
          selfAssessmentsRepository(trx).insertDocument({
            id: documentId,
            assessmentId: id,
            provision: data.type === 'assessment.document_attached' ? data.provision : provision,
            filename: checked.filename,
            contentType: checked.contentType,
            sha256: createHash('sha256').update(file.bytes).digest('hex'),
            content: file.bytes,
            at: now,
            by: actor.id,
          }),
      )
    },

    async evidenceDocument(id: string, documentId: string) {
      if (!isUuid(id) || !isUuid(documentId)) throw notFound('There is no such document')
      const d = await repo.document(id, documentId)
      if (!d) throw notFound('There is no such document on this self-assessment')
      return d
    },

    complete(id: string, actor: Staff) {
      mayDo(actor, 'manageReports', 'complete the self-assessment')
      return act(id, actor, async (a) => decideComplete(a, await userName(actor.id)))
    },

    /** Reviewed and approved by the governing body or its MRC (8.1, 8.2). */
    approve(id: string, actor: Staff) {
      mayDo(actor, 'approveReports', 'approve the self-assessment for the governing body')
      return act(id, actor, async (a) =>
        decideApprove(a, await userName(actor.id), await measures(a.year, a.entityId)),
      )
    },

    /** The assessment with each provision's answer, the measures, and where they disagree. */
    async view(id: string) {
      const a = await load(id)
      const [now, before, landlord] = await Promise.all([
        measures(a.year, a.entityId),
        measures(a.year - 1, a.entityId),
        landlordOf(a.entityId),
      ])
      return {
        assessment: a,
        /** Whom it assesses: one landlord of the group, or the group (or the only landlord). */
        landlord,
        status: assessmentStatus(a),
        sections: codeSections.map((s) => ({
          ...s,
          provisions: codeProvisions
            .filter((p) => p.section === s.number)
            .map((p) => {
              const answer = a.answers.get(p.id)
              const measures = (now[p.id] ?? []).map((m, i) => ({
                ...m,
                changed: (before[p.id]?.[i]?.value ?? m.value) !== m.value,
                before: before[p.id]?.[i]?.value,
              }))
              const flagged = contradictions(answer, measures).length > 0
              return {
                ...p,
                answer,
                carriedOver: a.carriedOver.has(p.id),
                review: a.reviews.get(p.id),
                measures,
                /** Answered "complies" while the records say otherwise. */
                flagged,
                /** Flagged, and no action and timescale given: approval is refused until they are. */
                unexplained: flagged && !answer?.explanation,
              }
            }),
        })),
      }
    },

    /** Every assessment, with whom each assesses; a limited person's landlord's only. */
    async list(viewer?: EntityScope) {
      const [rows, entities] = await Promise.all([
        repo.list(viewer?.entityId ?? undefined),
        entitiesRepository(db).list(),
      ])
      return rows.map((r) => ({
        ...r,
        landlord: reportLandlordName(entities, deps.landlordName, r.entityId ?? undefined),
      }))
    },

    /** The assessment in the Ombudsman's table layout, as PDF, Word or a web page. */
    async document(id: string, format: 'pdf' | 'docx' | 'html') {
      const a = await load(id)
      // Approved, it prints the figures it was approved against; a draft, today's.
      // The residents' panel's review as it stood when the assessment was approved (Code 9.3).
      const doc = assessmentDocument(
        a,
        await landlordOf(a.entityId),
        a.approved?.measures ?? (await measures(a.year, a.entityId)),
        await panelReview(db, a.year, a.approved?.at),
      )
      const content =
        format === 'pdf' ? await reportPdf(doc) : format === 'docx' ? await reportDocx(doc) : reportHtml(doc)
      return { year: a.year, approved: Boolean(a.approved), content }
    },

    /** The year's annual assessment once the governing body has approved it. */
    async approvedAnnual(year: number) {
      const row = await repo.annualFor(year)
      const a = row ? await load(row.id) : undefined
      return a?.approved ? a : undefined
    },

    /**
     * The contract's view of a year's annual assessment (api-v1 "Self-assessment"): the group's,
     * or, asked with an entity (or by a person limited to one), that landlord's own.
     */
    async forYear(year: number, viewer?: EntityScope, asked?: string) {
      const entityId = await entityToAssess(asked, viewer ?? {})
      const row = await repo.annualFor(year, entityId)
      const a = row ? await load(row.id) : undefined
      const m = await measures(year, entityId)
      return {
        year,
        status: a ? assessmentStatus(a) : 'not_started',
        provisions: codeProvisions.map((p) => {
          const answer = a?.answers.get(p.id)
          const review = a?.reviews.get(p.id)
          return {
            id: p.id,
            section: p.section,
            requirement: p.requirement,
            comply: answer ? answer.comply === 'yes' : null,
            evidence: answer?.evidence ?? null,
            commentary: answer?.commentary ?? null,
            measures: m[p.id] ?? [],
            // Beyond the contract's fields: the review of an answer carried over from an earlier
            // assessment (null when it was not), and the action on a "yes" the figures contradict.
            review: a?.carriedOver.has(p.id)
              ? { status: 'to_review' as const, by: null, at: null }
              : review
                ? { status: review.outcome, by: review.byName ?? null, at: review.at.toISOString() }
                : null,
            explanation: answer?.explanation ?? null,
          }
        }),
      }
    },
  }
}

export type SelfAssessmentService = ReturnType<typeof selfAssessmentService>
