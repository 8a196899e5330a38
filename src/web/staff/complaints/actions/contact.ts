import { contactMethods } from '../../../../domain/complaints/vocabulary.js'
import { refusals } from '../../../formErrors.js'
import { type FieldErrors, field } from '../../../forms.js'
import { type FormDeps, type FormSpec, formFieldOf, restrictionCheck, version } from './form.js'

/** Record a contact with the resident or their representative (Code 5.12). */
export const contactForm = ({ complaints, people }: FormDeps): FormSpec => ({
  path: 'contact',
  action: 'recordContact',
  title: () => 'Record a contact',
  when: { legend: 'When was the contact?' },
  prepare: async (v, body) => ({
    restrictions: (await restrictionCheck(people, v, undefined, undefined)).warnings,
    confirmRestriction: body ? field(body, 'confirmRestriction') : '',
    direction: body ? field(body, 'direction') : '',
    methodItems: contactMethods.map((m) => ({
      value: m,
      text: m.replace('_', ' ').replace(/^./, (c) => c.toUpperCase()),
      selected: body ? field(body, 'method') === m : m === 'phone',
    })),
    summary: body ? field(body, 'summary') : '',
  }),
  submit: async (v, body, actor, at, late) => {
    const errors: FieldErrors = {}
    const direction = field(body, 'direction')
    if (direction !== 'incoming' && direction !== 'outgoing')
      errors.direction = 'Say whether the resident contacted you or you contacted them'
    if (!field(body, 'summary')) errors.summary = 'Summarise what was said'
    const restricted = await restrictionCheck(people, v, field(body, 'method'), body)
    if (restricted.error) errors.confirmRestriction = restricted.error
    if (Object.keys(errors).length) return errors
    return refusals(
      () =>
        complaints.recordContact(v.complaint.id, actor, {
          direction: direction as 'incoming' | 'outgoing',
          method: field(body, 'method'),
          summary: field(body, 'summary'),
          contactAt: at,
          ...late,
          version: version(body),
        }),
      { fieldFor: formFieldOf },
    )
  },
  done: 'Contact recorded.',
})
