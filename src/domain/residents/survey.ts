import type { Complaint } from '../complaints/complaint.js'
import type { Stage } from '../complaints/vocabulary.js'

/**
 * The landlord's own post-complaint survey: how satisfied the resident is with the way their
 * complaint was handled, on the five-point scale the Tenant Satisfaction Measures use. It is not
 * TSM TP09, which comes from the landlord's perception survey of all tenants.
 */
export const satisfactionScale = [
  'very_satisfied',
  'fairly_satisfied',
  'neither',
  'fairly_dissatisfied',
  'very_dissatisfied',
] as const
export type Satisfaction = (typeof satisfactionScale)[number]
export const satisfactionLabels: Record<Satisfaction, string> = {
  very_satisfied: 'Very satisfied',
  fairly_satisfied: 'Fairly satisfied',
  neither: 'Neither satisfied nor dissatisfied',
  fairly_dissatisfied: 'Fairly dissatisfied',
  very_dissatisfied: 'Very dissatisfied',
}

/**
 * The response a survey answer is about, once the landlord has given its final word: the
 * stage 2 response, or the stage 1 response of a complaint closed without going to stage 2.
 */
export function surveyStage(c: Complaint): Stage | undefined {
  if (c.stages[2]?.response) return 2
  if (c.stages[1].response && c.state === 'closed' && c.stage === 1) return 1
  return undefined
}

export type SurveyAnswer = { satisfaction: Satisfaction; comment?: string }

/** Code 1.6: a dissatisfied answer is offered the route to complain about it. */
export const isDissatisfied = (s: string | undefined) =>
  s === 'fairly_dissatisfied' || s === 'very_dissatisfied'

/** The answer as given, or what is wrong with it. */
export function checkSurveyAnswer(input: {
  satisfaction?: string
  comment?: string
}): { answer: SurveyAnswer } | { problem: { field: string; message: string } } {
  const satisfaction = satisfactionScale.find((s) => s === input.satisfaction)
  if (!satisfaction)
    return {
      problem: {
        field: 'satisfaction',
        message: 'Choose how satisfied you are with the way we handled your complaint',
      },
    }
  const comment = input.comment?.trim()
  if (comment && comment.length > 5000)
    return { problem: { field: 'comment', message: 'Your comments must be 5,000 characters or fewer' } }
  return { answer: { satisfaction, ...(comment ? { comment } : {}) } }
}
