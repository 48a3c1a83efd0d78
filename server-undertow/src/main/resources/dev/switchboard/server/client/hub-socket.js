// One WebSocket attempt to the hub in envelope mode: opened with the subprotocol, given up
// when it does not open in time or the server does not speak switchboard.v1, and retired
// without a trace when the core is done with it.

import { SUBPROTOCOL, DISCONNECT_FRAME } from "./envelope.js";

const CLOSE_REASONS = {
  1000: "the hub closed the connection",
  1001: "the hub is shutting down, or ended this port for missing its heartbeat",
  1006: "the connection dropped without a close frame",
  1008: "the port read too slowly and the hub dropped its backlog",
  1009: "a message was larger than the hub accepts",
  1011: "the hub failed to write to this port",
  1013: "the hub refused the port (it is closed or at its port limit)",
};

/** Why a connection ended, in words: a close code and reason, or (code null) the reason alone. */
export function describeClose(code, reason) {
  if (code == null) return reason;
  return (CLOSE_REASONS[code] ?? `closed with code ${code}`) + (reason ? ` (${reason})` : "") + (code ? ` [${code}]` : "");
}

export class HubSocket {
  /** When the socket opened (Date.now()), or 0 while it has not. */
  openedAt = 0;
  #ws;
  #timer;
  #retired = false;

  /**
   * Opens target. Throws what the WebSocket constructor throws (a URL it refuses).
   *
   * @param target   the URL to open, with its query
   * @param settings {connectTimeoutMs, hubUrl, onOpen(), onFrame(data), onLost(code, reason)}:
   *                 onLost comes at most once, with code null when the attempt was given up
   *                 (no answer in time, wrong subprotocol); hubUrl names the hub in reasons
   */
  constructor(target, { connectTimeoutMs, hubUrl, onOpen, onFrame, onLost }) {
    const ws = new WebSocket(target, SUBPROTOCOL);
    this.#ws = ws;
    const lost = (code, reason) => {
      if (!this.#retired) onLost(code, reason);
    };
    this.#timer = setTimeout(() => {
      if (ws.readyState === WebSocket.CONNECTING) lost(null, `no answer within ${connectTimeoutMs}ms`);
    }, connectTimeoutMs);
    ws.onopen = () => {
      if (this.#retired) return;
      clearTimeout(this.#timer);
      this.openedAt = Date.now();
      onOpen();
      if (ws.protocol !== SUBPROTOCOL) {
        ws.close(1000);
        lost(null, `the server at ${hubUrl} did not select subprotocol ${SUBPROTOCOL}: it is not a Switchboard hub with envelope mode`);
      }
    };
    ws.onmessage = (ev) => { if (!this.#retired) onFrame(ev.data); };
    ws.onclose = (ev) => lost(ev.code, ev.reason);
    // onerror carries no detail in browsers; onclose always follows it and does the work.
    ws.onerror = () => {};
  }

  /** Whether frames can be written now. */
  get isOpen() { return !this.#retired && this.#ws.readyState === WebSocket.OPEN; }

  send(frame) { this.#ws.send(frame); }

  /** Forgets the socket: its late events are ignored. With goodbye, tells the hub first. */
  retire(goodbye) {
    this.#retired = true;
    const ws = this.#ws;
    ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
    try {
      if (goodbye && ws.readyState === WebSocket.OPEN) ws.send(DISCONNECT_FRAME);
      ws.close(1000);
    } catch { /* already closing */ }
    clearTimeout(this.#timer);
  }
}
