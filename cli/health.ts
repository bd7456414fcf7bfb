// `npm run health -- [--hours 24] [--group-by platform,appVersion] [--json] [--min-received 0.9]
// [--max-p95-ms 5000] [--lang zh] [--project <projectId>]`: getDeliveryHealth's answer in a
// terminal, with admin credentials, for cron or CI. Against the local emulators by default (start
// them with `npm start`); with --project, against that Firebase project with Application Default
// Credentials. HEALTH_COUNTER_SHARDS must be the deployed value when it is not the default.
import { initializeApp } from 'firebase-admin/app';
import { getFirestore } from 'firebase-admin/firestore';
import { type GetDeliveryHealthResponse, getDeliveryHealthRequestSchema } from '../functions/src/contract/index.js';
import { collections } from '../functions/src/adapters/firestore/collections.js';
import { readDeliveryHealth } from '../functions/src/handlers/get-delivery-health.js';
import { option } from './options.js';

const percent = (share: number | null) => (share === null ? '-' : `${(share * 100).toFixed(1)} %`);

/** The groups that break a threshold, each as a sentence. */
function breaches(answer: GetDeliveryHealthResponse, minReceived?: number, maxP95Ms?: number): string[] {
  return answer.groups.flatMap((group) => {
    const name = [group.platform, group.appVersion, group.ringStyle, group.channel].filter(Boolean).join(' ');
    const found: string[] = [];
    if (minReceived !== undefined && group.receivedShare !== null && group.receivedShare < minReceived)
      found.push(`${name}: received ${percent(group.receivedShare)} of ${group.ringsSent} rings, under ${percent(minReceived)}`);
    if (maxP95Ms !== undefined && group.timeToRingMs && group.timeToRingMs.p95 > maxP95Ms)
      found.push(`${name}: p95 time to ring ${group.timeToRingMs.p95} ms, over ${maxP95Ms} ms`);
    return found;
  });
}

function table(answer: GetDeliveryHealthResponse): string {
  const rows = answer.groups.map((group) => [
    [group.platform, group.appVersion, group.ringStyle, group.channel].filter(Boolean).join(' '),
    String(group.ringsSent),
    String(group.ringsFailed),
    String(group.ringsReceived),
    percent(group.receivedShare),
    group.timeToRingMs ? `${group.timeToRingMs.p50} / ${group.timeToRingMs.p95}` : '-',
    String(group.priorityLowered),
    Object.entries(group.errors)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 2)
      .map(([code, n]) => `${code} ${n}`)
      .join(', '),
  ]);
  const head = ['group', 'sent', 'failed', 'received', 'share', 'p50 / p95 ms', 'lowered', 'top errors'];
  const widths = head.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const outcomes = Object.entries(answer.outcomes)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  const silent = answer.silentDevices.map(
    (device) =>
      `  ${device.uid} ${device.deviceId} (${device.platform}${device.appVersion ? ` ${device.appVersion}` : ''}): ${device.ringsSent} rings without a receipt. ${device.advice}`,
  );
  return [
    `Delivery health ${new Date(answer.fromMs).toISOString()} to ${new Date(answer.toMs).toISOString()}`,
    '',
    line(head),
    ...rows.map(line),
    ...(rows.length === 0 ? ['(no ring in the window)'] : []),
    '',
    `Outcomes: ${outcomes}`,
    `Silent devices: ${answer.silentDevices.length}`,
    ...silent,
  ].join('\n');
}

async function main(): Promise<number> {
  const hours = Number(option('hours') ?? '24');
  const minReceived = option('min-received') === undefined ? undefined : Number(option('min-received'));
  const maxP95Ms = option('max-p95-ms') === undefined ? undefined : Number(option('max-p95-ms'));
  const parsed = getDeliveryHealthRequestSchema.safeParse({
    fromMs: Date.now() - hours * 3_600_000,
    toMs: Date.now(),
    ...(option('group-by') ? { groupBy: option('group-by')?.split(',') } : {}),
    lang: option('lang') ?? 'en',
  });
  if (!parsed.success || !Number.isFinite(hours) || [minReceived, maxP95Ms].some((n) => n !== undefined && !Number.isFinite(n))) {
    console.error(
      'usage: npm run health -- [--hours 24] [--group-by platform,appVersion,ringStyle,channel] [--json] [--min-received 0.9] [--max-p95-ms 5000] [--lang zh] [--project <projectId>]',
    );
    if (!parsed.success) for (const issue of parsed.error.issues) console.error(`  ${issue.path.join('.')}: ${issue.message}`);
    return 2;
  }
  const project = option('project');
  if (project) delete process.env.FIRESTORE_EMULATOR_HOST;
  else process.env.FIRESTORE_EMULATOR_HOST ??= '127.0.0.1:8080';
  const projectId = project ?? process.env.GCLOUD_PROJECT ?? 'demo-beckon';
  const store = collections(getFirestore(initializeApp({ projectId })));
  const shards = Number(process.env.HEALTH_COUNTER_SHARDS ?? '16');
  const answer = await readDeliveryHealth(
    { store, healthCounting: () => ({ shards, retentionMs: 0 }), now: () => Date.now() },
    parsed.data,
  );
  const broken = breaches(answer, minReceived, maxP95Ms);
  if (process.argv.includes('--json')) console.log(JSON.stringify({ ...answer, breaches: broken }, null, 2));
  else {
    console.log(table(answer));
    for (const breach of broken) console.log(`ALERT  ${breach}`);
  }
  return broken.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
