// Switchboard browser client: the tab library. See docs/browser.md.
//
//   import { Switchboard } from "/client/switchboard.js";
//   const hub = Switchboard.connect("ws://127.0.0.1:8080/hubs/default/ws");
//   hub.onmessage = (m) => render(m.data);
//   hub.onstatus = (s) => showBanner(s);   // "connecting", "open", "reconnecting", "closed"
//   hub.send(JSON.stringify({ buy: 1 }));
//
// However many tabs are open, the hub sees one port per browser: a SharedWorker holds the one
// connection (mode "shared-worker"); without SharedWorker one tab elected with Web Locks holds it
// and shares it over BroadcastChannel (mode "leader"); without those, each tab connects alone
// (mode "direct").

import { HubCore, DEFAULTS, randomId, compareCursors, sanitizeOptions } from "./switchboard-worker.js";

export const MODES = Object.freeze(["shared-worker", "leader", "direct"]);

const OPTIONS = {
  mode: (v) => MODES.includes(v),
  workerUrl: (v) => typeof v === "string" || v instanceof URL,
  heartbeatMs: (v) => Number.isFinite(v) && v >= 50,
  missedBeats: (v) => Number.isInteger(v) && v >= 1,
  lingerMs: (v) => Number.isFinite(v) && v >= 0,
  backoffBaseMs: (v) => Number.isFinite(v) && v > 0,
  backoffCapMs: (v) => Number.isFinite(v) && v > 0,
  connectTimeoutMs: (v) => Number.isFinite(v) && v > 0,
  replay: (v) => Number.isInteger(v) && v >= 0,
  attachTimeoutMs: (v) => Number.isFinite(v) && v > 0,
};
const OUTBOX_LIMIT = 1000;

/** An error reported on hub.onerror: code says what kind, ref names the send it is about. */
export class SwitchboardError extends Error {
  constructor(message, code, ref = null) {
    super(message);
    this.name = "SwitchboardError";
    this.code = code;
    this.ref = ref;
  }
}

/** Names a value in an error sentence, e.g. `the number 42` or `the Object {"buy":1}`. */
function describe(value) {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  const type = typeof value;
  if (type === "string") return `the string ${JSON.stringify(value.length > 60 ? value.slice(0, 60) + "…" : value)}`;
  if (type === "number" || type === "boolean" || type === "bigint") return `the ${type} ${String(value)}`;
  if (type === "symbol") return `the symbol ${String(value)}`;
  if (type === "function") return `the function ${value.name || "(anonymous)"}`;
  if (typeof Blob !== "undefined" && value instanceof Blob) {
    return `a ${value.constructor.name} (read it first: hub.send(await blob.arrayBuffer()))`;
  }
  const tag = value.constructor?.name || "Object";
  let json;
  try { json = JSON.stringify(value); } catch { /* cyclic: no preview */ }
  return json ? `the ${tag} ${json.length > 80 ? json.slice(0, 80) + "…" : json}` : `a ${tag}`;
}

function normalizeUrl(url) {
  if (url instanceof URL) url = url.href;
  if (typeof url !== "string" || url.trim() === "") {
    throw new TypeError(`Switchboard.connect: the hub URL must be a string such as "ws://127.0.0.1:8080/hubs/default/ws", not ${describe(url)}`);
  }
  let u;
  try {
    u = new URL(url, globalThis.location?.href);
  } catch {
    throw new TypeError(`Switchboard.connect: "${url}" is not a valid URL; use a hub URL such as "ws://127.0.0.1:8080/hubs/default/ws"`);
  }
  if (u.protocol === "http:") u.protocol = "ws:";
  else if (u.protocol === "https:") u.protocol = "wss:";
  if (u.protocol !== "ws:" && u.protocol !== "wss:") {
    throw new TypeError(`Switchboard.connect: "${url}" uses ${u.protocol} but a hub URL uses ws: or wss:, e.g. "ws://127.0.0.1:8080/hubs/default/ws"`);
  }
  if (u.hash) throw new TypeError(`Switchboard.connect: "${url}" has a fragment (${u.hash}); a WebSocket URL cannot have one`);
  if (u.searchParams.has("since")) {
    throw new TypeError(`Switchboard.connect: "${url}" already has ?since=; leave it out, the library resumes from the right cursor itself`);
  }
  return u.href;
}

