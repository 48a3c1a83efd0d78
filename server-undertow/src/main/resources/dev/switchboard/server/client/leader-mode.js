// Leader mode: no SharedWorker, but Web Locks and BroadcastChannel. Every tab queues for the
// leader lock; the one holding it runs the shared connection (HubCore) in its page and
// relays it to the others over a BroadcastChannel:
//   follower -> leader: {k: "to-core", from, msg}; leader -> followers: {k: "to-tab", to: [ids], msg};
//   a new leader announces itself with {k: "leader", id}.

import { HubCore } from "./hub-core.js";
import { sanitizeOptions } from "./defaults.js";
import { localLink } from "./direct-mode.js";

export class LeaderMode {
  name = "leader";
  usesTabLock = true;
  #session;
  #bc = null;
  #electionAbort = null;
  #stepDown = null;
  #core = null;
  #remotes = null;

  constructor(session) {
    this.#session = session;
  }

  /** Whether this tab leads now. */
  get isLeader() { return this.#core !== null; }

  start() {
    const s = this.#session;
    const bc = new BroadcastChannel(`switchboard ${s.url}`);
    this.#bc = bc;
    bc.onmessage = (ev) => this.#onBroadcast(ev.data);
    s.useLink(this.#followerLink());
    const abort = new AbortController();
    this.#electionAbort = abort;
    // Exactly one tab holds the leader lock; the others queue for it, and the next in line
    // is granted it the moment the leader closes or dies.
    navigator.locks.request(`switchboard-leader ${s.url}`, { signal: abort.signal }, () => this.#lead())
      .catch((e) => {
        if (e?.name === "AbortError" || s.closed) return;
        s.fallBack("direct", `leader election failed (${e?.message ?? e})`);
      });
  }

  #followerLink() {
    const bc = this.#bc;
    const s = this.#session;
    return { follower: true, post: (m) => bc.postMessage({ k: "to-core", from: s.tabId, msg: m }), close: () => {} };
  }

  /** Runs while this tab is the leader; resolving the promise releases the leader lock. */
  #lead() {
    const s = this.#session;
    if (s.closed || s.suspended || !this.#bc) return undefined;
    const bc = this.#bc;
    const core = new HubCore(s.url, {
      options: sanitizeOptions(s.opts),
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
    console.info(`[switchboard] this tab now leads the connection to ${s.url}`);
    s.reportUnconfirmed();
    s.detach(false);
    s.useLink(localLink(s, core));
    bc.postMessage({ k: "leader", id: s.tabId });
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
    const s = this.#session;
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
      if (s.link?.follower && Array.isArray(data.to) && data.to.includes(s.tabId)) s.fromCore(data.msg);
    } else if (data.k === "leader") {
      // A new leader: attach to it from our cursor. The old leader is gone, and with it
      // any send it had not seen acknowledged.
      if (s.link?.follower) {
        s.reportUnconfirmed();
        s.useLink(s.link);
      }
    }
  }

  /** No leader yet, or it missed our hello: say it again. */
  attachTimedOut(link) { this.#session.useLink(link); }

  attached() {}

  linkDead(why) {
    const s = this.#session;
    if (!s.link?.follower) {
      // This page runs the core itself: its silence means the page was paused, not that anything died.
      s.lastHeard = Date.now();
      return;
    }
    // Sends the old leader had not seen acknowledged may or may not have reached the hub.
    s.reportUnconfirmed();
    s.setStatus("reconnecting", why);
    // The leader went quiet but still holds its lock (else the next leader would have
    // announced itself). Say hello again; a new leader answers as soon as it is elected.
    console.warn(`[switchboard] the leader tab for ${s.url} went quiet (${why}); waiting for it or a new one`);
    s.useLink(s.link);
  }

  detached() {}

  stop() {
    this.#electionAbort?.abort();
    this.#electionAbort = null;
    this.#stepDown?.();
    this.#bc?.close();
    this.#bc = null;
  }
}
