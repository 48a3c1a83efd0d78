// The token option: browsers cannot set headers on a WebSocket, so the token travels as the
// query parameter access_token. The shared connection may live in a worker, where the page's
// token function cannot go, so before every connection attempt the core asks a tab for a
// fresh token: core -> tab {t: "token", req}, tab -> core {t: "token", req, token | error}.

export const TOKEN_PARAM = "access_token";

/** Whether value is a token option: a non-empty string, or a function that returns one. */
export function isTokenOption(value) {
  return (typeof value === "string" && value !== "") || typeof value === "function";
}

/**
 * The token an option stands for now: the string itself, or what the function returns (a
 * string or a Promise of one), called anew each time. Rejects with a sentence naming what was wrong.
 */
export async function resolveToken(option) {
  let value;
  try {
    value = typeof option === "function" ? await option() : option;
  } catch (e) {
    throw new Error(`the token function failed: ${e?.message ?? String(e)}`);
  }
  if (typeof value !== "string" || value === "") {
    throw new Error(`the token function returned ${kindOf(value)}; it must return a non-empty string, or a Promise of one`);
  }
  return value;
}

/** What a wrong token value is, without its content: a returned object may well hold the token. */
export function kindOf(value) {
  if (value === null || value === undefined) return String(value);
  if (value === "") return "an empty string";
  const article = (name) => (/^[aeiou]/i.test(name) ? "an " : "a ") + name;
  if (typeof value === "object") return `${article(value.constructor?.name || "Object")} (return the token string itself)`;
  return article(typeof value);
}

/** The hub URL with token as its access_token query parameter. */
export function withAccessToken(url, token) {
  const u = new URL(url);
  u.searchParams.set(TOKEN_PARAM, token);
  return u.href;
}

/** text with the token (as written, or URL-encoded) replaced, for any line that may quote the URL. */
export function redactToken(text, token) {
  let out = String(text);
  if (!token) return out;
  const forms = [token, encodeURIComponent(token), new URLSearchParams({ t: token }).toString().slice(2)];
  for (const form of new Set(forms)) out = out.split(form).join("<token>");
  return out;
}

/** The core's side: asks tabs for a token and waits for the answer. */
export class TokenBroker {
  #timeoutMs;
  #timers;
  #nextReq = 0;
  #asks = new Map(); // req -> {tab, resolve, reject, timer}

  /**
   * @param timeoutMs how long one tab may take to answer
   * @param timers    {setTimeout, clearTimeout}: the global ones, or virtual ones in tests
   */
  constructor(timeoutMs, timers = globalThis) {
    this.#timeoutMs = timeoutMs;
    this.#timers = timers;
  }

  /**
   * Asks each tab in turn until one gives a token; post(tab, msg) delivers the request.
   * Rejects with the last tab's reason when none does.
   */
  async fetch(tabs, post) {
    let failure = new Error("no tab that passed a token option is attached");
    for (const tab of tabs) {
      try {
        return await this.#ask(tab, post);
      } catch (e) {
        failure = e;
      }
    }
    throw failure;
  }

  #ask(tab, post) {
    return new Promise((resolve, reject) => {
      const req = ++this.#nextReq;
      const timer = this.#timers.setTimeout(() => {
        this.#asks.delete(req);
        reject(new Error(`the tab did not answer the request for a token within ${this.#timeoutMs}ms`));
      }, this.#timeoutMs);
      this.#asks.set(req, { tab, resolve, reject, timer });
      post(tab, { t: "token", req });
    });
  }

  /** A tab's answer. Answers to no open request, or from another tab, are ignored. */
  answer(tab, msg) {
    const ask = this.#asks.get(msg?.req);
    if (!ask || ask.tab !== tab) return;
    this.#asks.delete(msg.req);
    this.#timers.clearTimeout(ask.timer);
    if (typeof msg.token === "string" && msg.token !== "") ask.resolve(msg.token);
    else ask.reject(new Error(typeof msg.error === "string" ? msg.error : "the tab answered without a token"));
  }

  /** A tab left: what was asked of it fails at once, so that the next tab is asked. */
  left(tab) {
    for (const [req, ask] of this.#asks) {
      if (ask.tab !== tab) continue;
      this.#asks.delete(req);
      this.#timers.clearTimeout(ask.timer);
      ask.reject(new Error("the tab left before it answered the request for a token"));
    }
  }

  /** Drops every open request (the core shut down); nobody waits for them any more. */
  close() {
    for (const ask of this.#asks.values()) this.#timers.clearTimeout(ask.timer);
    this.#asks.clear();
  }
}
