import { formatLongDate, londonDateOf } from '../../../domain/calendar/calendarDate.js'
import { yearLabel } from '../../../domain/reports/reportingYear.js'
import { codeSections } from '../../../domain/selfAssessment/code2024.js'
import {
  assessmentTriggers,
  complyAnswers,
  complyLabels,
  triggerLabels,
} from '../../../domain/selfAssessment/selfAssessment.js'
import { serviceEvidence } from '../../../domain/selfAssessment/serviceEvidence.js'
import { type FieldErrors, type FormBody, field } from '../../forms.js'
import { type AssessmentView, fieldId } from './overview.js'

/** The list of assessments, and the form to start one: this reporting year, an annual one, by default. */
export function assessmentListPage(
  items: { year: number; trigger: string }[],
  currentYear: number,
  failed?: { body: FormBody; errors: FieldErrors },
) {
  return {
    items: items.map((a) => ({
      ...a,
      yearLabel: yearLabel(a.year),
      triggerLabel: triggerLabels[a.trigger as keyof typeof triggerLabels] ?? a.trigger,
    })),
    year: failed ? field(failed.body, 'year') : String(currentYear),
    triggerItems: assessmentTriggers.map((t) => ({
      value: t,
      text: triggerLabels[t],
      checked: (failed ? field(failed.body, 'trigger') : 'annual') === t,
    })),
    note: failed ? field(failed.body, 'note') : '',
    errors: failed?.errors,
  }
}

/** An improvement action a provision's answer may name. */
export type ActionChoice = { id: string; title: string; dueOn: string }

/**
 * One section of the Code in an assessment: each provision's answer beside what the records
 * show. A provision not yet answered starts from the service's own part and the records'
 * figures; the provision whose form failed (`failed`) shows what was sent, with its errors.
 */
export function sectionPage(
  v: AssessmentView,
  number: number,
  actions: ActionChoice[],
  failed?: { provision: string; body?: FormBody; errors: FieldErrors },
) {
  const section = v.sections.find((x) => x.number === number)
  const a = v.assessment
  const titles = new Map(actions.map((x) => [x.id, x.title]))
  return {
    a,
    status: v.status,
    yearLabel: yearLabel(a.year),
    section: codeSections.find((s) => s.number === number),
    previous: codeSections.find((x) => x.number === number - 1),
    next: codeSections.find((x) => x.number === number + 1),
    provisions: (section?.provisions ?? []).map((p) => {
      const mine = failed?.provision === p.id
      const value = (name: string, saved: string) => (mine && failed?.body ? field(failed.body, name) : saved)
      return {
        ...p,
        f: fieldId(p.id),
        comply: value('comply', p.answer?.comply ?? ''),
        // Not yet answered: the service's own part and the records' figures, to edit and add to.
        evidence: value(
          'evidence',
          p.answer?.evidence ??
            [serviceEvidence[p.id], ...p.measures.map((m) => `${m.label}: ${m.value}.`)]
              .filter(Boolean)
              .join(' '),
        ),
        links: value('links', (p.answer?.links ?? []).join('\n')),
        commentary: value('commentary', p.answer?.commentary ?? ''),
        // Asked where the year's figures have a concern, as the Ombudsman's form asks for a "yes" they contradict.
        asksExplanation: p.measures.some((m) => m.concern) || Boolean(p.answer?.explanation),
        explanationAction: value('explanationAction', p.answer?.explanation?.action ?? ''),
        explanationTimescale: value('explanationTimescale', p.answer?.explanation?.timescale ?? ''),
        reviewText: p.review
          ? `${p.review.outcome === 'confirmed' ? 'Confirmed unchanged' : 'Changed'} by ${p.review.byName ?? 'a member of staff'} on ${formatLongDate(londonDateOf(p.review.at))}`
          : undefined,
        complyItems: complyAnswers.map((c) => ({
          value: c,
          text: complyLabels[c],
          checked: value('comply', p.answer?.comply ?? '') === c,
        })),
        documents: a.documents.filter((d) => d.provision === p.id),
        actionTitle: p.answer?.actionId ? titles.get(p.answer.actionId) : undefined,
        actionItems: [
          { value: '', text: 'None' },
          ...actions.map((x) => ({
            value: x.id,
            text: `${x.title} (due ${x.dueOn})`,
            selected: value('actionId', p.answer?.actionId ?? '') === x.id,
          })),
        ],
        errors: mine ? failed?.errors : undefined,
      }
    }),
    errors: failed?.errors,
  }
}
