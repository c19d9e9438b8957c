// tests/cli/mermaid-parse.mjs FILE... - parses each file with Mermaid's own parser
// (npm package mermaid, mermaid.parse): "ok FILE" or "error FILE: message" per file;
// exits 1 when any file is not a valid Mermaid diagram.  Run by tests/cli/pictures
// from a folder whose node_modules holds mermaid.
//
// mermaid.parse needs no browser, but mermaid sets DOMPurify hooks when a diagram
// is set up, and DOMPurify without a DOM has none: they are stubbed here (the
// sanitising they do is for rendering, not for parsing).
import DOMPurify from 'dompurify';
import { readFileSync } from 'node:fs';

for (const k of ['addHook', 'removeHook', 'removeHooks', 'removeAllHooks', 'setConfig', 'clearConfig'])
	if (typeof DOMPurify[k] !== 'function') DOMPurify[k] = () => {};
if (typeof DOMPurify.sanitize !== 'function') DOMPurify.sanitize = (s) => s;
const { default: mermaid } = await import('mermaid');

let failed = 0;
for (const file of process.argv.slice(2)) {
	try {
		await mermaid.parse(readFileSync(file, 'utf8'));
		console.log(`ok ${file}`);
	} catch (e) {
		failed++;
		console.log(`error ${file}: ${String(e.message).split('\n').slice(0, 4).join(' | ')}`);
	}
}
process.exit(failed ? 1 : 0);
