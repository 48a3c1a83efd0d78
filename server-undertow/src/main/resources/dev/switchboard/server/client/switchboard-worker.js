// Switchboard browser client: the SharedWorker that holds the shared connection.
//
// switchboard.js starts it with new SharedWorker(url, {type: "module", name}); it runs one
// HubCore (hub-core.js) for the hub URL in its name and attaches every tab that connects.
// Nothing here is public API: switchboard.js is. See docs/browser.md.

import { HubCore } from "./hub-core.js";
import { sanitizeOptions, randomId } from "./defaults.js";
import { log, warn } from "./log.js";

if (typeof SharedWorkerGlobalScope !== "undefined" && globalThis instanceof SharedWorkerGlobalScope) {
  // The worker's name is "switchboard <hub url> #<generation>"; it is keyed by hub URL so each
  // hub gets its own worker.
  const match = /^switchboard (.+) #\d+$/.exec(self.name || "");
  const url = match ? match[1] : null;
  const instance = randomId();
  const instanceLock = navigator.locks ? `switchboard-worker ${instance}` : null;
  // Held for the worker's whole life; the browser releases it when the worker dies (its
  // renderer crashed, say), which is how tabs learn of that at once.
  const lockHeld = instanceLock
    ? new Promise((resolve) => {
        navigator.locks.request(instanceLock, () => {
          resolve();
          return new Promise(() => {}); // never resolves: held until this worker dies
        }).catch((e) => { warn("cannot hold the worker lock; tabs rely on the heartbeat:", e); resolve(); });
      })
    : Promise.resolve();
  let core = null;
  self.onconnect = (event) => {
    const port = event.ports[0];
    if (!url) {
      port.postMessage({ t: "error", code: "bad-worker-name", message: `switchboard-worker.js was started with name '${self.name}'; start it through switchboard.js` });
      return;
    }
    let receive = null;
    const pending = [];
    port.onmessage = (ev) => {
      const msg = ev.data;
      // The first tab's options configure the worker (heartbeat, linger...): it is shared.
      if (!core && msg && msg.t === "hello") {
        core = new HubCore(url, { options: sanitizeOptions(msg.options), instanceLock, lockHeld });
        log(`worker ${instance} for ${url} started`);
      }
      if (!core) { pending.push(msg); return; }
      if (!receive) receive = core.addEndpoint((m) => port.postMessage(m), () => port.close());
      for (const p of pending.splice(0)) receive(p);
      receive(msg);
    };
    port.start();
  };
}
