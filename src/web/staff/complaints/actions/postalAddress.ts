import { letterAddressee } from '../../../../domain/letters/recipient.js'
import { refusals } from '../../../formErrors.js'
import { field } from '../../../forms.js'
import { type FormDeps, type FormSpec, formFieldOf, version } from './form.js'

/** Where letters are posted: the resident's address, or the representative's once they act (Code 1.3). */
export const postalAddressForm = ({ complaints }: FormDeps): FormSpec => ({
  path: 'postal-address',
  action: 'recordPostalAddress',
  title: () => 'Record a postal address',
  prepare: (v, body) => {
    const c = v.complaint
    // Letters go to whoever letterAddressee says: their address is the one offered first.
    const whose = body
      ? field(body, 'whose')
      : letterAddressee(c).viaRepresentative
        ? 'representative'
        : 'resident'
    const from = whose === 'representative' ? c.representative : c.resident
    return {
      whoseItems: [
        { value: 'resident', text: `The resident, ${c.resident.name}`, checked: whose === 'resident' },
        ...(c.representative
          ? [
              {
                value: 'representative',
                text: `The representative, ${c.representative.name}`,
                hint: { text: 'Letters go to them once the resident’s consent is recorded (Code 1.3).' },
                checked: whose === 'representative',
              },
            ]
          : []),
      ],
      address: body ? field(body, 'address') : (from?.address ?? ''),
      postcode: body ? field(body, 'postcode') : (from?.postcode ?? ''),
    }
  },
  submit: async (v, body, actor) =>
    refusals(
      () =>
        complaints.recordPostalAddress(v.complaint.id, actor, {
          whose: field(body, 'whose'),
          address: field(body, 'address'),
          postcode: field(body, 'postcode'),
          version: version(body),
        }),
      { fieldFor: formFieldOf },
    ),
  done: 'Postal address recorded. A letter already issued without it can now be reissued from its page.',
})
