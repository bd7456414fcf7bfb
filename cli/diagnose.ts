// `npm run diagnose -- <invitationId> [--lang zh] [--project <projectId>]`: the diagnoseCallInvitation
// report in a terminal, with admin credentials. Against the local emulators by default (start them
// with `npm start`); with --project, against that Firebase project with Application Default Credentials.
import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import type { CheckStatus, DiagnosisLanguage } from '../functions/src/contract/index.js';
import { collections } from '../functions/src/adapters/firestore/collections.js';
import { gatherDiagnosisFacts } from '../functions/src/adapters/firestore/diagnosis-facts.js';
import { diagnose } from '../functions/src/domain/diagnosis/diagnose.js';
import { option } from './options.js';

const colour = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number, text: string) => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);
const MARK: Record<CheckStatus, string> = {
  pass: paint(32, 'PASS'),
  warn: paint(33, 'WARN'),
  fail: paint(31, 'FAIL'),
  skip: paint(90, 'SKIP'),
};

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

async function main(): Promise<number> {
  const positional = process.argv.slice(2).filter((arg, index, all) => !arg.startsWith('--') && !all[index - 1]?.startsWith('--'));
  const invitationId = positional[0];
  if (!invitationId) {
    console.error('usage: npm run diagnose -- <invitationId> [--lang zh] [--project <projectId>]');
    return 2;
  }
  const lang: DiagnosisLanguage = option('lang') === 'zh' ? 'zh' : 'en';
  const project = option('project');
  if (project) {
    delete process.env.FIRESTORE_EMULATOR_HOST;
  } else {
    process.env.FIRESTORE_EMULATOR_HOST ??= '127.0.0.1:8080';
  }
  const projectId = project ?? process.env.GCLOUD_PROJECT ?? 'demo-beckon';
  const store = collections(getFirestore(initializeApp({ projectId })));
  const facts = await gatherDiagnosisFacts(store, invitationId, Date.now());
  if (!facts) {
    console.error(
      `No invitation ${invitationId} in project ${projectId}${project ? '' : ` (emulator at ${process.env.FIRESTORE_EMULATOR_HOST})`}.`,
    );
    return 1;
  }
  const report = diagnose(facts, lang);
  console.log(`${paint(1, `Invitation ${report.invitationId}`)} (${projectId})\n`);
  for (const check of report.checks) {
    const [first = '', ...rest] = wrap(check.detail, 78);
    console.log(`${MARK[check.status]}  ${paint(1, check.title.padEnd(36))}`);
    for (const line of [first, ...rest]) console.log(`      ${line}`);
    if (check.advice) for (const line of wrap(`-> ${check.advice}`, 78)) console.log(`      ${paint(36, line)}`);
  }
  console.log(`\n${paint(1, report.verdict)}`);
  return report.checks.some((check) => check.status === 'fail') ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
