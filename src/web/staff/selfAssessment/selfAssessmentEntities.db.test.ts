import { extractText, getDocumentProxy } from 'unpdf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiCaller } from '../../../../test/api.js'
import { createTestApp, type TestApp } from '../../../../test/app.js'
import { FormSession } from '../../../../test/browserlessSession.js'
import { loggedComplaint } from '../../../../test/cases.js'
import { groupWithLimitedOfficer } from '../../../../test/entities.js'
import { DEFAULT_ENTITY_ID } from '../../../domain/entities/entity.js'

/**
 * Issue 34: the self-assessment (Code 8.1) of one landlord of a group, or of the group. Worked
 * out by hand for 2025/26: Test Homes (the default) received complaint A on Monday 2 June 2025,
 * acknowledged the next day; North Homes (L0001) received B on 3 June, acknowledged the next day,
 * and C on 4 June, never acknowledged, so its acknowledgement was due on 11 June and, on
 * 11 May 2026, is not met. Code 6.2's acknowledgements due in the year:
 *   - Test Homes: 1, in time (no concern);
 *   - North Homes: 2, 1 in time: "1 of 2 not in time in the year";
 *   - the group: 3, 2 in time: "1 of 3 not in time in the year".
 * Code 6.3's stage 1 responses, due 10 working days after each acknowledgement and none sent:
 * Test Homes 1 (A's), North 1 (B's; C was never acknowledged, so its response never fell due),
 * the group 2.
 */
let t: TestApp
let officer: { id: string; email: string; password: string }
let limited: { id: string; email: string; password: string }
let officerToken: string
let limitedToken: string
let north: string
const officerApi = apiCaller(
  () => t,
  () => officerToken,
)
const limitedApi = apiCaller(
  () => t,
  () => limitedToken,
)

async function signedIn(who: { email: string; password: string }) {
  const s = new FormSession(t.app)
  await s.signIn(who.email, who.password)
  return s
}

const pdfText = async (bytes: Buffer) =>
  (await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true })).text.replace(
    /\s+/g,
    ' ',
  )

beforeAll(async () => {
  t = await createTestApp({ apiTokenDays: 3650, sessionHours: 24 * 365 })
  t.clock.set('2025-06-01T09:00:00Z')
  ;({ officer, limited, north, officerToken, limitedToken } = await groupWithLimitedOfficer(t))
  const actor = { id: officer.id, role: 'complaints_officer' as const }
  const definition = { issues: ['The repair'], outcomesSought: ['Fix it'] }
  for (const [name, day, entityId, acknowledged] of [
    ['A', '2025-06-02', DEFAULT_ENTITY_ID, true],
    ['B', '2025-06-03', north, true],
    ['C', '2025-06-04', north, false],
  ] as const) {
    t.clock.set(`${day}T09:00:00Z`)
    const id = await loggedComplaint(t, actor, { name, receivedAt: `${day}T09:00:00Z`, entityId })
    if (!acknowledged) continue
    t.clock.set(`${day}T15:00:00Z`)
    await t.services.complaints.acknowledge(id, actor, { handlerId: officer.id, definition })
  }
  t.clock.set('2026-05-11T09:00:00Z')
})
afterAll(async () => {
  await t?.close()
})

const ACK = 'Stage 1 acknowledgements due in the year, and the share made in time'
const RESPONSES =
  'Stage 1 responses due in the year, and the share sent in time (with any extension agreed in time)'

