import nunjucks from 'nunjucks'
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
  /** Turns field errors into the GOV.UK error-summary list. */
  env.addFilter('errorSummaryList', (errors: Record<string, string> | undefined) =>
    Object.entries(errors ?? {}).map(([field, text]) => ({ text, href: `#${field}` })),
  )
  env.addFilter('fieldError', (errors: Record<string, string> | undefined, field: string) =>
    errors?.[field] ? { text: errors[field] } : undefined,
  )
  return env
}

export type Views = ReturnType<typeof createViews>
