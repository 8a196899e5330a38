import { addCalendarDays, type CalendarDate, formatLongDate, londonDateOf } from '../calendar/calendarDate.js'
import { notNow, Problems, rule } from '../rules.js'
import { reportingYear, yearLabel } from './reportingYear.js'

/**
 * Code 8.1, 8.2: the annual complaints performance and service improvement report, in the
 * parts the Code lists, each drafted from the records with the landlord's commentary beside it.
 */
export const annualSections = [
  {
    key: 'self_assessment',
    part: '(a)',
    title: 'Our annual self-assessment against the Complaint Handling Code',
    provision: '8.1(a)',
  },
  {
    key: 'performance',
    part: '(b)',
    title: 'How we handled complaints: performance and analysis',
    provision: '8.1(b)',
  },
  {
    key: 'ombudsman',
    part: '(c)',
    title: 'Housing Ombudsman findings of non-compliance with the Code',
    provision: '8.1(c)',
  },
  { key: 'improvements', part: '(d)', title: 'Service improvements made from learning', provision: '8.1(d)' },
  {
    key: 'ombudsman_annual',
    part: '(e)',
    title: 'The Housing Ombudsman’s annual report about us',
    provision: '8.1(e)',
  },
  {
    key: 'publications',
    part: '(f)',
    title: 'Other reports by the Housing Ombudsman about us',
    provision: '8.1(f)',
  },
  /** Code 8.2: not a part of the report but its own document, published beside it. */
  {
    key: 'response',
    part: '',
    title: 'Our governing body’s response (published beside the report)',
    provision: '8.2',
  },
] as const
export type AnnualSection = (typeof annualSections)[number]['key']
export const isAnnualSection = (v: string): v is AnnualSection => annualSections.some((s) => s.key === v)

/** Code 8.1(e), (f): the Ombudsman's annual report about the landlord, or another of its reports. */
export const publicationParts = ['e', 'f'] as const
export type PublicationPart = (typeof publicationParts)[number]
export type Publication = { id: string; title: string; url: string; note?: string; part?: PublicationPart }
/** Which part a link belongs to; links made before the parts were told apart are "other reports". */
export const partOf = (p: Publication): PublicationPart => p.part ?? 'f'

/** Code 8.2: the governing body's response as published beside a version of the report. */
export type PublishedResponse = { text: string; approvedBy: string; approvedOn: CalendarDate }

export type AnnualReportEventData =
  | { type: 'annual.commentary_set'; section: AnnualSection; text: string }
  | { type: 'annual.publication_added'; publication: Publication }
  | { type: 'annual.publication_removed'; publicationId: string }
  /** Code 8.2: the governing body's response to the report. */
  | { type: 'annual.response_set'; text: string }
  /** The governing body (or its MRC) approved the report as it then read; `document` is that text. */
  | {
      type: 'annual.approved'
      approverName: string
      document: unknown
      /** Code 8.1(a): the approved report included the year's approved self-assessment. */
      includesSelfAssessment?: boolean
    }
  | {
      type: 'annual.published'
      version: number
      correcting?: number
      reason?: string
      /** Code 8.2: the response published beside this version, as its own document. */
      response?: PublishedResponse
      /** Code 8.1(a): this version includes the year's self-assessment. */
      includesSelfAssessment?: boolean
    }

export type AnnualReportEvent = AnnualReportEventData & { seq: number; at: Date; by: string | null }

export type AnnualReport = {
  year: number
  commentary: Partial<Record<AnnualSection, string>>
  publications: Publication[]
  response?: string
  /** Set by approval; cleared by any change after it, which needs approving again. */
  approval?: { by: string | null; name: string; at: Date; document: unknown; includesSelfAssessment: boolean }
  published: {
    version: number
    at: Date
    correcting?: number
    reason?: string
    response?: PublishedResponse
  }[]
  /** Approved and published exactly as approved: nothing to do until something changes. */
  upToDate: boolean
  version: number
}

export function foldAnnualReport(year: number, events: AnnualReportEvent[]): AnnualReport {
  const r: AnnualReport = {
    year,
    commentary: {},
    publications: [],
    published: [],
    upToDate: false,
    version: 0,
  }
  for (const e of events) {
    r.version = e.seq
    switch (e.type) {
      case 'annual.commentary_set':
        r.commentary[e.section] = e.text
        r.approval = undefined
        r.upToDate = false
        break
      case 'annual.publication_added':
        r.publications.push(e.publication)
        r.approval = undefined
        r.upToDate = false
        break
      case 'annual.publication_removed':
        r.publications = r.publications.filter((p) => p.id !== e.publicationId)
        r.approval = undefined
        r.upToDate = false
        break
      case 'annual.response_set':
        r.response = e.text
        r.approval = undefined
        r.upToDate = false
        break
      case 'annual.approved':
        r.approval = {
          by: e.by,
          name: e.approverName,
          at: e.at,
          document: e.document,
          includesSelfAssessment: e.includesSelfAssessment ?? false,
        }
        r.upToDate = false
        break
      case 'annual.published':
        r.published.push({
          version: e.version,
          at: e.at,
          ...(e.correcting ? { correcting: e.correcting } : {}),
          ...(e.reason ? { reason: e.reason } : {}),
          ...(e.response ? { response: e.response } : {}),
        })
        r.upToDate = true
        break
    }
  }
  return r
}

