// Where the browser client's modules are, for the tests beside this file.
export const CLIENT = new URL("../../main/resources/dev/switchboard/server/client/", import.meta.url);
