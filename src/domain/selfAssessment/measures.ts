import { upheldDecisions } from '../complaints/vocabulary.js'
import type { FactCount, FactKind } from '../reports/factCounts.js'
import { tally } from '../reports/factCounts.js'
import { describeTimeliness, timelinessOf } from '../reports/timeliness.js'
import { plural } from '../text/plural.js'

/**
 * A figure the service works out from its own records for a provision, for the year assessed.
 * `concern` says, in words, why the figure does not support an answer of "complies".
 */
export type Measure = { label: string; value: string; concern?: string }

export type MeasureInputs = {
  counts: FactCount[]
  sameHandlerAtBothStages: number
  upheld: { upheld: number; remedied: number }
  /** The year's annual report versions published, and how many included the self-assessment. */
  annualReportVersions: { versions: number; withSelfAssessment: number }
  boardPacks: number
  groundLabel: (code: string) => string
  /** Code 5.10: resident records with adjustments agreed, and those whose review is overdue today. */
  adjustmentReviews: { withAdjustments: number; overdue: number }
  /** Code 5.8: assignments in the year, and those declaring the handler's conflict of interest (none, or how handled). */
  conflictDeclarations?: { assignments: number; declared: number }
  /** Code 6.20: stage 2 responses in the year, and those recording who was involved. */
  finalResponseInvolvement?: { responses: number; recorded: number }
  /** The landlord's tolerance for recording late, in working days (for the words of the figures). */
  lateRecordingDays?: number
  /** Whether the landlord's closure days extend the Code's clocks (its policy must say so). */
  closuresExtendCodeClocks?: boolean
  /**
   * The Housing Ombudsman's findings against provisions in the year (policy compliance check
   * recommendations, failure orders for non-compliance with the Code), each beside its provision.
   */
  ombudsmanFindings?: Record<string, Measure[]>
  /**
   * The assessment is one landlord's of a group (issue 34): its complaints' figures are its own,
   * but the board packs (one board) and the annual report (one report) are the group's, and say so.
   */
  ofOneLandlord?: boolean
}

/** Said after a figure that is the whole group's in one landlord's assessment. */
export const GROUP_FIGURE = ' (the group’s, for every landlord)'

/** Said beside each of the Code's timescales when the landlord's closure days extend them. */
export const CLOSURE_DAYS_NOTE: Measure = {
  label: 'Closure days',
  value:
    'The landlord’s closure days extend the Code’s clocks (a setting of the complaints service): the published complaints policy must say so, and name the days.',
}

/** The kinds of fact the measures count: a year's counts are read for these alone. */
export const measureKinds: FactKind[] = [
  'clock',
  'extension',
  'refusal',
  'escalation',
  'update',
  'response',
  'remedy_done',
]

/** The response facts (keyed `stage:decision`, reports/facts.ts) of an upheld or partly upheld response. */
const upheldResponseKeys = ([1, 2] as const).flatMap((stage) => upheldDecisions.map((d) => `${stage}:${d}`))

/** Code 7.1: how many responses among a year's counts upheld the complaint, wholly or in part. */
export const upheldResponses = (counts: FactCount[]) =>
  tally(counts, 'response', (c) => upheldResponseKeys.includes(c.key)).count

const pct = (n: number, d: number) => (d ? `${Math.round((n * 1000) / d) / 10}%` : 'none in the year')

const boardPacks = (n: number): Measure[] => [
  {
    label: 'Board and MRC packs taken from the service (PDF or workbook)',
    value: String(n),
    ...(n ? {} : { concern: 'the service has no record of a board pack taken in the year' }),
  },
]

