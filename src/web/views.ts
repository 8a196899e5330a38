import nunjucks from 'nunjucks'
import { formatDay, formatLongDate, isCalendarDate } from '../domain/calendar/calendarDate.js'
import {
  type ProvisionCheck,
  type ProvisionState,
  panelSummary,
  provisionStateLabels,
} from '../domain/complaints/codePanel.js'
import { AT_RISK_WORKING_DAYS, deadlineLabels } from '../domain/complaints/deadlines.js'
import { linkReasonLabels } from '../domain/complaints/events.js'
import {
  type ComplaintState,
  channelLabels,
  decisionLabels,
  remedyLabels,
  stateLabels,
  tenureLabels,
} from '../domain/complaints/vocabulary.js'
import { compensationPartLabels, money } from '../domain/remedies/vocabulary.js'
import { plural } from '../domain/text/plural.js'
import { paths } from '../paths.js'

const londonDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
})
const londonDateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
})

/** Nunjucks with the GOV.UK and MoJ design systems' template paths, autoescaping everything. */
export function createViews(options: { watch?: boolean } = {}) {
  const env = nunjucks.configure([paths.views, paths.govukFrontend, paths.mojFrontend], {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
    watch: options.watch ?? false,
  })
  env.addFilter('londonDate', (v: Date | string | null | undefined) =>
    v ? londonDate.format(new Date(v)) : '',
  )
  env.addFilter('londonDateTime', (v: Date | string | null | undefined) =>
    v ? londonDateTime.format(new Date(v)) : '',
  )
  /** A calendar date ('YYYY-MM-DD') as letters write it: 'Wednesday 18 March 2026'. */
  env.addFilter('longDate', (v: string | null | undefined) =>
    v && isCalendarDate(v) ? formatLongDate(v) : '',
  )
  /** A calendar date as a list shows it: 'Fri 18 Dec 2026'. */
  env.addFilter('shortDate', (v: string | null | undefined) => (v && isCalendarDate(v) ? formatDay(v) : ''))
  /** The object with one more key (to add a conditional reveal or hint to a radio item). */
  env.addFilter('withKey', (o: Record<string, unknown>, key: string, value: unknown) => ({
    ...o,
    [key]: value,
  }))
  /** Turns field errors into the GOV.UK error-summary list. */
  env.addFilter('errorSummaryList', (errors: Record<string, string> | undefined) =>
    Object.entries(errors ?? {}).map(([field, text]) => ({ text, href: `#${field}` })),
  )
  env.addFilter('fieldError', (errors: Record<string, string> | undefined, field: string) =>
    errors?.[field] ? { text: errors[field] } : undefined,
  )
  env.addGlobal('labels', {
    state: stateLabels,
    channel: channelLabels,
    tenure: tenureLabels,
    decision: decisionLabels,
    remedy: remedyLabels,
    compensationPart: compensationPartLabels,
    linkReason: linkReasonLabels,
    deadline: Object.fromEntries(Object.entries(deadlineLabels).map(([k, v]) => [k, v.label])),
    provisionState: provisionStateLabels,
    deadlineShort: Object.fromEntries(Object.entries(deadlineLabels).map(([k, v]) => [k, v.short])),
  })
  /** The Code panel's tag colour for each state. */
  env.addGlobal('provisionStateClasses', {
    breached: 'govuk-tag--red',
    at_risk: 'govuk-tag--orange',
    due: 'govuk-tag--blue',
    met: 'govuk-tag--green',
    stopped: 'govuk-tag--grey',
  } satisfies Record<ProvisionState, string>)
  env.addFilter('panelSummary', (checks: ProvisionCheck[]) => panelSummary(checks ?? []))
  /** A count with its noun: "1 letter", "2 letters" (`many` for an irregular plural). */
  env.addFilter('plural', (n: number, one: string, many?: string) => plural(Number(n) || 0, one, many))
  /** A GOV.UK tag for a deadline's status, with the days left or overdue. */
  env.addFilter(
    'deadlineTag',
    (d: { status?: string; workingDaysLeft?: number; workingDaysOverdue?: number } | null | undefined) => {
      if (!d?.status) return { text: 'No deadline', classes: 'govuk-tag--grey' }
      switch (d.status) {
        case 'overdue':
          return {
            text: `Overdue by ${plural(d.workingDaysOverdue ?? 0, 'working day')}`,
            classes: 'govuk-tag--red',
          }
        case 'due':
          if (d.workingDaysLeft === 0) return { text: 'Due today', classes: 'govuk-tag--orange' }
          return {
            text: `${plural(d.workingDaysLeft ?? 0, 'working day')} left`,
            classes:
              (d.workingDaysLeft ?? 0) <= AT_RISK_WORKING_DAYS ? 'govuk-tag--yellow' : 'govuk-tag--blue',
          }
        case 'met':
          return { text: 'Met', classes: 'govuk-tag--green' }
        case 'met_late':
          return { text: 'Met late', classes: 'govuk-tag--pink' }
        default:
          return { text: 'Stopped', classes: 'govuk-tag--grey' }
      }
    },
  )
  env.addFilter('stateTag', (state: ComplaintState) => ({
    text: stateLabels[state] ?? state,
    classes:
      state === 'received'
        ? 'govuk-tag--yellow'
        : state === 'closed' || state === 'withdrawn' || state === 'not_accepted'
          ? 'govuk-tag--grey'
          : state.endsWith('responded')
            ? 'govuk-tag--green'
            : 'govuk-tag--blue',
  }))
  env.addFilter('money', (n: number) => money(n))
  env.addFilter('number', (n: number) => Number(n).toLocaleString('en-GB'))
  env.addFilter('lines', (items: string[] | undefined) => (items ?? []).join('\n'))
  return env
}

export type Views = ReturnType<typeof createViews>
