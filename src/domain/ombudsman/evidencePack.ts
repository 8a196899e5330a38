import {
  type CalendarDate,
  formatLondonTime,
  formatLongDate,
  londonDateOf,
} from '../calendar/calendarDate.js'
import { type Timescales, timescaleKeys } from '../policy/timescales.js'
import type { OmbudsmanCase } from './ombudsmanCase.js'
import { ombudsmanCaseKindLabels } from './vocabulary.js'

export type PackFile = { path: string; what: string }

const timescaleWords: Record<keyof Timescales, string> = {
  acknowledgeDays: 'Stage 1 acknowledgement',
  stage1ResponseDays: 'Stage 1 response, after the acknowledgement',
  stage1MaxExtensionDays: 'Stage 1 longest extension',
  stage2AcknowledgeDays: 'Stage 2 acknowledgement',
  stage2ResponseDays: 'Stage 2 response, after the acknowledgement',
  stage2MaxExtensionDays: 'Stage 2 longest extension',
  residentUpdateDays: 'Updates to the resident at least every',
}

/** The landlord's timescales in force for a stage, as a document for the pack. */
export function policyText(
  landlordName: string,
  version: number,
  effectiveFrom: CalendarDate,
  t: Timescales,
): string {
  return [
    `${landlordName}\nComplaint timescales, version ${version}`,
    `In force from ${formatLongDate(effectiveFrom)}`,
    `Timescales in working days:\n${timescaleKeys.map((k) => `  - ${timescaleWords[k]}: ${t[k]}`).join('\n')}`,
  ].join('\n\n')
}

/**
 * The index of an evidence pack: what the case is, every file in the pack and what it is, the
 * chronology of the complaint from its record, and what was left out and why.
 */
export function evidencePackIndex(input: {
  landlordName: string
  preparedAt: Date
  ombudsmanCase: OmbudsmanCase
  complaintReference: string
  files: PackFile[]
  /** Each event in words, with what it said: the complaint as made, definitions, decisions, remedies. */
  chronology: { at: Date; label: string; detail?: string[]; by: string }[]
  leftOut: { filename: string }[]
  reason?: string
}): string {
  const c = input.ombudsmanCase
  const when = (d: Date) => `${formatLongDate(londonDateOf(d))} ${formatLondonTime(d)}`
  return [
    `${input.landlordName}\nEvidence for the Housing Ombudsman`,
    `Ombudsman case ${c.ombudsmanReference} (${ombudsmanCaseKindLabels[c.kind].toLowerCase()}), complaint ${input.complaintReference}. Prepared ${when(input.preparedAt)}.`,
    'Contents',
    input.files.map((f) => `  - ${f.path}: ${f.what}`).join('\n'),
    'Chronology',
    input.chronology
      .map((e) => {
        const detail = (e.detail ?? []).map((d) => d.replace(/\s+/g, ' ').trim()).filter(Boolean)
        return `  - ${when(e.at)}: ${e.label} (${e.by})${detail.length ? `. ${detail.join('; ')}` : ''}`
      })
      .join('\n'),
    'Left out',
    input.leftOut.length
      ? `${input.leftOut.map((f) => `  - ${f.filename}`).join('\n')}\n\nWhy: ${input.reason ?? ''}`
      : 'Nothing was left out.',
  ].join('\n\n')
}
