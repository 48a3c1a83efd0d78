// Reconnect backoff: exponential with full jitter, so that the tabs of many browsers do not
// reconnect in step after the hub restarts.

export class Backoff {
  #attempt = 0;
  #baseMs;
  #capMs;
  #stableMs;
  #random;

  /**
   * @param baseMs   the first window: attempt n waits a random delay in [0, min(cap, base·2^n)]
   * @param capMs    the largest window
   * @param stableMs a connection that lived longer than this starts the count again
   * @param random   a source of numbers in [0, 1): Math.random, or a fixed one in tests
   */
  constructor({ baseMs, capMs, stableMs = 5000, random = Math.random }) {
    this.#baseMs = baseMs;
    this.#capMs = capMs;
    this.#stableMs = stableMs;
    this.#random = random;
  }

  /** How many attempts have failed since the last reset. */
  get attempt() { return this.#attempt; }

  /**
   * Records a failed attempt whose connection lived livedMs (0 if it never opened) and
   * returns how long to wait before the next one.
   */
  failed(livedMs = 0) {
    if (livedMs > this.#stableMs) this.#attempt = 0;
    const window = Math.min(this.#capMs, this.#baseMs * 2 ** Math.min(this.#attempt, 30));
    const delay = Math.round(this.#random() * window);
    this.#attempt++;
    return delay;
  }

  reset() { this.#attempt = 0; }
}
