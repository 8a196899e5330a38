import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { complaintsRepository } from '../../db/repositories/complaints.js'
import { entitiesRepository } from '../../db/repositories/entities.js'
import type { DB } from '../../db/schema.js'
import { type CalendarDate, formatDay, formatLondonDayAndTime } from '../../domain/calendar/calendarDate.js'
import { describeEvent } from '../../domain/complaints/chronology.js'
import type { Complaint } from '../../domain/complaints/complaint.js'
import { letterTitle } from '../../domain/complaints/letters.js'
import { channelLabels, decisionLabels, stateLabels } from '../../domain/complaints/vocabulary.js'
import { entityName } from '../../domain/entities/entity.js'
import { letterBlocks } from '../../domain/letters/layout.js'
import { pounds, type ReportBlock, type ReportDocument } from '../../domain/reports/reportDocument.js'
import type { StaffRole } from '../../domain/staff/roles.js'
import type { ComplaintView } from '../complaints/casework.js'
import type { ComplaintsService } from '../complaints.js'
import { reportPdfStream } from '../documents/reportPdf.js'

type Letter = {
  id: string
  kind: string
  stage: number
  issuedAt: Date
  text: string
  reissueOf: string | null
}
type Document = {
  filename: string
  description: string | null
  size: number
  uploadedAt: Date
  uploadedBy: string | null
}

const day = (d: CalendarDate | undefined) => (d ? formatDay(d) : 'not yet')
/** Sentences joined into one cell, each ending with its own full stop. */
const sentences = (parts: readonly string[]) =>
  parts
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => (/[.!?:]$/.test(p) ? p : `${p}.`))
    .join(' ')
/** "… skipping Sat 7–Sun 8 → Mon 9 Mar": the arrow in words (the PDF's standard font has no arrow). */
const inWords = (explanation: string) => explanation.replace(/\s*→\s*/g, ', so due ')
const remedyStatusWords: Record<string, string> = {
  offered: 'Offered',
  accepted: 'Accepted',
  declined: 'Declined',
  done: 'Done',
  superseded: 'Replaced at stage 2',
}
const deadlineStatusWords: Record<string, string> = {
  due: 'Due',
  met: 'Met',
  met_late: 'Met late',
  overdue: 'Overdue',
  stopped: 'Stopped',
}

/**
 * A complete case as one document, for a file note or a resident's request: the case record
 * (resident, dates, stage, the Code's deadlines and why each falls when it does, outcomes and
 * remedies), every letter issued in its own words, every document listed, and the whole history
 * in order. Rendered as a tagged PDF by the report renderer, so it reads with a screen reader.
 */