function checkOptions(options) {
  if (options === undefined || options === null) return {};
  if (typeof options !== "object") throw new TypeError(`Switchboard.connect: options must be an object, not ${describe(options)}`);
  for (const [key, value] of Object.entries(options)) {
    const ok = OPTIONS[key];
    if (!ok) throw new TypeError(`Switchboard.connect: unknown option "${key}"; known options: ${Object.keys(OPTIONS).join(", ")}`);
    if (value !== undefined && !ok(value)) {
      throw new TypeError(`Switchboard.connect: invalid ${key} ${describe(value)}` + (key === "mode" ? `; use one of ${MODES.join(", ")}` : ""));
    }
  }
  return { ...options };
}

function canSharedWorker() { return typeof SharedWorker === "function"; }
function canLead() { return !!(globalThis.navigator?.locks) && typeof BroadcastChannel === "function"; }

function storageGet(key) {
  try { return globalThis.localStorage?.getItem(key) ?? null; } catch { return null; } // storage may be disabled
}
function storageSet(key, value) {
  try { globalThis.localStorage?.setItem(key, value); } catch { /* storage may be disabled: generations then live in memory */ }
}

/**
 * One tab's view of the shared hub connection. Made by Switchboard.connect.
 *
 * Callbacks: onmessage({data, cursor, id?, event?}), onstatus(status, {upstream, detail}),
 * onerror(SwitchboardError), ongap({after, next, cause}), ontabs(count).
 */
export class SwitchboardConnection {
  onmessage = null;
  onstatus = null;
  onerror = null;
  ongap = null;
  ontabs = null;

  #url;
  #opts;
  #mode;
  #status = "connecting";
  #everOpen = false;
  #detail = null;
  #upstream = null;
  #tabs = 0;
  #cursor = null;
  #closed = false;
  #suspended = false;
  #tabId = randomId();
  #seq = 0;
  #link = null;
  #attached = false;
  #lastHeard = 0;
  #deadMs;
  #outbox = [];
  #pending = new Map(); // send id -> true: posted to the core, not yet acknowledged
  #releaseTabLock = null;
  #coreLockAbort = null;
  #attachTimer = null;
  #attachFailures = 0;
  #watchdog = null;
  #listeners = [];
  #workerUrl = null;
  #gen = 0;
  #genKey;
  // leader mode
  #bc = null;
  #electionAbort = null;
  #stepDown = null;
  #core = null;
  #remotes = null;
  // direct mode
  #directCore = null;

