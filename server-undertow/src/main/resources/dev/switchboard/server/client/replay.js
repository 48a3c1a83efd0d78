// Replay bookkeeping of the shared connection: the newest messages, kept so that a tab that
// re-attaches with a cursor is brought up to date, and the cursor the next hub connection
// resumes from. No sockets and no timers here.

import { parseCursor, compareCursors, cursorBefore } from "./cursor.js";

export class ReplayBuffer {
  /** The newest message cursor received (for dedupe after a rewind), or null. */
  lastCursor = null;
  /** The cursor the next hub connection asks for (?since=), or null for the live stream. */
  resumeFrom = null;
  /** The since the current hub connection was opened with. */
  connectSince = null;
  /** The buffer holds every message after this cursor; null until a connection was welcomed. */
  floor = null;

  #limit;
  #entries = []; // [{c: parsed cursor, msg}], oldest first

  /** @param limit how many messages to keep */
  constructor(limit) {
    this.#limit = limit;
  }

  /** How many messages are kept now. */
  get size() { return this.#entries.length; }

  /** A hub connection is being opened: returns the since it asks for. */
  connecting() {
    this.connectSince = this.resumeFrom;
    return this.connectSince;
  }

  /** The hub welcomed the connection; cursor is the hub's head. */
  welcomed(cursor) {
    if (!this.connectSince) {
      // Started live: continuity begins at the hub's head.
      this.#entries = [];
      this.floor = typeof cursor === "string" ? cursor : null;
      this.lastCursor = this.floor;
      this.resumeFrom = this.floor;
    } else if (!this.floor) {
      this.floor = this.connectSince;
    }
  }

  /** A message from the hub; msg is what tabs get. Kept unless it is a replay of one already kept. */
  received(cursor, msg) {
    const c = parseCursor(cursor);
    const order = this.lastCursor ? compareCursors(cursor, this.lastCursor) : null;
    const seen = order !== null && order <= 0; // a replay after a rewind
    if (c && !seen) {
      this.#entries.push({ c, msg });
      if (this.#entries.length > this.#limit) {
        const dropped = this.#entries.shift();
        this.floor = `${dropped.c.epoch}:${dropped.c.seq}`;
      }
      this.lastCursor = cursor;
    }
    const ahead = this.resumeFrom ? compareCursors(cursor, this.resumeFrom) : null;
    if (c && ahead !== -1 && ahead !== 0) this.resumeFrom = cursor;
  }

  /** The hub said messages before next are lost: nothing kept is continuous any more. */
  gap(next) {
    this.#entries = [];
    this.floor = cursorBefore(next);
    if (this.floor) this.lastCursor = this.resumeFrom = this.floor;
  }

  /** Forgets everything: the hub connection was closed on purpose. */
  reset() {
    this.#entries = [];
    this.floor = null;
    this.connectSince = null;
    this.lastCursor = null;
    this.resumeFrom = null;
  }

  /**
   * Before the first welcome of a session, a tab brought since: the connection must start from
   * the oldest cursor any tab brought, so that nobody misses a message. Returns whether since
   * became the start (it is older than the one before, or the first).
   */
  preferOlder(since) {
    if (this.resumeFrom && compareCursors(since, this.resumeFrom) !== -1) return false;
    this.resumeFrom = since; // the hub replays from the oldest; newer tabs drop what they have
    return true;
  }

  /**
   * What a tab that re-attaches from since needs, once the connection was welcomed:
   *  {rewind: true} when the buffer no longer covers since but the connection is young
   *  (rewindAllowed): the connection must start again from since (resumeFrom is set to it);
   *  else {gap, messages}: an optional gap {after, next, cause} to tell the tab, then the kept
   *  messages it has not seen.
   */
  catchUp(since, rewindAllowed) {
    const order = this.floor ? compareCursors(since, this.floor) : null;
    if (order === null) {
      const asked = parseCursor(since);
      const gap = this.floor && asked && asked.epoch !== parseCursor(this.floor).epoch
        ? { after: since, next: this.nextCursor(), cause: "unknown-cursor" } : null;
      return { gap, messages: this.after(null) };
    }
    if (order >= 0) return { gap: null, messages: this.after(since) };
    if (rewindAllowed) {
      this.resumeFrom = since;
      return { rewind: true };
    }
    return { gap: { after: since, next: this.nextCursor(), cause: "expired" }, messages: this.after(null) };
  }

  /** The first cursor a tab would get from the buffer (or after its floor). */
  nextCursor() {
    if (this.#entries.length) return `${this.#entries[0].c.epoch}:${this.#entries[0].c.seq}`;
    const base = parseCursor(this.floor);
    return base ? `${base.epoch}:${base.seq + 1}` : null;
  }

  /** The kept messages after since (all of them for null, or for a cursor of another epoch). */
  after(since) {
    const from = since ? parseCursor(since) : null;
    const out = [];
    for (const entry of this.#entries) {
      if (!from || entry.c.epoch !== from.epoch || entry.c.seq > from.seq) out.push(entry.msg);
    }
    return out;
  }
}
