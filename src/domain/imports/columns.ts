import { WorkflowError } from '../rules.js'

/**
 * The columns of a complaint history file, in the order of the template. Dates are calendar
 * days, YYYY-MM-DD (a spreadsheet's own dates, or DD/MM/YYYY, are read as the same day).
 */
export const importColumns = [
  {
    key: 'legacy_reference',
    required: true,
    example: 'OLD-2023-0417',
    description:
      'Required. The complaint’s reference in the earlier system: the key that makes importing the same file twice change nothing. Unique in the file.',
  },
  {
    key: 'received_date',
    required: true,
    example: '2024-05-02',
    description:
      'Required. The day the complaint was received. Complaints received before 1 April 2024 run to the earlier Code’s clocks.',
  },
  {
    key: 'channel',
    required: false,
    example: 'email',
    description:
      'How it was made: web, email, phone, letter, in_person, social_media or third_party (required by intake).',
  },
  {
    key: 'resident_name',
    required: false,
    example: 'Asha Patel',
    description: 'The resident’s name (required by intake).',
  },
  { key: 'resident_email', required: false, example: 'asha@example.org', description: 'Optional.' },
  { key: 'resident_phone', required: false, example: '07700 900123', description: 'Optional.' },
  { key: 'resident_address', required: false, example: '12 Mill Lane, Stoke', description: 'Optional.' },
  { key: 'resident_postcode', required: false, example: 'ST4 7QB', description: 'Optional.' },
  {
    key: 'tenure',
    required: false,
    example: 'lcra',
    description:
      'For the Tenant Satisfaction Measures (CH01, CH02): lcra, lcho or other. Blank: the tenure on the resident’s record, if they have one; else not recorded.',
  },
  {
    key: 'entity',
    required: false,
    example: '',
    description:
      'The landlord the resident’s tenancy is with, by its name or registered provider number (Settings › Landlords); one the service does not know refuses the row. Blank: the landlord on the resident’s record, else the default landlord.',
  },
  {
    key: 'category',
    required: false,
    example: 'repairs',
    description: 'One of the landlord’s complaint categories, by its code or its name. Optional.',
  },
  {
    key: 'description',
    required: false,
    example: 'The kitchen tap has leaked for six weeks.',
    description:
      'What the complaint is about. Blank: a line saying it was imported, with the legacy reference.',
  },
  {
    key: 'outcome_sought',
    required: false,
    example: 'Fix the tap',
    description: 'What the resident asked for. Blank: “Not recorded in the earlier system”.',
  },
  {
    key: 'handler',
    required: false,
    example: 'helen@example.org',
    description:
      'The stage 1 handler’s staff email. Required once the complaint was acknowledged; an email that is not an active member of staff who handles complaints refuses the row.',
  },
  {
    key: 'acknowledged_date',
    required: false,
    example: '2024-05-03',
    description: 'Stage 1 acknowledged (Code 6.2).',
  },
  {
    key: 'stage1_extension_date',
    required: false,
    example: '',
    description: 'The day a stage 1 extension was agreed (Code 6.4), on or before the response was due.',
  },
  {
    key: 'stage1_extension_days',
    required: false,
    example: '',
    description: 'The stage 1 extension in working days (or give stage1_extension_new_date).',
  },
  {
    key: 'stage1_extension_new_date',
    required: false,
    example: '',
    description: 'The new stage 1 response date, instead of stage1_extension_days.',
  },
  {
    key: 'stage1_extension_reason',
    required: false,
    example: '',
    description: 'Why (required with an extension).',
  },
  {
    key: 'stage1_response_date',
    required: false,
    example: '2024-05-14',
    description: 'The day the stage 1 response was sent (Code 6.5).',
  },
  {
    key: 'stage1_outcome',
    required: false,
    example: '',
    description: 'The stage 1 decision, when the complaint went on to stage 2; blank: the outcome column.',
  },
  {
    key: 'escalated_date',
    required: false,
    example: '',
    description: 'The day the resident asked for stage 2 (Code 6.10).',
  },
  {
    key: 'stage2_handler',
    required: false,
    example: '',
    description: 'The stage 2 handler’s staff email: someone other than the stage 1 handler (Code 6.13).',
  },
  {
    key: 'stage2_acknowledged_date',
    required: false,
    example: '',
    description: 'Stage 2 acknowledged (Code 6.11).',
  },
  { key: 'stage2_extension_date', required: false, example: '', description: 'As for stage 1 (Code 6.15).' },
  { key: 'stage2_extension_days', required: false, example: '', description: 'As for stage 1.' },
  { key: 'stage2_extension_new_date', required: false, example: '', description: 'As for stage 1.' },
  { key: 'stage2_extension_reason', required: false, example: '', description: 'As for stage 1.' },
  {
    key: 'final_response_date',
    required: false,
    example: '',
    description: 'The day the stage 2 (final) response was sent (Code 6.17).',
  },
  {
    key: 'outcome',
    required: false,
    example: 'partly_upheld',
    description:
      'The decision of the last response: upheld, partly_upheld or not_upheld (“partly upheld” and “not upheld” are read too). Required with a response.',
  },
  {
    key: 'remedy',
    required: false,
    example: 'apology',
    description:
      'Code 7.1: the remedy of an upheld or partly upheld response: apology, acknowledgement, explanation, action_on_delay, decision_changed, record_amended, financial or policy_change.',
  },
  {
    key: 'remedy_amount',
    required: false,
    example: '',
    description: 'A financial remedy’s amount in pounds.',
  },
  {
    key: 'remedy_done_date',
    required: false,
    example: '',
    description: 'Code 7.3: the day a remedy that is not done with the response (money, a repair) was done.',
  },
  {
    key: 'closed_date',
    required: false,
    example: '2024-05-20',
    description: 'The day it was closed after its response.',
  },
  { key: 'withdrawn_date', required: false, example: '', description: 'The day the resident withdrew it.' },
  {
    key: 'refused_date',
    required: false,
    example: '',
    description: 'The day it was refused (Code 2.1–2.5, 5.11).',
  },
  {
    key: 'refusal_reason',
    required: false,
    example: '',
    description:
      'The exclusion ground’s code from the landlord’s list (Settings › Lists). Required with a refusal.',
  },
] as const