/** Each provision the service can see, with its figures for the year. */
export function assessmentMeasures(i: MeasureInputs): Record<string, Measure[]> {
  const { counts } = i
  const groupWide = (m: Measure[]) =>
    i.ofOneLandlord ? m.map((x) => ({ ...x, label: `${x.label}${GROUP_FIGURE}` })) : m
  // Every deadline that fell due in the year, by the one timeliness rule (`reports/timeliness.ts`).
  const clock = (key: string, what: string): Measure[] => {
    const t = timelinessOf(counts, 'clock', key, what)
    const missed = t.late + t.overdue + t.notMet
    return [
      {
        label: what,
        value: describeTimeliness(t, i.lateRecordingDays),
        // The figure already says how each was missed; the concern says why it matters.
        ...(missed ? { concern: `${missed} of ${t.fellDue} not in time in the year` } : {}),
      },
      ...(i.closuresExtendCodeClocks ? [CLOSURE_DAYS_NOTE] : []),
    ]
  }
  const withinCap = tally(counts, 'extension', (c) => c.key === 'within_cap').count
  const beyondCap = tally(counts, 'extension', (c) => c.key === 'beyond_cap').count
  const extensions: Measure[] = [
    {
      label: 'Extensions within the Code’s cap; beyond it, each with a good reason recorded',
      value: `${withinCap} within; ${beyondCap} beyond`,
    },
  ]
  const refusals = tally(counts, 'refusal')
  const refusalMeasures: Measure[] = [
    {
      label:
        'Complaints and escalations refused, each with its ground, explanation and the Ombudsman’s details',
      value: refusals.count
        ? counts
            .filter((c) => c.kind === 'refusal')
            .map((c) => `${i.groundLabel(c.key)}: ${c.count}`)
            .join('; ')
        : 'none in the year',
    },
  ]
  const conflicts = i.conflictDeclarations ?? { assignments: 0, declared: 0 }
  const involved = i.finalResponseInvolvement ?? { responses: 0, recorded: 0 }
  const measures: Record<string, Measure[]> = {
    '5.8': [
      {
        label:
          'Assignments in the year that declared the handler had no conflict of interest, or recorded it and how it was handled',
        value: conflicts.assignments
          ? `${conflicts.declared} of ${conflicts.assignments} (${pct(conflicts.declared, conflicts.assignments)})`
          : 'none in the year',
        ...(conflicts.declared < conflicts.assignments
          ? {
              concern: `${conflicts.assignments - conflicts.declared} ${conflicts.assignments - conflicts.declared === 1 ? 'assignment' : 'assignments'} with no conflict of interest declaration`,
            }
          : {}),
      },
    ],
    '6.20': [
      {
        label: 'Stage 2 responses in the year that recorded who was involved in them',
        value: involved.responses
          ? `${involved.recorded} of ${involved.responses} (${pct(involved.recorded, involved.responses)})`
          : 'none in the year',
        ...(involved.recorded < involved.responses
          ? {
              concern: `${involved.responses - involved.recorded} final ${involved.responses - involved.recorded === 1 ? 'response' : 'responses'} with no record of who was involved`,
            }
          : {}),
      },
    ],
    '2.1': refusalMeasures,
    '2.4': refusalMeasures,
    '5.11': [
      {
        label: 'Escalations refused',
        value: String(tally(counts, 'escalation', (c) => !c.counted).count),
      },
    ],
    '5.9': (() => {
      const onTime = tally(counts, 'update', (c) => c.within === true).count
      const late = tally(counts, 'update', (c) => c.within === false).count
      return [
        {
          label: 'Updates to residents by the interval agreed, while a stage was considered',
          value: `${pct(onTime, onTime + late)} (${onTime} of ${onTime + late})`,
          ...(late ? { concern: `${late} update${late === 1 ? '' : 's'} late or missed` } : {}),
        },
      ]
    })(),
    '5.10': [
      {
        label: 'Residents with reasonable adjustments recorded; reviews overdue today',
        value: `${i.adjustmentReviews.withAdjustments}; ${i.adjustmentReviews.overdue} overdue`,
        ...(i.adjustmentReviews.overdue
          ? {
              concern: `${i.adjustmentReviews.overdue} resident${i.adjustmentReviews.overdue === 1 ? '’s' : 's’'} adjustments not reviewed by their review date`,
            }
          : {}),
      },
    ],
    '6.2': clock('acknowledgement', 'Stage 1 acknowledgements due in the year, and the share made in time'),
    '6.3': clock(
      'stage1Response',
      'Stage 1 responses due in the year, and the share sent in time (with any extension agreed in time)',
    ),
    '6.4': extensions,
    '6.11': clock(
      'stage2Acknowledgement',
      'Stage 2 acknowledgements due in the year, and the share made in time',
    ),
    '6.13': [
      {
        label: 'Stage 2 considered by the person who considered stage 1',
        value: String(i.sameHandlerAtBothStages),
        ...(i.sameHandlerAtBothStages
          ? { concern: `${i.sameHandlerAtBothStages} considered by the same person at both stages` }
          : {}),
      },
    ],
    '6.14': clock(
      'stage2Response',
      'Stage 2 responses due in the year, and the share sent in time (with any extension agreed in time)',
    ),
    '6.15': extensions,
    '7.1': [
      {
        label: 'Upheld or partly upheld responses that offered a remedy',
        value: `${pct(i.upheld.remedied, i.upheld.upheld)} (${i.upheld.remedied} of ${i.upheld.upheld})`,
        ...(i.upheld.remedied < i.upheld.upheld
          ? { concern: `${i.upheld.upheld - i.upheld.remedied} upheld without a remedy` }
          : {}),
      },
    ],
    '7.3': [
      {
        label: 'Remedies done or paid in the year',
        value: String(tally(counts, 'remedy_done').count),
      },
    ],
    '9.6': groupWide(boardPacks(i.boardPacks)),
    '9.7': groupWide(boardPacks(i.boardPacks)),
    '8.1': groupWide(
      (() => {
        // Code 8.1(a): the report is published with the self-assessment, or it is not the report.
        const { versions, withSelfAssessment } = i.annualReportVersions
        return [
          {
            label:
              'The annual complaints performance and service improvement report published, with the self-assessment (8.1(a))',
            value: withSelfAssessment
              ? `yes (${plural(withSelfAssessment, 'version')} with the self-assessment)`
              : versions
                ? `published without the self-assessment (${plural(versions, 'version')})`
                : 'not yet',
            ...(withSelfAssessment
              ? {}
              : {
                  concern: versions
                    ? 'the published report does not include the year’s approved self-assessment (Code 8.1(a))'
                    : 'the year’s annual report is not yet published',
                }),
          },
        ]
      })(),
    ),
  }
  for (const [provision, found] of Object.entries(i.ombudsmanFindings ?? {}))
    measures[provision] = [...(measures[provision] ?? []), ...found]
  return measures
}
