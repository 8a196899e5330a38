import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import type { TestProject } from 'vitest/node'
import { systemClock } from '../src/clock.js'
import { pgliteOptions, wrapPGlite } from '../src/db/database.js'
import { prepareDatabase } from '../src/services/bootstrap.js'

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string
  }
}

/** Migrates one embedded database and saves it; each test file starts from a copy of it. */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'complaints-test-'))
  const pglite = new PGlite(pgliteOptions)
  const { db } = wrapPGlite(pglite)
  await prepareDatabase(db, systemClock)
  const dump = await pglite.dumpDataDir('none')
  await pglite.close()
  const file = join(dir, 'template.tar')
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()))
  project.provide('pgliteTemplate', file)
  return () => rmSync(dir, { recursive: true, force: true })
}
