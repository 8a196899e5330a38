import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { complaintsRepository } from '../../db/repositories/complaints.js'
import { residentPortalRepository, type Viewer } from '../../db/repositories/residentPortal.js'
import type { DB } from '../../db/schema.js'
import { formatLondonTime, londonDateOf } from '../../domain/calendar/calendarDate.js'
import { consentNeeded } from '../../domain/complaints/complaint.js'
import { letterTitle } from '../../domain/complaints/letters.js'
import { HOUSING_OMBUDSMAN } from '../../domain/complaints/vocabulary.js'
import { letterBlocks, paragraphsHtml } from '../../domain/letters/layout.js'
import { nextContact, promisedActions, residentStateWords } from '../../domain/residents/progress.js'
import { checkSurveyAnswer, surveyStage } from '../../domain/residents/survey.js'
import { normaliseEmail } from '../../domain/text/emailAddress.js'
import { AppError, notFound, ruleBroken } from '../../errors.js'
import type { ComplaintsService } from '../complaints.js'
import { letterPdf } from '../letters/letterPdf.js'
import { houseLogo } from '../letters/wording.js'
import { type MailMode, queueMail } from '../mail/letterDelivery.js'
import { hashToken, newToken } from '../tokens.js'
import type { RateLimiter } from './rateLimits.js'

/** A one-time code lasts 15 minutes and allows 5 tries; a signed-in resident stays so for 2 hours. */
export const CODE_MINUTES = 15
export const CODE_TRIES = 5
export const RESIDENT_SESSION_HOURS = 2

export type ResidentSession = { complaintId: string; viewer: Viewer }

const codeHash = (challengeId: string, code: string) =>
  createHash('sha256').update(`${challengeId}:${code}`).digest('hex')

const wrongCode = (triesLeft: number) =>
  ruleBroken(
    triesLeft > 0
      ? `The code is not right, or the reference and email address do not match. You have ${triesLeft} ${triesLeft === 1 ? 'try' : 'tries'} left`
      : 'The code is not right and there are no tries left. Ask for a new code',
    [{ field: 'code', message: 'wrong code' }],
  )

/**
 * Following a complaint (Code 3.1, 5.9): the resident proves the email address on the complaint
 * with a one-time code, then sees that complaint and no other. Nothing on these pages says
 * whether a reference exists.
 */
