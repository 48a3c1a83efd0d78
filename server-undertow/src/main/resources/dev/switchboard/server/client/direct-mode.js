// Direct mode: no SharedWorker, no Web Locks or no BroadcastChannel; this tab runs the
// shared connection's code (HubCore) for itself and is its only tab.

import { HubCore } from "./hub-core.js";
import { sanitizeOptions } from "./defaults.js";

/** A link from the session to a core in this page, through a MessageChannel like the worker's port. */
export function localLink(session, core) {
  const channel = new MessageChannel();
  const receive = core.addEndpoint((m) => channel.port1.postMessage(m), () => channel.port1.close());
  channel.port1.onmessage = (ev) => receive(ev.data);
  const link = { post: (m) => channel.port2.postMessage(m), close: () => channel.port2.close() };
  channel.port2.onmessage = (ev) => { if (session.link === link) session.fromCore(ev.data); };
  return link;
}

export class DirectMode {
  name = "direct";
  usesTabLock = false; // nobody else watches this tab
  isLeader = false;
  #session;
  #core = null;

  constructor(session) {
    this.#session = session;
  }

  start() {
    const s = this.#session;
    this.#core = new HubCore(s.url, { options: sanitizeOptions(s.opts) });
    s.useLink(localLink(s, this.#core));
  }

  /** The core is in this page: a late answer means the page was paused. Say hello again. */
  attachTimedOut(link) { this.#session.useLink(link); }

  attached() {}

  /** The core runs in this page: its silence means the page was paused, not that anything died. */
  linkDead() { this.#session.lastHeard = Date.now(); }

  detached() {}

  stop() {
    this.#core?.shutdown();
    this.#core = null;
  }
}
