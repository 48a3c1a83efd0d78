// The envelope codec: what the hub's frames (subprotocol switchboard.v1, see docs/protocol.md)
// become for the tabs, and what a tab's send becomes for the hub. No sockets here.

export const SUBPROTOCOL = "switchboard.v1";
export const PONG_FRAME = '{"type":"pong"}';
export const DISCONNECT_FRAME = '{"type":"disconnect"}';

export function toBase64(buffer) {
  const bytes = new Uint8Array(buffer);
  let binary = "";
  // Chunked: String.fromCharCode(...bytes) overflows the stack on large buffers.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export function fromBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

/**
 * A tab's send {id, data | bin} as the hub's send envelope: {id, frame}, the frame being the
 * JSON text to write (binary data travels base64-encoded).
 */
export function encodeSend(msg) {
  const env = msg.bin instanceof ArrayBuffer
    ? { type: "send", data: toBase64(msg.bin), encoding: "base64", id: msg.id }
    : { type: "send", data: String(msg.data), id: msg.id };
  return { id: msg.id, frame: JSON.stringify(env) };
}

/**
 * One frame from the hub: {envelope} when it is a JSON object, else {problem}, a sentence to
 * log (null for a frame to drop without a word).
 */
export function decodeFrame(data) {
  if (typeof data !== "string") return { problem: "ignoring a binary frame: envelope mode sends only text" };
  let env;
  try {
    env = JSON.parse(data);
  } catch {
    return { problem: `ignoring a frame that is not JSON: ${data.slice(0, 200)}` };
  }
  if (!env || typeof env !== "object") return { problem: null };
  return { envelope: env };
}

/**
 * A message envelope as the tabs get it: {message: {t: "message", cursor, data, id?, event?}}
 * with binary data as an ArrayBuffer, or {error} when its base64 data does not decode.
 */
export function decodeMessage(env) {
  let data = env.data;
  if (env.encoding === "base64") {
    try {
      data = fromBase64(String(env.data));
    } catch {
      return { error: `the hub sent message ${env.cursor} with invalid base64 data; it was dropped` };
    }
  }
  const message = { t: "message", cursor: env.cursor, data };
  if (env.id != null) message.id = env.id;
  if (env.event != null) message.event = env.event;
  return { message };
}

/** A gap envelope as the tabs get it. */
export function decodeGap(env) {
  return { t: "gap", after: env.after ?? null, next: env.next ?? null, cause: env.cause ?? "unknown" };
}
