// The tabs a shared connection serves, and how it knows they are still there.
//
// Each tab is an endpoint {post(msg), close()} (a MessagePort, a BroadcastChannel relay, or a
// MessageChannel in the page). A tab is gone on the first of: it says bye; the Web Lock it
// holds for its whole life is granted to us (it closed, crashed or was discarded); it misses
// missedBeats heartbeats (then it is not sent to, and a minute later it is removed).

import { log, warn } from "./log.js";

const HELLO_DEADLINE_MS = 30000;  // an endpoint that never says hello is dropped after this
const DORMANT_DEADLINE_MS = 60000; // a tab silent this long after missing its beats is removed

export class TabRegistry {
  #endpoints = new Set();
  #heartbeatMs;
  #missedBeats;
  #fanoutHook;
  #lastCount = -1;

  /**
   * @param settings {heartbeatMs, missedBeats, fanout, onMessage(ep, msg), onChange(), onRemoved(ep)}:
   *                 fanout(msg, endpoints) may deliver one message to many endpoints at once;
   *                 onMessage gets what tabs send that is not about liveness; onChange is called
   *                 when the active tabs may have changed; onRemoved when a tab is gone for good
   */
  constructor({ heartbeatMs, missedBeats, fanout, onMessage, onChange, onRemoved }) {
    this.#heartbeatMs = heartbeatMs;
    this.#missedBeats = missedBeats;
    this.#fanoutHook = fanout || null;
    this.onMessage = onMessage;
    this.onChange = onChange;
    this.onRemoved = onRemoved;
  }

  /** Connects a tab; returns the function that receives its messages. */
  add(post, close, meta = null) {
    const ep = { post, close, meta, tab: null, active: false, lastHeard: Date.now(), since: null, dormantSince: 0, lockAbort: null, born: Date.now() };
    this.#endpoints.add(ep);
    return (msg) => this.#receive(ep, msg);
  }

  has(ep) { return this.#endpoints.has(ep); }

  /** The tabs in the order they came. */
  all() { return [...this.#endpoints]; }

  #receive(ep, msg) {
    if (!this.#endpoints.has(ep) || !msg || typeof msg !== "object") return;
    ep.lastHeard = Date.now();
    switch (msg.t) {
      case "pong": if (ep.tab && !ep.active && !ep.attaching) this.post(ep, { t: "resync" }); break;
      case "bye": this.remove(ep, "said goodbye", true); break;
      default: this.onMessage(ep, msg);
    }
  }

  /**
   * A tab said hello (again): it counts as active, but gets no live message until attached()
   * says its catch-up is done: a live message first would move the tab's cursor past the
   * replay, and the tab would drop the replay as duplicates.
   */
  hello(ep, msg) {
    const first = !ep.tab;
    ep.tab = { id: String(msg.tab), lock: typeof msg.lock === "string" ? msg.lock : null, token: msg.token === true };
    ep.active = true;
    ep.attaching = true;
    ep.dormantSince = 0;
    if (first) this.#watchLock(ep);
  }

  /** The tab is attached: live messages reach it from now on. */
  attached(ep) { ep.attaching = false; }

  #watchLock(ep) {
    if (!ep.tab.lock || !globalThis.navigator?.locks) return;
    const abort = new AbortController();
    ep.lockAbort = abort;
    // The tab holds this lock for as long as it lives; it is granted to us only when the tab
    // is closed, crashes or is discarded. Immediate notice, no heartbeat needed.
    navigator.locks.request(ep.tab.lock, { signal: abort.signal }, () => {
      this.remove(ep, "its lock was released (the tab closed, crashed or was discarded)", true);
    }).catch((e) => {
      if (e?.name !== "AbortError") warn("cannot watch a tab's lock; relying on the heartbeat:", e);
    });
  }

  remove(ep, why, logIt) {
    if (!this.#endpoints.has(ep)) return;
    this.#endpoints.delete(ep);
    ep.lockAbort?.abort();
    try { ep.close(); } catch { /* already closed */ }
    if (logIt && ep.tab) log(`tab ${ep.tab.id} left: ${why}`);
    this.onRemoved(ep);
    this.onChange();
  }

  /** Removes every tab, telling nobody: the shared connection shut down. */
  removeAll(why) {
    for (const ep of [...this.#endpoints]) this.remove(ep, why, false);
  }

  activeCount() {
    let n = 0;
    for (const ep of this.#endpoints) if (ep.active) n++;
    return n;
  }

  /** Tells the tabs how many they are, when that changed; returns the count. */
  publishCount() {
    const count = this.activeCount();
    if (count !== this.#lastCount) {
      this.#lastCount = count;
      this.fanout({ t: "tabs", count });
    }
    return count;
  }

  /** Every heartbeat: ping every tab, and stop sending to tabs that stopped answering. */
  beat(now) {
    const deadline = this.#heartbeatMs * this.#missedBeats;
    for (const ep of [...this.#endpoints]) {
      if (!ep.tab) {
        if (now - ep.born > HELLO_DEADLINE_MS) this.remove(ep, "never said hello", false);
        continue;
      }
      if (ep.active && now - ep.lastHeard > deadline) {
        // Not removed: a frozen background tab answers again when it thaws; it then gets a
        // "resync" and re-attaches from its cursor. Until then it is not sent to or counted.
        ep.active = false;
        ep.dormantSince = now;
        log(`tab ${ep.tab.id} missed ${this.#missedBeats} heartbeats; not sending to it`);
        this.onChange();
      } else if (!ep.active && ep.dormantSince && now - ep.dormantSince > DORMANT_DEADLINE_MS) {
        this.remove(ep, "silent for a minute", true);
        continue;
      }
      this.post(ep, { t: "ping" });
    }
  }

  post(ep, msg) {
    try {
      ep.post(msg);
    } catch (e) {
      warn("could not post to a tab; removing it:", e);
      this.remove(ep, "posting failed", true);
    }
  }

  /** Sends msg to every attached tab. */
  fanout(msg) {
    const targets = [...this.#endpoints].filter((ep) => ep.active && !ep.attaching);
    if (targets.length === 0) return;
    if (this.#fanoutHook) {
      try { this.#fanoutHook(msg, targets); } catch (e) { warn("fan-out failed:", e); }
      return;
    }
    for (const ep of targets) this.post(ep, msg);
  }
}