describe('the self-assessment of one landlord of a group, or of the group (issue 34, Code 8.1)', () => {
  let northUrl: string
  let groupUrl: string
  let defaultsUrl: string

  it('starts each landlord’s and the group’s, each beside its own complaints’ figures', async () => {
    const s = await signedIn(officer)
    const list = await s.get('/self-assessment')
    expect(list.body).toContain('data-qa="entity"')
    expect(list.body).toContain('The group (every landlord, under one policy)')

    const nowhere = await s.post('/self-assessment', {
      year: '2025',
      trigger: 'annual',
      entity: '00000000-0000-4000-8000-00000000dead',
    })
    expect(nowhere.statusCode).toBe(422)
    expect(nowhere.body).toContain('Choose one of the landlords, or the group')
    expect(await t.database.db.selectFrom('self_assessments').select('id').execute()).toHaveLength(0)

    const northStarted = await s.post('/self-assessment', { year: '2025', trigger: 'annual', entity: north })
    expect(northStarted.statusCode).toBe(303)
    northUrl = northStarted.headers.location as string
    const groupStarted = await s.post('/self-assessment', { year: '2025', trigger: 'annual', entity: '' })
    expect(groupStarted.statusCode).toBe(303)
    groupUrl = groupStarted.headers.location as string
    const defaults = await s.post('/self-assessment', {
      year: '2025',
      trigger: 'annual',
      entity: DEFAULT_ENTITY_ID,
    })
    expect(defaults.statusCode).toBe(303)
    defaultsUrl = defaults.headers.location as string
    // One annual assessment a year for each: North's again is refused, naming whose.
    const again = await s.post('/self-assessment', { year: '2025', trigger: 'annual', entity: north })
    expect(again.statusCode).toBe(422)
    expect(again.body).toContain(
      'The annual self-assessment of North Homes (registered provider L0001) for 2025 has already been started',
    )

    const northSix = (await s.get(`${northUrl}/section/6`)).body
    expect(northSix).toContain(`${ACK}: 50% in time (1 of 2 that fell due); 1 still overdue.`)
    expect(northSix).toContain(`${RESPONSES}: 0% in time (0 of 1 that fell due); 1 still overdue.`)
    const groupSix = (await s.get(`${groupUrl}/section/6`)).body
    expect(groupSix).toContain(`${ACK}: 66.7% in time (2 of 3 that fell due); 1 still overdue.`)
    expect(groupSix).toContain(`${RESPONSES}: 0% in time (0 of 2 that fell due); 2 still overdue.`)
    const defaultsSix = (await s.get(`${defaultsUrl}/section/6`)).body
    expect(defaultsSix).toContain(`${ACK}: 100% in time (1 of 1 that fell due).`)
    expect(defaultsSix).toContain(`${RESPONSES}: 0% in time (0 of 1 that fell due); 1 still overdue.`)

    const overview = await s.get(northUrl)
    expect(overview.body).toContain('data-qa="landlord">North Homes (registered provider L0001)<')
    // The board packs are the group's (one board), and say so in one landlord's assessment.
    const nine = await s.get(`${northUrl}/section/9`)
    expect(nine.body).toContain(
      'Board and MRC packs taken from the service (PDF or workbook) (the group’s, for every landlord)',
    )
    expect((await s.get(`${groupUrl}/section/9`)).body).not.toContain('(the group’s, for every landlord)')

    const rows = (await s.get('/self-assessment')).body
    expect(rows).toContain('North Homes (registered provider L0001)')
    expect(rows).toContain('The group: Test Homes, North Homes')
  })

  it('finds the Ombudsman’s findings about its own complaints, and those about the group’s policy', async () => {
    const referenceOf = async (entityId: string) =>
      (
        await t.database.db
          .selectFrom('complaints')
          .select('reference')
          .where('entity_id', '=', entityId)
          .orderBy('received_at')
          .executeTakeFirstOrThrow()
      ).reference
    const orders = [
      { ombudsmanReference: 'FO-NORTH', complaintId: await referenceOf(north), provision: '6.2' },
      { ombudsmanReference: 'FO-TEST', complaintId: await referenceOf(DEFAULT_ENTITY_ID), provision: '6.2' },
    ]
    for (const o of orders) {
      const r = await officerApi('POST', '/api/v1/ombudsman-interventions', {
        ...o,
        kind: 'failure_order',
        failureType: 'code_non_compliance',
        receivedOn: '2025-09-01',
        description: 'Acknowledge within five working days',
        ownerId: officer.id,
        dueOn: '2025-09-15',
      })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
    }
    const pcc = await officerApi('POST', '/api/v1/ombudsman-interventions', {
      kind: 'policy_recommendation',
      ombudsmanReference: 'PCC-GROUP',
      receivedOn: '2025-09-01',
      provision: '6.2',
      description: 'Say in the policy how acknowledgements are made',
      ownerId: officer.id,
      dueOn: '2025-09-15',
    })
    expect(pcc.status, JSON.stringify(pcc.body)).toBe(201)
    const findings = async (url: string) =>
      (await t.services.selfAssessment.view(url.split('/').pop() as string)).sections
        .flatMap((x) => x.provisions)
        .find((p) => p.id === '6.2')
        ?.measures.map((m) => m.label)
        .filter((l) => /FO-|PCC-/.test(l))
        .map((l) => /(FO-\w+|PCC-\w+)/.exec(l)?.[1])
        .sort()
    // North's: its own complaint's order and the group's policy recommendation; not Test Homes'.
    expect(await findings(northUrl)).toEqual(['FO-NORTH', 'PCC-GROUP'])
    expect(await findings(defaultsUrl)).toEqual(['FO-TEST', 'PCC-GROUP'])
    expect(await findings(groupUrl)).toEqual(['FO-NORTH', 'FO-TEST', 'PCC-GROUP'])
  })

  it('prints one landlord’s document with its name and its figures', async () => {
    const s = await signedIn(officer)
    const pdf = await s.get(`${northUrl}/download/assessment.pdf`)
    expect(pdf.statusCode).toBe(200)
    const text = await pdfText(pdf.rawPayload)
    expect(text).toContain('North Homes (registered provider L0001)')
    expect(text).toContain('1 of 2 not in time in the year')
    expect(text).not.toContain('1 of 3 not in time in the year')
  })

  it('carries a landlord’s answers into its own next year, not the group’s', async () => {
    const actor = { id: officer.id, role: 'complaints_officer' as const }
    const id = (url: string) => url.split('/').pop() as string
    await t.services.selfAssessment.answer(
      id(northUrl),
      { provision: '1.2', comply: 'yes', evidence: 'North’s policy 2.1' },
      actor,
    )
    await t.services.selfAssessment.answer(
      id(groupUrl),
      { provision: '1.2', comply: 'yes', evidence: 'The group’s policy 3.4' },
      actor,
    )
    const next = await t.services.selfAssessment.start(
      { year: 2026, trigger: 'annual', entity: north },
      actor,
    )
    expect(next.entityId).toBe(north)
    expect(next.copiedFrom).toBe(id(northUrl))
    expect(next.answers.get('1.2')?.evidence).toBe('North’s policy 2.1')
    const group = await t.services.selfAssessment.start({ year: 2026, trigger: 'annual' }, actor)
    expect(group.entityId).toBeUndefined()
    expect(group.answers.get('1.2')?.evidence).toBe('The group’s policy 3.4')
  })

  it('gives the API the group’s, or one landlord’s when asked', async () => {
    const ack = (body: { provisions: { id: string; measures: { label: string; concern?: string }[] }[] }) =>
      body.provisions.find((p) => p.id === '6.2')?.measures.find((m) => m.label === ACK)?.concern
    const group = await officerApi('GET', '/api/v1/self-assessments/2025')
    expect(group.status).toBe(200)
    expect(ack(group.body)).toBe('1 of 3 not in time in the year')
    const one = await officerApi('GET', `/api/v1/self-assessments/2025?entity=${north}`)
    expect(ack(one.body)).toBe('1 of 2 not in time in the year')
    expect(one.body.provisions.find((p: { id: string }) => p.id === '1.2').evidence).toBe(
      'North’s policy 2.1',
    )
    // A person limited to North is given North's, whatever was asked.
    const theirs = await limitedApi('GET', `/api/v1/self-assessments/2025?entity=${DEFAULT_ENTITY_ID}`)
    expect(ack(theirs.body)).toBe('1 of 2 not in time in the year')
  })

  it('shows a person limited to North only North’s, and refuses the group’s saying why', async () => {
    const s = await signedIn(limited)
    const list = await s.get('/self-assessment')
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain('data-qa="limited-to-landlord"')
    expect(list.body).not.toContain('data-qa="entity"')
    expect(list.body).toContain(`href="${northUrl}"`)
    expect(list.body).not.toContain(`href="${groupUrl}"`)
    expect(list.body).not.toContain(`href="${defaultsUrl}"`)
    expect((await s.get(northUrl)).statusCode).toBe(200)
    const group = await s.get(groupUrl)
    expect(group.statusCode).toBe(403)
    expect(group.body).toContain('Your account is limited to North Homes; this covers the whole group')
    expect((await s.get(defaultsUrl)).statusCode).toBe(404)
    expect((await s.get(`${defaultsUrl}/download/assessment.pdf`)).statusCode).toBe(404)
    // Answering another landlord's is as if it did not exist; nothing is written.
    await s.get(`${northUrl}/section/1`)
    const before = await t.services.selfAssessment.view(defaultsUrl.split('/').pop() as string)
    const answer = await s.post(`${defaultsUrl}/section/1`, {
      provision: '1.2',
      comply: 'yes',
      evidence: 'x',
    })
    expect(answer.statusCode).toBe(404)
    const after = await t.services.selfAssessment.view(defaultsUrl.split('/').pop() as string)
    expect(after.assessment.version).toBe(before.assessment.version)
    // What they start is North's, whatever they ask for.
    await s.get('/self-assessment')
    const started = await s.post('/self-assessment', {
      year: '2025',
      trigger: 'restructure',
      note: 'North merged its repairs teams',
      entity: DEFAULT_ENTITY_ID,
    })
    expect(started.statusCode).toBe(303)
    const mine = await t.services.selfAssessment.view(
      (started.headers.location as string).split('/').pop() as string,
    )
    expect(mine.assessment.entityId).toBe(north)
    const viaApi = await limitedApi('POST', '/api/v1/self-assessments', {
      year: 2025,
      trigger: 'ombudsman_request',
      note: 'The Ombudsman asked',
    })
    expect(viaApi.status, JSON.stringify(viaApi.body)).toBe(201)
    expect(viaApi.body.entityId).toBe(north)
    const groupAnswer = await limitedApi(
      'PUT',
      `/api/v1/self-assessments/${groupUrl.split('/').pop()}/provisions/1.2`,
      { comply: 'yes', evidence: 'Mine' },
    )
    expect(groupAnswer.status).toBe(403)
    expect(groupAnswer.body.error.message).toBe(
      'Your account is limited to North Homes; this covers the whole group',
    )
  })
})
