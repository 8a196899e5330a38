import { formatLongDate, londonDateOf } from '../../../domain/calendar/calendarDate.js'
import { yearLabel } from '../../../domain/reports/reportingYear.js'
import { codeProvisions } from '../../../domain/selfAssessment/code2024.js'
import { triggerLabels } from '../../../domain/selfAssessment/selfAssessment.js'
import type { SelfAssessmentService } from '../../../services/selfAssessment/selfAssessments.js'

export type AssessmentView = Awaited<ReturnType<SelfAssessmentService['view']>>

/** A provision's anchor on its section page: `6.2` is `p6_2`. */
export const fieldId = (provision: string) => `p${provision.replace('.', '_')}`

const statusText: Record<string, string> = {
  approved: 'Approved',
  completed: 'Completed, awaiting approval',
  draft: 'In progress',
}

const when = (s: { byName: string; at: Date } | undefined) =>
  s ? `${s.byName} on ${formatLongDate(londonDateOf(s.at))}` : 'Not yet'

/**
 * What the overview of one assessment shows: the sign-off, what is still to review, where the
 * records disagree without an action, and each section's counts. The sign-off rows are built
 * here, as a list: joined in the template with `+`, Nunjucks made them one string, drawn as a
 * row for each of its characters.
 */
export function overviewModel(v: AssessmentView) {
  const a = v.assessment
  const provisions = v.sections.flatMap((s) =>
    s.provisions.map((p) => ({
      ...p,
      href: `/self-assessment/${a.id}/section/${s.number}#${fieldId(p.id)}`,
    })),
  )
  const toReview = provisions.filter((p) => p.carriedOver)
  const carried = toReview.length + a.reviews.size
  const unexplained = provisions.filter((p) => p.unexplained)
  const row = (key: string, text: string) => ({ key: { text: key }, value: { text } })
  return {
    yearLabel: yearLabel(a.year),
    triggerLabel: triggerLabels[a.trigger],
    signOffRows: [
      row('Status', statusText[v.status] ?? v.status),
      ...(carried
        ? [
            row(
              'Carried over, still to review',
              toReview.length
                ? `${toReview.length} of the ${carried} provisions carried over from the earlier assessment`
                : `None: all ${carried} provisions carried over have been reviewed`,
            ),
          ]
        : []),
      row('Completed by', when(a.completed)),
      row('Reviewed and approved by', when(a.approved)),
      ...(a.note ? [row('Why', a.note)] : []),
    ],
    toReview: toReview.map((p) => ({ id: p.id, href: p.href })),
    unexplainedWarning:
      unexplained.length === 1
        ? 'One provision is answered “yes” where this year’s figures say otherwise, with no action being taken and timescale given. The assessment cannot be approved until it has them.'
        : `${unexplained.length} provisions are answered “yes” where this year’s figures say otherwise, with no action being taken and timescale given. The assessment cannot be approved until each has them.`,
    unexplained: unexplained.map((p) => ({
      id: p.id,
      href: p.href,
      concerns: p.measures.flatMap((m) => (m.concern ? [m.concern] : [])).join('; '),
    })),
    total: codeProvisions.length,
    sections: v.sections.map((s) => ({
      number: s.number,
      title: s.title,
      href: `/self-assessment/${a.id}/section/${s.number}`,
      size: s.provisions.length,
      answered: s.provisions.filter((p) => p.answer).length,
      flagged: s.provisions.filter((p) => p.flagged).length,
      toReview: s.provisions.filter((p) => p.carriedOver).length,
      notComplying: s.provisions.filter((p) => p.answer && p.answer.comply !== 'yes').length,
    })),
  }
}
