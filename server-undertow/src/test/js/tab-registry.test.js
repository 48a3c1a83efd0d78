import { test } from "node:test";
import assert from "node:assert/strict";
import { CLIENT } from "./client.js";

const { TabRegistry } = await import(new URL("tab-registry.js", CLIENT));

// The registry logs what it does; keep the test report readable.
console.log = () => {};

/** A registry with heartbeat 1000 ms x 3 beats, recording what reaches each tab and the core. */
function registry() {
  const core = { messages: [], changes: 0, removed: [] };
  const tabs = new TabRegistry({
    heartbeatMs: 1000, missedBeats: 3, fanout: null,
    onMessage: (ep, msg) => core.messages.push(msg.t),
    onChange: () => core.changes++,
    onRemoved: (ep) => core.removed.push(ep),
  });
  const open = (id) => {
    const tab = { id, got: [], closed: false };
    tab.receive = tabs.add((m) => tab.got.push(m.t === "tabs" ? `tabs ${m.count}` : m.t), () => { tab.closed = true; });
    tab.ep = tabs.all().at(-1);
    return tab;
  };
  const hello = (tab) => { tab.receive({ t: "hello", tab: tab.id }); tabs.hello(tab.ep, { tab: tab.id }); tabs.attached(tab.ep); };
  return { tabs, core, open, hello };
}

test("a tab counts once it said hello; what is not about liveness goes to the core", () => {
  const { tabs, core, open, hello } = registry();
  const a = open("a");
  assert.equal(tabs.activeCount(), 0);
  hello(a);
  assert.equal(tabs.activeCount(), 1);
  a.receive({ t: "send", id: "1", data: "x" });
  assert.deepEqual(core.messages, ["hello", "send"]);
  assert.equal(tabs.publishCount(), 1);
  assert.equal(tabs.publishCount(), 1); // unchanged: said once
  assert.deepEqual(a.got, ["tabs 1"]);
});

test("live messages reach attached tabs only, not one still catching up", () => {
  const { tabs, open, hello } = registry();
  const a = open("a");
  const b = open("b");
  hello(a);
  tabs.hello(b.ep, { tab: "b" }); // b is catching up: no attached() yet
  tabs.fanout({ t: "message" });
  assert.deepEqual(a.got, ["message"]);
  assert.deepEqual(b.got, []);
});

test("bye removes a tab at once, closes its endpoint and tells the core", () => {
  const { tabs, core, open, hello } = registry();
  const a = open("a");
  hello(a);
  a.receive({ t: "bye" });
  assert.equal(tabs.has(a.ep), false);
  assert.equal(a.closed, true);
  assert.deepEqual(core.removed, [a.ep]);
  assert.equal(core.changes, 1);
  a.receive({ t: "send" }); // a removed tab is not heard any more
  assert.deepEqual(core.messages, ["hello"]);
});

test("every beat pings; a tab silent for more than the missed beats is not sent to, then answers and is resynced", () => {
  const { tabs, core, open, hello } = registry();
  const a = open("a");
  hello(a);
  const start = Date.now();
  tabs.beat(start + 1000);
  assert.deepEqual(a.got, ["ping"]);
  tabs.beat(start + 3001); // more than 3 beats of 1000 ms since last heard
  assert.equal(tabs.activeCount(), 0);
  assert.equal(core.changes, 1);
  tabs.fanout({ t: "message" });
  assert.deepEqual(a.got, ["ping", "ping"]); // pinged, but no message
  a.receive({ t: "pong" }); // it thawed: asked to re-attach from its cursor
  assert.equal(a.got.at(-1), "resync");
});

test("a tab silent for a minute after missing its beats is removed", () => {
  const { tabs, open, hello } = registry();
  const a = open("a");
  hello(a);
  const start = Date.now();
  tabs.beat(start + 5000);
  tabs.beat(start + 5000 + 60000);
  assert.equal(tabs.has(a.ep), true);
  tabs.beat(start + 5000 + 60001);
  assert.equal(tabs.has(a.ep), false);
  assert.equal(a.closed, true);
});

test("an endpoint that never says hello is dropped after 30 s", () => {
  const { tabs, open } = registry();
  const a = open("a");
  const start = Date.now();
  tabs.beat(start + 29000);
  assert.equal(tabs.has(a.ep), true);
  assert.deepEqual(a.got, []); // not pinged before hello
  tabs.beat(start + 30001);
  assert.equal(tabs.has(a.ep), false);
});

test("a tab whose endpoint throws is removed instead of breaking the others", () => {
  const { tabs, open, hello } = registry();
  const a = open("a");
  hello(a);
  const broken = tabs.add(() => { throw new Error("port closed"); }, () => {});
  const ep = tabs.all().at(-1);
  broken({ t: "hello", tab: "x" });
  tabs.hello(ep, { tab: "x" });
  tabs.attached(ep);
  const warn = console.warn;
  console.warn = () => {};
  try {
    tabs.fanout({ t: "message" });
  } finally {
    console.warn = warn;
  }
  assert.equal(tabs.has(ep), false);
  assert.deepEqual(a.got, ["message"]);
});
