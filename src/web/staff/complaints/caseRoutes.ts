import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { letterName } from '../../../domain/complaints/chronology.js'
import {
  consentNeeded,
  currentStageRecord,
  outstandingActions,
  priorityOf,
} from '../../../domain/complaints/complaint.js'
import type { LetterKind } from '../../../domain/complaints/events.js'
import { timeLimitOf } from '../../../domain/complaints/timeLimit.js'
import { transitions } from '../../../domain/complaints/workflow.js'
import { hazardAssessmentLabels } from '../../../domain/hazards/vocabulary.js'
import { letterHtml } from '../../../domain/letters/layout.js'
import { letterChecklist, readingEase } from '../../../domain/letters/templates.js'
import {
  letterFormatLabels,
  preferredMethodLabels,
  restrictionScopeLabels,
} from '../../../domain/people/vocabulary.js'
import {
  adjustmentLabels,
  adjustmentsInWords,
  preferredContactLabels,
  updateFrequencyLabels,
} from '../../../domain/residents/needs.js'
import { flagsShown, type Priority, priorityLabels } from '../../../domain/triage/triage.js'
import { AppError, asAppError, notFound } from '../../../errors.js'
import { LetterPreview } from '../../../services/complaints/casework.js'
import type { ComplaintView } from '../../../services/complaints.js'
import { showedCase } from '../../accessLog.js'
import { sendDocument } from '../../documents.js'
import { fieldErrorsOf } from '../../formErrors.js'
import { type FieldErrors, type FormBody, field } from '../../forms.js'
import { doneQuery, idParams, pathParams } from '../../params.js'
import { currentStaff, type StaffWebOptions, signedIn } from '../access.js'
import { formFieldOf, lateFromBody, lateInputs, whenFromBody, whenInputs } from './actions/form.js'
import { actionForms } from './actions/index.js'
import {
  caseActions,
  caseDocuments,
  caseLetters,
  caseNotice,
  caseTimeline,
  recordedLateCount,
  stageEvidence,
} from './viewModel.js'

const letterParams = pathParams('id', 'letterId')

