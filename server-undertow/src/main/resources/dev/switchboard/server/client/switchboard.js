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
// (mode "direct"). This file is the public API; the modules beside it are its parts.

import { MODES, normalizeUrl, checkOptions } from "./connect-options.js";
import { describe } from "./describe.js";
import { SwitchboardError } from "./switchboard-error.js";
import { TabSession } from "./tab-session.js";

export { MODES, SwitchboardError };

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

  #session;

  constructor(url, options) {
    const hubUrl = normalizeUrl(url);
    const opts = checkOptions(options, hubUrl);
    this.#session = new TabSession(hubUrl, opts, (name, ...args) => this.#emit(name, ...args));
  }

  /** The hub URL, normalized. */
  get url() { return this.#session.url; }
  /** "shared-worker", "leader" or "direct": how this tab reaches the hub. */
  get mode() { return this.#session.mode.name; }
  /** "connecting", "open", "reconnecting" or "closed". */
  get status() { return this.#session.status; }
  /** How many tabs of this browser share the connection (1 in direct mode). */
  get tabs() { return this.#session.tabs; }
  /** The cursor of the last message this tab received, or null. */
  get cursor() { return this.#session.cursor; }
  /** This tab's id, as the worker knows it. */
  get tabId() { return this.#session.tabId; }
  /** In leader mode, whether this tab is the leader. */
  get isLeader() { return this.#session.mode.isLeader; }

  /**
   * Sends a message to the hub's upstream; returns its id (errors about it carry it as ref).
   * Messages from one tab are sent in order. Throws TypeError for anything but a string, an
   * ArrayBuffer or a typed array, and Error after close().
   */
  send(data) {
    const session = this.#session;
    if (session.closed) {
      throw new Error(`Switchboard: send() was called after close(); the connection to ${session.url} is closed, call Switchboard.connect() again to send`);
    }
    const id = session.nextSendId();
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
    session.send(msg);
    return id;
  }

  /** Leaves: tells the shared connection goodbye. Idempotent; the connection is unusable after. */
  close() {
    this.#session.close();
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
