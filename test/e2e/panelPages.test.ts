import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestApp } from '../app.js'
import { loggedComplaint } from '../cases.js'
import {
  expectAccessible,
  expectAccessibleWithoutScripts,
  horizontalOverflow,
  launchChromium,
  saveWithError,
  servedTestApp,
  signInAs,
} from './browser.js'

/** The residents' panel's pages and the team's page that answers it (Code 9.3), in Chromium with axe. */
let t: TestApp
let browser: Browser
let base: string
let officer: { id: string; email: string; password: string }
let panel: { id: string; email: string; password: string }
let improvementId: string

beforeAll(async () => {
  const served = await servedTestApp()
  t = served.t
  base = served.base
  officer = await t.createStaff('complaints_officer')
  panel = await t.createStaff('residents_panel')
  t.clock.set('2026-03-02T09:15:00Z')
  const actor = { id: officer.id, role: 'complaints_officer' as const }
  for (const [name, categories] of [
    ['Eve Mensah', ['repairs']],
    ['Tom Price', ['repairs', 'staff_conduct']],
  ] as const)
    await loggedComplaint(t, actor, {
      name,
      receivedAt: '2026-03-02T09:00:00Z',
      description: 'No heating for two weeks',
      categories: [...categories],
    })
  const a = await t.services.improvement.raise(
    {
      title: 'Check boilers before winter',
      description: 'Boilers serviced in September',
      source: 'theme',
      detail: 'Heating repairs',
      ownerId: officer.id,
      director: 'Sam Okafor, Director of Property',
      dueOn: '2026-09-30',
    },
    actor,
  )
  improvementId = a?.id as string
  await t.services.selfAssessment.start({ year: 2025, trigger: 'annual' }, actor)
  browser = await launchChromium()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await t?.close()
})

const signInAsPanel = async (page: Page) => {
  await page.goto(`${base}/sign-in`)
  await page.fill('[data-qa=email]', panel.email)
  await page.fill('[data-qa=password]', panel.password)
  await page.click('[data-qa=sign-in]')
  await page.waitForURL(`${base}/panel`)
}

const pages = [
  ['home', '/panel'],
  ['performance', '/panel/performance?period=2026-03'],
  ['themes', '/panel/themes'],
  ['improvements', '/panel/improvements'],
  ['self-assessment', '/panel/self-assessment?year=2025'],
  ['policy', '/panel/policy'],
] as const

describe("the residents' panel in the browser", () => {
  it('each page passes axe, with and without scripts, and fits 1280 and 320 px', async () => {
    for (const width of [1280, 320]) {
      const context = await browser.newContext({ viewport: { width, height: 900 } })
      const page = await context.newPage()
      await signInAsPanel(page)
      for (const [name, url] of pages) {
        await page.goto(`${base}${url}`)
        await expectAccessible(page)
        await expectAccessibleWithoutScripts(browser, page)
        expect(await horizontalOverflow(page), `${url} at ${width} px`).toBe(0)
        if (process.env.SCREENSHOTS)
          await page.screenshot({ path: `/tmp/panel-${name}-${width}.png`, fullPage: true })
      }
      await context.close()
    }
  }, 240_000)

  it('puts a challenge on the record, which the team answers; both forms pass axe at 1280 and 320 px', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 900 } })
    const page = await context.newPage()
    await signInAsPanel(page)
    await page.goto(`${base}/panel/improvements`)
    await page.click(`a[href*="key=${improvementId}"]`)
    await expectAccessible(page)
    expect(await page.locator('[data-qa=about]').textContent()).toContain('Check boilers before winter')
    await saveWithError(page, 'Code 9.3: say whether this is a comment or a challenge')
    expect(await horizontalOverflow(page)).toBe(0)
    await page.check('input[name=kind][value=challenge]')
    await page.fill('#text', 'September is too late: boilers fail in the first cold week.')
    if (process.env.SCREENSHOTS) await page.screenshot({ path: '/tmp/panel-comment-320.png', fullPage: true })
    await page.click('[data-qa=submit]')
    await page.waitForURL(/\/panel\?done=challenge$/)
    expect(await page.locator('[data-qa=open-challenges]').textContent()).toContain('September is too late')
    await expectAccessible(page)
    expect(await horizontalOverflow(page)).toBe(0)
    if (process.env.SCREENSHOTS)
      await page.screenshot({ path: '/tmp/panel-home-open-320.png', fullPage: true })
    await context.close()

    for (const width of [1280, 320]) {
      const team = await browser.newContext({ viewport: { width, height: 900 } })
      const o = await team.newPage()
      await signInAs(o, base, officer)
      await o.goto(`${base}/panel-comments`)
      await expectAccessible(o)
      await expectAccessibleWithoutScripts(browser, o)
      expect(await horizontalOverflow(o)).toBe(0)
      if (process.env.SCREENSHOTS)
        await o.screenshot({ path: `/tmp/panel-team-${width}.png`, fullPage: true })
      await o.click('[data-qa=answer-link]')
      await expectAccessible(o)
      expect(await horizontalOverflow(o)).toBe(0)
      if (width === 320) {
        await saveWithError(o, 'Code 9.3: write the answer to the panel')
        await o.fill('#answer', 'We agree: servicing moves to August from this year.')
        await o.fill('#whatChanged', 'Boiler servicing brought forward to August')
        if (process.env.SCREENSHOTS) await o.screenshot({ path: '/tmp/panel-answer-320.png', fullPage: true })
        await o.click('[data-qa=submit]')
        await o.waitForURL(/\/panel-comments\?done=answered$/)
        expect(await o.locator('[data-qa=answered]').textContent()).toContain(
          'Boiler servicing brought forward',
        )
      }
      await team.close()
    }
  }, 240_000)
})
