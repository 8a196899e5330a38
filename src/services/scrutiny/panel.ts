import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { improvementRepository } from '../../db/repositories/improvement.js'
import { panelCommentsRepository } from '../../db/repositories/panelComments.js'
import { usersRepository } from '../../db/repositories/users.js'
import type { DB } from '../../db/schema.js'
import { londonDateOf } from '../../domain/calendar/calendarDate.js'
import { isUuid } from '../../domain/ids.js'
import { foldImprovement } from '../../domain/improvement/improvementAction.js'
import type { Period } from '../../domain/reports/boardPack.js'
import {
  type CommentInput,
  decideAnswer,
  decideComment,
  describeSubject,
  foldPanelComment,
  type PanelComment,
  withoutCaseLinks,
} from '../../domain/scrutiny/panelComment.js'
import { notFound, refused } from '../../errors.js'
import { changeHistory } from '../changeHistory.js'
import { mayDo, type Staff } from '../governanceRecords.js'
import type { ImprovementService } from '../improvement/improvementActions.js'
import type { themesService } from '../learning/themes.js'
import type { BoardPackService } from '../reports/boardPack.js'
import type { policyPageService } from '../residents/policyPage.js'
import type { SelfAssessmentService } from '../selfAssessment/selfAssessments.js'
import { panelCommentsOfYear } from './panelReview.js'

/** The most comments a list shows at once. */
const LIST_LIMIT = 200

/** A comment as lists show it: with the names of who made and who answered it. */
export type PanelCommentShown = PanelComment & { madeByName: string; answeredByName?: string }

/**
 * Code 9.3: the residents' complaints or scrutiny panel. The panel reads anonymised performance
 * (the board pack's figures with no way through to a complaint, the themes without any resident's
 * name or postcode, improvement actions by their title and what was published, the self-assessment
 * without its attached documents, the published policy) and comments on it or challenges it; the
 * complaints team answers each on the record.
 */
