import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { usersRepository } from '../../db/repositories/users.js'
import type { DB } from '../../db/schema.js'
import { londonDateOf } from '../../domain/calendar/calendarDate.js'
import { type Complaint, currentStageRecord } from '../../domain/complaints/complaint.js'
import { decideEscalation, decideWithdraw } from '../../domain/complaints/decisions/outcomes.js'
import { decideAddInformation, decideAttachDocument } from '../../domain/complaints/decisions/record.js'
import { checkDocument } from '../../domain/complaints/documents.js'
import type { ComplaintEventData } from '../../domain/complaints/events.js'
import { paragraphsHtml } from '../../domain/letters/layout.js'
import { rule } from '../../domain/rules.js'
import { queueMail } from '../mail/letterDelivery.js'
import type { CaseworkEngine, ComplaintsDeps, ResidentActor } from './casework.js'

const resident: ResidentActor = { id: null, role: 'resident' }

/**
 * What residents (or their representatives) do to their own complaint online, recorded as
 * theirs and dated when they did it. The transition table says which actions are theirs.
 */
export function residentActions(deps: ComplaintsDeps, engine: CaseworkEngine) {
  const { act } = engine

  /** The handler hears at once when the resident adds something, not at the next look at the case. */
  async function tellTheHandler(trx: Kysely<DB>, c: Complaint, now: Date, text?: string, filename?: string) {
    const handlerId = currentStageRecord(c).handlerId
    const handler = handlerId ? await usersRepository(trx).findById(handlerId) : undefined
    if (!handler || handler.disabledAt) return
    const lines = [
      `${c.resident.name} added information to complaint ${c.reference} online.`,
      ...(text ? [`They wrote: ${text}`] : []),
      ...(filename ? [`They sent a file: ${filename}`] : []),
      'It is on the case’s timeline.',
    ]
    await queueMail(trx, deps.mail, {
      kind: 'resident_information',
      complaintId: c.id,
      toUserId: handler.id,
      toAddress: handler.email,
      subject: `New information from the resident: ${c.reference}`,
      textBody: lines.join('\n\n'),
      htmlBody: paragraphsHtml(lines),
      at: now,
    })
  }

  return {
    /** Code 6.10, 6.12: stage 2, asked for online, with no reason needed. */
    residentRequestsEscalation(id: string, input: { residentReason?: string }) {
      return act(id, resident, undefined, async (c, ctx) => {
        const policyVersion = (await deps.policy.inForceOn(londonDateOf(ctx.now))).version
        return {
          events: [
            decideEscalation(c, { how: 'online', residentReason: input.residentReason }, policyVersion, ctx),
          ],
          at: ctx.now,
        }
      })
    },

    residentWithdraws(id: string, input: { note?: string }) {
      return act(id, resident, undefined, (c, ctx) => ({
        events: [decideWithdraw(c, { how: 'online', note: input.note }, ctx)],
        at: ctx.now,
      }))
    },

    /** Information and a file added together, or either alone; nothing is written if either is refused. */
    residentAddsInformation(
      id: string,
      input: { text?: string; file?: { filename: string; bytes: Uint8Array } },
    ) {
      return act(id, resident, undefined, (c, ctx) => {
        const text = input.text?.trim()
        if (!text && !input.file)
          throw rule('Write the information you want to add, or choose a file to send', 'text')
        const events: ComplaintEventData[] = text ? [decideAddInformation(c, text, ctx)] : []
        const alsoInTransaction = (trx: Kysely<DB>, after: Complaint, now: Date) =>
          tellTheHandler(trx, after, now, text, input.file?.filename)
        if (!input.file) return { events, at: ctx.now, alsoInTransaction }
        const check = checkDocument(input.file.filename, input.file.bytes)
        if (!check.ok) throw rule(check.problem, 'file')
        const documentId = randomUUID()
        const description = 'Sent online by the resident'
        events.push(
          decideAttachDocument(
            c,
            {
              documentId,
              filename: check.filename,
              contentType: check.contentType,
              size: input.file.bytes.length,
              description,
            },
            ctx,
          ),
        )
        return {
          events,
          at: ctx.now,
          alsoInTransaction,
          document: {
            id: documentId,
            filename: check.filename,
            contentType: check.contentType,
            bytes: input.file.bytes,
            description,
          },
        }
      })
    },
  }
}
