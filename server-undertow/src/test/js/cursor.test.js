import { test } from "node:test";
import assert from "node:assert/strict";
import { CLIENT } from "./client.js";

const { parseCursor, compareCursors, cursorBefore, alreadySeen } = await import(new URL("cursor.js", CLIENT));

test("a cursor is EPOCH:SEQ; the epoch may itself hold colons", () => {
  assert.deepEqual(parseCursor("abc:12"), { epoch: "abc", seq: 12 });
  assert.deepEqual(parseCursor("a:b:0"), { epoch: "a:b", seq: 0 });
  for (const bad of [null, undefined, 12, "", "abc", ":1", "abc:", "abc:-1", "abc:1.5", "abc:x", "abc:99999999999999999999"]) {
    assert.equal(parseCursor(bad), null, `parseCursor(${JSON.stringify(bad)})`);
  }
});

test("cursors of one epoch are ordered by seq; of two epochs, not at all", () => {
  assert.equal(compareCursors("e:1", "e:2"), -1);
  assert.equal(compareCursors("e:2", "e:2"), 0);
  assert.equal(compareCursors("e:10", "e:9"), 1);
  assert.equal(compareCursors("e:1", "f:2"), null);
  assert.equal(compareCursors("e:1", "garbage"), null);
  assert.equal(compareCursors({ epoch: "e", seq: 3 }, "e:4"), -1);
});

test("the cursor before one is one seq less, and there is none before seq 0", () => {
  assert.equal(cursorBefore("e:5"), "e:4");
  assert.equal(cursorBefore("e:1"), "e:0");
  assert.equal(cursorBefore("e:0"), null);
  assert.equal(cursorBefore("bad"), null);
});

test("a tab has already seen a message at or before its last cursor, of the same epoch", () => {
  assert.equal(alreadySeen("e:3", null), false);
  assert.equal(alreadySeen("e:3", "e:3"), true);
  assert.equal(alreadySeen("e:2", "e:3"), true);
  assert.equal(alreadySeen("e:4", "e:3"), false);
  assert.equal(alreadySeen("f:1", "e:3"), false); // a new epoch: never a duplicate
});
