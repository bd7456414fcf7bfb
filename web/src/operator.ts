import { BarController, BarElement, CategoryScale, Chart, Colors, Legend, LinearScale, Tooltip } from 'chart.js';
import { signInWithEmailAndPassword } from 'firebase/auth';
import { beckonClient } from '../../client/src/index.js';
import type { GetDeliveryHealthResponse, HealthGroup } from '../../client/src/index.js';
import { DEMO_OPERATOR, DEMO_PASSWORD } from '../seed/demo-users.js';
import { emulatorApp } from './emulator-app.js';

// The demo's operator page (`/operator.html`): the fleet's delivery health over the last 24 hours,
// as getDeliveryHealth answers it to an operator, drawn with Chart.js, each chart followed by the
// table of its numbers (for screen readers, and what the browser test reads).

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Colors, Legend, Tooltip);

const { app, auth } = emulatorApp();
const beckon = beckonClient(app);

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const charts = new Map<string, Chart>();

/** Replaces a chart, or draws it the first time. */
function bars(
  id: string,
  labels: string[],
  datasets: { label: string; data: number[] }[],
  options: { max?: number; horizontal?: boolean } = {},
) {
  charts.get(id)?.destroy();
  charts.delete(id);
  // An empty chart says nothing its table does not: the table says "none".
  $(id).hidden = labels.length === 0;
  if (labels.length === 0) return;
  const chart = new Chart($<HTMLCanvasElement>(id), {
    type: 'bar',
    data: { labels, datasets },
    options: {
      animation: false,
      indexAxis: options.horizontal ? 'y' : 'x',
      scales: { [options.horizontal ? 'x' : 'y']: { beginAtZero: true, ...(options.max ? { max: options.max } : {}) } },
    },
  });
  charts.set(id, chart);
}

/** A table of `rows` under `head`, each cell as text; `data-*` attributes carry the raw numbers. */
function table(id: string, head: string[], rows: { cells: string[]; data?: Record<string, string> }[], empty: string) {
  const element = $<HTMLTableElement>(id);
  element.replaceChildren();
  const header = element.createTHead().insertRow();
  for (const title of head) header.appendChild(Object.assign(document.createElement('th'), { scope: 'col', textContent: title }));
  const body = element.createTBody();
  for (const row of rows) {
    const line = body.insertRow();
    for (const [key, value] of Object.entries(row.data ?? {})) line.dataset[key] = value;
    for (const cell of row.cells) line.insertCell().textContent = cell;
  }
  if (rows.length === 0) body.insertRow().insertCell().textContent = empty;
}

const share = (value: number | null) => (value === null ? '–' : `${(value * 100).toFixed(1)} %`);
const name = (group: HealthGroup) => [group.platform, group.appVersion].filter(Boolean).join(' ');

function render(byPlatform: GetDeliveryHealthResponse, byVersion: GetDeliveryHealthResponse): void {
  $('window').textContent = `From ${new Date(byPlatform.fromMs).toLocaleString()} to ${new Date(byPlatform.toMs).toLocaleString()}`;

  const timed = byPlatform.groups;
  bars(
    'ttr-chart',
    timed.map((group) => group.platform ?? '?'),
    [
      { label: 'p50', data: timed.map((group) => group.timeToRingMs?.p50 ?? 0) },
      { label: 'p95', data: timed.map((group) => group.timeToRingMs?.p95 ?? 0) },
    ],
  );
  table(
    'ttr-table',
    ['platform', 'rings sent', 'received', 'p50 ms', 'p95 ms'],
    timed.map((group) => ({
      cells: [
        group.platform ?? '?',
        String(group.ringsSent),
        String(group.ringsReceived),
        String(group.timeToRingMs?.p50 ?? '–'),
        String(group.timeToRingMs?.p95 ?? '–'),
      ],
      data: { platform: group.platform ?? '', sent: String(group.ringsSent), received: String(group.ringsReceived) },
    })),
    'No ring in the window.',
  );

  bars(
    'share-chart',
    byVersion.groups.map(name),
    [{ label: 'received share (%)', data: byVersion.groups.map((group) => (group.receivedShare ?? 0) * 100) }],
    {
      max: 100,
    },
  );
  table(
    'share-table',
    ['platform and app version', 'rings sent', 'received', 'received share', 'priority lowered'],
    byVersion.groups.map((group) => ({
      cells: [name(group), String(group.ringsSent), String(group.ringsReceived), share(group.receivedShare), String(group.priorityLowered)],
      data: { group: name(group), sent: String(group.ringsSent), received: String(group.ringsReceived) },
    })),
    'No ring in the window.',
  );

  const errors = new Map<string, number>();
  for (const group of byPlatform.groups)
    for (const [code, n] of Object.entries(group.errors)) errors.set(code, (errors.get(code) ?? 0) + n);
  const top = [...errors.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
  bars(
    'errors-chart',
    top.map(([code]) => code),
    [{ label: 'failed rings', data: top.map(([, n]) => n) }],
    { horizontal: true },
  );
  table(
    'errors-table',
    ['error', 'failed rings'],
    top.map(([code, n]) => ({ cells: [code, String(n)], data: { code, count: String(n) } })),
    'No failed ring.',
  );

  table(
    'silent-table',
    ['user', 'device', 'platform', 'rings without a receipt', 'what to check'],
    byPlatform.silentDevices.map((device) => ({
      cells: [
        device.uid,
        device.deviceId,
        [device.platform, device.appVersion].filter(Boolean).join(' '),
        String(device.ringsSent),
        device.advice,
      ],
      data: { uid: device.uid, device: device.deviceId },
    })),
    'No silent device.',
  );
  table(
    'outcomes-table',
    ['outcome', 'rings'],
    Object.entries(byPlatform.outcomes).map(([outcome, n]) => ({ cells: [outcome, String(n)], data: { outcome, count: String(n) } })),
    '',
  );
}

async function refresh(): Promise<void> {
  $('health').setAttribute('aria-busy', 'true');
  const toMs = Date.now();
  const [byPlatform, byVersion] = await Promise.all([
    beckon.deliveryHealth({ toMs, groupBy: ['platform'] }),
    beckon.deliveryHealth({ toMs, groupBy: ['platform', 'appVersion'] }),
  ]);
  render(byPlatform, byVersion);
  $('health').setAttribute('aria-busy', 'false');
}

async function start(): Promise<void> {
  await signInWithEmailAndPassword(auth, DEMO_OPERATOR.email, DEMO_PASSWORD);
  $('me').textContent = `Signed in as ${DEMO_OPERATOR.displayName}`;
  $('refresh').addEventListener('click', () => void refresh().catch(show));
  await refresh();
}

function show(error: unknown): void {
  $('me').textContent = `Could not read the delivery health: ${error instanceof Error ? error.message : String(error)}`;
}

start().catch(show);
