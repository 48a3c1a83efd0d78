import { test } from "node:test";
import assert from "node:assert/strict";
import { CLIENT } from "./client.js";

const { Backoff } = await import(new URL("backoff.js", CLIENT));

const upper = () => 0.999999999; // the top of each window
const windows = (backoff, n) => Array.from({ length: n }, () => backoff.failed());

test("the window doubles from the base each attempt, up to the cap", () => {
  const backoff = new Backoff({ baseMs: 500, capMs: 30000, random: upper });
  assert.deepEqual(windows(backoff, 8), [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  assert.equal(backoff.attempt, 8);
});

test("full jitter: the delay is the random fraction of the window", () => {
  const fractions = [0, 0.5, 0.25];
  const backoff = new Backoff({ baseMs: 1000, capMs: 60000, random: () => fractions.shift() });
  assert.deepEqual(windows(backoff, 3), [0, 1000, 1000]);
});

test("a huge attempt count neither overflows nor passes the cap", () => {
  const backoff = new Backoff({ baseMs: 500, capMs: 30000, random: upper });
  const delays = windows(backoff, 2000);
  assert.ok(delays.every((d) => Number.isFinite(d) && d >= 0 && d <= 30000));
  assert.equal(delays.at(-1), 30000);
});

test("a connection that lived past the stable time starts the count again; a short one does not", () => {
  const backoff = new Backoff({ baseMs: 500, capMs: 30000, stableMs: 5000, random: upper });
  windows(backoff, 4);
  assert.equal(backoff.failed(5000), 8000); // not longer than stableMs: keeps growing
  assert.equal(backoff.failed(5001), 500);
  assert.equal(backoff.attempt, 1);
});

test("reset starts from the base again", () => {
  const backoff = new Backoff({ baseMs: 200, capMs: 1000, random: upper });
  windows(backoff, 5);
  backoff.reset();
  assert.equal(backoff.attempt, 0);
  assert.equal(backoff.failed(), 200);
});