export function trackingService(deps: {
  db: Kysely<DB>
  clock: Clock
  complaints: ComplaintsService
  limits: RateLimiter
  mail: MailMode
  landlordName: string
}) {
  const { db, clock } = deps
  const repo = residentPortalRepository(db)

  /** The complaint the session is for, or 404 for any other: a resident sees only their own. */
  async function own(session: ResidentSession, complaintId: string) {
    if (session.complaintId !== complaintId) throw notFound('There is no such complaint')
    const view = await deps.complaints.view(complaintId, 'resident')
    // Code 1.3: a representative sees the complaint's details only once the resident has agreed.
    const limited = session.viewer === 'representative' && consentNeeded(view.complaint)
    return { view, limited }
  }

  /**
   * The complaint, for doing something to it (asking for stage 2, withdrawing, adding
   * information): a representative without the resident's recorded consent gets 404, as for
   * the complaint's letters (Code 1.3), and nothing is written.
   */
  async function ownToActOn(session: ResidentSession, complaintId: string) {
    const { view, limited } = await own(session, complaintId)
    if (limited) throw notFound('There is no such complaint')
    return view
  }

  /** Documents the resident sent us (the only ones shown back to them). */
  const theirDocuments = (events: { type: string; byResident?: true; documentId?: string }[]) =>
    new Set(
      events.filter((e) => e.type === 'complaint.document_attached' && e.byResident).map((e) => e.documentId),
    )

  return {
    /**
     * Sends a code when the reference and email match a complaint; otherwise does the same
     * work without sending, so the answer never says whether a reference exists.
     */
    async requestCode(input: {
      reference: string
      email: string
      address: string
    }): Promise<{ token: string }> {
      const reference = input.reference.trim().toUpperCase()
      const email = normaliseEmail(input.email)
      const problems = [
        ...(reference
          ? []
          : [{ field: 'reference', message: 'Enter your complaint reference, like CMP-2026-000123' }]),
        ...(email
          ? []
          : [{ field: 'email', message: 'Enter the email address you gave us with your complaint' }]),
      ]
      if (problems.length) throw ruleBroken(problems.map((p) => p.message).join('; '), problems)
      await deps.limits.take(
        'codesPerAddress',
        input.address,
        'Too many codes have been asked for from here.',
      )
      await deps.limits.take('codesPerEmail', email, 'Too many codes have been asked for this email address.')

      const now = clock.now()
      const id = randomUUID()
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0')
      const complaintId = /^CMP-\d{4}-\d{6}$/.test(reference)
        ? await complaintsRepository(db).findIdByReference(reference)
        : undefined
      let viewer: Viewer | undefined
      let complaint: Awaited<ReturnType<ComplaintsService['view']>>['complaint'] | undefined
      if (complaintId) {
        complaint = (await deps.complaints.view(complaintId, 'resident')).complaint
        if (normaliseEmail(complaint.resident.email ?? '') === email) viewer = 'resident'
        else if (normaliseEmail(complaint.representative?.email ?? '') === email) viewer = 'representative'
      }
      const token = newToken('trk')
      const expiresAt = new Date(now.getTime() + CODE_MINUTES * 60_000)
      await db.transaction().execute(async (trx) => {
        await residentPortalRepository(trx).insertChallenge({
          id,
          tokenHash: hashToken(token),
          complaintId: viewer ? (complaintId ?? null) : null,
          viewer: viewer ?? null,
          codeHash: codeHash(id, code),
          at: now,
          expiresAt,
        })
        if (!viewer || !complaint) return
        const lines = [
          `Your code to follow complaint ${complaint.reference} is ${code}`,
          `It can be used once, until ${formatLondonTime(expiresAt)} today (${CODE_MINUTES} minutes).`,
          'If you did not ask for a code, you can ignore this email: nobody can see your complaint without it.',
          deps.landlordName,
        ]
        await queueMail(trx, deps.mail, {
          kind: 'track_code',
          complaintId: complaint.id,
          toAddress: input.email.trim(),
          subject: `Your code to follow complaint ${complaint.reference}`,
          textBody: lines.join('\n\n'),
          htmlBody: paragraphsHtml(lines),
          at: now,
        })
      })
      return { token }
    },

    /** Whether a code request is still waiting for its code (to show the code page or start again). */
    async challengeOpen(token: string | undefined): Promise<boolean> {
      if (!token) return false
      const c = await repo.challengeByToken(hashToken(token))
      return Boolean(c && !c.usedAt && c.expiresAt > clock.now() && c.attempts < CODE_TRIES)
    },

    /** Checks the code (5 tries, 15 minutes, once); a right code starts a session for that complaint. */
    async verifyCode(
      token: string | undefined,
      given: string,
    ): Promise<{ session: string; complaintId: string }> {
      const challenge = token ? await repo.challengeByToken(hashToken(token)) : undefined
      const expired = new AppError(
        410,
        'code_expired',
        'The code has expired or was already used. Ask for a new code',
        [{ field: 'code', message: 'expired' }],
      )
      if (!challenge || challenge.usedAt || challenge.expiresAt <= clock.now()) throw expired
      const code = given.replace(/\s/g, '')
      if (!/^\d{6}$/.test(code))
        throw ruleBroken('Enter the 6-digit code from the email, like 123456', [
          { field: 'code', message: 'Enter the 6-digit code' },
        ])
      const tries = await repo.countAttempt(challenge.id, CODE_TRIES)
      if (tries === undefined) throw wrongCode(0)
      const right = timingSafeEqual(
        Buffer.from(codeHash(challenge.id, code)),
        Buffer.from(challenge.codeHash),
      )
      if (!right || !challenge.complaintId || !challenge.viewer) throw wrongCode(CODE_TRIES - tries)
      if (!(await repo.useChallenge(challenge.id, clock.now()))) throw expired
      const session = newToken('res')
      const now = clock.now()
      await repo.insertSession({
        tokenHash: hashToken(session),
        complaintId: challenge.complaintId,
        viewer: challenge.viewer as Viewer,
        at: now,
        expiresAt: new Date(now.getTime() + RESIDENT_SESSION_HOURS * 3_600_000),
      })
      return { session, complaintId: challenge.complaintId }
    },

    async session(token: string | undefined): Promise<ResidentSession | undefined> {
      return token ? repo.session(hashToken(token), clock.now()) : undefined
    },

    async signOut(token: string | undefined) {
      if (token) await repo.deleteSession(hashToken(token))
    },

    /** Everything the resident sees of their complaint, in plain words. */
    async overview(session: ResidentSession, complaintId: string) {
      const { view, limited } = await own(session, complaintId)
      const c = view.complaint
      const today = londonDateOf(clock.now())
      const letters = limited ? [] : await deps.complaints.letters(complaintId)
      const mine = theirDocuments(c.events)
      const documents = (await complaintsRepository(db).documents(complaintId)).filter((d) => mine.has(d.id))
      const stage = surveyStage(c)
      const surveys = await repo.surveys(complaintId)
      const actions = limited ? [] : view.allowedActions
      return {
        complaint: c,
        viewer: session.viewer,
        limited,
        state: residentStateWords[c.state],
        next: nextContact(view.deadlines, view.residentUpdate),
        letters: letters
          .filter((l) => !letters.some((other) => other.reissueOf === l.id))
          .map((l) => ({ id: l.id, title: letterTitle(l.kind), issuedAt: l.issuedAt })),
        promised: limited ? [] : promisedActions(c, today),
        documents,
        canEscalate: actions.includes('requestEscalation'),
        canWithdraw: actions.includes('withdraw'),
        canAddInformation: actions.includes('addInformation'),
        survey: stage ? { stage, answered: surveys.some((s) => s.stage === stage) } : undefined,
        ombudsman: HOUSING_OMBUDSMAN,
      }
    },

    async letter(session: ResidentSession, complaintId: string, letterId: string) {
      const { view, limited } = await own(session, complaintId)
      const letter = limited
        ? undefined
        : (await deps.complaints.letters(complaintId)).find((l) => l.id === letterId)
      if (!letter) throw notFound('There is no such letter')
      const largePrint = Boolean(view.complaint.resident.largePrint)
      const title = `${letterTitle(letter.kind)}, ${view.complaint.reference}`
      return {
        title,
        blocks: letterBlocks(letter.text),
        largePrint,
        issuedAt: letter.issuedAt,
        filename: `${view.complaint.reference}-${letter.kind}.pdf`,
        pdf: () =>
          houseLogo(db).then((logo) =>
            letterPdf(letter.text, { title, landlordName: deps.landlordName, largePrint, logo }),
          ),
      }
    },

    async document(session: ResidentSession, complaintId: string, documentId: string) {
      const { view } = await own(session, complaintId)
      if (!theirDocuments(view.complaint.events).has(documentId)) throw notFound('There is no such document')
      const doc = await complaintsRepository(db).documentContent(complaintId, documentId)
      if (!doc) throw notFound('There is no such document')
      return doc
    },

    async escalate(session: ResidentSession, complaintId: string, input: { residentReason?: string }) {
      await ownToActOn(session, complaintId)
      return deps.complaints.residentRequestsEscalation(complaintId, input)
    },

    async withdraw(session: ResidentSession, complaintId: string, input: { note?: string }) {
      await ownToActOn(session, complaintId)
      return deps.complaints.residentWithdraws(complaintId, input)
    },

    async addInformation(
      session: ResidentSession,
      complaintId: string,
      input: { text?: string; file?: { filename: string; bytes: Uint8Array } },
    ) {
      await ownToActOn(session, complaintId)
      return deps.complaints.residentAddsInformation(complaintId, input)
    },

    /** The post-complaint survey: the resident's satisfaction with how the complaint was handled, once per final response. */
    async answerSurvey(
      session: ResidentSession,
      complaintId: string,
      input: { satisfaction?: string; comment?: string },
    ) {
      const { view, limited } = await own(session, complaintId)
      const stage = surveyStage(view.complaint)
      if (!stage || limited)
        throw new AppError(409, 'not_allowed_now', 'The survey opens once we have given our final response')
      const checked = checkSurveyAnswer(input)
      if ('problem' in checked) throw ruleBroken(checked.problem.message, [checked.problem])
      const saved = await repo.insertSurvey({
        complaintId,
        stage,
        satisfaction: checked.answer.satisfaction,
        comment: checked.answer.comment,
        at: clock.now(),
      })
      if (!saved)
        throw new AppError(409, 'already_answered', 'You have already answered the survey. Thank you')
    },
  }
}

export type TrackingService = ReturnType<typeof trackingService>
