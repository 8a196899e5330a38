import { describe, expect, it } from 'vitest'
import type { CalendarDate } from '../calendar/calendarDate.js'
import { WorkflowError } from '../rules.js'

import {
  type AnnualReport,
  type AnnualReportEventData,
  annualStatus,
  decideApproval,
  decideCommentary,
  decidePublication,
  decidePublish,
  decideResponse,
  foldAnnualReport,
  partOf,
  yearEnded,
} from './annualReport.js'

const at = new Date('2026-05-11T09:00:00Z')
const report = (...data: AnnualReportEventData[]): AnnualReport =>
  foldAnnualReport(
    2025,
    data.map((d, i) => ({ ...d, seq: i + 1, at, by: 'u1' })),
  )
/** What a refusal says, and whether it is a rule broken or something not allowed now. */
const refusal = (run: () => unknown) => {
  try {
    run()
  } catch (error) {
    if (error instanceof WorkflowError) return { kind: error.kind, message: error.message }
    throw error
  }
  throw new Error('expected a refusal')
}

const response: AnnualReportEventData = { type: 'annual.response_set', text: 'The board is content.' }
const approved: AnnualReportEventData = {
  type: 'annual.approved',
  approverName: 'Robert Lewis (MRC)',
  document: 'as read',
}
const published = (version: number): AnnualReportEventData => ({ type: 'annual.published', version })

describe('the annual report’s year (Code 8.1)', () => {
  it.each<[CalendarDate, boolean]>([
    ['2025-04-01', false],
    ['2026-03-31', false],
    ['2026-04-01', true],
    ['2027-01-01', true],
  ])('the 2025/26 year has ended on %s: %s', (today, ended) => {
    expect(yearEnded(2025, today)).toBe(ended)
  })
})

describe('commentary on a part', () => {
  it.each([
    'self_assessment',
    'performance',
    'ombudsman',
    'improvements',
    'ombudsman_annual',
    'publications',
  ])('is written on part %s, trimmed', (section) => {
    expect(decideCommentary(section, '  A steady year.  ')).toEqual({
      type: 'annual.commentary_set',
      section,
      text: 'A steady year.',
    })
  })

  it('may be blank, taking commentary away', () => {
    expect(decideCommentary('performance', undefined)).toEqual({
      type: 'annual.commentary_set',
      section: 'performance',
      text: '',
    })
  })

  it.each([
    ['a part that is none', 'gossip', 'x', 'There is no such part of the annual report'],
    [
      'the response, which is its own document',
      'response',
      'x',
      'There is no such part of the annual report',
    ],
    ['one too long', 'performance', 'x'.repeat(20_001), 'The commentary must be 20,000 characters or fewer'],
  ])('is refused on %s', (_what, section, text, message) => {
    expect(refusal(() => decideCommentary(section, text)).message).toContain(message)
  })
})

describe('links to the Ombudsman’s reports (Code 8.1(e), (f))', () => {
  const good = { title: 'Annual complaints review', url: 'https://www.housing-ombudsman.org.uk/x', part: 'e' }
  it('are added to the part they belong to, with a note only when one is given', () => {
    expect(decidePublication(good, 'p1')).toEqual({
      type: 'annual.publication_added',
      publication: {
        id: 'p1',
        title: 'Annual complaints review',
        url: 'https://www.housing-ombudsman.org.uk/x',
        part: 'e',
      },
    })
    expect(decidePublication({ ...good, part: 'f', note: ' Read it ' }, 'p2')).toMatchObject({
      publication: { part: 'f', note: 'Read it' },
    })
  })

  it.each<[string, Record<string, string>, string]>([
    ['no part', { ...good, part: '' }, 'Say which part it belongs to'],
    ['no title', { ...good, title: ' ' }, 'Enter the title of the report or publication'],
    ['an address that is no link', { ...good, url: 'ombudsman' }, 'Code 8.1(e): give the web address'],
    [
      'an address not on the web',
      { ...good, part: 'f', url: 'ftp://x.org/a' },
      'Code 8.1(f): give the web address',
    ],
    ['an address too long', { ...good, url: `https://x.org/${'a'.repeat(2000)}` }, 'give the web address'],
  ])('are refused with %s', (_what, input, message) => {
    expect(refusal(() => decidePublication(input, 'p1')).message).toContain(message)
  })

  it('made before the parts were told apart count as other reports', () => {
    expect(partOf({ id: 'p', title: 't', url: 'https://x.org' })).toBe('f')
    expect(partOf({ id: 'p', title: 't', url: 'https://x.org', part: 'e' })).toBe('e')
  })
})

