#!/usr/bin/env -S npx tsx
/** npm run template:blank -- OUT.xlsx|OUT.xls — writes the documented blank script template. */
import { writeFile } from 'node:fs/promises';
import { blankWorkbook } from '@waihu/engine';
import { writeWorkbook } from '../write.js';

const out = process.argv[2];
if (!out || out === '-h' || out === '--help') {
  console.log('用法 usage: npm run template:blank -- OUT.xlsx|OUT.xls\nWrites the blank script template with every sheet and column explained.');
  process.exitCode = out ? 0 : 2;
} else {
  await writeFile(out, writeWorkbook(blankWorkbook(), { bookType: out.toLowerCase().endsWith('.xls') ? 'xls' : 'xlsx' }));
  console.log(`已写入 wrote ${out}`);
}
