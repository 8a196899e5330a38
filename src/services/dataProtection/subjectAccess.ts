import { strToU8, zipSync } from 'fflate'
import type { Kysely } from 'kysely'
import type { Clock } from '../../clock.js'
import { accessLogRepository } from '../../db/repositories/accessLog.js'
import { inboxRepository } from '../../db/repositories/inbox.js'
import { mailRepository } from '../../db/repositories/mail.js'
import { serviceRequestsRepository } from '../../db/repositories/serviceRequests.js'
import { usersRepository } from '../../db/repositories/users.js'
import type { DB } from '../../db/schema.js'
import { londonDateOf } from '../../domain/calendar/calendarDate.js'
import { describeEvent } from '../../domain/complaints/chronology.js'
import { type ThirdParty, thirdPartyIndex } from '../../domain/dataProtection/thirdParties.js'
import { describePersonEvent } from '../../domain/people/history.js'
import type { ReportDocument } from '../../domain/reports/reportDocument.js'
import { foldServiceRequest } from '../../domain/serviceRequests/serviceRequest.js'
import { csvText } from '../../domain/text/csv.js'
import { packName } from '../../domain/text/packName.js'
import type { ComplaintsService } from '../complaints.js'
import { reportPdf } from '../documents/reportPdf.js'
import { mayDo, type Staff } from '../governanceRecords.js'
import type { MailService } from '../mail/index.js'
import type { PeopleService } from '../people/people.js'
import type { surveysService } from '../residents/surveys.js'

type Parts = {
  complaints: ComplaintsService
  mail: MailService
  surveys: ReturnType<typeof surveysService>
  people: PeopleService
}

const dateTime = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16)
/** A CSV file: a header row, then rows; dates as ISO instants. */
const csv = (head: string[], rows: (string | number | Date | null | undefined)[][]) =>
  csvText([head, ...rows.map((r) => r.map((v) => (v instanceof Date ? v.toISOString() : (v ?? null))))])

/**
 * Who may produce a subject access request: the data protection roles, and of them only those
 * who may see residents' disclosed vulnerabilities, since the request holds everything about the
 * resident, vulnerabilities included. Refuses anyone else, saying why.
 */
export function mayProduceSubjectAccess(actor: Staff) {
  mayDo(actor, 'manageDataProtection', 'answer subject access requests')
  mayDo(
    actor,
    'viewVulnerabilities',
    'produce a subject access request: it holds everything about the resident, including disclosed vulnerabilities, which your role may not see',
  )
}

/**
 * UK GDPR Article 15: everything the service holds about a resident, in one ZIP: their record
 * and its history, each complaint's history and events, letters (as sent, in PDF), documents,
 * emails, survey answers, and the access log of who looked at them; with a readable PDF index
 * and the third parties named in it listed for review before anything is released.
 */
