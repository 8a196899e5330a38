import type { TsmItem, TsmMeasures } from './tsm.js'

/** The rows of the TSM return: each measure for LCRA and LCHO, with what it means. */
export const tsmRows: { key: keyof TsmMeasures; code: string; label: string }[] = [
  { key: 'homes', code: '', label: 'Homes owned at the end of the year' },
  { key: 'stage1Received', code: 'CH01', label: 'Stage 1 complaints received' },
  { key: 'stage2Received', code: 'CH01', label: 'Stage 2 complaints received' },
  { key: 'ch01Stage1', code: 'CH01', label: 'Stage 1 complaints received per 1,000 homes' },
  { key: 'ch01Stage2', code: 'CH01', label: 'Stage 2 complaints received per 1,000 homes' },
  { key: 'stage1Responses', code: 'CH02', label: 'Stage 1 responses' },
  {
    key: 'stage1ResponsesWithinTimescale',
    code: 'CH02',
    label: 'Stage 1 responses within the Code’s timescales',
  },
  { key: 'ch02Stage1', code: 'CH02', label: 'Stage 1 responses within the Code’s timescales (%)' },
  { key: 'stage2Responses', code: 'CH02', label: 'Stage 2 responses' },
  {
    key: 'stage2ResponsesWithinTimescale',
    code: 'CH02',
    label: 'Stage 2 responses within the Code’s timescales',
  },
  { key: 'ch02Stage2', code: 'CH02', label: 'Stage 2 responses within the Code’s timescales (%)' },
]

/** Which items each figure counts, so a figure opens to its complaints. */
export const itemsBehind: Partial<
  Record<keyof TsmMeasures, { measure: TsmItem['measure']; within?: boolean }>
> = {
  stage1Received: { measure: 'stage1Received' },
  stage2Received: { measure: 'stage2Received' },
  ch01Stage1: { measure: 'stage1Received' },
  ch01Stage2: { measure: 'stage2Received' },
  stage1Responses: { measure: 'stage1Response' },
  stage1ResponsesWithinTimescale: { measure: 'stage1Response', within: true },
  ch02Stage1: { measure: 'stage1Response' },
  stage2Responses: { measure: 'stage2Response' },
  stage2ResponsesWithinTimescale: { measure: 'stage2Response', within: true },
  ch02Stage2: { measure: 'stage2Response' },
}

/** The counting rules, in words, as the page and the download state them. */
export const tsmRules = [
  'Stage 1 complaints received: complaints of the tenure received in the year, except those refused before they were acknowledged. Withdrawn complaints count.',
  'Stage 2 complaints received: requests for stage 2 made in the year that were not refused.',
  'CH01: complaints received ÷ homes owned × 1,000, to 1 decimal place; blank until the homes are recorded.',
  'Responses: stage 1 or stage 2 responses issued in the year.',
  'Within the timescale: issued on or before the day owed: the Code’s 10 (stage 1) or 20 (stage 2) working days, or the landlord’s shorter timescale, from the acknowledgement, or from the day the acknowledgement was due if it came late, plus extensions up to the Code’s cap of 10 or 20 working days in all.',
  'CH02: responses within the timescale ÷ responses × 100, to 1 decimal place; blank with no responses.',
]
