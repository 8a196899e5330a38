import type { CalendarDate } from '../calendar/calendarDate.js'
import { formatDay } from '../calendar/calendarDate.js'
import type { DeadlineKey } from '../complaints/deadlines.js'
import { AT_RISK_WORKING_DAYS, deadlineLabels } from '../complaints/deadlines.js'

/**
 * The daily prompt (as a large landlord's complaints team runs on): for each person, what needs
 * doing today — overdue, due today, due within 3 working days, and new complaints not yet
 * acknowledged. A handler gets their own cases; team leaders get the whole team's.
 */
export type PromptCase = {
  id: string
  reference: string
  residentName: string
  state: string
  deadlineKey: string | null
  deadlineDueOn: CalendarDate | null
  currentHandlerId: string | null
  /** Code 5.9: when the resident is next due an update. */
  updateDueOn?: CalendarDate | null
  /** For an outstanding action: what was promised, and by when (Code 7.3). */
  action?: { description: string; dueOn: CalendarDate; ownerId?: string; dueText?: string }
  /** Where the link goes, when it is not the complaint (an improvement action, say). */
  path?: string
}

export type PromptSection = { title: string; cases: PromptCase[] }

export function promptSections(
  cases: PromptCase[],
  today: CalendarDate,
  soonBy: CalendarDate,
  owed: {
    actions?: PromptCase[]
    ombudsman?: PromptCase[]
    improvements?: PromptCase[]
    /** Awaab's Law clocks running out soon or already run out. */
    hazards?: PromptCase[]
    /** Code 5.10, 5.15: adjustments and restrictions on contact due for review. */
    reviews?: PromptCase[]
  } = {},
): PromptSection[] {
  const { actions = [], ombudsman = [], improvements = [], hazards = [], reviews = [] } = owed
  const due = (c: PromptCase) => c.deadlineDueOn ?? ''
  return [
    { title: 'Awaab’s Law: hazard duties due soon or overdue', cases: hazards },
    { title: 'Owed to the Housing Ombudsman, due soon or overdue', cases: ombudsman },
    { title: 'Outstanding actions you promised, due soon or late (Code 7.3)', cases: actions },
    { title: 'Improvement actions due soon or overdue (Code 9.1)', cases: improvements },
    { title: 'Adjustments and restrictions due for review (Code 5.10, 5.15)', cases: reviews },
    { title: 'Overdue', cases: cases.filter((c) => c.deadlineDueOn && due(c) < today) },
    { title: 'Due today', cases: cases.filter((c) => due(c) === today) },
    {
      title: `Due within ${AT_RISK_WORKING_DAYS} working days`,
      cases: cases.filter((c) => due(c) > today && due(c) <= soonBy),
    },
    { title: 'New, not yet acknowledged', cases: cases.filter((c) => c.state === 'received') },
    {
      title: 'Residents due an update (Code 5.9)',
      cases: cases.filter((c) => c.updateDueOn && c.updateDueOn <= soonBy),
    },
  ].filter((s) => s.cases.length)
}

/** The prompt's text, with a link to each case. */
export function promptText(input: {
  name: string
  sections: PromptSection[]
  today: CalendarDate
  todayLabel: string
  caseUrl: (id: string) => string
  /** The address of a page other than a complaint's. */
  pageUrl?: (path: string) => string
  team: boolean
}): string {
  const line = (c: PromptCase, section: PromptSection) => {
    const url = c.path && input.pageUrl ? input.pageUrl(c.path) : input.caseUrl(c.id)
    if (c.action)
      return `  - ${c.reference}, ${c.residentName}: ${c.action.description}, ${c.action.dueText ?? `due ${formatDay(c.action.dueOn)}`} ${url}`
    if (section.title.startsWith('Residents due an update'))
      return `  - ${c.reference}, ${c.residentName}: update due ${c.updateDueOn ? formatDay(c.updateDueOn) : 'now'} ${input.caseUrl(c.id)}`
    const what = c.deadlineKey
      ? (deadlineLabels[c.deadlineKey as DeadlineKey]?.label ?? c.deadlineKey)
      : 'Acknowledge'
    return `  - ${c.reference}, ${c.residentName}: ${what}${c.deadlineDueOn ? `, due ${formatDay(c.deadlineDueOn)}` : ''} ${input.caseUrl(c.id)}`
  }
  return [
    'Complaints service',
    input.todayLabel,
    '',
    `Good morning ${input.name},`,
    '',
    input.team ? 'What the team needs to do about complaints today:' : 'Your complaints that need you today:',
    '',
    ...input.sections.flatMap((s) => [
      `${s.title} (${s.cases.length}):`,
      ...s.cases.map((c) => line(c, s)),
      '',
    ]),
    'Open the service to see every case in your queue.',
  ].join('\n')
}