/** Where the report has got to, in words a complaints team uses. */
export function annualStatus(r: AnnualReport): 'draft' | 'approved' | 'published' {
  if (r.upToDate) return 'published'
  return r.approval ? 'approved' : 'draft'
}

const text = (
  value: string | undefined,
  field: string,
  what: string,
  problems: Problems,
  required = true,
) => {
  const v = value?.trim() ?? ''
  if (required && !v) problems.add(field, `Enter ${what}`)
  else if (v.length > 20_000)
    problems.add(field, `${what[0]?.toUpperCase()}${what.slice(1)} must be 20,000 characters or fewer`)
  return v
}

export function decideCommentary(section: string, value: string | undefined): AnnualReportEventData {
  if (!isAnnualSection(section) || section === 'response')
    throw rule(
      `There is no such part of the annual report: choose one of ${annualSections
        .filter((s) => s.key !== 'response')
        .map((s) => s.key)
        .join(', ')}`,
      'section',
    )
  const problems = new Problems()
  const t = text(value, 'commentary', 'the commentary', problems, false)
  problems.throwIfAny()
  return { type: 'annual.commentary_set', section, text: t }
}

export function decidePublication(
  input: { title?: string; url?: string; note?: string; part?: string },
  id: string,
): AnnualReportEventData {
  const problems = new Problems()
  const part = publicationParts.find((p) => p === input.part)
  if (!part)
    problems.add(
      'part',
      'Say which part it belongs to: the Ombudsman’s annual report about us (Code 8.1(e)) or another of its reports (8.1(f))',
    )
  const title = text(input.title, 'title', 'the title of the report or publication', problems)
  const url = input.url?.trim() ?? ''
  if (!/^https?:\/\/[^\s/$.?#].[^\s]*$/i.test(url) || url.length > 2000)
    problems.add(
      'url',
      `Code 8.1(${part ?? 'e'}): give the web address where it is published, starting https://`,
    )
  const note = text(input.note, 'note', 'the note', problems, false)
  problems.throwIfAny()
  return {
    type: 'annual.publication_added',
    publication: { id, title, url, part: part as PublicationPart, ...(note ? { note } : {}) },
  }
}

export function decideResponse(value: string | undefined): AnnualReportEventData {
  const problems = new Problems()
  const t = text(value, 'response', 'the governing body’s response (Code 8.2)', problems)
  problems.throwIfAny()
  return { type: 'annual.response_set', text: t }
}

/**
 * Code 8.1: the report is of a year's performance, so it is approved (and so published) only
 * once the year has ended; before then it is a draft, which can be previewed at any time.
 */
export function yearEnded(year: number, today: CalendarDate): boolean {
  return today > reportingYear(year).to
}

function notBeforeYearEnd(year: number, today: CalendarDate) {
  if (!yearEnded(year, today))
    throw notNow(
      `Code 8.1: the ${yearLabel(year)} report covers the year to ${formatLongDate(reportingYear(year).to)}, which has not ended: it can be approved and published from ${formatLongDate(addCalendarDays(reportingYear(year).to, 1))}. Until then it is a draft, which can be previewed at any time`,
      '8.1',
    )
}

/** Code 8.2: the governing body approves the report with its response in it. */
export function decideApproval(
  r: AnnualReport,
  approverName: string,
  document: unknown,
  today: CalendarDate,
  includesSelfAssessment = false,
): AnnualReportEventData {
  notBeforeYearEnd(r.year, today)
  if (!r.response)
    throw rule(
      'Code 8.2: the report is published with the governing body’s response; enter the response before approving',
      'response',
      '8.2',
    )
  if (r.approval) throw notNow('The report is already approved as it reads now')
  return { type: 'annual.approved', approverName, document, includesSelfAssessment }
}

/**
 * Publishing makes a new version, never changes one: the first is version 1; a later one
 * corrects the one before and says why.
 */
export function decidePublish(
  r: AnnualReport,
  reason: string | undefined,
  today: CalendarDate,
): AnnualReportEventData {
  notBeforeYearEnd(r.year, today)
  if (!r.approval)
    throw notNow(
      'Code 8.2: only a report the governing body (or its MRC) has approved can be published; it has changed since, or was never approved',
      '8.2',
    )
  const last = r.published[r.published.length - 1]
  if (r.upToDate && last)
    throw notNow(
      `This report is already published, as version ${last.version}; to correct it, change it and have it approved again`,
    )
  const why = reason?.trim() ?? ''
  if (last && !why)
    throw rule(
      `Say what this version corrects in version ${last.version}, which stays published as it was`,
      'reason',
    )
  return {
    type: 'annual.published',
    version: (last?.version ?? 0) + 1,
    ...(last ? { correcting: last.version, reason: why } : {}),
    includesSelfAssessment: r.approval.includesSelfAssessment,
    // Code 8.2: the response, as approved with the report, published beside it as its own document.
    ...(r.response
      ? {
          response: {
            text: r.response,
            approvedBy: r.approval.name,
            approvedOn: londonDateOf(r.approval.at),
          },
        }
      : {}),
  }
}
