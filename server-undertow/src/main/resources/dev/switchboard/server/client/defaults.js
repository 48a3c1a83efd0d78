// The shared connection's settings. docs/browser.md states them as the detection bounds.

export const DEFAULTS = Object.freeze({
  heartbeatMs: 2000,   // the core pings every tab this often, and tabs watch for it
  missedBeats: 3,      // a tab (or the core) silent for this many beats is taken as gone
  lingerMs: 2000,      // keep the hub connection this long after the last tab leaves
  backoffBaseMs: 500,  // first reconnect delay cap (full jitter: a random delay in [0, cap])
  backoffCapMs: 30000, // the cap never grows past this
  connectTimeoutMs: 10000,
  replay: 512,         // recent messages kept for tabs that re-attach with a cursor
  gatherMs: 200,       // after a takeover, wait this long for the other tabs' cursors before connecting
  rewindWindowMs: 10000, // a tab re-attaching this soon after connect may rewind the connection
  sendQueue: 1000,     // sends held while the socket is down
});

/** Keeps only known numeric options: a tab must not be able to break the shared worker. */
export function sanitizeOptions(options) {
  const out = {};
  if (!options || typeof options !== "object") return out;
  for (const key of Object.keys(DEFAULTS)) {
    const v = options[key];
    if (Number.isFinite(v) && v >= 0) out[key] = v;
  }
  return out;
}

/** A random id; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function randomId() {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