  constructor(url, options) {
    this.#url = normalizeUrl(url);
    this.#opts = checkOptions(options);
    this.#deadMs = (this.#opts.heartbeatMs ?? DEFAULTS.heartbeatMs) * (this.#opts.missedBeats ?? DEFAULTS.missedBeats);
    this.#genKey = `switchboard-worker-generation ${this.#url}`;
    this.#gen = Number(storageGet(this.#genKey)) || 0;
    this.#mode = this.#chooseMode(this.#opts.mode);
    const on = (target, type, fn) => {
      if (!target?.addEventListener) return;
      target.addEventListener(type, fn);
      this.#listeners.push(() => target.removeEventListener(type, fn));
    };
    // pagehide: an explicit goodbye, so the tab count drops at once. pageshow with persisted:
    // the page came back from the back/forward cache and attaches again from its cursor.
    on(globalThis, "pagehide", () => this.#suspend());
    on(globalThis, "pageshow", (e) => { if (e.persisted) this.#resume(); });
    // A frozen page runs no timers; when it thaws, its silence was not the worker's fault.
    on(globalThis.document, "resume", () => { this.#lastHeard = Date.now(); });
    this.#watchdog = setInterval(() => this.#check(), Math.max(250, Math.min(1000, this.#deadMs / 6)));
    this.#start();
  }

  /** The hub URL, normalized. */
  get url() { return this.#url; }
  /** "shared-worker", "leader" or "direct": how this tab reaches the hub. */
  get mode() { return this.#mode; }
  /** "connecting", "open", "reconnecting" or "closed". */
  get status() { return this.#status; }
  /** How many tabs of this browser share the connection (1 in direct mode). */
  get tabs() { return this.#tabs; }
  /** The cursor of the last message this tab received, or null. */
  get cursor() { return this.#cursor; }
  /** This tab's id, as the worker knows it. */
  get tabId() { return this.#tabId; }
  /** In leader mode, whether this tab is the leader. */
  get isLeader() { return this.#core !== null; }

  /**
   * Sends a message to the hub's upstream; returns its id (errors about it carry it as ref).
   * Messages from one tab are sent in order. Throws TypeError for anything but a string, an
   * ArrayBuffer or a typed array, and Error after close().
   */
  send(data) {
    if (this.#closed) {
      throw new Error(`Switchboard: send() was called after close(); the connection to ${this.#url} is closed, call Switchboard.connect() again to send`);
    }
    const id = `${this.#tabId.slice(0, 8)}-${++this.#seq}`;
    let msg;
    if (typeof data === "string") {
      msg = { t: "send", id, data };
    } else if (Object.prototype.toString.call(data) === "[object ArrayBuffer]") {
      msg = { t: "send", id, bin: data.slice(0) }; // a copy: later changes by the caller do not leak in
    } else if (ArrayBuffer.isView(data)) {
      msg = { t: "send", id, bin: new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice().buffer };
    } else {
      throw new TypeError(`Switchboard: send() takes a string, an ArrayBuffer or a typed array, not ${describe(data)}; to send an object, send JSON.stringify(value)`);
    }
    if (this.#attached && this.#link) {
      this.#pending.set(id, true);
      this.#link.post(msg);
    } else if (this.#outbox.length < OUTBOX_LIMIT) {
      this.#outbox.push(msg); // sent, in order, once attached
    } else {
      throw new Error(`Switchboard: message not sent: ${OUTBOX_LIMIT} messages already wait for the connection to ${this.#url}; wait for onstatus("open")`);
    }
    return id;
  }

  /** Leaves: tells the shared connection goodbye. Idempotent; the connection is unusable after. */
  close() {
    if (this.#closed) return;
    this.#closed = true;
    this.#teardown();
    clearInterval(this.#watchdog);
    for (const remove of this.#listeners.splice(0)) remove();
    this.#outbox = [];
    this.#pending.clear();
    this.#setStatus("closed", null);
  }

  // ---- start, modes ---------------------------------------------------------------------

  #chooseMode(requested) {
    const available = { "shared-worker": canSharedWorker(), leader: canLead(), direct: true };
    if (requested && available[requested]) return requested;
    const auto = available["shared-worker"] ? "shared-worker" : available.leader ? "leader" : "direct";
    if (requested) console.warn(`[switchboard] mode "${requested}" is not available in this browser; using "${auto}"`);
    return auto;
  }

  #start() {
    if (this.#mode === "direct") {
      this.#attachDirect();
      return;
    }
    // Held for this tab's whole life: the worker (or leader) asks for the same lock, which it
    // is granted only when this tab dies, crashes or is discarded.
    this.#acquireTabLock().then(() => {
      if (this.#closed || this.#suspended) {
        // Left before the lock came: let it go, or a restored page would wait for itself.
        this.#releaseTabLock?.();
        this.#releaseTabLock = null;
        return;
      }
      if (this.#mode === "shared-worker") this.#attachWorker();
      else this.#startLeaderMode();
    }).catch((e) => this.#reportError("internal", `could not attach to ${this.#url}: ${e?.message ?? e}`, null));
  }

  /** Resolves once the tab lock is held (or cannot be: no Web Locks). Never rejects. */
  #acquireTabLock() {
    if (!globalThis.navigator?.locks) return Promise.resolve(false);
    return new Promise((resolve) => {
      navigator.locks.request(this.#tabLockName(), () => {
        resolve(true);
        // Never resolves while the tab lives; released only by close() or pagehide.
        return new Promise((release) => { this.#releaseTabLock = release; });
      }).catch((e) => {
        console.warn("[switchboard] cannot hold this tab's lock; the worker relies on the heartbeat:", e);
        resolve(false);
      });
    });
  }

  #tabLockName() { return `switchboard-tab ${this.#tabId}`; }

  #fallBack(mode, why) {
    console.warn(`[switchboard] ${why}; using mode "${mode}" instead`);
    this.#detach();
    this.#mode = mode;
    if (mode === "leader") this.#startLeaderMode(); else this.#attachDirect();
  }

  // ---- shared-worker mode ---------------------------------------------------------------

  #workerName() { return `switchboard ${this.#url} #${this.#gen}`; }

  #attachWorker() {
    if (!this.#workerUrl) {
      this.#workerUrl = this.#opts.workerUrl
        ? new URL(this.#opts.workerUrl, location.href)
        : new URL("./switchboard-worker.js", import.meta.url);
    }
    const next = canLead() ? "leader" : "direct";
    if (this.#workerUrl.origin !== location.origin) {
      this.#fallBack(next, `switchboard-worker.js is at ${this.#workerUrl.href}, another origin than this page (${location.origin}); ` +
        "a SharedWorker must be same-origin with its page: host switchboard.js and switchboard-worker.js on the page's own origin (see docs/browser.md)");
      return;
    }
    let worker;
    try {
      worker = new SharedWorker(this.#workerUrl, { type: "module", name: this.#workerName() });
    } catch (e) {
      this.#fallBack(next, `cannot start the shared worker ${this.#workerUrl.href}: ${e.message}`);
      return;
    }
    const port = worker.port;
    const link = {
      post: (m) => port.postMessage(m),
      close: () => {
        port.onmessage = null;
        worker.onerror = null;
        try { port.close(); } catch { /* already closed */ }
      },
    };
    worker.onerror = (ev) => {
      // Fired when the worker script cannot be loaded or fails to start.
      ev.preventDefault?.();
      if (this.#link !== link || this.#attached) return;
      this.#fallBack(next, `the shared worker ${this.#workerUrl.href} failed to start (is it served, as text/javascript, from this origin?)`);
    };
    port.onmessage = (ev) => { if (this.#link === link) this.#fromCore(ev.data); };
    port.start();
    this.#useLink(link);
  }

  /** No "attached" in time. Shared-worker mode: a live worker is slow, or the name is taken by a dead one. */
  async #attachTimedOut(link) {
    if (this.#link !== link || this.#attached || this.#closed) return;
    if (this.#mode !== "shared-worker") {
      this.#useLink(link); // no leader yet, or it missed our hello: say it again
      return;
    }
    this.#attachFailures++;
    let alive = false;
    try {
      // A live instance of this generation holds a lock whose name starts with the worker name.
      const state = await navigator.locks?.query();
      alive = !!state?.held?.some((l) => l.name?.startsWith(this.#workerName() + " "));
    } catch { /* no Web Locks: assume the name is stuck */ }
    if (this.#link !== link || this.#attached || this.#closed) return;
    if (alive && this.#attachFailures < 5) {
      this.#useLink(link);
      return;
    }
    if (this.#attachFailures >= 5) {
      this.#fallBack(canLead() ? "leader" : "direct", `the shared worker for ${this.#url} did not answer in ${this.#attachFailures} tries`);
      return;
    }
    // A dead instance may still own the name: move every tab to the next generation. Tabs that
    // saw the same dead generation compute the same next one, so they meet in one worker.
    const stored = Number(storageGet(this.#genKey)) || 0;
    this.#gen = Math.max(stored, this.#gen + 1);
    storageSet(this.#genKey, String(this.#gen));
    console.warn(`[switchboard] the shared worker did not answer; starting generation ${this.#gen}`);
    this.#detach();
    this.#attachWorker();
  }

  #watchCoreLock(name) {
    this.#coreLockAbort?.abort();
    this.#coreLockAbort = null;
    if (!name || !globalThis.navigator?.locks) return;
    const abort = new AbortController();
    this.#coreLockAbort = abort;
    const link = this.#link;
    // The worker holds this lock while it lives; a shared request is granted to every tab at
    // once when it dies (its renderer crashed): faster than waiting for the heartbeat.
    navigator.locks.request(name, { mode: "shared", signal: abort.signal }, () => {
      if (this.#link === link && !this.#closed) this.#linkDead("its lock was released: the worker died");
    }).catch((e) => {
      if (e?.name !== "AbortError") console.warn("[switchboard] cannot watch the worker's lock; relying on the heartbeat:", e);
    });
  }

  // ---- leader mode ------------------------------------------------------------------------

  #startLeaderMode() {
    const bc = new BroadcastChannel(`switchboard ${this.#url}`);
    this.#bc = bc;
    bc.onmessage = (ev) => this.#onBroadcast(ev.data);
    this.#useLink(this.#followerLink());
    const abort = new AbortController();
    this.#electionAbort = abort;
    // Exactly one tab holds the leader lock; the others queue for it, and the next in line
    // is granted it the moment the leader closes or dies.
    navigator.locks.request(`switchboard-leader ${this.#url}`, { signal: abort.signal }, () => this.#lead())
      .catch((e) => {
        if (e?.name === "AbortError" || this.#closed) return;
        this.#fallBack("direct", `leader election failed (${e?.message ?? e})`);
      });
  }

  #followerLink() {
    const bc = this.#bc;
    return { follower: true, post: (m) => bc.postMessage({ k: "to-core", from: this.#tabId, msg: m }), close: () => {} };
  }

  /** Runs while this tab is the leader; resolving the promise releases the leader lock. */
  #lead() {
    if (this.#closed || this.#suspended || !this.#bc) return undefined;
    const bc = this.#bc;
    const core = new HubCore(this.#url, {
      options: sanitizeOptions(this.#opts),
      // One broadcast for all followers instead of one per follower.
      fanout: (msg, endpoints) => {
        const ids = [];
        for (const ep of endpoints) {
          if (ep.meta?.remote) ids.push(ep.meta.remote); else ep.post(msg);
        }
        if (ids.length) bc.postMessage({ k: "to-tab", to: ids, msg });
      },
    });
    this.#core = core;
    this.#remotes = new Map();
    console.info(`[switchboard] this tab now leads the connection to ${this.#url}`);
    this.#reportUnconfirmed();
    this.#detach(false);
    this.#useLink(this.#localLink(core));
    bc.postMessage({ k: "leader", id: this.#tabId });
    return new Promise((resolve) => {
      this.#stepDown = () => {
        this.#stepDown = null;
        this.#core = null;
        this.#remotes = null;
        core.shutdown();
        resolve();
      };
    });
  }

  #onBroadcast(data) {
    if (!data || typeof data !== "object") return;
    if (data.k === "to-core") {
      if (!this.#core) return;
      let receive = this.#remotes.get(data.from);
      if (!receive) {
        if (data.msg?.t !== "hello") {
          // A tab of an earlier leader: have it introduce itself.
          this.#bc.postMessage({ k: "to-tab", to: [data.from], msg: { t: "resync" } });
          return;
        }
        const from = data.from;
        const bc = this.#bc;
        receive = this.#core.addEndpoint(
          (m) => bc.postMessage({ k: "to-tab", to: [from], msg: m }),
          () => this.#remotes?.delete(from),
          { remote: from });
        this.#remotes.set(from, receive);
      }
      receive(data.msg);
    } else if (data.k === "to-tab") {
      if (this.#link?.follower && Array.isArray(data.to) && data.to.includes(this.#tabId)) this.#fromCore(data.msg);
    } else if (data.k === "leader") {
      // A new leader: attach to it from our cursor. The old leader is gone, and with it
      // any send it had not seen acknowledged.
      if (this.#link?.follower) {
        this.#reportUnconfirmed();
        this.#useLink(this.#link);
      }
    }
  }

  // ---- direct mode ------------------------------------------------------------------------

  #attachDirect() {
    this.#directCore = new HubCore(this.#url, { options: sanitizeOptions(this.#opts) });
    this.#useLink(this.#localLink(this.#directCore));
  }

  /** A link to a core in this page, through a MessageChannel like the worker's port. */
  #localLink(core) {
    const channel = new MessageChannel();
    const receive = core.addEndpoint((m) => channel.port1.postMessage(m), () => channel.port1.close());
    channel.port1.onmessage = (ev) => receive(ev.data);
    const link = { post: (m) => channel.port2.postMessage(m), close: () => channel.port2.close() };
    channel.port2.onmessage = (ev) => { if (this.#link === link) this.#fromCore(ev.data); };
    return link;
  }

  // ---- talking to the core ----------------------------------------------------------------

  /** Makes link current and says hello on it, from this tab's cursor. */
  #useLink(link) {
    this.#link = link;
    this.#attached = false;
    this.#lastHeard = Date.now();
    link.post({
      t: "hello", tab: this.#tabId, lock: this.#releaseTabLock ? this.#tabLockName() : null,
      since: this.#cursor, options: sanitizeOptions(this.#opts),
    });
    clearTimeout(this.#attachTimer);
    this.#attachTimer = setTimeout(() => {
      this.#attachTimedOut(link).catch((e) => this.#reportError("internal", `could not re-attach to ${this.#url}: ${e?.message ?? e}`, null));
    }, this.#opts.attachTimeoutMs ?? 4000);
  }

  /** Drops the current link; with goodbye, tells the core first. */
  #detach(goodbye = true) {
    clearTimeout(this.#attachTimer);
    this.#coreLockAbort?.abort();
    this.#coreLockAbort = null;
    const link = this.#link;
    this.#link = null;
    this.#attached = false;
    if (link) {
      if (goodbye) {
        try { link.post({ t: "bye" }); } catch { /* the port is gone already */ }
      }
      link.close();
    }
  }

  #fromCore(msg) {
    if (!msg || typeof msg !== "object") return;
    this.#lastHeard = Date.now();
    switch (msg.t) {
      case "attached": {
        clearTimeout(this.#attachTimer);
        this.#attached = true;
        this.#attachFailures = 0;
        if (msg.heartbeatMs && msg.missedBeats) this.#deadMs = msg.heartbeatMs * msg.missedBeats;
        if (this.#mode === "shared-worker") this.#watchCoreLock(msg.lock);
        this.#setTabs(msg.tabs);
        this.#upstream = msg.upstream ?? null;
        this.#setStatus(msg.status, msg.detail ?? null);
        for (const out of this.#outbox.splice(0)) {
          this.#pending.set(out.id, true);
          this.#link.post(out);
        }
        break;
      }
      case "message": this.#deliver(msg); break;
      case "status":
        this.#upstream = msg.upstream ?? null;
        this.#setStatus(msg.status, msg.detail ?? null);
        break;
      case "gap": {
        const gap = { after: msg.after, next: msg.next, cause: msg.cause };
        console.warn(`[switchboard] messages were lost between ${gap.after} and ${gap.next} (${gap.cause}); reload your state if you need every message`);
        this.#emit("ongap", gap);
        break;
      }
      case "error":
        if (msg.ref != null) this.#pending.delete(msg.ref);
        this.#reportError(msg.code, msg.message, msg.ref);
        break;
      case "ack": this.#pending.delete(msg.ref); break;
      case "tabs": this.#setTabs(msg.count); break;
      case "ping": this.#link?.post({ t: "pong" }); break;
      case "resync": if (this.#link) this.#useLink(this.#link); break;
      default: break;
    }
  }

  #deliver(msg) {
    const order = this.#cursor ? compareCursors(msg.cursor, this.#cursor) : null;
    if (order !== null && order <= 0) return; // already had it: a replay after a takeover
    this.#cursor = msg.cursor;
    const m = { data: msg.data, cursor: msg.cursor };
    if (msg.id != null) m.id = msg.id;
    if (msg.event != null) m.event = msg.event;
    this.#emit("onmessage", m);
  }

  /** Every second: has the worker (or leader) gone quiet? */
  #check() {
    if (this.#closed || this.#suspended || !this.#link || !this.#attached) return;
    const silent = Date.now() - this.#lastHeard;
    if (silent > this.#deadMs) this.#linkDead(`no heartbeat for ${silent}ms`);
  }

  /** The worker or leader is gone: find or make a new one, resuming from this tab's cursor. */
  #linkDead(why) {
    if (this.#closed || this.#suspended) return;
    if (this.#mode !== "shared-worker" && !this.#link?.follower) {
      // This page runs the core itself (leader or direct): its silence means the page was
      // paused, not that anything died.
      this.#lastHeard = Date.now();
      return;
    }
    // Sends the dead worker had not seen acknowledged may or may not have reached the hub.
    this.#reportUnconfirmed();
    this.#setStatus("reconnecting", why);
    if (this.#mode === "shared-worker") {
      console.warn(`[switchboard] the shared worker for ${this.#url} is gone (${why}); starting a new one from cursor ${this.#cursor}`);
      this.#detach(false);
      this.#attachWorker();
    } else if (this.#link?.follower) {
      // The leader went quiet but still holds its lock (else the next leader would have
      // announced itself). Say hello again; a new leader answers as soon as it is elected.
      console.warn(`[switchboard] the leader tab for ${this.#url} went quiet (${why}); waiting for it or a new one`);
      this.#useLink(this.#link);
    }
  }

  /** Sends the old worker or leader never had acknowledged may or may not have reached the hub. */
  #reportUnconfirmed() {
    for (const id of this.#pending.keys()) {
      this.#reportError("send-unconfirmed", `message ${id} may not have reached the hub: the shared connection was lost before the hub acknowledged it`, id);
    }
    this.#pending.clear();
  }

  // ---- page lifecycle ---------------------------------------------------------------------

  #suspend() {
    if (this.#closed || this.#suspended) return;
    this.#suspended = true;
    this.#teardown();
  }

  #resume() {
    if (this.#closed || !this.#suspended) return;
    this.#suspended = false;
    console.info(`[switchboard] page restored from the back/forward cache; re-attaching from cursor ${this.#cursor}`);
    this.#start();
  }

  #teardown() {
    this.#detach(true);
    this.#electionAbort?.abort();
    this.#electionAbort = null;
    this.#stepDown?.();
    this.#bc?.close();
    this.#bc = null;
    this.#directCore?.shutdown();
    this.#directCore = null;
    this.#releaseTabLock?.();
    this.#releaseTabLock = null;
  }

  // ---- reporting --------------------------------------------------------------------------

  #setTabs(count) {
    if (!Number.isInteger(count) || count === this.#tabs) return;
    this.#tabs = count;
    this.#emit("ontabs", count);
  }

  #setStatus(status, detail) {
    // A new worker or leader starts out "connecting"; for this tab, that is reconnecting.
    if (status === "connecting" && this.#everOpen) status = "reconnecting";
    if (status === "open") this.#everOpen = true;
    if (!status || (status === this.#status && detail === this.#detail)) return;
    this.#status = status;
    this.#detail = detail;
    this.#emit("onstatus", status, { upstream: this.#upstream, detail });
  }

  #reportError(code, message, ref) {
    const err = new SwitchboardError(message, code, ref ?? null);
    console.error(`[switchboard] ${message}`);
    this.#emit("onerror", err);
  }

  #emit(name, ...args) {
    const fn = this[name];
    if (typeof fn !== "function") return;
    try {
      fn.apply(this, args);
    } catch (e) {
      // A bug in the page's handler must not stop the library; show it like an uncaught error.
      if (typeof reportError === "function") reportError(e); else console.error(e);
    }
  }
}

export const Switchboard = Object.freeze({
  /**
   * Attaches this tab to the hub at url, sharing one connection with this browser's other tabs.
   * Throws TypeError for a URL that is not ws:, wss:, http: or https:, or for unknown options.
   */
  connect(url, options) {
    return new SwitchboardConnection(url, options);
  },
  MODES,
});

export default Switchboard;
