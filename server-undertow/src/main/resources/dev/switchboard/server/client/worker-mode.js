// Shared-worker mode: a SharedWorker (switchboard-worker.js) holds the one connection for all
// tabs of this browser; this tab talks to it over the worker's MessagePort.
//
// The worker is named "switchboard <hub url> #<generation>". When it dies (its renderer
// crashed), every tab makes a new one of the same name; a browser that hands back a dead
// instance for that name is left for the next generation, recorded in localStorage so that
// all tabs meet in the same new worker.

import { canLead } from "./features.js";

const MAX_ATTACH_FAILURES = 5;

function storageGet(key) {
  try { return globalThis.localStorage?.getItem(key) ?? null; } catch { return null; } // storage may be disabled
}
function storageSet(key, value) {
  try { globalThis.localStorage?.setItem(key, value); } catch { /* storage may be disabled: generations then live in memory */ }
}

export class WorkerMode {
  name = "shared-worker";
  usesTabLock = true;
  isLeader = false;
  #session;
  #workerUrl = null;
  #gen;
  #genKey;
  #failures = 0;
  #coreLockAbort = null;

  constructor(session) {
    this.#session = session;
    this.#genKey = `switchboard-worker-generation ${session.url}`;
    this.#gen = Number(storageGet(this.#genKey)) || 0;
  }

  #workerName() { return `switchboard ${this.#session.url} #${this.#gen}`; }

  start() {
    const s = this.#session;
    if (!this.#workerUrl) {
      this.#workerUrl = s.opts.workerUrl
        ? new URL(s.opts.workerUrl, location.href)
        : new URL("./switchboard-worker.js", import.meta.url);
    }
    const next = canLead() ? "leader" : "direct";
    if (this.#workerUrl.origin !== location.origin) {
      s.fallBack(next, `switchboard-worker.js is at ${this.#workerUrl.href}, another origin than this page (${location.origin}); ` +
        "a SharedWorker must be same-origin with its page: host the client's files on the page's own origin (see docs/browser.md)");
      return;
    }
    let worker;
    try {
      worker = new SharedWorker(this.#workerUrl, { type: "module", name: this.#workerName() });
    } catch (e) {
      s.fallBack(next, `cannot start the shared worker ${this.#workerUrl.href}: ${e.message}`);
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
      // Fired when the worker script (or a module it imports) cannot be loaded or fails to start.
      ev.preventDefault?.();
      if (s.link !== link || s.attached) return;
      s.fallBack(next, `the shared worker ${this.#workerUrl.href} failed to start (are it and the modules beside it served, as text/javascript, from this origin?)`);
    };
    port.onmessage = (ev) => { if (s.link === link) s.fromCore(ev.data); };
    port.start();
    s.useLink(link);
  }

  /** No "attached" in time: a live worker is slow, or the name is taken by a dead one. */
  async attachTimedOut(link) {
    const s = this.#session;
    this.#failures++;
    let alive = false;
    try {
      // A live instance of this generation holds a lock whose name starts with the worker name.
      const state = await navigator.locks?.query();
      alive = !!state?.held?.some((l) => l.name?.startsWith(this.#workerName() + " "));
    } catch { /* no Web Locks: assume the name is stuck */ }
    if (s.link !== link || s.attached || s.closed) return;
    if (alive && this.#failures < MAX_ATTACH_FAILURES) {
      s.useLink(link);
      return;
    }
    if (this.#failures >= MAX_ATTACH_FAILURES) {
      s.fallBack(canLead() ? "leader" : "direct", `the shared worker for ${s.url} did not answer in ${this.#failures} tries`);
      return;
    }
    // A dead instance may still own the name: move every tab to the next generation. Tabs that
    // saw the same dead generation compute the same next one, so they meet in one worker.
    const stored = Number(storageGet(this.#genKey)) || 0;
    this.#gen = Math.max(stored, this.#gen + 1);
    storageSet(this.#genKey, String(this.#gen));
    console.warn(`[switchboard] the shared worker did not answer; starting generation ${this.#gen}`);
    s.detach();
    this.start();
  }

  attached(msg) {
    this.#failures = 0;
    this.#watchCoreLock(msg.lock);
  }

  #watchCoreLock(name) {
    this.#coreLockAbort?.abort();
    this.#coreLockAbort = null;
    const s = this.#session;
    if (!name || !globalThis.navigator?.locks) return;
    const abort = new AbortController();
    this.#coreLockAbort = abort;
    const link = s.link;
    // The worker holds this lock while it lives; a shared request is granted to every tab at
    // once when it dies (its renderer crashed): faster than waiting for the heartbeat.
    navigator.locks.request(name, { mode: "shared", signal: abort.signal }, () => {
      if (s.link === link && !s.closed) s.linkDead("its lock was released: the worker died");
    }).catch((e) => {
      if (e?.name !== "AbortError") console.warn("[switchboard] cannot watch the worker's lock; relying on the heartbeat:", e);
    });
  }

  /** The worker is gone: make a new one, which this tab attaches to from its cursor. */
  linkDead(why) {
    const s = this.#session;
    // Sends the dead worker had not seen acknowledged may or may not have reached the hub.
    s.reportUnconfirmed();
    s.setStatus("reconnecting", why);
    console.warn(`[switchboard] the shared worker for ${s.url} is gone (${why}); starting a new one from cursor ${s.cursor}`);
    s.detach(false);
    this.start();
  }

  detached() {
    this.#coreLockAbort?.abort();
    this.#coreLockAbort = null;
  }

  stop() {}
}
