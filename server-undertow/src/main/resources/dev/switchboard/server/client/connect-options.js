// What Switchboard.connect accepts: the hub URL and the options, checked before anything
// starts, each mistake a TypeError naming the bad value.

import { describe } from "./describe.js";
import { isTokenOption, kindOf, TOKEN_PARAM } from "./token.js";

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
  token: isTokenOption,
};

const HINTS = {
  mode: `; use one of ${MODES.join(", ")}`,
  token: "; pass a non-empty string, or a function that returns one (or a Promise of one)",
};

/** The hub URL as the library uses it: ws: or wss:, absolute, without fragment or ?since=. */
export function normalizeUrl(url) {
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

/** A copy of the options, each checked; url is the normalized hub URL they go with. */
export function checkOptions(options, url) {
  if (options === undefined || options === null) return {};
  if (typeof options !== "object") throw new TypeError(`Switchboard.connect: options must be an object, not ${describe(options)}`);
  for (const [key, value] of Object.entries(options)) {
    const ok = OPTIONS[key];
    if (!ok) throw new TypeError(`Switchboard.connect: unknown option "${key}"; known options: ${Object.keys(OPTIONS).join(", ")}`);
    if (value !== undefined && !ok(value)) {
      // A token is named by its kind only: an object passed by mistake may hold the token.
      const shown = key === "token" ? kindOf(value) : describe(value);
      throw new TypeError(`Switchboard.connect: invalid ${key} ${shown}` + (HINTS[key] ?? ""));
    }
  }
  if (options.token !== undefined && new URL(url).searchParams.has(TOKEN_PARAM)) {
    throw new TypeError(`Switchboard.connect: the hub URL already has ?${TOKEN_PARAM}= and the token option is given too; pass the token one way only, preferably the option`);
  }
  return { ...options };
}
