// One tab's side of the shared connection: the link to the core (in the SharedWorker, the
// leader tab, or this page), hello and resume from this tab's cursor, the sends it holds, the
// watch on the core's liveness, and the page's lifecycle (back/forward cache). How the core
// is reached is the mode's job: worker-mode.js, leader-mode.js, direct-mode.js.

import { DEFAULTS, randomId, sanitizeOptions } from "./defaults.js";
import { alreadySeen } from "./cursor.js";
import { canSharedWorker, canLead } from "./features.js";
import { resolveToken } from "./token.js";
import { SwitchboardError } from "./switchboard-error.js";
import { WorkerMode } from "./worker-mode.js";
import { LeaderMode } from "./leader-mode.js";
import { DirectMode } from "./direct-mode.js";

const OUTBOX_LIMIT = 1000;
const MODE_TYPES = { "shared-worker": WorkerMode, leader: LeaderMode, direct: DirectMode };

/** The requested mode when this browser has it, else the best it has (with a warning). */
function chooseMode(requested) {
  const available = { "shared-worker": canSharedWorker(), leader: canLead(), direct: true };
  if (requested && available[requested]) return requested;
  const auto = available["shared-worker"] ? "shared-worker" : available.leader ? "leader" : "direct";
  if (requested) console.warn(`[switchboard] mode "${requested}" is not available in this browser; using "${auto}"`);
  return auto;
}

export class TabSession {
  // Read by the modes (and the public connection); written here unless said otherwise.
  status = "connecting";
  tabs = 0;
  cursor = null;
  closed = false;
  suspended = false;
  tabId = randomId();
  link = null;
  attached = false;
  lastHeard = 0; // the modes reset it when a silence was the page's own pause
  releaseTabLock = null;

  #emit;
  #everOpen = false;
  #detail = null;
  #upstream = null;
  #seq = 0;
  #deadMs;
  #outbox = [];
  #pending = new Map(); // send id -> true: posted to the core, not yet acknowledged
  #attachTimer = null;
  #watchdog = null;
  #listeners = [];

  /**
   * @param url  the normalized hub URL
   * @param opts the checked options
   * @param emit emit(handlerName, ...args) calls the page's handler
   */
  constructor(url, opts, emit) {
    this.url = url;
    this.opts = opts;
    this.#emit = emit;
    this.#deadMs = (opts.heartbeatMs ?? DEFAULTS.heartbeatMs) * (opts.missedBeats ?? DEFAULTS.missedBeats);
    this.mode = new MODE_TYPES[chooseMode(opts.mode)](this);
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
    on(globalThis.document, "resume", () => { this.lastHeard = Date.now(); });
    this.#watchdog = setInterval(() => this.#check(), Math.max(250, Math.min(1000, this.#deadMs / 6)));
    this.#start();
  }

  /** The id the next send gets. */
  nextSendId() {
    return `${this.tabId.slice(0, 8)}-${++this.#seq}`;
  }

