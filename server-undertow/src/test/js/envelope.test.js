import { test } from "node:test";
import assert from "node:assert/strict";
import { CLIENT } from "./client.js";

const { encodeSend, decodeFrame, decodeMessage, decodeGap, toBase64, fromBase64, SUBPROTOCOL, PONG_FRAME, DISCONNECT_FRAME } =
  await import(new URL("envelope.js", CLIENT));

const bytes = (...b) => new Uint8Array(b).buffer;

test("the subprotocol and the fixed frames are the protocol's", () => {
  assert.equal(SUBPROTOCOL, "switchboard.v1");
  assert.deepEqual(JSON.parse(PONG_FRAME), { type: "pong" });
  assert.deepEqual(JSON.parse(DISCONNECT_FRAME), { type: "disconnect" });
});

test("a text send becomes a send envelope with its id", () => {
  const out = encodeSend({ t: "send", id: "ab-1", data: "hello" });
  assert.equal(out.id, "ab-1");
  assert.deepEqual(JSON.parse(out.frame), { type: "send", data: "hello", id: "ab-1" });
});

test("a binary send travels base64-encoded", () => {
  const out = encodeSend({ t: "send", id: "ab-2", bin: bytes(0, 1, 2, 255) });
  assert.deepEqual(JSON.parse(out.frame), { type: "send", data: "AAEC/w==", encoding: "base64", id: "ab-2" });
});

test("base64 round-trips every byte value, and buffers larger than one chunk", () => {
  const all = new Uint8Array(256).map((_, i) => i);
  assert.deepEqual(new Uint8Array(fromBase64(toBase64(all.buffer))), all);
  const large = new Uint8Array(100_000).map((_, i) => (i * 31) & 0xff);
  assert.deepEqual(new Uint8Array(fromBase64(toBase64(large.buffer))), large);
  assert.equal(toBase64(new ArrayBuffer(0)), "");
});

test("a JSON object frame is an envelope; other frames are problems to log or drop", () => {
  assert.deepEqual(decodeFrame('{"type":"ping"}'), { envelope: { type: "ping" } });
  assert.equal(decodeFrame(bytes(1)).problem, "ignoring a binary frame: envelope mode sends only text");
  assert.match(decodeFrame("not json").problem, /^ignoring a frame that is not JSON: not json$/);
  assert.equal(decodeFrame("x".repeat(500)).problem.length, "ignoring a frame that is not JSON: ".length + 200);
  assert.deepEqual(decodeFrame("null"), { problem: null });
  assert.deepEqual(decodeFrame("42"), { problem: null });
});

test("a message envelope becomes the tabs' message, with id and event only when given", () => {
  assert.deepEqual(decodeMessage({ type: "message", cursor: "e:1", data: "x" }),
    { message: { t: "message", cursor: "e:1", data: "x" } });
  assert.deepEqual(decodeMessage({ type: "message", cursor: "e:2", data: "y", id: "41", event: "tick" }),
    { message: { t: "message", cursor: "e:2", data: "y", id: "41", event: "tick" } });
});

test("a base64 message arrives as an ArrayBuffer; invalid base64 is an error naming the cursor", () => {
  const { message } = decodeMessage({ type: "message", cursor: "e:3", data: "AQL/", encoding: "base64" });
  assert.ok(message.data instanceof ArrayBuffer);
  assert.deepEqual([...new Uint8Array(message.data)], [1, 2, 255]);
  assert.deepEqual(decodeMessage({ type: "message", cursor: "e:4", data: "!!not base64!!", encoding: "base64" }),
    { error: "the hub sent message e:4 with invalid base64 data; it was dropped" });
});

test("a gap envelope becomes the tabs' gap, with defaults for what it leaves out", () => {
  assert.deepEqual(decodeGap({ type: "gap", after: "e:1", next: "e:9", cause: "expired" }),
    { t: "gap", after: "e:1", next: "e:9", cause: "expired" });
  assert.deepEqual(decodeGap({ type: "gap" }), { t: "gap", after: null, next: null, cause: "unknown" });
});
