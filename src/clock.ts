/** Time comes from a clock passed in, never from `new Date()` in the code, so every tier can fix it. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock that stands still until told to move; the one fake clock every test tier uses. */
export class FixedClock implements Clock {
  #at: number
  constructor(at: Date | string) {
    this.#at = new Date(at).getTime()
  }
  now(): Date {
    return new Date(this.#at)
  }
  set(at: Date | string): void {
    this.#at = new Date(at).getTime()
  }
  advance(ms: number): void {
    this.#at += ms
  }
}
