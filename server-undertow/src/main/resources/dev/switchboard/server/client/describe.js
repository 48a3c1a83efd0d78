// Names a value in an error sentence, so that a user sees what they passed.

/** E.g. `the number 42`, `the string "x"` or `the Object {"buy":1}`. */
export function describe(value) {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  const type = typeof value;
  if (type === "string") return `the string ${JSON.stringify(value.length > 60 ? value.slice(0, 60) + "…" : value)}`;
  if (type === "number" || type === "boolean" || type === "bigint") return `the ${type} ${String(value)}`;
  if (type === "symbol") return `the symbol ${String(value)}`;
  if (type === "function") return `the function ${value.name || "(anonymous)"}`;
  if (typeof Blob !== "undefined" && value instanceof Blob) {
    return `a ${value.constructor.name} (read it first: hub.send(await blob.arrayBuffer()))`;
  }
  const tag = value.constructor?.name || "Object";
  let json;
  try { json = JSON.stringify(value); } catch { /* cyclic: no preview */ }
  return json ? `the ${tag} ${json.length > 80 ? json.slice(0, 80) + "…" : json}` : `a ${tag}`;
}
