import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { Clock } from '../../clock.js'
import { dailyScheduler } from '../../db/jobs/daily.js'
import type { JobHandler, Scheduler } from '../../db/jobs/runner.js'
import { inboxRepository } from '../../db/repositories/inbox.js'
import {
  type RequestRetentionCandidate,
  requestRetentionRepository,
} from '../../db/repositories/requestRetention.js'
import { type RetentionCandidate, retentionRepository } from '../../db/repositories/retention.js'
import type { DB } from '../../db/schema.js'
import { londonDateOf } from '../../domain/calendar/calendarDate.js'
import {
  anonymisableFrom,
  anonymisedLetterText,
  type HoldKind,
  holdLabels,
  type RetentionPolicy,
  retentionCutoff,
} from '../../domain/dataProtection/retention.js'
import { isUuid } from '../../domain/ids.js'
import { conflict, notFound, ruleBroken } from '../../errors.js'
import { mayDo, type Staff } from '../governanceRecords.js'

export const RETENTION_JOB = 'retention'
/** How many complaints a dry run lists (the total is always counted). */
const LISTED = 200
const BATCH = 100

/** Why a complaint past retention is kept, in words (empty: it will be anonymised). */
export function holdsOn(c: RetentionCandidate): { kind: HoldKind; text: string }[] {
  const holds: { kind: HoldKind; text: string }[] = []
  if (c.legalHold) holds.push({ kind: 'legal_hold', text: `${holdLabels.legal_hold}: ${c.legalHold}` })
  if (c.ombudsmanOpen) holds.push({ kind: 'ombudsman', text: holdLabels.ombudsman })
  if (c.hazardOpen) holds.push({ kind: 'hazard', text: holdLabels.hazard })
  if (c.actionsOpen) holds.push({ kind: 'actions', text: holdLabels.actions })
  return holds
}

/**
 * UK GDPR storage limitation: closed complaints are anonymised once the policy's years have run
 * from their last activity, unless something holds them. Each complaint is anonymised in its own
 * transaction and recorded; the dry run shows exactly what the next run would do.
 */
