import type { LandlordEntity } from '../../../domain/entities/entity.js'
import type { FieldErrors, FormBody } from '../../forms.js'

type Shown = LandlordEntity & { displayName: string }

/** The entities list: each with what a reader checks at a glance. */
export const entityRows = (entities: Shown[]) =>
  entities.map((e) => ({
    id: e.id,
    name: e.displayName,
    isDefault: e.isDefault,
    rpNumber: e.rpNumber ?? 'Not given',
    contact: [e.phone, e.email, e.website].filter(Boolean).join(', ') || 'As the letter settings say',
    logo: e.hasLogo ? 'Yes' : e.isDefault ? 'As the letter settings say' : 'No',
  }))

/** The add or change form: the entity's details, or what was typed when refused. */
export function entityForm(
  entity: Shown | undefined,
  extra: { errors?: FieldErrors; values?: FormBody; notice?: string },
) {
  const saved = {
    name: entity?.name ?? '',
    rpNumber: entity?.rpNumber ?? '',
    address: entity?.address ?? '',
    phone: entity?.phone ?? '',
    email: entity?.email ?? '',
    website: entity?.website ?? '',
  }
  const values = extra.values ? { ...saved, ...extra.values } : saved
  return {
    entity,
    title: entity ? `Change ${entity.displayName}` : 'Add a landlord entity',
    action: entity ? `/settings/entities/${entity.id}` : '/settings/entities',
    values,
    errors: extra.errors,
    notice: extra.notice,
  }
}

/**
 * The choice of landlord entity on a form (intake, a resident's record, a staff account, the
 * TSM): shown only when the installation has more than one; the first item says what a blank
 * choice means there.
 */
export function entityItems(entities: Shown[], chosen: string | undefined, blank: string) {
  if (entities.length < 2) return undefined
  return [
    { value: '', text: blank, selected: !chosen },
    ...entities.map((e) => ({ value: e.id, text: e.displayName, selected: chosen === e.id })),
  ]
}
