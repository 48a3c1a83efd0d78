import { test } from "node:test";
import assert from "node:assert/strict";
import { CLIENT } from "./client.js";

const { normalizeUrl, checkOptions } = await import(new URL("connect-options.js", CLIENT));
const { describe } = await import(new URL("describe.js", CLIENT));
const { sanitizeOptions, DEFAULTS } = await import(new URL("defaults.js", CLIENT));

test("hub URLs become ws: or wss:, and what cannot work is a TypeError naming it", () => {
  assert.equal(normalizeUrl("http://h:8080/hubs/a/ws"), "ws://h:8080/hubs/a/ws");
  assert.equal(normalizeUrl("https://h/hubs/a/ws"), "wss://h/hubs/a/ws");
  assert.equal(normalizeUrl(new URL("ws://h/hubs/a/ws")), "ws://h/hubs/a/ws");
  assert.throws(() => normalizeUrl(42), { name: "TypeError", message: /not the number 42$/ });
  assert.throws(() => normalizeUrl("ftp://h/x"), { name: "TypeError", message: /uses ftp: but a hub URL uses ws: or wss:/ });
  assert.throws(() => normalizeUrl("ws://h/x#top"), { name: "TypeError", message: /has a fragment \(#top\)/ });
  assert.throws(() => normalizeUrl("ws://h/x?since=e:1"), { name: "TypeError", message: /already has \?since=/ });
  assert.throws(() => normalizeUrl("ws://[bad"), { name: "TypeError", message: /is not a valid URL/ });
});

test("options are checked one by one, naming the key and the value", () => {
  const url = "ws://h/hubs/a/ws";
  assert.deepEqual(checkOptions(undefined, url), {});
  assert.deepEqual(checkOptions({ heartbeatMs: 500, token: "t" }, url), { heartbeatMs: 500, token: "t" });
  assert.throws(() => checkOptions({ heartbeat: 5 }, url), { message: /unknown option "heartbeat"; known options: mode, workerUrl, .*token$/ });
  assert.throws(() => checkOptions({ mode: "telepathy" }, url), { message: /invalid mode the string "telepathy"; use one of shared-worker, leader, direct$/ });
  assert.throws(() => checkOptions({ missedBeats: 1.5 }, url), { message: /invalid missedBeats the number 1.5$/ });
  assert.throws(() => checkOptions({ token: "" }, url), { message: /invalid token an empty string; pass a non-empty string, or a function/ });
  assert.throws(() => checkOptions({ token: { jwt: "s3cret" } }, url), (e) => e.message.includes("invalid token an Object") && !e.message.includes("s3cret"));
  assert.throws(() => checkOptions({ token: "t" }, url + "?access_token=x"), { message: /already has \?access_token= and the token option is given too/ });
  assert.throws(() => checkOptions("fast", url), { message: /options must be an object, not the string "fast"/ });
});

test("values are named in error sentences, shortened when long", () => {
  assert.equal(describe(null), "null");
  assert.equal(describe(17), "the number 17");
  assert.equal(describe({ buy: 1 }), 'the Object {"buy":1}');
  assert.equal(describe(function pick() {}), "the function pick");
  assert.equal(describe("x".repeat(100)), `the string "${"x".repeat(60)}…"`);
  const cyclic = {};
  cyclic.self = cyclic;
  assert.equal(describe(cyclic), "a Object");
});

test("only known numeric options reach the shared worker: never a function, never a token", () => {
  const out = sanitizeOptions({ heartbeatMs: 500, lingerMs: -1, replay: NaN, token: "secret", mode: "leader", evil: 1, connectTimeoutMs: "5" });
  assert.deepEqual(out, { heartbeatMs: 500 });
  assert.deepEqual(sanitizeOptions(null), {});
  assert.ok(Object.keys(DEFAULTS).includes("gatherMs"));
});
