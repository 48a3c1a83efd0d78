import { test } from "node:test";
import assert from "node:assert/strict";
import { CLIENT } from "./client.js";

const { ReplayBuffer } = await import(new URL("replay.js", CLIENT));

const msg = (cursor) => ({ t: "message", cursor, data: `m${cursor}` });
const cursors = (messages) => messages.map((m) => m.cursor);

/** A buffer whose connection started live at head and then received the given seqs. */
function liveAt(head, seqs, limit = 512) {
  const replay = new ReplayBuffer(limit);
  replay.connecting();
  replay.welcomed(head);
  for (const seq of seqs) replay.received(`e:${seq}`, msg(`e:${seq}`));
  return replay;
}

test("a connection started live begins at the hub's head and resumes after the newest message", () => {
  const replay = new ReplayBuffer(10);
  assert.equal(replay.connecting(), null);
  replay.welcomed("e:5");
  assert.equal(replay.floor, "e:5");
  assert.equal(replay.lastCursor, "e:5");
  assert.equal(replay.resumeFrom, "e:5");
  replay.received("e:6", msg("e:6"));
  replay.received("e:7", msg("e:7"));
  assert.equal(replay.resumeFrom, "e:7");
  assert.equal(replay.lastCursor, "e:7");
  assert.equal(replay.connecting(), "e:7"); // the next connection asks for ?since=e:7
});

test("a tab re-attaching from a kept cursor gets exactly the messages after it", () => {
  const replay = liveAt("e:0", [1, 2, 3, 4]);
  assert.deepEqual(replay.catchUp("e:2", false), { gap: null, messages: [msg("e:3"), msg("e:4")] });
  assert.deepEqual(replay.catchUp("e:4", false), { gap: null, messages: [] });
  assert.deepEqual(cursors(replay.catchUp("e:0", false).messages), ["e:1", "e:2", "e:3", "e:4"]);
});

test("the buffer keeps only the newest messages; its floor moves with what it drops", () => {
  const replay = liveAt("e:0", [1, 2, 3, 4, 5], 3);
  assert.equal(replay.size, 3);
  assert.equal(replay.floor, "e:2");
  assert.equal(replay.nextCursor(), "e:3");
  assert.deepEqual(cursors(replay.after(null)), ["e:3", "e:4", "e:5"]);
});

test("a cursor older than the buffer is a gap (expired) then everything kept, unless the connection may rewind", () => {
  const replay = liveAt("e:0", [1, 2, 3, 4, 5], 3);
  const plan = replay.catchUp("e:1", false);
  assert.deepEqual(plan.gap, { after: "e:1", next: "e:3", cause: "expired" });
  assert.deepEqual(cursors(plan.messages), ["e:3", "e:4", "e:5"]);

  assert.deepEqual(replay.catchUp("e:1", true), { rewind: true });
  assert.equal(replay.resumeFrom, "e:1"); // the new connection asks the hub from there
});

test("a cursor of another epoch is a gap (unknown-cursor) then everything kept; one that does not parse gets no gap", () => {
  const replay = liveAt("e:0", [1, 2]);
  const plan = replay.catchUp("old:7", false);
  assert.deepEqual(plan.gap, { after: "old:7", next: "e:1", cause: "unknown-cursor" });
  assert.deepEqual(cursors(plan.messages), ["e:1", "e:2"]);
  assert.deepEqual(replay.catchUp("nonsense", false), { gap: null, messages: [msg("e:1"), msg("e:2")] });
});

test("after a rewind, replayed messages already kept are not kept twice", () => {
  const replay = liveAt("e:0", [1, 2, 3, 4, 5], 3);
  assert.deepEqual(replay.catchUp("e:1", true), { rewind: true });
  assert.equal(replay.connecting(), "e:1");
  replay.welcomed("e:5");
  assert.equal(replay.floor, "e:2"); // unchanged: the buffer still holds what it held
  for (const seq of [2, 3, 4, 5, 6]) replay.received(`e:${seq}`, msg(`e:${seq}`));
  assert.deepEqual(cursors(replay.after(null)), ["e:4", "e:5", "e:6"]);
  assert.equal(replay.lastCursor, "e:6");
  assert.equal(replay.resumeFrom, "e:6");
});

test("a connection resumed with since keeps its floor at since until messages arrive", () => {
  const replay = new ReplayBuffer(10);
  replay.resumeFrom = "e:4";
  assert.equal(replay.connecting(), "e:4");
  replay.welcomed("e:9"); // the head is ahead: the hub replays 5..9
  assert.equal(replay.floor, "e:4");
  assert.equal(replay.nextCursor(), "e:5");
  replay.received("e:5", msg("e:5"));
  assert.deepEqual(replay.catchUp("e:4", false), { gap: null, messages: [msg("e:5")] });
});

test("before the first welcome, the connection starts from the oldest cursor any tab brought", () => {
  const replay = new ReplayBuffer(10);
  assert.equal(replay.preferOlder("e:8"), true);
  assert.equal(replay.preferOlder("e:9"), false);
  assert.equal(replay.preferOlder("e:8"), false);
  assert.equal(replay.preferOlder("e:3"), true);
  assert.equal(replay.resumeFrom, "e:3");
  assert.equal(replay.preferOlder("other:1"), false); // cannot be ordered: keeps what it has
});

test("a gap empties the buffer and continues just before the next cursor", () => {
  const replay = liveAt("e:0", [1, 2]);
  replay.gap("e:10");
  assert.equal(replay.size, 0);
  assert.equal(replay.floor, "e:9");
  assert.equal(replay.lastCursor, "e:9");
  assert.equal(replay.resumeFrom, "e:9");
  assert.equal(replay.nextCursor(), "e:10");
  replay.gap(null); // a gap without a next cursor: nothing to continue from
  assert.equal(replay.floor, null);
  assert.equal(replay.resumeFrom, "e:9");
});

test("reset forgets everything", () => {
  const replay = liveAt("e:0", [1, 2]);
  replay.reset();
  assert.equal(replay.size, 0);
  for (const key of ["floor", "lastCursor", "resumeFrom", "connectSince"]) assert.equal(replay[key], null, key);
  assert.equal(replay.nextCursor(), null);
});

test("messages without a parsable cursor are passed on but neither kept nor resumed from", () => {
  const replay = liveAt("e:0", [1]);
  replay.received("weird", msg("weird"));
  assert.equal(replay.size, 1);
  assert.equal(replay.resumeFrom, "e:1");
});
