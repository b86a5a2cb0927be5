// Run the conformance vectors against an implementation, from Node.js (no packages needed).
//   node run-vectors.mjs VECTORS_DIR COMMAND [ARGS...]
// COMMAND ARGS... is started once and speaks JSON lines, as `tradecloud-domain serve` does: one
// request a line in, {"id", "command": "apply", "route", "message", "state", "verification",
// "today"}, one answer a line out, {"id", "result"} or {"id", "error"}. Each result must hold the
// vector's "expected" keys. Exit status 1 when any differs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { deepStrictEqual } from "node:assert";

const [dir, command, ...fixed] = process.argv.slice(2);
const names = JSON.parse(readFileSync(join(dir, "index.json"), "utf8"));
const vectors = names.map((name) => JSON.parse(readFileSync(join(dir, `${name}.json`), "utf8")));
const requests = vectors.map((vector, index) => {
  const request = { id: index, command: "apply", route: vector.route, message: vector.message };
  for (const key of ["state", "verification", "today"]) if (vector[key]) request[key] = vector[key];
  return JSON.stringify(request);
});
const run = spawnSync(command, fixed, {
  input: requests.join("\n") + "\n",
  encoding: "utf8",
  maxBuffer: 1 << 30,
});
const answers = new Map();
for (const line of (run.stdout || "").split("\n").filter((text) => text.trim())) {
  const answer = JSON.parse(line);
  answers.set(answer.id, answer);
}
let passed = 0, failed = 0;
vectors.forEach((vector, index) => {
  try {
    const answer = answers.get(index);
    if (!answer) throw new Error(`no answer (${run.error || run.stderr || "the server ended"})`);
    if (answer.error) throw new Error(JSON.stringify(answer.error));
    for (const key of Object.keys(vector.expected)) {
      deepStrictEqual(answer.result[key], vector.expected[key], key);
    }
    passed++;
  } catch (error) {
    failed++;
    console.log(`FAIL ${names[index]}: ${String(error.message).split("\n")[0]}`);
  }
});
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