export function retentionService(deps: {
  db: Kysely<DB>
  clock: Clock
  policy: RetentionPolicy
  logger?: Pick<Logger, 'info'>
}) {
  const repo = retentionRepository(deps.db)
  const requests = requestRetentionRepository(deps.db)
  const today = () => londonDateOf(deps.clock.now())

  /** Everything a repository lists as past retention today, a page at a time by reference. */
  async function* paged<T extends { reference: string }>(
    read: (cutoff: string, opts: { limit: number; afterReference?: string }) => Promise<{ rows: T[] }>,
  ) {
    const cutoff = retentionCutoff(today(), deps.policy)
    let after: string | undefined
    for (;;) {
      const { rows } = await read(cutoff, { limit: BATCH, ...(after ? { afterReference: after } : {}) })
      if (!rows.length) return
      yield* rows
      after = rows[rows.length - 1]?.reference
    }
  }
  /** Every complaint past retention today, held or not. */
  const pastRetention = () => paged(repo.pastRetention)
  /** Every closed service request past retention today, kept (for a complaint about it) or not. */
  const requestsPastRetention = () => paged(requests.pastRetention)

  return {
    policy: deps.policy,

    /** What the next run would anonymise, and what it would keep and why (nothing is changed). */
    async dryRun(actor: Staff | 'operator') {
      if (actor !== 'operator')
        mayDo(actor, 'manageDataProtection', 'see what the retention policy would anonymise')
      const cutoff = retentionCutoff(today(), deps.policy)
      const due: (RetentionCandidate & { anonymisableFrom: string })[] = []
      const held: (RetentionCandidate & { holds: string[] })[] = []
      let dueTotal = 0
      let heldTotal = 0
      for await (const c of pastRetention()) {
        const holds = holdsOn(c)
        if (holds.length) {
          heldTotal++
          if (held.length < LISTED) held.push({ ...c, holds: holds.map((h) => h.text) })
        } else {
          dueTotal++
          if (due.length < LISTED)
            due.push({ ...c, anonymisableFrom: anonymisableFrom(c.lastActivityOn, deps.policy) })
        }
      }
      // Service requests (Code 1.4–1.6) go the same way, once no complaint about them is kept.
      const requestsDue: (RequestRetentionCandidate & { anonymisableFrom: string })[] = []
      let requestsDueTotal = 0
      let requestsKeptTotal = 0
      for await (const r of requestsPastRetention()) {
        if (r.complaintsKept > 0) {
          requestsKeptTotal++
          continue
        }
        requestsDueTotal++
        if (requestsDue.length < LISTED)
          requestsDue.push({ ...r, anonymisableFrom: anonymisableFrom(r.lastActivityOn, deps.policy) })
      }
      return {
        today: today(),
        cutoff,
        policy: deps.policy,
        due,
        dueTotal,
        held,
        heldTotal,
        requests: { due: requestsDue, dueTotal: requestsDueTotal, keptTotal: requestsKeptTotal },
      }
    },

    /** Anonymises everything past retention and not held; each complaint in its own transaction. */
    async run(by: Staff | 'job') {
      if (by !== 'job') mayDo(by, 'manageDataProtection', 'run the retention policy')
      const at = deps.clock.now()
      const letterText = anonymisedLetterText(londonDateOf(at), deps.policy)
      let anonymised = 0
      let held = 0
      for await (const c of pastRetention()) {
        if (holdsOn(c).length) {
          held++
          continue
        }
        const removed = await deps.db.transaction().execute((tx) =>
          repo.anonymise(tx, c, {
            at,
            letterText,
            years: deps.policy.years,
            byUserId: by === 'job' ? null : by.id,
          }),
        )
        if (removed) anonymised++
      }
      // After the complaints, so that a request whose last complaint went just now goes too.
      let serviceRequests = 0
      for await (const r of requestsPastRetention()) {
        if (r.complaintsKept > 0) continue
        const events = await deps.db.transaction().execute((tx) =>
          requests.anonymise(tx, r, {
            at,
            years: deps.policy.years,
            byUserId: by === 'job' ? null : by.id,
          }),
        )
        if (events !== undefined) serviceRequests++
      }
      // Emails nobody decided on (not a complaint, not a request, not joined to a case) go once
      // past retention from their arrival: they are personal data kept for no purpose.
      const undecidedEmails = await inboxRepository(deps.db).deleteForRetention({
        undecidedOnOrBefore: retentionCutoff(today(), deps.policy),
      })
      deps.logger?.info(
        { anonymised, held, serviceRequests, undecidedEmails, years: deps.policy.years },
        'retention policy applied',
      )
      return { anonymised, held, serviceRequests, undecidedEmails }
    },

    /** When a complaint was anonymised, and under what policy; undefined if it has not been. */
    anonymisationOf: (complaintId: string) => repo.anonymisationOf(complaintId),

    async overview(actor: Staff) {
      mayDo(actor, 'manageDataProtection', 'see the retention policy')
      const [dryRun, holds, recent, recentRequests] = await Promise.all([
        this.dryRun(actor),
        repo.activeHolds(),
        repo.recentAnonymisations(50),
        requests.recentAnonymisations(50),
      ])
      return { ...dryRun, holds, recent, recentRequests }
    },

    /** A legal hold: the complaint is kept whatever its age until the hold is released. */
    async placeHold(actor: Staff, input: { reference?: string; reason?: string }) {
      mayDo(actor, 'manageDataProtection', 'place a legal hold')
      const reference = (input.reference ?? '').trim()
      const reason = (input.reason ?? '').trim()
      const problems = [
        ...(reference
          ? []
          : [{ field: 'reference', message: 'Enter the case reference, like CMP-2026-000123' }]),
        ...(reason.length >= 5 && reason.length <= 1000
          ? []
          : [{ field: 'reason', message: 'Say why the complaint must be kept (5 to 1,000 characters)' }]),
      ]
      if (problems.length) throw ruleBroken('The legal hold needs a case and a reason', problems)
      const c = await repo.complaintByReference(reference)
      if (!c)
        throw ruleBroken('There is no such case', [
          { field: 'reference', message: `No case has the reference ${reference.toUpperCase()}` },
        ])
      if (c.anonymisedAt)
        throw ruleBroken('That case is already anonymised', [
          {
            field: 'reference',
            message: `${c.reference} was anonymised already: there is nothing left to hold`,
          },
        ])
      try {
        await repo.placeHold({
          id: randomUUID(),
          complaintId: c.id,
          reason,
          at: deps.clock.now(),
          by: actor.id,
        })
      } catch (error) {
        if ((error as { code?: string }).code === '23505')
          throw ruleBroken('That case is already held', [
            { field: 'reference', message: `${c.reference} already has a legal hold` },
          ])
        throw error
      }
      return c.reference
    },

    async releaseHold(actor: Staff, id: string, reason?: string) {
      mayDo(actor, 'manageDataProtection', 'release a legal hold')
      const why = (reason ?? '').trim()
      if (why.length < 5 || why.length > 1000)
        throw ruleBroken('Say why the hold is released', [
          { field: `release-${id}`, message: 'Say why the hold is released (5 to 1,000 characters)' },
        ])
      if (!isUuid(id)) throw notFound('There is no such legal hold')
      if (!(await repo.releaseHold({ id, reason: why, at: deps.clock.now(), by: actor.id })))
        throw conflict('That legal hold has been released already, or does not exist')
    },
  }
}
export type RetentionService = ReturnType<typeof retentionService>

/** Once a day at the housekeeping time, for the whole cluster. */
export const retentionScheduler = (deps: {
  db: Kysely<DB>
  time: { hour: number; minute: number }
}): Scheduler => dailyScheduler({ ...deps, kind: RETENTION_JOB })

export const retentionJob =
  (service: Pick<RetentionService, 'run'>): JobHandler =>
  async () => {
    await service.run('job')
  }
