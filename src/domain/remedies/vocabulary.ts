import type { RemedyType } from '../complaints/vocabulary.js'

/** A payment made on a remedy: all of it to the resident, or part set against arrears they agreed to. */
export type Payment = { amount: number; offsetAgainstArrears?: number; residentAgreedOffset?: boolean }

/**
 * Code 7.3: what is offered is followed through. Unless the response says otherwise, a remedy
 * is to be done (or paid) within this many working days of the response that offered it:
 * four weeks, the time the Ombudsman usually allows for its own orders.
 */
export const REMEDY_WORKING_DAYS = 20

/** The remedies the response letter itself delivers: nothing further is owed once it is sent. */
export const givenInTheResponse: readonly RemedyType[] = ['apology', 'acknowledgement', 'explanation']

/**
 * How compensation is made up (the Ombudsman's remedies guidance; 2020 Code 5.9): what the
 * resident lost, their time and trouble, the distress and inconvenience, and what was owed anyway.
 */
export const compensationParts = [
  'financialLoss',
  'timeAndTrouble',
  'distressAndInconvenience',
  'owedAnyway',
] as const
export type CompensationPart = (typeof compensationParts)[number]
export type CompensationBreakdown = Partial<Record<CompensationPart, number>>
export const compensationPartLabels: Record<CompensationPart, string> = {
  financialLoss: 'Financial loss',
  timeAndTrouble: 'Time and trouble',
  distressAndInconvenience: 'Distress and inconvenience',
  owedAnyway: 'Owed anyway (for example a statutory home-loss payment)',
}
/** The parts that are discretionary redress, which the guidance bands are about. */
export const discretionaryParts: readonly CompensationPart[] = ['timeAndTrouble', 'distressAndInconvenience']

export const remedyAnswers = ['accepted', 'declined'] as const
export type RemedyAnswer = (typeof remedyAnswers)[number]

/** Where a remedy is in its follow-through. */
export const remedyStatuses = ['offered', 'accepted', 'declined', 'done', 'superseded'] as const
export type RemedyStatus = (typeof remedyStatuses)[number]
export const remedyStatusLabels: Record<RemedyStatus, string> = {
  offered: 'Offered',
  accepted: 'Accepted',
  declined: 'Declined',
  done: 'Done',
  superseded: 'Replaced at stage 2',
}

/** Pounds as a resident reads them: £1,250.00. */
export const money = (pounds: number) =>
  new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' }).format(pounds)
