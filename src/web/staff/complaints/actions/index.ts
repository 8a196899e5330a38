import { acknowledgeForm } from './acknowledge.js'
import { answerRemedyForm } from './answerRemedy.js'
import { assignForm } from './assign.js'
import { closeForm } from './close.js'
import { completeActionForm } from './completeAction.js'
import { completeRemedyForm } from './completeRemedy.js'
import { consentForm } from './consent.js'
import { contactForm } from './contact.js'
import { escalateForm } from './escalate.js'
import { extendForm } from './extend.js'
import type { FormDeps, FormSpec } from './form.js'
import { issueForm } from './issue.js'
import { learningForm } from './learning.js'
import { noteForm } from './note.js'
import { postalAddressForm } from './postalAddress.js'
import { refuseForm } from './refuse.js'
import { rescheduleActionForm } from './rescheduleAction.js'
import { respondForm } from './respond.js'
import { tenureForm } from './tenure.js'
import { triageForm } from './triage.js'
import { updateForm } from './update.js'
import { withdrawForm } from './withdraw.js'

/** Every action form on the case page, in the order the page offers them. */
export const actionForms = (deps: FormDeps): FormSpec[] =>
  [
    acknowledgeForm,
    triageForm,
    assignForm,
    consentForm,
    contactForm,
    updateForm,
    noteForm,
    extendForm,
    issueForm,
    respondForm,
    escalateForm,
    refuseForm,
    withdrawForm,
    closeForm,
    completeActionForm,
    rescheduleActionForm,
    answerRemedyForm,
    completeRemedyForm,
    learningForm,
    tenureForm,
    postalAddressForm,
  ].map((form) => form(deps))
