// Switchboard browser client: the shared connection.
//
// This one file is two things:
//  * loaded as a SharedWorker (new SharedWorker(url, {type: "module", name})), it holds ONE
//    WebSocket to a hub in envelope mode (subprotocol switchboard.v1) and shares it with every
//    tab of this browser that connects to the same hub URL;
//  * imported as a module by switchboard.js, it exports HubCore, the same connection logic, which
//    the elected leader tab (no SharedWorker) or a lone tab (neither SharedWorker nor Web Locks)
//    runs in the page.
//
// Tabs talk to a HubCore over a MessagePort-like endpoint with small objects {t: ...}:
//   tab -> core: hello {tab, lock, since, options}, send {id, data | bin}, pong, bye
//   core -> tab: attached, message, status, gap, error, ack, tabs, ping, resync
// Nothing here is public API: switchboard.js is. See docs/browser.md.

export const SUBPROTOCOL = "switchboard.v1";

/** Defaults; docs/browser.md states them as the detection bounds. */
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

const log = (...args) => console.log("[switchboard]", ...args);
const warn = (...args) => console.warn("[switchboard]", ...args);

/** A random id; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function randomId() {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

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

function cursorBefore(text) {
  const c = parseCursor(text);
  return c && c.seq > 0 ? `${c.epoch}:${c.seq - 1}` : null;
}

export function toBase64(buffer) {
  const bytes = new Uint8Array(buffer);
  let binary = "";
  // Chunked: String.fromCharCode(...bytes) overflows the stack on large buffers.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export function fromBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

const CLOSE_REASONS = {
  1000: "the hub closed the connection",
  1001: "the hub is shutting down, or ended this port for missing its heartbeat",
  1006: "the connection dropped without a close frame",
  1008: "the port read too slowly and the hub dropped its backlog",
  1009: "a message was larger than the hub accepts",
  1011: "the hub failed to write to this port",
  1013: "the hub refused the port (it is closed or at its port limit)",
};

/**
 * One shared hub connection and the tabs it serves.
 *
 * An endpoint is a tab's side of the conversation: {post(msg), close()}. addEndpoint returns
 * the function that takes that tab's messages.
 */
export class HubCore {
  /**
   * @param url      the hub's ws:// or wss:// URL
   * @param settings {options, instanceLock, lockHeld, fanout}: options override DEFAULTS;
   *                 instanceLock is a Web Lock name this core holds while alive, which tabs watch
   *                 to learn at once that it died (lockHeld resolves once it is held);
   *                 fanout(msg, endpoints) may deliver one message to many endpoints at once.
   */
  constructor(url, settings = {}) {
    this.url = url;
    this.opts = { ...DEFAULTS, ...(settings.options || {}) };
    this.instanceLock = settings.instanceLock || null;
    this.lockHeld = settings.lockHeld || Promise.resolve();
    this.fanoutHook = settings.fanout || null;
    this.endpoints = new Set();
    this.ws = null;
    this.state = "idle"; // idle | gathering | connecting | open | backoff | closed
    this.welcomed = false;
    this.everOpen = false;
    this.upstream = null;
    this.upstreamDetail = null;
    this.lastStatus = null;
    this.lastCursor = null;   // the newest message cursor this core received (for dedupe)
    this.resumeFrom = null;   // the cursor the next connection asks for (?since=)
    this.connectSince = null; // the since the current connection was opened with
    this.buffer = [];         // [{c: parsed cursor, msg}] the newest messages, oldest first
    this.floor = null;        // the buffer holds every message after this cursor
    this.connectedAt = 0;
    this.openedAt = 0;
    this.attempt = 0;
    this.sendQueue = [];
    this.unacked = new Map(); // send id -> endpoint
    this.lastTabCount = -1;
    this.timers = {};
    this.lastHubFrame = 0;
    this.hubHeartbeat = 15000;
    this.timers.beat = setInterval(() => this.#beat(), this.opts.heartbeatMs);
  }

  /** Connects a tab; returns the function that receives its messages. */
  addEndpoint(post, close, meta = null) {
    const ep = { post, close, meta, tab: null, active: false, lastHeard: Date.now(), since: null, dormantSince: 0, lockAbort: null, born: Date.now() };
    this.endpoints.add(ep);
    return (msg) => this.#receive(ep, msg);
  }

  /** Ends everything: says goodbye to the hub and to every tab. Used when a leader steps down. */
  shutdown() {
    this.state = "closed";
    for (const ep of [...this.endpoints]) this.#remove(ep, "the shared connection shut down", false);
    this.#disconnect("shutdown");
    for (const t of Object.values(this.timers)) { clearTimeout(t); clearInterval(t); }
  }

  // ---- tabs -------------------------------------------------------------------------------

  #receive(ep, msg) {
    if (!this.endpoints.has(ep) || !msg || typeof msg !== "object") return;
    ep.lastHeard = Date.now();
    switch (msg.t) {
      // #hello is async (it waits for the worker lock): its failures are logged, never left unhandled.
      case "hello": this.#hello(ep, msg).catch((e) => warn("a tab's hello failed:", e)); break;
      case "send": this.#send(ep, msg); break;
      case "pong": if (ep.tab && !ep.active && !ep.attaching) this.#post(ep, { t: "resync" }); break;
      case "bye": this.#remove(ep, "said goodbye", true); break;
      default: warn("ignoring an unknown message from a tab:", msg);
    }
  }

