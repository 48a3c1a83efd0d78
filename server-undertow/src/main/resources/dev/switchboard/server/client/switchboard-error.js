/** An error reported on hub.onerror: code says what kind, ref names the send it is about. */
export class SwitchboardError extends Error {
  constructor(message, code, ref = null) {
    super(message);
    this.name = "SwitchboardError";
    this.code = code;
    this.ref = ref;
  }
}
