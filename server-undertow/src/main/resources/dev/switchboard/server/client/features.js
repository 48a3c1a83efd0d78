// What this browser offers, which decides how a tab reaches the hub.

/** A SharedWorker can hold the one connection. */
export function canSharedWorker() { return typeof SharedWorker === "function"; }

/** Tabs can elect a leader (Web Locks) and talk to it (BroadcastChannel). */
export function canLead() { return !!(globalThis.navigator?.locks) && typeof BroadcastChannel === "function"; }
