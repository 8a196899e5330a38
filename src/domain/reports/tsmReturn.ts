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
  {
    key: 'stage1ResponsesWithinTimescaleWithoutExtension',
    code: '',
    label: 'Stage 1 responses within the Code’s timescales without an extension',
  },
  {
    key: 'stage2ResponsesWithinTimescaleWithoutExtension',
    code: '',
    label: 'Stage 2 responses within the Code’s timescales without an extension',
  },
  {
    key: 'stage1ResponsesRecordedLate',
    code: '',
    label: 'Stage 1 responses recorded more than the allowed working days after they were sent',
  },
  {
    key: 'stage2ResponsesRecordedLate',
    code: '',
    label: 'Stage 2 responses recorded more than the allowed working days after they were sent',
  },
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

/** Why a measure has no figure, in words a board member understands (never "not worked out"). */
export function whyNoFigure(key: keyof TsmMeasures): string {
  if (key === 'homes') return 'not yet recorded'
  if (key === 'ch01Stage1' || key === 'ch01Stage2')
    return 'no figure yet, because the homes owned at the year’s end are not recorded'
  if (key === 'ch02Stage1' || key === 'ch02Stage2')
    return 'no figure, because there were no responses in the year'
  return 'none'
}
