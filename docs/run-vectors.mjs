// Run the conformance vectors against an implementation, from Node.js (no packages needed).
//   node run-vectors.mjs VECTORS_DIR COMMAND [ARGS...]
// For each vector, COMMAND ARGS... ROUTE MESSAGE_FILE [--state STATE_FILE] [--verification V] [--today D]
// must print one JSON object with the vector's "expected" keys. Exit status 1 when any differs.
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { spawnSync } from "node:child_process";
import { deepStrictEqual } from "node:assert";

const [dir, command, ...fixed] = process.argv.slice(2);
const tmp = mkdtempSync(join(tmpdir(), "vectors-"));
const file = (name, value) => (writeFileSync(join(tmp, name), JSON.stringify(value)), join(tmp, name));
let passed = 0, failed = 0;
for (const name of JSON.parse(readFileSync(join(dir, "index.json"), "utf8"))) {
  const vector = JSON.parse(readFileSync(join(dir, `${name}.json`), "utf8"));
  const args = [...fixed, vector.route, file("message.json", vector.message)];
  if (vector.state) args.push("--state", file("state.json", vector.state));
  if (vector.verification) args.push("--verification", vector.verification);
  if (vector.today) args.push("--today", vector.today);
  const run = spawnSync(command, args, { encoding: "utf8" });
  try {
    const got = JSON.parse(run.stdout);
    for (const key of Object.keys(vector.expected)) deepStrictEqual(got[key], vector.expected[key], key);
    passed++;
  } catch (error) {
    failed++;
    console.log(`FAIL ${name}: ${String(error.message).split("\n")[0]}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
