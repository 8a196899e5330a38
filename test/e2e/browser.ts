import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { type Browser, chromium, type Page } from 'playwright-core'
import { expect } from 'vitest'
import { createTestApp, type TestApp } from '../app.js'

const require = createRequire(import.meta.url)
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

/** Debian's Chromium, as CI installs it: browsers cannot be downloaded here. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

/** How far the page runs past the window's right edge, in pixels (0: no sideways scrolling). */
export async function horizontalOverflow(page: Page): Promise<number> {
  const [scrollWidth, clientWidth] = await page.evaluate(() => {
    const root = (
      globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }
    ).document.documentElement
    return [root.scrollWidth, root.clientWidth]
  })
  return Math.max(0, (scrollWidth ?? 0) - (clientWidth ?? 0))
}

/** Runs axe-core on the page and fails on any WCAG 2.2 A or AA violation, naming each. */
export async function expectAccessible(page: Page): Promise<void> {
  // evaluate() is not subject to the page's CSP, so axe runs without weakening it.
  await page.evaluate(axeSource)
  const violations = await page.evaluate(async () => {
    type Axe = {
      run(
        context: unknown,
        options: unknown,
      ): Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }>
    }
    const page = globalThis as unknown as { axe: Axe; document: unknown }
    const result = await page.axe.run(page.document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    })
    return result.violations.map(
      (v: { id: string; help: string; nodes: { target: string[] }[] }) =>
        `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    )
  })
  expect(violations.join('\n'), `accessibility of ${page.url()}`).toBe('')
}

/**
 * axe for a page seen with JavaScript off. axe itself needs JavaScript, so the page's HTML as
 * the browser shows it is opened in a second page with scripting on but the page's own
 * scripts blocked: the same markup and styles, as a person without JavaScript meets them.
 */
export async function expectAccessibleWithoutScripts(browser: Browser, page: Page): Promise<void> {
  const url = page.url()
  const html = await page.content()
  const context = await browser.newContext({ viewport: page.viewportSize() ?? undefined })
  try {
    // The page's own scripts never run; the page itself is served as it was shown.
    await context.route(/\.m?js(\?.*)?$/, (route) => route.abort())
    await context.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }))
    const copy = await context.newPage()
    await copy.goto(url, { waitUntil: 'load' })
    await expectAccessible(copy)
  } finally {
    await context.close()
  }
}

/** Signs a member of staff in through the sign-in page, and waits for the dashboard. */
export async function signInAs(page: Page, base: string, who: { email: string; password: string }) {
  await page.goto(`${base}/sign-in`)
  await page.fill('[data-qa=email]', who.email)
  await page.fill('[data-qa=password]', who.password)
  await page.click('[data-qa=sign-in]')
  await page.waitForURL(`${base}/`)
}

/** Submits the form (or presses `button`), expects the error summary to say `message`, and checks the page with axe. */
export async function saveWithError(page: Page, message: string, button = '[data-qa=submit]') {
  await page.click(button)
  await expect
    .poll(() => page.locator('.govuk-error-summary').textContent(), { timeout: 15_000 })
    .toContain(message)
  await expectAccessible(page)
}

/** A test app listening on a free local port, for the browser to reach; sessions last for the run. */
export async function servedTestApp(
  overrides: Parameters<typeof createTestApp>[0] = {},
): Promise<{ t: TestApp; base: string }> {
  const t = await createTestApp({ sessionHours: 24 * 100, ...overrides })
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  return { t, base: `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}` }
}
