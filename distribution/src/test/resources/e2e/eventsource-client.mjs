// Node's built-in EventSource (node --experimental-eventsource), as a browser would use it: prints one
// JSON line per event or state change, and reconnects on its own (sending Last-Event-ID).
const url = process.argv[2];
const source = new EventSource(url);
const print = (record) => process.stdout.write(JSON.stringify(record) + "\n");
source.onopen = () => print({ type: "open" });
source.onerror = () => print({ type: "error", readyState: source.readyState });
source.onmessage = (event) => print({ type: "message", data: event.data, lastEventId: event.lastEventId });
for (const name of ["retract", "purge", "reset", "delete"]) {
  source.addEventListener(name, (event) => print({ type: name, data: event.data, lastEventId: event.lastEventId }));
}
process.stdin.on("end", () => { source.close(); process.exit(0); });
process.stdin.resume();
