import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { idleMemory } from './idleMemory.js'

describe('memory given back when the server is quiet', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())
  const MB = 1 << 20

  function server(heap: { bytes: number }) {
    const collect = vi.fn(() => {
      heap.bytes = 80 * MB
    })
    const memory = idleMemory({ afterMs: 5000, growthBytes: 32 * MB, collect, heapBytes: () => heap.bytes })
    return { memory, collect }
  }

  it('collects once, 5 s after the last request, when the heap has grown', () => {
    const heap = { bytes: 80 * MB }
    const { memory, collect } = server(heap)
    memory.started()
    heap.bytes = 400 * MB
    memory.finished()
    vi.advanceTimersByTime(4999)
    expect(collect).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(collect).toHaveBeenCalledTimes(1)
    // Quiet again with nothing new allocated: nothing to collect.
    memory.started()
    memory.finished()
    vi.advanceTimersByTime(10_000)
    expect(collect).toHaveBeenCalledTimes(1)
  })

  it('never collects while a request is in flight, however long it runs', () => {
    const heap = { bytes: 80 * MB }
    const { memory, collect } = server(heap)
    memory.started() // a download
    memory.started() // a page, while it runs
    heap.bytes = 300 * MB
    memory.finished() // the page is done; the download is not
    vi.advanceTimersByTime(60_000)
    expect(collect).not.toHaveBeenCalled()
    memory.finished()
    vi.advanceTimersByTime(5000)
    expect(collect).toHaveBeenCalledTimes(1)
  })

  it('waits for the quiet to start again when a request comes before it has lasted', () => {
    const heap = { bytes: 80 * MB }
    const { memory, collect } = server(heap)
    heap.bytes = 200 * MB
    memory.started()
    memory.finished()
    vi.advanceTimersByTime(3000)
    memory.started()
    memory.finished()
    vi.advanceTimersByTime(3000)
    expect(collect).not.toHaveBeenCalled()
    vi.advanceTimersByTime(2000)
    expect(collect).toHaveBeenCalledTimes(1)
  })

  it('leaves a heap that grew less than the threshold alone', () => {
    const heap = { bytes: 80 * MB }
    const { memory, collect } = server(heap)
    heap.bytes = 100 * MB
    memory.started()
    memory.finished()
    vi.advanceTimersByTime(10_000)
    expect(collect).not.toHaveBeenCalled()
  })

  it('by default runs V8’s own full collection, which frees what nothing refers to', async () => {
    vi.useRealTimers()
    const memory = idleMemory({ afterMs: 0, growthBytes: 0 })
    let garbage: unknown[] | undefined = Array.from({ length: 200_000 }, (_, i) => ({ i, text: `row ${i}` }))
    const ref = new WeakRef(garbage)
    garbage = undefined
    memory.started()
    memory.finished()
    await new Promise((resolve) => setTimeout(resolve, 50))
    memory.stop()
    expect(ref.deref()).toBeUndefined()
  })
})
