import { test } from "node:test";
import assert from "node:assert/strict";
import { CLIENT } from "./client.js";

const { resolveToken, withAccessToken, redactToken, isTokenOption, TokenBroker, TOKEN_PARAM } = await import(new URL("token.js", CLIENT));

/** Timers that run only when told: virtual time for the broker's answer deadline. */
function virtualTimers() {
  const pending = new Map();
  let next = 0;
  return {
    setTimeout: (fn, ms) => { pending.set(++next, { fn, ms }); return next; },
    clearTimeout: (id) => { pending.delete(id); },
    fireAll() { for (const [id, t] of [...pending]) { pending.delete(id); t.fn(); } },
    get count() { return pending.size; },
  };
}

test("the token travels as access_token, beside the other query parameters, URL-encoded", () => {
  assert.equal(TOKEN_PARAM, "access_token");
  assert.equal(withAccessToken("ws://h/hubs/a/ws", "t1"), "ws://h/hubs/a/ws?access_token=t1");
  assert.equal(withAccessToken("ws://h/hubs/a/ws?since=e%3A4", "a b&c"), "ws://h/hubs/a/ws?since=e%3A4&access_token=a+b%26c");
});

test("a token option is a non-empty string or a function", () => {
  assert.ok(isTokenOption("x"));
  assert.ok(isTokenOption(() => "x"));
  for (const bad of ["", 42, null, {}, ["x"]]) assert.equal(isTokenOption(bad), false);
});

test("a string resolves to itself; a function is called anew each time, sync or async", async () => {
  assert.equal(await resolveToken("static"), "static");
  let calls = 0;
  const fresh = () => `t${++calls}`;
  assert.equal(await resolveToken(fresh), "t1");
  assert.equal(await resolveToken(fresh), "t2");
  assert.equal(await resolveToken(async () => "later"), "later");
});

test("a token function that fails or returns no string is a sentence naming what it did", async () => {
  await assert.rejects(resolveToken(() => { throw new Error("session expired"); }),
    { message: "the token function failed: session expired" });
  await assert.rejects(resolveToken(async () => { throw new Error("401 from /token"); }),
    { message: "the token function failed: 401 from /token" });
  await assert.rejects(resolveToken(() => 42),
    { message: "the token function returned a number; it must return a non-empty string, or a Promise of one" });
  await assert.rejects(resolveToken(async () => ""), { message: /returned an empty string;/ });
  await assert.rejects(resolveToken(() => undefined), { message: /returned undefined;/ });
});

test("a wrong token value is named by its kind only: an object returned by mistake may hold the token", async () => {
  const error = await resolveToken(async () => ({ access_token: "s3cret" })).catch((e) => e);
  assert.equal(error.message, "the token function returned an Object (return the token string itself); it must return a non-empty string, or a Promise of one");
  assert.equal(error.message.includes("s3cret"), false);
});

test("redaction hides the token as written and URL-encoded", () => {
  const token = "a b/c";
  const text = `cannot open ws://h/?access_token=${encodeURIComponent(token)} or ?access_token=a+b%2Fc, raw ${token}`;
  const out = redactToken(text, token);
  assert.equal(out.includes("a b/c") || out.includes("a%20b") || out.includes("a+b"), false, out);
  assert.equal(redactToken("nothing to hide", null), "nothing to hide");
});

test("the broker asks one tab and resolves with its token", async () => {
  const timers = virtualTimers();
  const broker = new TokenBroker(1000, timers);
  const asked = [];
  const result = broker.fetch(["tabA", "tabB"], (tab, msg) => asked.push([tab, msg]));
  assert.deepEqual(asked, [["tabA", { t: "token", req: 1 }]]);
  broker.answer("tabB", { t: "token", req: 1, token: "not from the asked tab" }); // ignored
  broker.answer("tabA", { t: "token", req: 1, token: "tok" });
  assert.equal(await result, "tok");
  assert.equal(timers.count, 0);
});

test("a tab that fails, times out or leaves makes the broker ask the next one", async () => {
  const timers = virtualTimers();
  const broker = new TokenBroker(1000, timers);
  const asked = [];
  const result = broker.fetch(["a", "b", "c", "d"], (tab, msg) => asked.push([tab, msg.req]));
  broker.answer("a", { t: "token", req: 1, error: "the token function failed: nope" });
  await new Promise(setImmediate);
  assert.deepEqual(asked.at(-1), ["b", 2]);
  timers.fireAll(); // b never answers
  await new Promise(setImmediate);
  assert.deepEqual(asked.at(-1), ["c", 3]);
  broker.left("c");
  await new Promise(setImmediate);
  assert.deepEqual(asked.at(-1), ["d", 4]);
  broker.answer("d", { t: "token", req: 4, token: "from d" });
  assert.equal(await result, "from d");
});

test("when no tab gives a token the broker rejects with the last reason", async () => {
  const timers = virtualTimers();
  const broker = new TokenBroker(250, timers);
  const result = broker.fetch(["a", "b"], () => {});
  broker.answer("a", { t: "token", req: 1, error: "first" });
  await new Promise(setImmediate);
  timers.fireAll();
  await assert.rejects(result, { message: "the tab did not answer the request for a token within 250ms" });
  await assert.rejects(new TokenBroker(1, timers).fetch([], () => {}), { message: /no tab that passed a token option/ });
});
