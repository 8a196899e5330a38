import { PGlite } from '@electric-sql/pglite'

let t = Date.now()
const db = new PGlite()
await db.waitReady
console.log('ready ms', Date.now() - t)
const r = await db.query(
  `select count(*) c, 12345678901::int8 big, 1.50::numeric n, '2026-01-02'::date d, now() ts, pg_advisory_xact_lock(42) l`,
)
console.log(r.rows, r.fields)
const e = await db.exec(`create table a(x int); insert into a values (1),(2); select * from a;`)
console.log(JSON.stringify(e))
t = Date.now()
const dump = await db.dumpDataDir('none')
console.log('dump ms', Date.now() - t, dump.size)
t = Date.now()
const db2 = new PGlite({ loadDataDir: dump })
await db2.waitReady
console.log('load ms', Date.now() - t, (await db2.query('select * from a')).rows)
