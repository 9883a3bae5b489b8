/**
 * npm run samples:build — writes scripts-templates/<id>/<id>.xlsx from each sample's definition.
 * Refuses to write a script with errors; the test suite checks the files stay equal to the source.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { compileTemplate, formatLocation, hasErrors } from '@waihu/engine';
import { exportScript } from '@waihu/workbook';
import { SAMPLES } from './index.js';

let failed = false;
for (const s of SAMPLES) {
  const { issues } = compileTemplate(s.template);
  for (const i of issues) console.error(`${s.id}: ${i.severity} ${i.code} ${formatLocation(i)} ${i.message.zh}`);
  if (hasErrors(issues)) {
    failed = true;
    continue;
  }
  await mkdir(dirname(s.xlsx), { recursive: true });
  await writeFile(s.xlsx, exportScript(s.template));
  const t = s.template;
  console.log(`${relative(process.cwd(), s.xlsx)}  ${s.name}: ${t.flows.length} 个流程, ${t.questions.length} 个问题, ${t.corrections.length} 条纠正`);
}
if (failed) process.exitCode = 1;
