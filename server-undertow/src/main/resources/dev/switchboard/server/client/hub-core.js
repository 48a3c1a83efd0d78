// The shared connection: ONE WebSocket to a hub in envelope mode, shared by every tab of this
// browser that connects to the same hub URL. The SharedWorker runs it (switchboard-worker.js);
// without one, the elected leader tab or a lone tab runs it in the page.
//
// Tabs talk to it over a MessagePort-like endpoint with small objects {t: ...}:
//   tab -> core: hello {tab, lock, since, options, token}, send {id, data | bin}, token {req, token | error}, pong, bye
//   core -> tab: attached, message, status, gap, error, ack, tabs, ping, resync, token {req}
// Nothing here is public API: switchboard.js is. See docs/browser.md.

import { DEFAULTS } from "./defaults.js";
import { log, warn } from "./log.js";
import { TabRegistry } from "./tab-registry.js";
import { ReplayBuffer } from "./replay.js";
import { Backoff } from "./backoff.js";
import { HubSocket, describeClose } from "./hub-socket.js";
import { SUBPROTOCOL, PONG_FRAME, encodeSend, decodeFrame, decodeMessage, decodeGap } from "./envelope.js";
import { TokenBroker, withAccessToken, redactToken } from "./token.js";

/** One shared hub connection and the tabs it serves. */
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
    this.tabs = new TabRegistry({
      heartbeatMs: this.opts.heartbeatMs,
      missedBeats: this.opts.missedBeats,
      fanout: settings.fanout,
      onMessage: (ep, msg) => this.#fromTab(ep, msg),
      onChange: () => this.#tabsChanged(),
      onRemoved: (ep) => this.#tabLeft(ep),
    });
    this.replay = new ReplayBuffer(this.opts.replay);
    this.backoff = new Backoff({ baseMs: this.opts.backoffBaseMs, capMs: this.opts.backoffCapMs });
    this.tokens = new TokenBroker(this.opts.connectTimeoutMs);
    this.socket = null;
    this.state = "idle"; // idle | gathering | connecting | open | backoff | closed
    this.welcomed = false;
    this.everOpen = false;
    this.upstream = null;
    this.upstreamDetail = null;
    this.lastStatus = null;
    this.connectedAt = 0;
    this.attempts = 0;       // numbers connection attempts, so a late token answer is not used
    this.usedToken = false;  // whether the current connection carries a token
    this.sendQueue = [];     // [{ep, out}] sends held while the socket is down
    this.unacked = new Map(); // send id -> endpoint
    this.timers = {};
    this.lastHubFrame = 0;
    this.hubHeartbeat = 15000;
    this.timers.beat = setInterval(() => this.#beat(), this.opts.heartbeatMs);
  }

  /** Connects a tab; returns the function that receives its messages. */
  addEndpoint(post, close, meta = null) {
    return this.tabs.add(post, close, meta);
  }

  /** Ends everything: says goodbye to the hub and to every tab. Used when a leader steps down. */
  shutdown() {
    this.state = "closed";
    this.tabs.removeAll("the shared connection shut down");
    this.#disconnect("shutdown");
    this.tokens.close();
    for (const t of Object.values(this.timers)) { clearTimeout(t); clearInterval(t); }
  }

  // ---- tabs -------------------------------------------------------------------------------

  #fromTab(ep, msg) {
    switch (msg.t) {
      // #hello is async (it waits for the worker lock): its failures are logged, never left unhandled.
      case "hello": this.#hello(ep, msg).catch((e) => warn("a tab's hello failed:", e)); break;
      case "send": this.#send(ep, msg); break;
      case "token": this.tokens.answer(ep, msg); break;
      default: warn("ignoring an unknown message from a tab:", msg);
    }
  }

  async #hello(ep, msg) {
    this.tabs.hello(ep, msg);
    clearTimeout(this.timers.linger);
    // Tabs must not be told "attached" before the instance lock is held: a tab that requested
    // it earlier would be granted it at once and think this core had died.
    try { await this.lockHeld; } catch { /* no lock: the heartbeat still works */ }
    if (!this.tabs.has(ep)) return;
    this.tabs.attached(ep);
    this.tabs.post(ep, {
      t: "attached", lock: this.instanceLock, tabs: this.tabs.activeCount(),
      status: this.#status(), upstream: this.upstream, detail: this.upstreamDetail,
      heartbeatMs: this.opts.heartbeatMs, missedBeats: this.opts.missedBeats, cursor: this.replay.lastCursor,
    });
    this.#tabsChanged();
    this.#catchUp(ep, typeof msg.since === "string" ? msg.since : null);
  }

  /** Brings a (re)attaching tab from its cursor up to the live stream. */
  #catchUp(ep, since) {
    if (this.state === "closed") return;
    if (this.state === "idle") {
      this.replay.resumeFrom = since;
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
    if (this.state === "gathering" || !this.replay.floor) {
      // Not yet welcomed in this session (gathering, connecting, or backing off after a failed
      // first attempt): start from the oldest cursor any tab brought.
      if (this.replay.preferOlder(since) && this.state === "connecting") this.#reconnectNow("a tab re-attached from an older cursor");
      return;
    }
    // A young connection (a takeover) may start again from an older cursor: the hub replays;
    // tabs drop the cursors they already have.
    const plan = this.replay.catchUp(since, Date.now() - this.connectedAt < this.opts.rewindWindowMs);
    if (plan.rewind) {
      this.#reconnectNow("a tab re-attached from an older cursor");
      return;
    }
    if (plan.gap) this.tabs.post(ep, { t: "gap", ...plan.gap });
    for (const m of plan.messages) this.tabs.post(ep, m);
  }

  /** A tab is gone for good: forget its unacknowledged sends (its queued ones stay queued). */
  #tabLeft(ep) {
    // A page that sends and then navigates away still means what it sent.
    for (const [id, owner] of this.unacked) if (owner === ep) this.unacked.delete(id);
    this.tokens.left(ep);
  }

  #tabsChanged() {
    const count = this.tabs.publishCount();
    if (count === 0 && this.state !== "idle" && this.state !== "closed") {
      clearTimeout(this.timers.linger);
      this.timers.linger = setTimeout(() => {
        if (this.tabs.activeCount() === 0) this.#disconnect("no tab has used it for " + this.opts.lingerMs + "ms");
      }, this.opts.lingerMs);
    }
  }

  /** Every heartbeat: the tabs' liveness, and the hub's. */
  #beat() {
    const now = Date.now();
    this.tabs.beat(now);
    // A hub that went silent (a half-open connection: no FIN ever came) is replaced.
    if (this.state === "open" && now - this.lastHubFrame > this.hubHeartbeat * 2 + 2000) {
      this.#reconnectNow(`nothing heard from the hub for ${now - this.lastHubFrame}ms`);
    }
  }

  #errorTo(ep, code, message, ref) {
    const msg = { t: "error", code, message, ref: ref ?? null };
    if (ep) this.tabs.post(ep, msg); else this.tabs.fanout(msg);
  }

  // ---- sends ------------------------------------------------------------------------------

  #send(ep, msg) {
    if (!ep.active) {
      this.#errorTo(ep, "not-attached", `message ${msg.id} was not sent: this tab is not attached; it re-attaches on its own, send again then`, msg.id);
      return;
    }
    const out = encodeSend(msg);
    if (this.socket && this.welcomed && this.socket.isOpen) {
      this.#sendNow(ep, out);
    } else if (this.sendQueue.length < this.opts.sendQueue) {
      this.sendQueue.push({ ep, out });
    } else {
      this.#errorTo(ep, "queue-full", `message ${msg.id} was not sent: ${this.opts.sendQueue} messages already wait for the hub connection; send again after it reconnects`, msg.id);
    }
  }

  #sendNow(ep, out) {
    this.unacked.set(out.id, ep);
    this.socket.send(out.frame);
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
    this.tabs.fanout({ t: "status", status, upstream: this.upstream, detail: detail ?? this.upstreamDetail });
  }

  /** Starts a connection attempt; first asks a tab for a token when tabs passed one. */
  #connect() {
    clearTimeout(this.timers.gather);
    clearTimeout(this.timers.retry);
    if (this.state === "closed" || this.tabs.activeCount() === 0) {
      this.state = "idle";
      return;
    }
    const attempt = ++this.attempts;
    const askable = this.tabs.all().filter((ep) => ep.active && ep.tab?.token);
    if (askable.length === 0) {
      this.#open(null);
      return;
    }
    this.state = "connecting";
    this.welcomed = false;
    // Asked anew on every attempt: a token function returns a fresh token, e.g. after the
    // hub closed a connection whose token expired.
    const current = () => this.attempts === attempt && this.state === "connecting";
    this.tokens.fetch(askable, (ep, m) => this.tabs.post(ep, m)).then(
      (token) => { if (current()) this.#open(token); },
      (e) => { if (current()) this.#tokenFailed(e); });
  }

  #open(token) {
    const since = this.replay.resumeFrom;
    let target;
    try {
      const u = new URL(this.url);
      if (since) u.searchParams.set("since", since);
      target = token ? withAccessToken(u.href, token) : u.href;
    } catch (e) {
      this.state = "closed";
      this.#errorTo(null, "bad-url", `cannot connect to ${this.url}: ${redactToken(e.message, token)}`);
      return;
    }
    this.state = "connecting";
    this.welcomed = false;
    this.replay.connecting();
    this.usedToken = !!token;
    let socket = null;
    try {
      socket = new HubSocket(target, {
        connectTimeoutMs: this.opts.connectTimeoutMs,
        hubUrl: this.url,
        onOpen: () => { this.lastHubFrame = Date.now(); },
        onFrame: (data) => { if (this.socket === socket) this.#hubFrame(data); },
        onLost: (code, reason) => { if (this.socket === socket) this.#lost(socket, code, reason); },
      });
    } catch (e) {
      // A URL the WebSocket constructor refuses will never work: say so, and stop.
      this.state = "closed";
      this.#errorTo(null, "bad-url", `cannot connect to ${this.url}: ${redactToken(e.message, token)}`);
      this.#statusChanged();
      return;
    }
    this.socket = socket;
    this.connectedAt = Date.now();
    this.#statusChanged();
  }

  #hubFrame(data) {
    this.lastHubFrame = Date.now();
    const { envelope: env, problem } = decodeFrame(data);
    if (!env) {
      if (problem) warn(problem);
      return;
    }
    switch (env.type) {
      case "welcome": this.#welcome(env); break;
      case "message": this.#message(env); break;
      case "status":
        this.upstream = env.state ?? this.upstream;
        this.upstreamDetail = env.detail ?? null;
        this.#statusChanged();
        break;
      case "gap":
        this.replay.gap(env.next);
        this.tabs.fanout(decodeGap(env));
        break;
      case "ack": {
        const ep = this.unacked.get(env.ref);
        this.unacked.delete(env.ref);
        if (ep && this.tabs.has(ep)) this.tabs.post(ep, { t: "ack", ref: env.ref, status: env.status, detail: env.detail ?? null });
        break;
      }
      case "error": {
        const ep = env.ref != null ? this.unacked.get(env.ref) : null;
        if (env.ref != null) this.unacked.delete(env.ref);
        this.#errorTo(ep && this.tabs.has(ep) ? ep : null, env.code ?? "hub-error", env.message ?? "the hub reported an error", env.ref);
        break;
      }
      case "ping": this.socket?.send(PONG_FRAME); break;
      default: break; // unknown envelopes are ignored, so the protocol can grow
    }
  }

  #welcome(env) {
    this.welcomed = true;
    this.state = "open";
    this.upstream = env.state ?? null;
    this.upstreamDetail = null;
    if (Number.isFinite(env.heartbeat) && env.heartbeat > 0) this.hubHeartbeat = env.heartbeat;
    this.replay.welcomed(env.cursor);
    // Held sends go first, in the order the tabs sent them.
    const queued = this.sendQueue;
    this.sendQueue = [];
    for (const q of queued) this.#sendNow(q.ep, q.out);
    this.#statusChanged();
  }

  #message(env) {
    const { message, error } = decodeMessage(env);
    if (error) {
      this.#errorTo(null, "bad-frame", error);
      return;
    }
    this.replay.received(env.cursor, message);
    // Forwarded even when seen (after a rewind): the tab that asked for it needs it, the
    // others drop cursors they already have.
    this.tabs.fanout(message);
  }

  #reconnectNow(why) {
    if (this.socket) this.#retire(this.socket, true);
    log(`reconnecting to ${this.url}: ${why}`);
    this.state = "backoff";
    this.#connect();
  }

  /** Forgets a socket: its late events are ignored. */
  #retire(socket, sayGoodbye) {
    socket.retire(sayGoodbye);
    if (this.socket === socket) this.socket = null;
  }

  #lost(socket, code, reason) {
    const wasWelcomed = this.welcomed;
    const lived = socket.openedAt ? Date.now() - socket.openedAt : 0;
    this.#retire(socket, false);
    this.welcomed = false;
    // Sends the hub never acknowledged may or may not have reached it: say so, never guess.
    for (const [id, ep] of this.unacked) {
      this.#errorTo(this.tabs.has(ep) ? ep : null, "send-unconfirmed",
        `message ${id} may not have reached the hub: the connection closed before the hub acknowledged it`, id);
    }
    this.unacked.clear();
    if (this.#nobodyWaits()) return;
    const delay = this.backoff.failed(lived);
    const retry = this.#retryText(delay);
    const detail = `${describeClose(code, reason)}; ${retry}`;
    if (!wasWelcomed) {
      // Never got in: the URL is wrong, the hub is down, the hub name is unknown, the token
      // was refused, or the server does not speak envelope mode. Browsers hide which, so name them all.
      const causes = this.usedToken
        ? "the server is down or unreachable, the hub name is unknown, the hub refused the token, or it does not speak " + SUBPROTOCOL
        : "the server is down or unreachable, the hub name is unknown, or it does not speak " + SUBPROTOCOL;
      this.#errorTo(null, "connect-failed", `could not connect to ${this.url}: ${code == null ? reason
        : "the connection failed before the hub welcomed it (" + causes + ")"}; ${retry}`);
    } else {
      log(`lost ${this.url}: ${detail}`);
    }
    this.#retryAfter(delay, detail);
  }

  /** No tab could give a token: this attempt failed, and the next one asks again. */
  #tokenFailed(e) {
    if (this.#nobodyWaits()) return;
    const delay = this.backoff.failed(0);
    const reason = `no token for the hub: ${e?.message ?? e}`;
    const retry = this.#retryText(delay);
    this.#errorTo(null, "token-failed", `could not connect to ${this.url}: ${reason}; ${retry}`);
    this.#retryAfter(delay, `${reason}; ${retry}`);
  }

  /** After a failed attempt: when the core closed or no tab is left, it goes idle instead of retrying. */
  #nobodyWaits() {
    if (this.state !== "closed" && this.tabs.activeCount() > 0) return false;
    this.state = "idle";
    this.#statusChanged();
    return true;
  }

  #retryText(delay) {
    return `retry ${this.backoff.attempt} in ${(delay / 1000).toFixed(1)}s`;
  }

  #retryAfter(delay, detail) {
    this.state = "backoff";
    this.#statusChanged(detail);
    this.timers.retry = setTimeout(() => this.#connect(), delay);
  }

  #disconnect(why) {
    clearTimeout(this.timers.retry);
    clearTimeout(this.timers.gather);
    clearTimeout(this.timers.linger);
    if (this.socket) {
      log(`closing ${this.url}: ${why}`);
      this.#retire(this.socket, true);
    }
    if (this.state !== "closed") this.state = "idle";
    this.welcomed = false;
    this.everOpen = false;
    this.lastStatus = null;
    this.replay.reset();
    this.backoff.reset();
  }
}