export type ImportColumn = (typeof importColumns)[number]['key']
/** One row of the file: each column's text, trimmed; a column left out is blank. */
export type ImportCells = Partial<Record<ImportColumn, string>>

const byName = new Map<string, ImportColumn>(importColumns.map((c) => [c.key, c.key]))
/** "Legacy reference", "legacy-reference" and "LEGACY_REFERENCE" all name legacy_reference. */
export const columnName = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')

/**
 * The header row, checked before any row: every column known, none twice, every required one
 * there. Returns each position's column; throws naming everything wrong with the header.
 */
export function checkHeader(header: readonly string[]): (ImportColumn | undefined)[] {
  const problems: string[] = []
  const seen = new Set<ImportColumn>()
  const columns = header.map((h) => {
    if (!h.trim()) return undefined
    const column = byName.get(columnName(h))
    if (!column) problems.push(`“${h.trim()}” is not a column of the import`)
    else if (seen.has(column)) problems.push(`${column} is given twice`)
    else seen.add(column)
    return column
  })
  for (const c of importColumns)
    if (c.required && !seen.has(c.key)) problems.push(`the required column ${c.key} is missing`)
  if (problems.length)
    throw new WorkflowError(
      'rule',
      `The file’s header row is not the import’s: ${problems.join('; ')}. Download the template to see the columns`,
      'file',
    )
  return columns
}

/** The template: the header, one example row, and what each column means. */
export const templateRows = (): string[][] => [
  importColumns.map((c) => c.key),
  importColumns.map((c) => c.example),
]
