import { londonDateOf } from '../../domain/calendar/calendarDate.js'
import type { LateRecordingInput } from '../../domain/complaints/lateRecording.js'
import { actionTime } from '../../domain/complaints/workflow.js'
import { decideRemedyAnswer, decideRemedyDone } from '../../domain/remedies/followThrough.js'
import type { Actor, CaseworkEngine } from '../complaints/casework.js'

/** Code 7.3: the follow-through of each remedy offered, recorded on the complaint. */
export function remedyActions(engine: CaseworkEngine) {
  const { act } = engine
  return {
    /** The resident accepted or declined a remedy offered. */
    answerRemedy(
      id: string,
      actor: Actor,
      input: LateRecordingInput & {
        remedyId?: string
        answer?: string
        note?: string
        answeredAt?: Date
        version?: number
      },
    ) {
      return act(id, actor, input.version, (c, ctx, r) => {
        const at = actionTime(c, input.answeredAt, ctx.now, 'answeredAt')
        return {
          events: [decideRemedyAnswer(c, { ...input, on: londonDateOf(at) }, r.calendar, r.today, ctx)],
          at,
          late: input,
        }
      })
    },

    /** A remedy done, or paid (with any part set against arrears, by agreement). */
    completeRemedy(
      id: string,
      actor: Actor,
      input: LateRecordingInput & {
        remedyId?: string
        note?: string
        offsetAgainstArrears?: number
        residentAgreedOffset?: boolean
        completedAt?: Date
        version?: number
      },
    ) {
      return act(id, actor, input.version, (c, ctx, r) => {
        const at = actionTime(c, input.completedAt, ctx.now, 'completedAt')
        return {
          events: [decideRemedyDone(c, { ...input, on: londonDateOf(at) }, r.calendar, r.today, ctx)],
          at,
          late: input,
        }
      })
    },
  }
}