/** The case page and its letters, and every action form (one module each, under ./actions). */
export const caseRoutes: FastifyPluginAsyncZod<StaffWebOptions> = async (app, { services, clock }) => {
  const complaints = services.complaints
  const handlers = services.staffAccounts.handlers

  async function handlerItems(
    selected: string | null | undefined,
    exclude: (string | null | undefined)[] = [],
  ) {
    return [
      { value: '', text: 'Choose a handler' },
      ...(await handlers())
        .filter((h) => !exclude.includes(h.id))
        .map((h) => ({
          value: h.id,
          text: `${h.name} (${h.role.replace('_', ' ')})`,
          selected: h.id === selected,
        })),
    ]
  }

  const forms = actionForms({
    complaints,
    clock,
    handlerItems,
    remedies: services.remedies,
    triageRules: services.triageRules,
    people: services.people,
  })

  async function load(request: FastifyRequest, id: string) {
    return complaints.view(id, currentStaff(request).role)
  }

  app.get(
    '/complaints/:id',
    { schema: { hide: true, params: idParams, querystring: doneQuery }, preHandler: signedIn('viewCases') },
    async (request, reply) => {
      const v = await load(request, request.params.id)
      const c = v.complaint
      showedCase(request, c)
      const query = request.query
      const letters = await complaints.letters(c.id)
      const deliveries = await services.mail.deliveries(c.id)
      const surveys = await services.surveys.forComplaint(c.id)
      const ombudsmanCases = await services.ombudsman.forComplaint(c.id)
      const documents = await complaints.documents(c.id)
      const categories = new Map((await complaints.categories()).map((x) => [x.code, x.label]))
      const rootCauseLabels = Object.fromEntries(
        (await services.complaints.rootCauses()).map((r) => [r.code, r.label]),
      )
      return reply.view('staff/complaints/case.njk', {
        anonymised: await services.retention.anonymisationOf(c.id),
        surveys,
        rootCauseLabels,
        categoryLabels: Object.fromEntries(categories),
        ombudsmanCases,
        hazards: await services.hazards.forComplaint(c.id),
        // Who the resident is: their record, adjustments, restrictions and reviews (Code 5.10, 5.14).
        person: await services.people.summary(c.personId),
        serviceRequest: await services.serviceRequests.forComplaint(c.serviceRequestReference),
        priorityLabels,
        triageFlags: flagsShown(c.triage.suggested, c.triage.confirmed),
        priority: priorityOf(c)
          ? `${priorityLabels[priorityOf(c) as Priority]}${c.triage.confirmed ? '' : ' (suggested)'}`
          : undefined,
        adjustmentLabels,
        scopeLabels: restrictionScopeLabels,
        formatLabels: letterFormatLabels,
        methodLabels: preferredMethodLabels,
        hazardKindLabels: hazardAssessmentLabels,
        improvements: await services.improvement.forComplaint(c.id),
        c,
        v,
        handlerName: (id: string | null | undefined) =>
          id ? (v.staffNames.get(id) ?? 'Unknown') : 'Not assigned',
        currentHandler: currentStageRecord(c).handlerId,
        consentNeeded: consentNeeded(c),
        // Code 3.2: the adjustments the resident asked for, in front of everyone handling the case.
        adjustments: c.adjustments ? adjustmentsInWords(c.adjustments) : undefined,
        updatePreference: c.updatePreference
          ? `${preferredContactLabels[c.updatePreference.method]}, ${updateFrequencyLabels[c.updatePreference.frequency].toLowerCase()}`
          : undefined,
        timeLimit: timeLimitOf(c),
        categories: c.categories.map((code) => categories.get(code) ?? code),
        actions: caseActions(forms, v),
        notice: caseNotice(query.done, c.reference, forms),
        letters: caseLetters(letters, deliveries),
        documents: caseDocuments(documents, v.staffNames),
        outstanding: outstandingActions(c),
        remedies: v.remedies,
        timeline: caseTimeline(c, v.staffNames),
        stageEvidence: stageEvidence(c),
        recordedLateCount: recordedLateCount(c.events),
      })
    },
  )

  // A complete case as one PDF, for a file note or a resident's request; logged as a view of the case.
  app.get(
    '/complaints/:id/case.pdf',
    { schema: { hide: true, params: idParams }, preHandler: signedIn('viewCases') },
    async (request, reply) => {
      const file = await services.caseFile.pdf(request.params.id, currentStaff(request).role)
      showedCase(request, file.complaint, 'case', `Case file ${file.complaint.reference} (PDF)`)
      return sendDocument(reply, {
        filename: file.filename,
        contentType: 'application/pdf',
        content: file.content,
      })
    },
  )

  app.get(
    '/complaints/:id/letters/:letterId/pdf',
    { schema: { hide: true, params: letterParams }, preHandler: signedIn('viewCases') },
    async (request, reply) => {
      const { id, letterId } = request.params
      const { filename, pdf } = await services.mail.letterPdf(id, letterId)
      return sendDocument(reply, { filename, contentType: 'application/pdf', content: pdf })
    },
  )

  app.get(
    '/complaints/:id/letters/:letterId',
    { schema: { hide: true, params: letterParams }, preHandler: signedIn('viewCases') },
    async (request, reply) => {
      const { id, letterId } = request.params
      const letter = (await complaints.letters(id)).find((l) => l.id === letterId)
      if (!letter) throw notFound('There is no such letter on this complaint')
      const v = await load(request, id)
      showedCase(request, v.complaint, 'letter', `${letterName(letter.kind)} on ${v.complaint.reference}`)
      return reply.view('staff/complaints/letter.njk', {
        c: v.complaint,
        v,
        letter: { ...letter, name: letterName(letter.kind) },
        // For letter audits: how the letter reads, and whether it holds the Code's list for its kind.
        readingEase: readingEase(letter.text),
        checklist: letterChecklist(letter.kind as LetterKind, letter.text),
        canReissue: currentStaff(request).permissions.handleComplaints && v.complaint.state !== 'closed',
      })
    },
  )

  // Reissuing writes a new letter (today's wording, the case as it is) that says which letter it
  // replaces; the first is never changed. It is sent the same way as any letter.
  app.post(
    '/complaints/:id/letters/:letterId/reissue',
    { schema: { hide: true, params: letterParams }, preHandler: signedIn('handleComplaints') },
    async (request, reply) => {
      const { id, letterId } = request.params
      const staff = currentStaff(request)
      const body = (request.body ?? {}) as FormBody
      await complaints.reissueLetter(
        id,
        { id: staff.id, role: staff.role },
        {
          letterId,
          version: /^\d{1,9}$/.test(field(body, 'version')) ? Number(field(body, 'version')) : undefined,
        },
      )
      return reply.redirect(`/complaints/${id}?done=reissued`, 303)
    },
  )

  for (const form of forms) {
    const render = async (
      reply: FastifyReply,
      v: ComplaintView,
      body?: FormBody,
      errors?: FieldErrors,
      problem?: string,
      preview?: LetterPreview,
    ) =>
      reply
        .code(errors || problem ? (problem ? 409 : 422) : 200)
        .view(`staff/complaints/actions/${form.path}.njk`, {
          c: v.complaint,
          v,
          title: form.title(v),
          formAction: `/complaints/${v.complaint.id}/${form.path}`,
          version: problem || !body ? v.complaint.version : field(body, 'version'),
          errors: errors && Object.keys(errors).length ? errors : undefined,
          problem,
          issuesLetter: form.issuesLetter,
          // See before you send: the letter as it will go, from the same text, and its checksum.
          preview: preview && {
            title: letterName(preview.kind),
            html: letterHtml(preview.text),
            checksum: preview.checksum,
            changed: preview.changed,
          },
          when: form.when,
          ...(form.when ? whenInputs(body, clock.now(), Boolean(errors?.when)) : {}),
          ...(form.when
            ? { late: lateInputs(v, body, services.complaints.lateRecordingDays, form.when.lateDocument) }
            : {}),
          ...(await form.prepare?.(v, body)),
        })

    const guard = (v: ComplaintView) => {
      if (!v.allowedActions.includes(form.action) || !(form.offered?.(v) ?? true)) {
        throw new AppError(409, 'not_allowed_now', `${transitions[form.action].why}.`)
      }
    }

    app.get(
      `/complaints/:id/${form.path}`,
      { schema: { hide: true, params: idParams }, preHandler: signedIn('handleComplaints') },
      async (request, reply) => {
        const v = await load(request, request.params.id)
        guard(v)
        return render(reply, v)
      },
    )

    app.post(
      `/complaints/:id/${form.path}`,
      { schema: { hide: true, params: idParams }, preHandler: signedIn('handleComplaints') },
      async (request, reply) => {
        const staff = currentStaff(request)
        const v = await load(request, request.params.id)
        const body = (request.body ?? {}) as FormBody
        try {
          guard(v)
          const when = form.when ? whenFromBody(body, clock.now()) : {}
          // A letter is recorded only once it has been seen: the first press previews it.
          const shown = field(body, 'letterChecksum')
          const letter = form.issuesLetter
            ? field(body, 'intent') === 'send' && shown
              ? { expected: shown }
              : { preview: true as const }
            : undefined
          const actor = { id: staff.id, role: staff.role, ...(letter ? { letter } : {}) }
          const errors = when.error
            ? { when: when.error }
            : await form.submit(v, body, actor, when.at, lateFromBody(body))
          // No errors but not done: the form is shown again as typed (a check, not a save).
          if (errors) return render(reply, v, body, Object.keys(errors).length ? errors : undefined)
          return reply.redirect(`/complaints/${v.complaint.id}?done=${form.path}`, 303)
        } catch (raised) {
          if (raised instanceof LetterPreview) return render(reply, v, body, undefined, undefined, raised)
          const error = asAppError(raised)
          if (!(error instanceof AppError)) throw error
          if (error.status === 422 || error.status === 400)
            return render(reply, v, body, fieldErrorsOf(error, { fieldFor: formFieldOf }))
          if (error.status === 409) {
            const fresh = await load(request, request.params.id)
            return render(reply, fresh, body, undefined, error.message)
          }
          throw error
        }
      },
    )
  }
}