  /** Hands a send {t: "send", id, data | bin} to the core now, or holds it until attached. */
  send(msg) {
    if (this.attached && this.link) {
      this.#pending.set(msg.id, true);
      this.link.post(msg);
    } else if (this.#outbox.length < OUTBOX_LIMIT) {
      this.#outbox.push(msg); // sent, in order, once attached
    } else {
      throw new Error(`Switchboard: message not sent: ${OUTBOX_LIMIT} messages already wait for the connection to ${this.url}; wait for onstatus("open")`);
    }
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this.#teardown();
    clearInterval(this.#watchdog);
    for (const remove of this.#listeners.splice(0)) remove();
    this.#outbox = [];
    this.#pending.clear();
    this.setStatus("closed", null);
  }

  // ---- start, modes ---------------------------------------------------------------------

  #start() {
    if (!this.mode.usesTabLock) {
      this.mode.start();
      return;
    }
    // Held for this tab's whole life: the worker (or leader) asks for the same lock, which it
    // is granted only when this tab dies, crashes or is discarded.
    this.#acquireTabLock().then(() => {
      if (this.closed || this.suspended) {
        // Left before the lock came: let it go, or a restored page would wait for itself.
        this.releaseTabLock?.();
        this.releaseTabLock = null;
        return;
      }
      this.mode.start();
    }).catch((e) => this.reportError("internal", `could not attach to ${this.url}: ${e?.message ?? e}`, null));
  }

  /** Resolves once the tab lock is held (or cannot be: no Web Locks). Never rejects. */
  #acquireTabLock() {
    if (!globalThis.navigator?.locks) return Promise.resolve(false);
    return new Promise((resolve) => {
      navigator.locks.request(this.#tabLockName(), () => {
        resolve(true);
        // Never resolves while the tab lives; released only by close() or pagehide.
        return new Promise((release) => { this.releaseTabLock = release; });
      }).catch((e) => {
        console.warn("[switchboard] cannot hold this tab's lock; the worker relies on the heartbeat:", e);
        resolve(false);
      });
    });
  }

  #tabLockName() { return `switchboard-tab ${this.tabId}`; }

  /** The current mode cannot work here: use another one. */
  fallBack(mode, why) {
    console.warn(`[switchboard] ${why}; using mode "${mode}" instead`);
    this.detach();
    this.mode.stop();
    this.mode = new MODE_TYPES[mode](this);
    this.mode.start();
  }

  // ---- talking to the core ----------------------------------------------------------------

  /** Makes link current and says hello on it, from this tab's cursor. */
  useLink(link) {
    this.link = link;
    this.attached = false;
    this.lastHeard = Date.now();
    link.post({
      t: "hello", tab: this.tabId, lock: this.releaseTabLock ? this.#tabLockName() : null,
      since: this.cursor, options: sanitizeOptions(this.opts), token: this.opts.token !== undefined,
    });
    clearTimeout(this.#attachTimer);
    this.#attachTimer = setTimeout(() => {
      this.#attachTimedOut(link).catch((e) => this.reportError("internal", `could not re-attach to ${this.url}: ${e?.message ?? e}`, null));
    }, this.opts.attachTimeoutMs ?? 4000);
  }

  async #attachTimedOut(link) {
    if (this.link !== link || this.attached || this.closed) return;
    await this.mode.attachTimedOut(link);
  }

  /** Drops the current link; with goodbye, tells the core first. */
  detach(goodbye = true) {
    clearTimeout(this.#attachTimer);
    this.mode.detached();
    const link = this.link;
    this.link = null;
    this.attached = false;
    if (link) {
      if (goodbye) {
        try { link.post({ t: "bye" }); } catch { /* the port is gone already */ }
      }
      link.close();
    }
  }

  /** A message from the core. */
  fromCore(msg) {
    if (!msg || typeof msg !== "object") return;
    this.lastHeard = Date.now();
    switch (msg.t) {
      case "attached": {
        clearTimeout(this.#attachTimer);
        this.attached = true;
        if (msg.heartbeatMs && msg.missedBeats) this.#deadMs = msg.heartbeatMs * msg.missedBeats;
        this.mode.attached(msg);
        this.#setTabs(msg.tabs);
        this.#upstream = msg.upstream ?? null;
        this.setStatus(msg.status, msg.detail ?? null);
        for (const out of this.#outbox.splice(0)) {
          this.#pending.set(out.id, true);
          this.link.post(out);
        }
        break;
      }
      case "message": this.#deliver(msg); break;
      case "status":
        this.#upstream = msg.upstream ?? null;
        this.setStatus(msg.status, msg.detail ?? null);
        break;
      case "gap": {
        const gap = { after: msg.after, next: msg.next, cause: msg.cause };
        console.warn(`[switchboard] messages were lost between ${gap.after} and ${gap.next} (${gap.cause}); reload your state if you need every message`);
        this.#emit("ongap", gap);
        break;
      }
      case "error":
        if (msg.ref != null) this.#pending.delete(msg.ref);
        this.reportError(msg.code, msg.message, msg.ref);
        break;
      case "ack": this.#pending.delete(msg.ref); break;
      case "tabs": this.#setTabs(msg.count); break;
      case "ping": this.link?.post({ t: "pong" }); break;
      case "resync": if (this.link) this.useLink(this.link); break;
      case "token": this.#answerToken(msg.req); break;
      default: break;
    }
  }

  /** The core is about to connect and asks for a token: a fresh one from the token option. */
  #answerToken(req) {
    const link = this.link;
    const answer = (reply) => {
      if (this.link === link && link && !this.closed) link.post({ t: "token", req, ...reply });
    };
    if (this.opts.token === undefined) {
      answer({ error: "this tab was given no token option" });
      return;
    }
    resolveToken(this.opts.token).then((token) => answer({ token }), (e) => answer({ error: e.message }));
  }

  #deliver(msg) {
    if (alreadySeen(msg.cursor, this.cursor)) return; // a replay after a takeover
    this.cursor = msg.cursor;
    const m = { data: msg.data, cursor: msg.cursor };
    if (msg.id != null) m.id = msg.id;
    if (msg.event != null) m.event = msg.event;
    this.#emit("onmessage", m);
  }

  /** Every second: has the worker (or leader) gone quiet? */
  #check() {
    if (this.closed || this.suspended || !this.link || !this.attached) return;
    const silent = Date.now() - this.lastHeard;
    if (silent > this.#deadMs) this.linkDead(`no heartbeat for ${silent}ms`);
  }

  /** The worker or leader may be gone: the mode finds or makes a new one, resuming from this tab's cursor. */
  linkDead(why) {
    if (this.closed || this.suspended) return;
    this.mode.linkDead(why);
  }

  /** Sends the old worker or leader never had acknowledged may or may not have reached the hub. */
  reportUnconfirmed() {
    for (const id of this.#pending.keys()) {
      this.reportError("send-unconfirmed", `message ${id} may not have reached the hub: the shared connection was lost before the hub acknowledged it`, id);
    }
    this.#pending.clear();
  }

  // ---- page lifecycle ---------------------------------------------------------------------

  #suspend() {
    if (this.closed || this.suspended) return;
    this.suspended = true;
    this.#teardown();
  }

  #resume() {
    if (this.closed || !this.suspended) return;
    this.suspended = false;
    console.info(`[switchboard] page restored from the back/forward cache; re-attaching from cursor ${this.cursor}`);
    this.#start();
  }

  #teardown() {
    this.detach(true);
    this.mode.stop();
    this.releaseTabLock?.();
    this.releaseTabLock = null;
  }

  // ---- reporting --------------------------------------------------------------------------

  #setTabs(count) {
    if (!Number.isInteger(count) || count === this.tabs) return;
    this.tabs = count;
    this.#emit("ontabs", count);
  }

  setStatus(status, detail) {
    // A new worker or leader starts out "connecting"; for this tab, that is reconnecting.
    if (status === "connecting" && this.#everOpen) status = "reconnecting";
    if (status === "open") this.#everOpen = true;
    if (!status || (status === this.status && detail === this.#detail)) return;
    this.status = status;
    this.#detail = detail;
    this.#emit("onstatus", status, { upstream: this.#upstream, detail });
  }

  reportError(code, message, ref) {
    const err = new SwitchboardError(message, code, ref ?? null);
    console.error(`[switchboard] ${message}`);
    this.#emit("onerror", err);
  }
}
