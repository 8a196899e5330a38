import { DEFAULT_LATE_RECORDING_DAYS } from '../domain/complaints/lateRecording.js'
import { caseActions } from './complaints/actions.js'
import { type ComplaintsDeps, caseworkEngine } from './complaints/casework.js'
import { emailActions } from './complaints/emailActions.js'
import { intakeUseCases } from './complaints/intake.js'
import { caseQueries } from './complaints/queries.js'
import { residentActions } from './complaints/residentActions.js'
import { remedyActions } from './remedies/remedyActions.js'
import { triageActions } from './triage/triage.js'

export type { Actor, ComplaintView, ResidentActor } from './complaints/casework.js'
export { projectionOf, searchTextOf } from './complaints/casework.js'

/** The complaints use cases: intake, the actions on a case, and what the pages read. */
export function complaintsService(deps: ComplaintsDeps) {
  const engine = caseworkEngine(deps)
  return {
    /** Working days after which an action is recorded late and needs a reason. */
    lateRecordingDays: deps.lateRecordingDays ?? DEFAULT_LATE_RECORDING_DAYS,
    view: engine.view,
    ...intakeUseCases(deps, engine),
    ...caseActions(deps, engine),
    ...caseQueries(deps, engine),
    ...residentActions(deps, engine),
    ...emailActions(deps, engine),
    ...remedyActions(engine),
    ...triageActions(engine),
  }
}

export type ComplaintsService = ReturnType<typeof complaintsService>
