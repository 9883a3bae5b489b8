/** Writes docs/script-format.md from the layout table (`npm run docs:format`). */
import { writeFile, mkdir } from 'node:fs/promises';
import { formatDoc } from '../workbook/src/format-doc.js';

await mkdir(new URL('../docs/', import.meta.url), { recursive: true });
await writeFile(new URL('../docs/script-format.md', import.meta.url), `${formatDoc()}\n`);
console.log('wrote docs/script-format.md');