export function subjectAccessService(deps: { db: Kysely<DB>; clock: Clock; landlordName: string } & Parts) {
  const { db } = deps
  return {
    async export(personId: string, actor: Staff & { name?: string }) {
      mayProduceSubjectAccess(actor)
      const person = await deps.people.view(personId)
      const p = person.person
      const residentName = p.details.name
      const files: Record<string, Uint8Array> = {}
      const review: { file: string; known: ThirdParty[]; text: string }[] = []
      const contents: string[][] = []
      const add = (
        path: string,
        data: Uint8Array | string,
        what: string,
        text = '',
        known: ThirdParty[] = [],
      ) => {
        files[path] = typeof data === 'string' ? strToU8(data) : data
        contents.push([path, what])
        if (text || known.length) review.push({ file: path, known, text })
      }
      const staffNames = new Map((await usersRepository(db).list()).map((u) => [u.id, u.name]))

      // The resident's record, and its history in words.
      const recordHistory = p.events
        .map((e) => `${dateTime(e.at)}  ${describePersonEvent(e, true)}`)
        .join('\n')
      add('resident-record.json', JSON.stringify(p, null, 2), 'The resident record, as held', '', [
        ...p.representatives.map((r) => ({ name: r.name, why: 'representative' as const })),
      ])
      add(
        'resident-record-history.txt',
        `${p.reference}: ${residentName}\n\n${recordHistory}\n`,
        'The resident record’s history, in words',
        recordHistory,
        p.events.flatMap((e) =>
          e.by ? [{ name: staffNames.get(e.by) ?? '', why: 'member of staff' as const }] : [],
        ),
      )

      const mail = mailRepository(db)
      for (const row of person.complaints) {
        const v = await deps.complaints.view(row.id, 'admin')
        const c = v.complaint
        const dir = `complaints/${c.reference}`
        const actors: ThirdParty[] = [...v.staffNames.values()].map((name) => ({
          name,
          why: 'member of staff',
        }))
        if (c.representative) actors.push({ name: c.representative.name, why: 'representative' })
        const chronology = c.events
          .map((e) => {
            const d = describeEvent(e, c, v.staffNames)
            return [`${dateTime(e.at)}  ${d.label}`, ...d.detail.map((x) => `    ${x}`)].join('\n')
          })
          .join('\n')
        add(
          `${dir}/history.txt`,
          `${c.reference}\n\n${chronology}\n`,
          `${c.reference}: its history, in words`,
          chronology,
          actors,
        )
        add(
          `${dir}/events.json`,
          JSON.stringify(c.events, null, 2),
          `${c.reference}: every event, as recorded`,
        )

        for (const [i, l] of (await deps.complaints.letters(c.id)).entries()) {
          const { pdf } = await deps.mail.letterPdf(c.id, l.id)
          add(
            `${dir}/letters/${packName(i + 1, `${l.kind}.pdf`)}`,
            pdf,
            `${c.reference}: letter, ${l.kind.replace(/_/g, ' ')}, ${dateTime(l.issuedAt)}`,
            l.text,
          )
        }
        for (const [i, d] of (await deps.complaints.documents(c.id)).entries()) {
          const doc = await deps.complaints.documentContent(c.id, d.id)
          add(
            `${dir}/documents/${packName(i + 1, d.filename)}`,
            doc.content,
            `${c.reference}: document “${d.filename}”${d.description ? `, ${d.description}` : ''}`,
            d.description ?? '',
          )
        }
        for (const [i, m] of (await mail.forComplaint(c.id)).entries()) {
          const full = await deps.mail.message(m.id)
          const text = `To: ${full.toAddress}\nSubject: ${full.subject}\nStatus: ${full.status}\nCreated: ${dateTime(full.createdAt)}\n\n${full.textBody}\n`
          add(
            `${dir}/emails/${packName(i + 1, `${m.kind}.txt`)}`,
            text,
            `${c.reference}: email “${full.subject}”`,
            full.textBody,
          )
        }
        const surveys = await deps.surveys.forComplaint(c.id)
        if (surveys.length) {
          add(
            `${dir}/survey-answers.json`,
            JSON.stringify(surveys, null, 2),
            `${c.reference}: the resident’s survey answers`,
            surveys.map((s) => JSON.stringify(s)).join('\n'),
          )
        }
      }

      // Service requests (repairs, ASB reports…) a complaint of theirs was about, or logged with
      // their email address.
      const requests = serviceRequestsRepository(db)
      for (const id of await requests.aboutResident({
        complaintIds: person.complaints.map((c) => c.id),
        email: p.details.email ?? null,
      })) {
        const r = foldServiceRequest(id, await requests.events(id))
        add(
          `service-requests/${r.reference}.json`,
          JSON.stringify(r, null, 2),
          `${r.reference}: service request (${r.kind.replace(/_/g, ' ')}), with every event`,
          [r.summary, ...r.comments.map((c) => c.comment), r.outcome ?? ''].join('\n'),
          r.events.flatMap((e) =>
            e.by ? [{ name: staffNames.get(e.by) ?? '', why: 'member of staff' as const }] : [],
          ),
        )
      }

      // Emails read from the complaints mailbox: those from their address, and those joined to
      // one of their complaints (whoever sent them), each as received with the attachments kept.
      const inbox = inboxRepository(db)
      for (const [i, m] of (
        await inbox.aboutResident({
          complaintIds: person.complaints.map((c) => c.id),
          email: p.details.email ?? null,
        })
      ).entries()) {
        const dir = `emails-received/${packName(i + 1, londonDateOf(m.arrivedAt))}`
        const text = `From: ${m.fromName ? `${m.fromName} <${m.fromAddress}>` : m.fromAddress}\nTo: ${m.toAddresses}\nSubject: ${m.subject}\nReceived: ${dateTime(m.arrivedAt)}\n\n${m.textBody}\n`
        add(
          `${dir}/email.txt`,
          text,
          `Email received “${m.subject}”, ${dateTime(m.arrivedAt)}`,
          m.textBody,
          m.fromName && m.fromAddress.toLowerCase() !== (p.details.email ?? '').toLowerCase()
            ? [{ name: m.fromName, why: 'representative' as const }]
            : [],
        )
        for (const [n, a] of (await inbox.acceptedAttachments(m.id)).entries())
          add(
            `${dir}/attachments/${packName(n + 1, a.filename)}`,
            a.content,
            `Email received “${m.subject}”: attachment “${a.filename}”`,
          )
      }

      const log = await accessLogRepository(db).search({ personId, limit: 1_000_000, offset: 0 })
      add(
        'access-log.csv',
        csv(
          ['when', 'who', 'action', 'what', 'case', 'resident record', 'via'],
          log.rows.map((r) => [
            r.at,
            r.staffName,
            r.action,
            r.what,
            r.complaintReference,
            r.personReference,
            r.via,
          ]),
        ),
        'Who in the landlord viewed or downloaded the resident’s data, and when',
        '',
        [...new Set(log.rows.map((r) => r.staffName))].map((name) => ({ name, why: 'member of staff' })),
      )

      const thirdParties = thirdPartyIndex(review, residentName)
      add(
        'third-parties-to-review.csv',
        csv(
          ['name', 'why it is listed', 'files'],
          thirdParties.map((t) => [t.name, t.why, t.files.join('; ')]),
        ),
        'Names of other people to review before release',
      )

      const today = londonDateOf(deps.clock.now())
      const index: ReportDocument = {
        title: `Subject access request: ${residentName}`,
        subtitle: `Resident record ${p.reference}. Produced ${today} by ${actor.name ?? 'a member of staff'} for ${deps.landlordName}.`,
        author: deps.landlordName,
        blocks: [
          {
            kind: 'paragraph',
            text: 'This archive holds everything the complaints service holds about the resident (UK GDPR Article 15): their record, every complaint on it with its full history, the letters as sent, documents, emails sent and received (with their attachments), survey answers, the service requests about them, and the log of staff who viewed their data.',
          },
          { kind: 'heading', level: 2, text: 'Review before release' },
          {
            kind: 'paragraph',
            text: thirdParties.length
              ? `${thirdParties.length} other ${thirdParties.length === 1 ? 'person is' : 'people are'} named. Check each before release: redact, or record why it is reasonable to disclose (Article 15(4), Data Protection Act 2018 Schedule 2 paragraph 16).`
              : 'No other people are named.',
          },
          ...(thirdParties.length
            ? [
                {
                  kind: 'table' as const,
                  table: {
                    caption: 'Third parties named',
                    sheet: 'Third parties',
                    head: ['Name', 'Why it is listed', 'Where'],
                    rows: thirdParties.map((t) => [t.name, t.why, t.files.join(', ')]),
                    layout: 'text' as const,
                    widths: [0.22, 0.22, 0.56],
                  },
                },
              ]
            : []),
          { kind: 'heading', level: 2, text: 'Contents' },
          {
            kind: 'table',
            table: {
              caption: `${contents.length + 1} files`,
              sheet: 'Contents',
              head: ['File', 'What it is'],
              rows: [['index.pdf', 'This index'], ...contents],
              layout: 'text',
              widths: [0.45, 0.55],
            },
          },
        ],
      }
      files['index.pdf'] = await reportPdf(index)
      return {
        filename: `subject-access-${p.reference}-${today}.zip`,
        zip: zipSync(files, { level: 6 }),
        reference: p.reference,
        files: Object.keys(files).length,
        thirdParties,
      }
    },
  }
}