describe('the governing body’s response (Code 8.2)', () => {
  it('is entered, trimmed, and may not be blank', () => {
    expect(decideResponse(' Content. ')).toEqual({ type: 'annual.response_set', text: 'Content.' })
    expect(refusal(() => decideResponse('  '))).toEqual({
      kind: 'rule',
      message: 'Enter the governing body’s response (Code 8.2)',
    })
  })
})

describe('approving and publishing, version by version', () => {
  const after = '2026-05-11' as CalendarDate

  it.each<[string, AnnualReportEventData[], 'draft' | 'approved' | 'published']>([
    ['nothing done', [], 'draft'],
    ['the response entered', [response], 'draft'],
    ['approved', [response, approved], 'approved'],
    ['published', [response, approved, published(1)], 'published'],
    ['changed after publishing', [response, approved, published(1), response], 'draft'],
    [
      'a link added after approval',
      [response, approved, { type: 'annual.publication_removed', publicationId: 'x' }],
      'draft',
    ],
    ['approved again', [response, approved, published(1), response, approved], 'approved'],
  ])('%s: %s', (_what, data, status) => {
    expect(annualStatus(report(...data))).toBe(status)
  })

  it.each<[string, AnnualReportEventData[], CalendarDate, { kind: string; message: string }]>([
    [
      'before the year has ended',
      [response],
      '2026-03-31',
      {
        kind: 'not_now',
        message:
          'Code 8.1: the 2025/26 report covers the year to Tuesday 31 March 2026, which has not ended: it can be approved and published from Wednesday 1 April 2026. Until then it is a draft, which can be previewed at any time',
      },
    ],
    [
      'without the governing body’s response',
      [],
      after,
      {
        kind: 'rule',
        message:
          'Code 8.2: the report is published with the governing body’s response; enter the response before approving',
      },
    ],
    [
      'twice as it reads now',
      [response, approved],
      after,
      { kind: 'not_now', message: 'The report is already approved as it reads now' },
    ],
  ])('approval is refused %s', (_when, data, today, expected) => {
    expect(refusal(() => decideApproval(report(...data), 'MRC', 'doc', today))).toEqual(expected)
  })

  it('approves with who approved it and the text as it read', () => {
    expect(decideApproval(report(response), 'Robert Lewis (MRC)', 'as read', after, true)).toEqual({
      type: 'annual.approved',
      approverName: 'Robert Lewis (MRC)',
      document: 'as read',
      includesSelfAssessment: true,
    })
  })

  it('publishes version 1 with the response as approved beside it', () => {
    expect(decidePublish(report(response, approved), undefined, after)).toEqual({
      type: 'annual.published',
      version: 1,
      includesSelfAssessment: false,
      response: { text: 'The board is content.', approvedBy: 'Robert Lewis (MRC)', approvedOn: '2026-05-11' },
    })
  })

  it('publishes version 2 as a correction of version 1, saying what it corrects', () => {
    const changed = report(response, approved, published(1), response, approved)
    expect(decidePublish(changed, ' The figures in part (b) ', after)).toMatchObject({
      version: 2,
      correcting: 1,
      reason: 'The figures in part (b)',
    })
  })

  it.each<
    [string, AnnualReportEventData[], string | undefined, CalendarDate, { kind: string; message: string }]
  >([
    [
      'never approved',
      [response],
      undefined,
      after,
      {
        kind: 'not_now',
        message:
          'Code 8.2: only a report the governing body (or its MRC) has approved can be published; it has changed since, or was never approved',
      },
    ],
    [
      'changed since approval',
      [response, approved, response],
      undefined,
      after,
      {
        kind: 'not_now',
        message:
          'Code 8.2: only a report the governing body (or its MRC) has approved can be published; it has changed since, or was never approved',
      },
    ],
    [
      'already published as it reads',
      [response, approved, published(1)],
      'again',
      after,
      {
        kind: 'not_now',
        message:
          'This report is already published, as version 1; to correct it, change it and have it approved again',
      },
    ],
    [
      'a correction without a reason',
      [response, approved, published(1), response, approved],
      ' ',
      after,
      {
        kind: 'rule',
        message: 'Say what this version corrects in version 1, which stays published as it was',
      },
    ],
  ])('publishing is refused when %s', (_when, data, reason, today, expected) => {
    expect(refusal(() => decidePublish(report(...data), reason, today))).toEqual(expected)
  })
})