export function caseFileDocument(input: {
  view: ComplaintView
  letters: readonly Letter[]
  documents: readonly Document[]
  categoryLabels: Map<string, string>
  landlordName: string
  madeAt: Date
}): ReportDocument {
  const { view: v, letters, documents } = input
  const c: Complaint = v.complaint
  const who = (id: string | null | undefined) =>
    id ? (v.staffNames.get(id) ?? 'a former member of staff') : 'Not assigned'
  const blocks: ReportBlock[] = []
  const table = (caption: string, head: string[], rows: (string | number | null)[][], widths?: number[]) =>
    blocks.push({
      kind: 'table',
      table: {
        caption,
        sheet: caption.slice(0, 31),
        head,
        rows,
        layout: 'text',
        ...(widths ? { widths } : {}),
      },
    })

  blocks.push({ kind: 'heading', level: 2, text: 'The case' })
  const resident = c.resident
  table(
    'The case record',
    ['Item', 'Record'],
    [
      ['Reference', c.reference],
      ...(c.legacyReference
        ? [['Reference in the earlier system', c.legacyReference] as [string, string]]
        : []),
      ['Resident', resident.name],
      ['Contact', [resident.email, resident.phone].filter(Boolean).join(', ') || 'None given'],
      ['Address', [resident.address, resident.postcode].filter(Boolean).join(', ') || 'None given'],
      ...(c.representative
        ? [
            ['Representative', `${c.representative.name} (${c.representative.relationship})`] as [
              string,
              string,
            ],
          ]
        : []),
      ['Received', `${formatLondonDayAndTime(c.receivedAt)} by ${channelLabels[c.channel] ?? c.channel}`],
      ['Stage', `Stage ${c.stage}`],
      ['Status', stateLabels[c.state] ?? c.state],
      ['Categories', c.categories.map((k) => input.categoryLabels.get(k) ?? k).join(', ') || 'None'],
      ['Handler, stage 1', who(c.stages[1].handlerId)],
      ...(c.stages[2] ? [['Handler, stage 2', who(c.stages[2].handlerId)] as [string, string]] : []),
      ...(c.escalation ? [['Escalated', formatLondonDayAndTime(c.escalation.at)] as [string, string]] : []),
      ...(c.closedAt ? [['Closed', formatLondonDayAndTime(c.closedAt)] as [string, string]] : []),
    ],
    [0.3, 0.7],
  )
  blocks.push({ kind: 'paragraph', text: `What the resident said: ${c.description}` })
  if (c.outcomeSought) blocks.push({ kind: 'paragraph', text: `The outcome they sought: ${c.outcomeSought}` })

  blocks.push({ kind: 'heading', level: 3, text: 'Deadlines under the Code' })
  if (v.deadlines.length)
    table(
      'Each deadline, and why it falls on its day',
      ['Step', 'Due', 'Status', 'Why this date'],
      v.deadlines.map((d) => [
        `${d.label} (Code ${d.provision})`,
        formatDay(d.due),
        `${deadlineStatusWords[d.status] ?? d.status}${d.metOn ? ` on ${formatDay(d.metOn)}` : ''}`,
        inWords(d.explanation),
      ]),
      [0.25, 0.17, 0.15, 0.43],
    )
  else blocks.push({ kind: 'paragraph', text: 'No deadline of the Code applies.' })

  blocks.push({ kind: 'heading', level: 3, text: 'Outcome' })
  const responses = ([1, 2] as const).flatMap((s) => {
    const r = c.stages[s]?.response
    return r ? [{ stage: s, r }] : []
  })
  if (responses.length)
    for (const { stage, r } of responses)
      blocks.push({
        kind: 'paragraph',
        text: `Stage ${stage} response, ${formatDay(r.on)}: ${decisionLabels[r.decision] ?? r.decision}. ${r.reasons}`,
      })
  else blocks.push({ kind: 'paragraph', text: 'No response has been sent yet.' })
  if (c.refusal) blocks.push({ kind: 'paragraph', text: `Refused: ${c.refusal.reason}.` })
  if (c.withdrawal)
    blocks.push({
      kind: 'paragraph',
      text: `Withdrawn ${formatLondonDayAndTime(c.withdrawal.at)} (${c.withdrawal.how}).`,
    })

  blocks.push({ kind: 'heading', level: 3, text: 'Remedies' })
  if (v.remedies.length)
    table(
      'Each remedy offered, and where it has got to',
      ['Remedy', 'Offered', 'Due', 'Where it is'],
      v.remedies.map((r) => [
        `${r.label}${r.amount !== undefined ? ` of ${pounds(r.amount)}` : ''}${r.description ? `: ${r.description}` : ''}`,
        `Stage ${r.stage}, ${formatDay(r.offeredOn)}`,
        r.done?.withTheResponse
          ? 'In the response letter'
          : `${formatDay(r.dueOn)} (${inWords(r.dueExplanation)})`,
        r.done
          ? `Done ${day(r.done.on)}`
          : `${remedyStatusWords[r.status] ?? r.status}${r.answer ? ` ${day(r.answer.on)}` : ''}${r.overdue ? ', overdue' : ''}`,
      ]),
      [0.35, 0.2, 0.3, 0.15],
    )
  else blocks.push({ kind: 'paragraph', text: 'No remedy was offered.' })

  blocks.push({ kind: 'heading', level: 2, text: 'Letters' })
  if (!letters.length) blocks.push({ kind: 'paragraph', text: 'No letter has been issued.' })
  for (const l of letters) {
    blocks.push({
      kind: 'heading',
      level: 3,
      text: `${letterTitle(l.kind)}, issued ${formatLondonDayAndTime(l.issuedAt)}${l.reissueOf ? ' (issued again)' : ''}`,
    })
    // The letter's own text, read as its PDF reads it: paragraphs, headings and lists.
    for (const b of letterBlocks(l.text)) {
      if (b.kind === 'list') blocks.push({ kind: 'list', items: b.items })
      else if (b.kind === 'letterhead' || b.kind === 'recipient')
        blocks.push({ kind: 'paragraph', text: b.lines.join(', ') })
      else blocks.push({ kind: 'paragraph', text: b.text })
    }
  }

  blocks.push({ kind: 'heading', level: 2, text: 'Documents' })
  if (documents.length)
    table(
      'Every document on the case',
      ['Document', 'Added', 'By', 'Size'],
      documents.map((d) => [
        `${d.filename}${d.description ? `: ${d.description}` : ''}`,
        formatLondonDayAndTime(d.uploadedAt),
        d.uploadedBy ? who(d.uploadedBy) : 'The resident',
        `${Math.max(1, Math.round(d.size / 1024))} KB`,
      ]),
      [0.45, 0.25, 0.18, 0.12],
    )
  else blocks.push({ kind: 'paragraph', text: 'No document is on the case.' })

  blocks.push({ kind: 'heading', level: 2, text: 'History' })
  table(
    'Everything that happened, in order',
    ['When', 'What', 'By'],
    c.events.map((e) => {
      const d = describeEvent(e, c, v.staffNames)
      return [
        formatLondonDayAndTime(e.at),
        sentences([d.label, ...d.detail]),
        e.by ? who(e.by) : e.byResident ? 'The resident, online' : 'System',
      ]
    }),
    [0.22, 0.58, 0.2],
  )

  return {
    title: `Case file: ${c.reference}`,
    subtitle: `${resident.name}. Made ${formatLondonDayAndTime(input.madeAt)} by ${input.landlordName}.`,
    author: input.landlordName,
    blocks,
  }
}

/** The case file of one complaint as a tagged PDF, streamed, with what the access log names. */
export function caseFileService(deps: {
  db: Kysely<DB>
  complaints: ComplaintsService
  clock: Clock
  landlordName: string
}) {
  const { complaints } = deps
  return {
    async pdf(id: string, role: StaffRole) {
      const view = await complaints.view(id, role)
      const c = view.complaint
      const [letters, documents, categories, entity] = await Promise.all([
        complaints.letters(id),
        complaints.documents(id),
        complaints.categories(),
        // Issue 34: the case file is made by the complaint's landlord entity (the database's record of it).
        complaintsRepository(deps.db)
          .entityOf(id)
          .then((e) => (e ? entitiesRepository(deps.db).find(e) : undefined)),
      ])
      const doc = caseFileDocument({
        view,
        letters,
        documents,
        categoryLabels: new Map(categories.map((x) => [x.code, x.label])),
        landlordName: entity ? entityName(entity, deps.landlordName) : deps.landlordName,
        madeAt: deps.clock.now(),
      })
      return {
        complaint: { id: c.id, reference: c.reference, personId: c.personId },
        filename: `${c.reference}-case-file.pdf`,
        content: reportPdfStream(doc),
      }
    },
  }
}

export type CaseFileService = ReturnType<typeof caseFileService>
