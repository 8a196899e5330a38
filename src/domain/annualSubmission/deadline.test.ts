import { describe, expect, it } from 'vitest'
import { WorkflowError } from '../rules.js'
import { submissionDeadline } from './deadline.js'

describe('the annual submission’s deadline', () => {
  // Worked by hand: reporting year 2025/26 runs 1 April 2025 to 31 March 2026.
  it.each([
    // More than 1,000 homes: 30 September of the year the reporting year ends in, whatever the year end.
    { homes: 1001, financialYearEnd: '2026-03-31', due: '2026-09-30' },
    { homes: 25_000, financialYearEnd: '2025-12-31', due: '2026-09-30' },
    // 1,000 or fewer: six months after the financial year end; a month's end gives a month's end.
    { homes: 1000, financialYearEnd: '2026-03-31', due: '2026-09-30' },
    { homes: 400, financialYearEnd: '2025-12-31', due: '2026-06-30' },
    { homes: 400, financialYearEnd: '2025-09-30', due: '2026-03-31' },
    { homes: 400, financialYearEnd: '2025-06-30', due: '2025-12-31' },
    { homes: 0, financialYearEnd: '2025-08-31', due: '2026-02-28' },
    // Not a month's end: the same day six months on.
    { homes: 12, financialYearEnd: '2025-11-15', due: '2026-05-15' },
  ])('$homes homes, year end $financialYearEnd: due $due', ({ homes, financialYearEnd, due }) => {
    expect(submissionDeadline({ year: 2025, homes, financialYearEnd }).due).toBe(due)
  })

  it('explains itself in words', () => {
    expect(submissionDeadline({ year: 2025, homes: 1234, financialYearEnd: '2026-03-31' }).why).toBe(
      'Due 30 September 2026: a landlord with more than 1,000 homes (1,234 homes at the end of 2025/26) submits by 30 September after the reporting year ends on 31 March 2026.',
    )
    expect(submissionDeadline({ year: 2025, homes: 400, financialYearEnd: '2025-12-31' }).why).toBe(
      'Due 30 June 2026: a landlord with 1,000 homes or fewer (400 homes at the end of 2025/26) submits within 6 months of its financial year end, 31 December 2025.',
    )
  })

  it.each(['2025-03-31', '2026-04-01', '2026-02-30', 'soon'])(
    'refuses a financial year end outside the reporting year or no day at all (%s)',
    (financialYearEnd) => {
      const call = () => submissionDeadline({ year: 2025, homes: 10, financialYearEnd })
      expect(call).toThrow(WorkflowError)
      expect(call).toThrow(
        'The financial year end must be a day within the reporting year 2025/26 (1 April 2025 to 31 March 2026)',
      )
    },
  )
})
