// Cursors are the hub's "EPOCH:SEQ": the epoch names one run of the hub, seq counts its
// messages. Two cursors are ordered only within one epoch.

/** Parses "EPOCH:SEQ" into {epoch, seq}, or null. */
export function parseCursor(text) {
  if (typeof text !== "string") return null;
  const colon = text.lastIndexOf(":");
  if (colon <= 0 || colon === text.length - 1) return null;
  const seq = Number(text.slice(colon + 1));
  if (!Number.isSafeInteger(seq) || seq < 0) return null;
  return { epoch: text.slice(0, colon), seq };
}

/** -1, 0 or 1 for cursors of one epoch; null when they cannot be ordered. */
export function compareCursors(a, b) {
  const x = typeof a === "string" ? parseCursor(a) : a;
  const y = typeof b === "string" ? parseCursor(b) : b;
  if (!x || !y || x.epoch !== y.epoch) return null;
  return x.seq < y.seq ? -1 : x.seq > y.seq ? 1 : 0;
}

/** The cursor just before text ("E:4" for "E:5"), or null when there is none. */
export function cursorBefore(text) {
  const c = parseCursor(text);
  return c && c.seq > 0 ? `${c.epoch}:${c.seq - 1}` : null;
}

/** Whether a message at cursor is one a tab that last saw `last` already has (a replay after a takeover). */
export function alreadySeen(cursor, last) {
  const order = last ? compareCursors(cursor, last) : null;
  return order !== null && order <= 0;
}
