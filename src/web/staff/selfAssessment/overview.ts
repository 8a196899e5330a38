import { formatLongDate, londonDateOf } from '../../../domain/calendar/calendarDate.js'
import { yearLabel } from '../../../domain/reports/tsm.js'
import { triggerLabels } from '../../../domain/selfAssessment/selfAssessment.js'
import type { SelfAssessmentService } from '../../../services/selfAssessment/selfAssessments.js'

export type AssessmentView = Awaited<ReturnType<SelfAssessmentService['view']>>

const statusText: Record<string, string> = {
  approved: 'Approved',
  completed: 'Completed, awaiting approval',
  draft: 'In progress',
}

const when = (s: { byName: string; at: Date } | undefined) =>
  s ? `${s.byName} on ${formatLongDate(londonDateOf(s.at))}` : 'Not yet'

/**
 * What the overview of one assessment shows: the sign-off and each section's counts. The
 * sign-off rows are built here, as a list: joined in the template with `+`, Nunjucks made them
 * one string, drawn as a row for each of its characters.
 */
export function overviewModel(v: AssessmentView) {
  const a = v.assessment
  const row = (key: string, text: string) => ({ key: { text: key }, value: { text } })
  return {
    yearLabel: yearLabel(a.year),
    triggerLabel: triggerLabels[a.trigger],
    signOffRows: [
      row('Status', statusText[v.status] ?? v.status),
      row('Completed by', when(a.completed)),
      row('Reviewed and approved by', when(a.approved)),
      ...(a.note ? [row('Why', a.note)] : []),
    ],
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
