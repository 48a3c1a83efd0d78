// Console lines of the shared connection, marked so that a page's own logs stay apart.

export const log = (...args) => console.log("[switchboard]", ...args);
export const warn = (...args) => console.warn("[switchboard]", ...args);
