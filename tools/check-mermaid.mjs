// Check that every Mermaid diagram of a Markdown page parses with Mermaid itself.
//   make mermaid   (installs mermaid and jsdom from the npm registry into .venv/node)
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";
const dom = new JSDOM("<!doctype html><html><body></body></html>", { pretendToBeVisual: true });
globalThis.window = dom.window; globalThis.document = dom.window.document;
for (const key of ["navigator", "Element", "HTMLElement", "SVGElement", "DOMParser", "MutationObserver"]) {
  try { globalThis[key] = dom.window[key]; } catch {}
}
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });
const page = readFileSync(process.argv[2], "utf8");
const blocks = [...page.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);
let bad = 0;
for (const [i, text] of blocks.entries()) {
  try { const r = await mermaid.parse(text); console.log(`diagram ${i}: parsed (${r.diagramType})`); }
  catch (e) { bad++; console.log(`diagram ${i}: ERROR ${String(e.message).slice(0, 300)}`); }
}
// A broken diagram must fail, or the check proves nothing.
try { await mermaid.parse("stateDiagram-v2\n  A --> : x -->"); console.log("broken diagram: parsed?!"); bad++; }
catch { console.log("broken diagram: rejected, as it should be"); }
process.exit(bad ? 1 : 0);
