import v8 from 'node:v8'
import vm from 'node:vm'

/**
 * Gives back what a burst of work left behind once the server has gone quiet. V8 collects garbage
 * only when something allocates: after a year's TSM workbook (400,000 rows) the heap holds a few
 * hundred MB of garbage that a quiet server never collects, so its memory stays at its peak all
 * night. A full collection `afterMs` after the last request has finished returns it, and only when
 * the heap has grown by `growthBytes` since the last collection (so a server answering a request
 * every few seconds collects rarely, and only while nothing is in flight).
 */
export function idleMemory(options: {
  afterMs: number
  growthBytes: number
  /** The full collection (by default V8's own, exposed for this). */
  collect?: () => void
  /** The heap's size now (by default V8's total heap). */
  heapBytes?: () => number
}) {
  const collect = options.collect ?? fullCollection()
  const heapBytes = options.heapBytes ?? (() => process.memoryUsage().heapTotal)
  let inFlight = 0
  let timer: NodeJS.Timeout | undefined
  let afterLast = heapBytes()
  const check = () => {
    timer = undefined
    if (inFlight || heapBytes() - afterLast < options.growthBytes) return
    collect()
    afterLast = heapBytes()
  }
  return {
    /** A request has begun: nothing is collected while one is in flight. */
    started() {
      inFlight++
      if (timer) clearTimeout(timer)
      timer = undefined
    },
    /** A request has finished: once none are in flight, the quiet is timed from now. */
    finished() {
      inFlight = Math.max(0, inFlight - 1)
      if (inFlight) return
      if (timer) clearTimeout(timer)
      timer = setTimeout(check, options.afterMs)
      timer.unref()
    },
    stop() {
      if (timer) clearTimeout(timer)
      timer = undefined
    },
  }
}

/**
 * V8's full collection: `gc`, given to this process when started with `--expose-gc`, otherwise
 * exposed now (V8 installs it in contexts made after the flag is set).
 */
function fullCollection(): () => void {
  const given = (globalThis as { gc?: () => void }).gc
  let gc = given
  if (typeof gc !== 'function') {
    v8.setFlagsFromString('--expose-gc')
    gc = vm.runInNewContext('gc') as () => void
  }
  const collect = gc
  // Compacted, this once: the live objects packed together, so pages left part full by the burst
  // are emptied and given back (without it, a heap of 60 MB used stays at 140 MB held).
  return () => {
    v8.setFlagsFromString('--compact-on-every-full-gc')
    try {
      collect()
    } finally {
      v8.setFlagsFromString('--no-compact-on-every-full-gc')
    }
  }
}