export function panelService(deps: {
  db: Kysely<DB>
  clock: Clock
  boardPack: BoardPackService
  themes: ReturnType<typeof themesService>
  improvement: ImprovementService
  selfAssessment: SelfAssessmentService
  policyPage: ReturnType<typeof policyPageService>
}) {
  const { db, clock } = deps
  const mayRead = (actor: Staff) => mayDo(actor, 'scrutinise', 'read the residents’ panel’s pages')
  const mayAnswer = (actor: Staff) => mayDo(actor, 'answerPanel', 'answer the residents’ panel')

  async function load(id: string): Promise<PanelComment> {
    if (!isUuid(id)) throw notFound('There is no such comment from the residents’ panel')
    const events = await panelCommentsRepository(db).events(id)
    if (!events.length) throw notFound('There is no such comment from the residents’ panel')
    return foldPanelComment(id, events)
  }

  async function named(comments: PanelComment[]): Promise<PanelCommentShown[]> {
    const ids = comments.flatMap((c) => [c.madeBy, c.answer?.by].filter((x): x is string => Boolean(x)))
    const names = await usersRepository(db).namesOf([...new Set(ids)])
    return comments.map((c) => ({
      ...c,
      madeByName: (c.madeBy && names.get(c.madeBy)) || 'The residents’ panel',
      ...(c.answer
        ? { answeredByName: (c.answer.by && names.get(c.answer.by)) || 'The complaints team' }
        : {}),
    }))
  }

  async function listed(f: { open?: boolean; year?: number }) {
    const rows = await panelCommentsRepository(db).list({ ...f, limit: LIST_LIMIT })
    return named(rows.map((r) => foldPanelComment(r.id, r.events)))
  }

  /** An improvement action's title, if it exists and is not cancelled: what the panel may comment on. */
  async function improvementTitle(key: string | undefined): Promise<Map<string, string>> {
    if (!key || !isUuid(key)) return new Map()
    const events = await improvementRepository(db).events(key)
    if (!events.length) return new Map()
    const a = foldImprovement(key, events)
    return a.status === 'cancelled' ? new Map() : new Map([[a.id, a.title]])
  }

  return {
    /** Code 9.3: a comment or challenge from the panel, naming what it is about. */
    async comment(input: CommentInput, actor: Staff): Promise<PanelComment> {
      try {
        mayDo(actor, 'scrutinise', 'comment as the residents’ panel')
        const now = clock.now()
        const data = decideComment(input, {
          today: londonDateOf(now),
          improvements: input.about === 'improvement' ? await improvementTitle(input.key) : new Map(),
        })
        const id = randomUUID()
        const c = foldPanelComment(id, [{ ...data, seq: 1, at: now, by: actor.id }])
        await db.transaction().execute(async (trx) => {
          const repo = panelCommentsRepository(trx)
          await repo.insert(c, now)
          await repo.appendEvents(id, 0, [{ data, at: now, by: actor.id }])
        })
        return c
      } catch (error) {
        refused(error, 'comment')
      }
    },

    /** Code 9.3: the complaints team's answer, and what changed because of it (`changeHistory`). */
    answer(
      id: string,
      input: { answer?: string; whatChanged?: string },
      actor: Staff,
      expectedVersion?: number,
    ): Promise<PanelComment> {
      const now = clock.now()
      return changeHistory(db, {
        record: 'comment',
        id,
        ...(expectedVersion === undefined ? {} : { expectedVersion }),
        load: async () => {
          mayAnswer(actor)
          return load(id)
        },
        decide: (c) => decideAnswer(c, input),
        write: async (trx, before, data) => {
          const after = foldPanelComment(id, [
            ...before.events,
            { ...data, seq: before.version + 1, at: now, by: actor.id },
          ])
          const repo = panelCommentsRepository(trx)
          await repo.appendEvents(id, before.version, [{ data, at: now, by: actor.id }])
          await repo.update(after, before.version, now)
          return after
        },
      })
    },

    /** What a comment about this would be about, in words; undefined when it names nothing the panel may comment on. */
    async subject(about: string, key: string, actor: Staff): Promise<string | undefined> {
      mayRead(actor)
      const d = describeSubject(
        { kind: about, key },
        {
          today: londonDateOf(clock.now()),
          improvements: about === 'improvement' ? await improvementTitle(key) : new Map(),
        },
      )
      return 'label' in d ? d.label : undefined
    },

    /** One comment with its answer, for the team to answer or the panel to read. */
    async view(id: string, actor: Staff): Promise<PanelCommentShown> {
      mayDo(actor, 'readPanelComments', 'read the residents’ panel’s comments')
      const [shown] = await named([await load(id)])
      return shown as PanelCommentShown
    },

    /** Those waiting for the team's answer, the longest waiting first. */
    awaitingAnswer: () => listed({ open: true }),
    /** The latest, newest first. */
    recent: () => listed({}),
    /** A reporting year's, newest first. */
    ofYear: (year: number) => listed({ year }),
    openCount: () => panelCommentsRepository(db).openCount(),
    /** For the documents that print the year's review. */
    commentsOfYear: (year: number) => panelCommentsOfYear(db, year),

    /** The board pack's figures for a period, with no way through to the complaints behind them. */
    async performance(period: Period, actor: Staff) {
      mayRead(actor)
      return withoutCaseLinks(await deps.boardPack.document(period))
    },

    /** The themes' charts over the last months: the counts, never the residents or postcodes behind them. */
    async themes(months: number, actor: Staff) {
      mayRead(actor)
      const t = await deps.themes.themes(months)
      return { period: t.period, computedAt: t.computedAt, charts: t.charts }
    },

    /** Improvement actions by title, source, dates and status, and what was published as "You said, we did". */
    async improvements(actor: Staff) {
      mayRead(actor)
      const [all, published] = await Promise.all([
        deps.improvement.list({ open: false }),
        deps.improvement.published(),
      ])
      const words = new Map(published.map((p) => [p.id, p]))
      return all
        .filter((a) => a.status !== 'cancelled')
        .map((a) => ({
          id: a.id,
          title: a.title,
          source: a.source,
          status: a.status,
          dueOn: a.dueOn,
          completedOn: a.completedOn,
          overdue: a.overdue,
          youSaid: words.get(a.id)?.youSaid ?? null,
          weDid: words.get(a.id)?.weDid ?? null,
        }))
    },

    /**
     * The year's annual self-assessment as answered so far: each provision's answer, its evidence
     * in words, the commentary and the year's figures; not the documents attached as evidence.
     */
    async selfAssessment(year: number, actor: Staff) {
      mayRead(actor)
      // The group's (one panel for the group), not one landlord's of it (issue 34).
      const row = (await deps.selfAssessment.list()).find(
        (r) => r.year === year && r.trigger === 'annual' && r.entityId === null,
      )
      if (!row) return { year, status: 'not_started', provisions: [] }
      const v = await deps.selfAssessment.view(row.id)
      return {
        year,
        status: v.status as string,
        provisions: v.sections.flatMap((s) =>
          s.provisions.map((p) => ({
            id: p.id,
            section: p.section,
            requirement: p.requirement,
            comply: p.answer?.comply ?? null,
            evidence: p.answer?.evidence ?? null,
            commentary: p.answer?.commentary ?? null,
            measures: p.measures.map((m) => ({ label: m.label, value: m.value })),
          })),
        ),
      }
    },

    /** The complaints policy as published. */
    async policy(actor: Staff) {
      mayRead(actor)
      return deps.policyPage.policy()
    },
  }
}

export type PanelService = ReturnType<typeof panelService>
