import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The project's root folder, found by walking up to package.json, so that views and
 * migrations are found the same way whether the code runs from src/ (tsx, vitest) or dist/.
 */
function findProjectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error('Cannot find the project root (no package.json above the code)')
    dir = parent
  }
  return dir
}

export const projectRoot = findProjectRoot()
export const paths = {
  migrations: join(projectRoot, 'src', 'db', 'migrations'),
  views: join(projectRoot, 'src', 'views'),
  appAssets: join(projectRoot, 'src', 'web', 'assets'),
  govukFrontend: join(projectRoot, 'node_modules', 'govuk-frontend', 'dist'),
  mojFrontend: join(projectRoot, 'node_modules', '@ministryofjustice', 'frontend'),
  bankHolidays: join(projectRoot, 'src', 'domain', 'calendar', 'data'),
} as const