  async #hello(ep, msg) {
    const first = !ep.tab;
    ep.tab = { id: String(msg.tab), lock: typeof msg.lock === "string" ? msg.lock : null };
    ep.active = true;
    // Not sent live messages until its catch-up is done: a live message first would move the
    // tab's cursor past the replay, and the tab would drop the replay as duplicates.
    ep.attaching = true;
    ep.dormantSince = 0;
    if (first) this.#watchTabLock(ep);
    clearTimeout(this.timers.linger);
    // Tabs must not be told "attached" before the instance lock is held: a tab that requested
    // it earlier would be granted it at once and think this core had died.
    try { await this.lockHeld; } catch { /* no lock: the heartbeat still works */ }
    if (!this.endpoints.has(ep)) return;
    ep.attaching = false;
    this.#post(ep, {
      t: "attached", lock: this.instanceLock, tabs: this.#activeCount(),
      status: this.#status(), upstream: this.upstream, detail: this.upstreamDetail,
      heartbeatMs: this.opts.heartbeatMs, missedBeats: this.opts.missedBeats, cursor: this.lastCursor,
    });
    this.#tabsChanged();
    this.#catchUp(ep, typeof msg.since === "string" ? msg.since : null);
  }

  /** Brings a (re)attaching tab from its cursor up to the live stream. */
  #catchUp(ep, since) {
    if (this.state === "closed") return;
    if (this.state === "idle") {
      this.resumeFrom = since;
      if (since) {
        // Probably a takeover: every tab of the dead worker arrives within moments. Wait for
        // their cursors so the connection starts from the oldest and nobody misses a message.
        this.state = "gathering";
        this.timers.gather = setTimeout(() => this.#connect(), this.opts.gatherMs);
      } else {
        this.#connect();
      }
      return;
    }
    if (!since) return; // a new tab starts live
    if (this.state === "gathering" || !this.floor) {
      // Not yet welcomed in this session (gathering, connecting, or backing off after a failed
      // first attempt): start from the oldest cursor any tab brought.
      if (!this.resumeFrom || compareCursors(since, this.resumeFrom) === -1) {
        this.resumeFrom = since; // the hub replays from the oldest; newer tabs drop what they have
        if (this.state === "connecting") this.#reconnectNow("a tab re-attached from an older cursor");
      }
      return;
    }
    const order = this.floor ? compareCursors(since, this.floor) : null;
    if (order === null) {
      if (this.floor && parseCursor(since) && parseCursor(since).epoch !== parseCursor(this.floor).epoch) {
        this.#post(ep, { t: "gap", after: since, next: this.#nextCursor(), cause: "unknown-cursor" });
      }
      this.#replay(ep, null);
    } else if (order >= 0) {
      this.#replay(ep, since);
    } else if (Date.now() - this.connectedAt < this.opts.rewindWindowMs) {
      // The connection is young (a takeover): start it again from the older cursor. The hub
      // replays; tabs drop the cursors they already have.
      this.resumeFrom = since;
      this.#reconnectNow("a tab re-attached from an older cursor");
    } else {
      this.#post(ep, { t: "gap", after: since, next: this.#nextCursor(), cause: "expired" });
      this.#replay(ep, null);
    }
  }

  #nextCursor() {
    const base = parseCursor(this.buffer.length ? null : this.floor);
    if (this.buffer.length) return `${this.buffer[0].c.epoch}:${this.buffer[0].c.seq}`;
    return base ? `${base.epoch}:${base.seq + 1}` : null;
  }

  #replay(ep, since) {
    const from = since ? parseCursor(since) : null;
    for (const entry of this.buffer) {
      if (!from || entry.c.epoch !== from.epoch || entry.c.seq > from.seq) this.#post(ep, entry.msg);
    }
  }

  #watchTabLock(ep) {
    if (!ep.tab.lock || !globalThis.navigator?.locks) return;
    const abort = new AbortController();
    ep.lockAbort = abort;
    // The tab holds this lock for as long as it lives; it is granted to us only when the tab
    // is closed, crashes or is discarded. Immediate notice, no heartbeat needed.
    navigator.locks.request(ep.tab.lock, { signal: abort.signal }, () => {
      this.#remove(ep, "its lock was released (the tab closed, crashed or was discarded)", true);
    }).catch((e) => {
      if (e?.name !== "AbortError") warn("cannot watch a tab's lock; relying on the heartbeat:", e);
    });
  }

  #remove(ep, why, log_) {
    if (!this.endpoints.has(ep)) return;
    this.endpoints.delete(ep);
    ep.lockAbort?.abort();
    for (const [id, owner] of this.unacked) if (owner === ep) this.unacked.delete(id);
    // Its queued sends stay queued: a page that sends and then navigates away still means it.
    try { ep.close(); } catch { /* already closed */ }
    if (log_ && ep.tab) log(`tab ${ep.tab.id} left: ${why}`);
    this.#tabsChanged();
  }

  #activeCount() {
    let n = 0;
    for (const ep of this.endpoints) if (ep.active) n++;
    return n;
  }

  #tabsChanged() {
    const count = this.#activeCount();
    if (count !== this.lastTabCount) {
      this.lastTabCount = count;
      this.#fanout({ t: "tabs", count });
    }
    if (count === 0 && this.state !== "idle" && this.state !== "closed") {
      clearTimeout(this.timers.linger);
      this.timers.linger = setTimeout(() => {
        if (this.#activeCount() === 0) this.#disconnect("no tab has used it for " + this.opts.lingerMs + "ms");
      }, this.opts.lingerMs);
    }
  }

  /** Every heartbeat: ping every tab, and stop sending to tabs that stopped answering. */
  #beat() {
    const now = Date.now();
    const deadline = this.opts.heartbeatMs * this.opts.missedBeats;
    for (const ep of [...this.endpoints]) {
      if (!ep.tab) {
        if (now - ep.born > 30000) this.#remove(ep, "never said hello", false);
        continue;
      }
      if (ep.active && now - ep.lastHeard > deadline) {
        // Not removed: a frozen background tab answers again when it thaws; it then gets a
        // "resync" and re-attaches from its cursor. Until then it is not sent to or counted.
        ep.active = false;
        ep.dormantSince = now;
        log(`tab ${ep.tab.id} missed ${this.opts.missedBeats} heartbeats; not sending to it`);
        this.#tabsChanged();
      } else if (!ep.active && ep.dormantSince && now - ep.dormantSince > 60000) {
        this.#remove(ep, "silent for a minute", true);
        continue;
      }
      this.#post(ep, { t: "ping" });
    }
    // A hub that went silent (a half-open connection: no FIN ever came) is replaced.
    if (this.state === "open" && now - this.lastHubFrame > this.hubHeartbeat * 2 + 2000) {
      this.#reconnectNow(`nothing heard from the hub for ${now - this.lastHubFrame}ms`);
    }
  }

  #post(ep, msg) {
    try {
      ep.post(msg);
    } catch (e) {
      warn("could not post to a tab; removing it:", e);
      this.#remove(ep, "posting failed", true);
    }
  }

  #fanout(msg) {
    const targets = [...this.endpoints].filter((ep) => ep.active && !ep.attaching);
    if (targets.length === 0) return;
    if (this.fanoutHook) {
      try { this.fanoutHook(msg, targets); } catch (e) { warn("fan-out failed:", e); }
      return;
    }
    for (const ep of targets) this.#post(ep, msg);
  }

  #errorTo(ep, code, message, ref) {
    const msg = { t: "error", code, message, ref: ref ?? null };
    if (ep) this.#post(ep, msg); else this.#fanout(msg);
  }

  // ---- sends ------------------------------------------------------------------------------

  #send(ep, msg) {
    if (!ep.active) {
      this.#errorTo(ep, "not-attached", `message ${msg.id} was not sent: this tab is not attached; it re-attaches on its own, send again then`, msg.id);
      return;
    }
    const env = msg.bin instanceof ArrayBuffer
      ? { type: "send", data: toBase64(msg.bin), encoding: "base64", id: msg.id }
      : { type: "send", data: String(msg.data), id: msg.id };
    if (this.ws && this.welcomed && this.ws.readyState === WebSocket.OPEN) {
      this.#sendNow(ep, env);
    } else if (this.sendQueue.length < this.opts.sendQueue) {
      this.sendQueue.push({ ep, env });
    } else {
      this.#errorTo(ep, "queue-full", `message ${msg.id} was not sent: ${this.opts.sendQueue} messages already wait for the hub connection; send again after it reconnects`, msg.id);
    }
  }

  #sendNow(ep, env) {
    this.unacked.set(env.id, ep);
    this.ws.send(JSON.stringify(env));
  }

  // ---- the hub connection -----------------------------------------------------------------

  #status() {
    if (this.state === "closed") return "closed";
    if (this.state === "open" && this.welcomed && this.upstream === "OPEN") return "open";
    return this.everOpen ? "reconnecting" : "connecting";
  }

  #statusChanged(detail) {
    const status = this.#status();
    if (status === "open") this.everOpen = true;
    const key = status + "|" + this.upstream + "|" + (detail ?? this.upstreamDetail);
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    this.#fanout({ t: "status", status, upstream: this.upstream, detail: detail ?? this.upstreamDetail });
  }

  #connect() {
    clearTimeout(this.timers.gather);
    clearTimeout(this.timers.retry);
    if (this.state === "closed" || this.#activeCount() === 0) {
      this.state = "idle";
      return;
    }
    const since = this.resumeFrom;
    let target;
    try {
      const u = new URL(this.url);
      if (since) u.searchParams.set("since", since);
      target = u.href;
    } catch (e) {
      this.state = "closed";
      this.#errorTo(null, "bad-url", `cannot connect to ${this.url}: ${e.message}`);
      return;
    }
    this.state = "connecting";
    this.welcomed = false;
    this.connectSince = since;
    let ws;
    try {
      ws = new WebSocket(target, SUBPROTOCOL);
    } catch (e) {
      // A URL the WebSocket constructor refuses will never work: say so, and stop.
      this.state = "closed";
      this.#errorTo(null, "bad-url", `cannot connect to ${this.url}: ${e.message}`);
      this.#statusChanged();
      return;
    }
    this.ws = ws;
    this.connectedAt = Date.now();
    this.openedAt = 0;
    this.timers.connect = setTimeout(() => {
      if (this.ws === ws && ws.readyState === WebSocket.CONNECTING) this.#lost(ws, null, `no answer within ${this.opts.connectTimeoutMs}ms`);
    }, this.opts.connectTimeoutMs);
    ws.onopen = () => {
      if (this.ws !== ws) return;
      clearTimeout(this.timers.connect);
      this.openedAt = Date.now();
      this.lastHubFrame = Date.now();
      if (ws.protocol !== SUBPROTOCOL) {
        ws.close(1000);
        this.#lost(ws, null, `the server at ${this.url} did not select subprotocol ${SUBPROTOCOL}: it is not a Switchboard hub with envelope mode`);
      }
    };
    ws.onmessage = (ev) => { if (this.ws === ws) this.#hubFrame(ev.data); };
    ws.onclose = (ev) => { if (this.ws === ws) this.#lost(ws, ev.code, ev.reason); };
    // onerror carries no detail in browsers; onclose always follows it and does the work.
    ws.onerror = () => {};
    this.#statusChanged();
  }

  #hubFrame(text) {
    this.lastHubFrame = Date.now();
    if (typeof text !== "string") {
      warn("ignoring a binary frame: envelope mode sends only text");
      return;
    }
    let env;
    try {
      env = JSON.parse(text);
    } catch (e) {
      warn("ignoring a frame that is not JSON:", text.slice(0, 200));
      return;
    }
    if (!env || typeof env !== "object") return;
    switch (env.type) {
      case "welcome": this.#welcome(env); break;
      case "message": this.#message(env); break;
      case "status":
        this.upstream = env.state ?? this.upstream;
        this.upstreamDetail = env.detail ?? null;
        this.#statusChanged();
        break;
      case "gap": this.#gap(env); break;
      case "ack": {
        const ep = this.unacked.get(env.ref);
        this.unacked.delete(env.ref);
        if (ep && this.endpoints.has(ep)) this.#post(ep, { t: "ack", ref: env.ref, status: env.status, detail: env.detail ?? null });
        break;
      }
      case "error": {
        const ep = env.ref != null ? this.unacked.get(env.ref) : null;
        if (env.ref != null) this.unacked.delete(env.ref);
        this.#errorTo(ep && this.endpoints.has(ep) ? ep : null, env.code ?? "hub-error", env.message ?? "the hub reported an error", env.ref);
        break;
      }
      case "ping": this.ws?.send('{"type":"pong"}'); break;
      default: break; // unknown envelopes are ignored, so the protocol can grow
    }
  }

  #welcome(env) {
    this.welcomed = true;
    this.state = "open";
    this.upstream = env.state ?? null;
    this.upstreamDetail = null;
    if (Number.isFinite(env.heartbeat) && env.heartbeat > 0) this.hubHeartbeat = env.heartbeat;
    if (!this.connectSince) {
      // Started live: continuity begins at the hub's head.
      this.buffer = [];
      this.floor = typeof env.cursor === "string" ? env.cursor : null;
      this.lastCursor = this.floor;
      this.resumeFrom = this.floor;
    } else if (!this.floor) {
      this.floor = this.connectSince;
    }
    // Held sends go first, in the order the tabs sent them.
    const queued = this.sendQueue;
    this.sendQueue = [];
    for (const q of queued) this.#sendNow(q.ep, q.env);
    this.#statusChanged();
  }

  #message(env) {
    const c = parseCursor(env.cursor);
    let data = env.data;
    if (env.encoding === "base64") {
      try {
        data = fromBase64(String(env.data));
      } catch (e) {
        this.#errorTo(null, "bad-frame", `the hub sent message ${env.cursor} with invalid base64 data; it was dropped`);
        return;
      }
    }
    const msg = { t: "message", cursor: env.cursor, data };
    if (env.id != null) msg.id = env.id;
    if (env.event != null) msg.event = env.event;
    const order = this.lastCursor ? compareCursors(env.cursor, this.lastCursor) : null;
    const seen = order !== null && order <= 0; // a replay after a rewind
    if (c && !seen) {
      this.buffer.push({ c, msg });
      if (this.buffer.length > this.opts.replay) {
        const dropped = this.buffer.shift();
        this.floor = `${dropped.c.epoch}:${dropped.c.seq}`;
      }
      this.lastCursor = env.cursor;
    }
    const ahead = this.resumeFrom ? compareCursors(env.cursor, this.resumeFrom) : null;
    if (c && ahead !== -1 && ahead !== 0) this.resumeFrom = env.cursor;
    // Forwarded even when seen (after a rewind): the tab that asked for it needs it, the
    // others drop cursors they already have.
    this.#fanout(msg);
  }

  #gap(env) {
    this.buffer = [];
    this.floor = cursorBefore(env.next);
    if (this.floor) this.lastCursor = this.resumeFrom = this.floor;
    this.#fanout({ t: "gap", after: env.after ?? null, next: env.next ?? null, cause: env.cause ?? "unknown" });
  }

  #reconnectNow(why) {
    const ws = this.ws;
    if (ws) this.#retire(ws, true);
    log(`reconnecting to ${this.url}: ${why}`);
    this.state = "backoff";
    this.#connect();
  }

  /** Forgets a socket: its late events are ignored. */
  #retire(ws, sayGoodbye) {
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    try {
      if (sayGoodbye && ws.readyState === WebSocket.OPEN) ws.send('{"type":"disconnect"}');
      ws.close(1000);
    } catch { /* already closing */ }
    if (this.ws === ws) this.ws = null;
    clearTimeout(this.timers.connect);
  }

  #lost(ws, code, reason) {
    const wasWelcomed = this.welcomed;
    const lived = this.openedAt ? Date.now() - this.openedAt : 0;
    this.#retire(ws, false);
    this.welcomed = false;
    // Sends the hub never acknowledged may or may not have reached it: say so, never guess.
    for (const [id, ep] of this.unacked) {
      this.#errorTo(this.endpoints.has(ep) ? ep : null, "send-unconfirmed",
        `message ${id} may not have reached the hub: the connection closed before the hub acknowledged it`, id);
    }
    this.unacked.clear();
    if (this.state === "closed" || this.#activeCount() === 0) {
      this.state = "idle";
      this.#statusChanged();
      return;
    }
    if (lived > 5000) this.attempt = 0;
    const cap = Math.min(this.opts.backoffCapMs, this.opts.backoffBaseMs * 2 ** Math.min(this.attempt, 30));
    const delay = Math.round(Math.random() * cap); // full jitter: tabs of many browsers do not reconnect in step
    this.attempt++;
    const why = code == null ? reason
      : (CLOSE_REASONS[code] ?? `closed with code ${code}`) + (reason ? ` (${reason})` : "") + (code ? ` [${code}]` : "");
    const detail = `${why}; retry ${this.attempt} in ${(delay / 1000).toFixed(1)}s`;
    if (!wasWelcomed) {
      // Never got in: the URL is wrong, the hub is down, the hub name is unknown, or the
      // server does not speak envelope mode. Browsers hide which, so name them all.
      this.#errorTo(null, "connect-failed", `could not connect to ${this.url}: ${code == null ? reason
        : "the connection failed before the hub welcomed it (the server is down or unreachable, the hub name is unknown, or it does not speak " + SUBPROTOCOL + ")"}; retry ${this.attempt} in ${(delay / 1000).toFixed(1)}s`);
    } else {
      log(`lost ${this.url}: ${detail}`);
    }
    this.state = "backoff";
    this.#statusChanged(detail);
    this.timers.retry = setTimeout(() => this.#connect(), delay);
  }

  #disconnect(why) {
    clearTimeout(this.timers.retry);
    clearTimeout(this.timers.gather);
    clearTimeout(this.timers.linger);
    if (this.ws) {
      log(`closing ${this.url}: ${why}`);
      this.#retire(this.ws, true);
    }
    if (this.state !== "closed") this.state = "idle";
    this.welcomed = false;
    this.everOpen = false;
    this.lastStatus = null;
    this.buffer = [];
    this.floor = null;
    this.connectSince = null;
    this.lastCursor = null;
    this.resumeFrom = null;
    this.attempt = 0;
  }
}

// ---- running as a SharedWorker ------------------------------------------------------------

if (typeof SharedWorkerGlobalScope !== "undefined" && globalThis instanceof SharedWorkerGlobalScope) {
  // The worker's name is "switchboard <hub url> #<generation>"; it is keyed by hub URL so each
  // hub gets its own worker.
  const match = /^switchboard (.+) #\d+$/.exec(self.name || "");
  const url = match ? match[1] : null;
  const instance = randomId();
  const instanceLock = navigator.locks ? `switchboard-worker ${instance}` : null;
  // Held for the worker's whole life; the browser releases it when the worker dies (its
  // renderer crashed, say), which is how tabs learn of that at once.
  const lockHeld = instanceLock
    ? new Promise((resolve) => {
        navigator.locks.request(instanceLock, () => {
          resolve();
          return new Promise(() => {}); // never resolves: held until this worker dies
        }).catch((e) => { warn("cannot hold the worker lock; tabs rely on the heartbeat:", e); resolve(); });
      })
    : Promise.resolve();
  let core = null;
  self.onconnect = (event) => {
    const port = event.ports[0];
    if (!url) {
      port.postMessage({ t: "error", code: "bad-worker-name", message: `switchboard-worker.js was started with name '${self.name}'; start it through switchboard.js` });
      return;
    }
    let receive = null;
    const pending = [];
    port.onmessage = (ev) => {
      const msg = ev.data;
      // The first tab's options configure the worker (heartbeat, linger...): it is shared.
      if (!core && msg && msg.t === "hello") {
        core = new HubCore(url, { options: sanitizeOptions(msg.options), instanceLock, lockHeld });
        log(`worker ${instance} for ${url} started`);
      }
      if (!core) { pending.push(msg); return; }
      if (!receive) receive = core.addEndpoint((m) => port.postMessage(m), () => port.close());
      for (const p of pending.splice(0)) receive(p);
      receive(msg);
    };
    port.start();
  };
}

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
