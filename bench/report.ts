import type { BurstResults } from './burst.js';
import type { MediaCredentialsResults } from './media-credentials.js';
import type { QuietListenerResults } from './quiet-listeners.js';
import type { RepeatCost } from './repeat-cost.js';
import type { RingTimeoutResults } from './ring-timeouts.js';
import type { Distribution } from './stats.js';
import { LEASED_STEPS, PUSH_STEPS, type StepTimes } from './push-steps.js';

interface Results {
  ring: Distribution;
  floor: Distribution;
  push: Distribution;
  delivery: Distribution;
  floors: {
    client: Distribution;
    bareCallable: Distribution;
    bareChain: Distribution;
    checkedCallable: Distribution;
    leasedChain: Distribution;
  };
  ringOverFloorP50: number;
  ringOverBareCallableP50: number;
  pushOverBareChainP50: number;
  ringOverCheckedCallableP50: number;
  pushOverLeasedChainP50: number;
  /** Absent from results written before the steps were measured (2026-12-07). */
  pushSteps?: StepTimes;
  callerSnapshotsPerCall: number;
  quietListeners: QuietListenerResults;
  pushOverRingP50: number;
  deliveryOverRingP50: number;
  burst: BurstResults;
  mediaCredentials: MediaCredentialsResults;
  ringTimeouts: RingTimeoutResults;
  cost: {
    readsPerInvitation: number;
    writesPerInvitation: number;
    /** Absent from results written before receipts were measured (2026-12-07). */
    readsPerReceipt?: number;
    writesPerReceipt?: number;
    receiptByFunction?: Record<string, { reads: number; writes: number }>;
    readsPerAcceptAndEnd: number;
    writesPerAcceptAndEnd: number;
    calls: number;
    invitationByFunction: Record<string, { reads: number; writes: number }>;
    acceptAndEndByFunction: Record<string, { reads: number; writes: number }>;
  };
  repeatCost: RepeatCost;
  coldStartRatio: number;
  coldStart: { beckon: Distribution; helloWorld: Distribution };
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string };
  date: string;
  commit: string;
}

const row = (name: string, d: Distribution, note: string) => `| ${name} | ${d.p50} | ${d.p95} | ${d.max} | ${d.rounds} | ${note} |`;
const verdict = (value: number, target: number) =>
  value <= target ? `${value} (target <= ${target}: met)` : `${value} (target <= ${target}: **not met**)`;

/** The push and the leased chain side by side, step by step (bench/push-steps.ts). */
function stepsReport(steps: StepTimes): string {
  const line = (name: string, what: string, d: Distribution | undefined) =>
    `| ${name} | ${what} | ${d ? `${d.p50} | ${d.p95}` : '- | -'} |`;
  const pushLines = Object.entries(PUSH_STEPS).map(([step, what]) => line('push', what, steps.push[step]));
  const leasedLines = Object.entries(LEASED_STEPS).map(([step, what]) => line('leased chain', what, steps.leasedChain[step]));
  return `
### The push, step by step (ms)

| path | step | p50 | p95 |
| --- | --- | --- | --- |
${[...pushLines, ...leasedLines].join('\n')}

Cut from the times the documents carry (their commit times, the ring record's \`claimedAt\` and
\`attemptedAt\`, the outbox's \`sentAt\`) against the bench's own clock, the same machine's. The
medians of the steps need not add up to the median of the whole.
`;
}

export function markdownReport(r: Results): string {
  const byFunction = (costs: Record<string, { reads: number; writes: number }>) =>
    Object.entries(costs)
      .map(([name, c]) => `${name} ${c.reads}r/${c.writes}w`)
      .join(', ');
  return `# Benchmarks

Written by \`npm run bench\` on ${r.date} at commit \`${r.commit}\`, on ${r.machine.cpus} × ${r.machine.cpuModel},
${r.machine.memoryGiB} GiB, Node ${r.machine.node}, against the Firebase Emulator Suite. Absolute times on this
shared machine are noisy; the ratios to the floor measured in the same run are what carries to production.

## Latency (ms)

| measurement | p50 | p95 | max | rounds | from -> to |
| --- | --- | --- | --- | --- | --- |
${row('ring', r.ring, 'caller starts sendCallInvitation -> callee incoming-calls listener fires')}
${row('floor', r.floor, 'a client writes a text message -> another client query listener fires')}
${row('push', r.push, 'caller starts sendCallInvitation -> emulator transport outbox write seen')}
${row('delivery', r.delivery, 'caller starts sendCallInvitation -> the ring push recorded final')}
${row('bare callable', r.floors.bareCallable, 'a callable starts -> its one admin write seen by another client listener')}
${row('bare chain', r.floors.bareChain, 'a callable starts -> its trigger one admin write seen by another client listener')}
${row('checked callable', r.floors.checkedCallable, 'a callable starts -> one round of 7 parallel reads, one batch of 5 creates, seen by a listener')}
${row('leased chain', r.floors.leasedChain, 'a callable starts -> its trigger claims a lease by create(), then a write seen by a listener')}

The floors are functions of their own (\`bench/functions\`), loaded by the bench only. The two bare
ones are the best any callable-based ring, and any design in which a callable persists and a
trigger pushes, can do on this machine in the same run. The other two are the floors this
design's own round trips set: the ring path is one round of parallel reads and one batch (the
checked callable), the push is a trigger that claims its delivery with a \`create()\` lease before
it writes (the leased chain). Over the bare floors, a ratio says what the design costs; over its
own floors, what Beckon's code costs on top of the design.

| ratio | value |
| --- | --- |
| ring / bare callable (p50) | ${verdict(r.ringOverBareCallableP50, 1.2)} |
| push / bare chain (p50) | ${verdict(r.pushOverBareChainP50, 1.3)} |
| ring / checked callable (p50) | ${r.ringOverCheckedCallableP50} |
| push / leased chain (p50) | ${verdict(r.pushOverLeasedChainP50, 1.3)} |
| ring / client floor (p50) | ${r.ringOverFloorP50} |
| push / ring (p50) | ${r.pushOverRingP50} |
| delivery recorded / ring (p50) | ${r.deliveryOverRingP50} |
${r.pushSteps ? stepsReport(r.pushSteps) : ''}
## Quiet listeners

| caller snapshots per call | expected | calls |
| --- | --- | --- |
| ${r.callerSnapshotsPerCall} | ${r.quietListeners.expectedPerCall} (ringing, receivedAt, accepted, ended) | ${r.quietListeners.calls} |

A call that rings (with both devices pushed and recorded), is acknowledged, accepted (with the
stop-ringing pushes recorded) and ended, seen by the caller's listener on its invitation.

## Burst

| n | in flight | persisted | pushed | duplicates | lost | persisted/s | pushed/s | s to persist all | s to push all |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
| ${r.burst.n} | ${r.burst.concurrency} | ${r.burst.persisted} | ${r.burst.pushed} | ${r.burst.duplicates} | ${r.burst.lost} | ${r.burst.persistedPerSecond} | ${r.burst.pushedPerSecond} | ${r.burst.secondsToPersistAll} | ${r.burst.secondsToPushAll} |

100 users with two devices each, half of them online; pushed = every device of the callee got the
call-invitation push exactly once.

## Cost (Firestore documents, counted by the functions in bench mode over ${r.cost.calls} calls)

| per | reads | writes | by function (reads r / writes w) |
| --- | --- | --- | --- |
| invitation (with requestId, callee with 2 devices) | ${r.cost.readsPerInvitation} | ${r.cost.writesPerInvitation} | ${byFunction(r.cost.invitationByFunction)} |
${r.cost.receiptByFunction ? `| receipt (one device's first) | ${r.cost.readsPerReceipt} | ${r.cost.writesPerReceipt} | ${byFunction(r.cost.receiptByFunction)} |\n` : ''}| accept + end | ${r.cost.readsPerAcceptAndEnd} | ${r.cost.writesPerAcceptAndEnd} | ${byFunction(r.cost.acceptAndEndByFunction)} |

Writes exclude the emulator transport's \`pushOutbox\` documents, which the FCM transport does not write.

## One user's repeats (issue 29)

Each request sent 10 times by one user, in a call of nine people (a repeated accept, a join by
someone already in, credentials, the same device registered again, the same receipt, a hang-up by
someone who left). Each includes the two reads every callable now makes first (the account's
tombstone and the user's request window) and the window's one write; the per-user limit a minute
(docs/callables.md) bounds how many a minute.

| callable | reads | writes |
| --- | --- | --- |
${Object.entries(r.repeatCost)
  .map(([name, c]) => `| ${name} | ${c.reads} | ${c.writes} |`)
  .join('\n')}

## Media credentials

| measurement | p50 ms | p95 ms | max ms | rounds |
| --- | --- | --- | --- | --- |
| getMediaCredentials (${r.mediaCredentials.provider}) | ${r.mediaCredentials.credentials.p50} | ${r.mediaCredentials.credentials.p95} | ${r.mediaCredentials.credentials.max} | ${r.mediaCredentials.credentials.rounds} |
| one read of the call (its floor) | ${r.mediaCredentials.callRead.p50} | ${r.mediaCredentials.callRead.p95} | ${r.mediaCredentials.callRead.max} | ${r.mediaCredentials.callRead.rounds} |

The handler run in the bench's process against the emulator: read the call, check that the asker
is in it, sign a LiveKit token (the dearest provider). Ratio to the read: ${r.mediaCredentials.credentialsOverCallReadP50}. The
first credentials of a fresh process, which loads \`livekit-server-sdk\`, took ${r.mediaCredentials.firstMs} ms. Firestore cost:
one document read per call; nothing written.

## Cold start

| module | p50 ms | p95 ms |
| --- | --- | --- |
| Beckon (\`functions/lib/index.js\`) | ${r.coldStart.beckon.p50} | ${r.coldStart.beckon.p95} |
| hello-world (one onCall, same firebase-functions) | ${r.coldStart.helloWorld.p50} | ${r.coldStart.helloWorld.p95} |
| ratio | ${verdict(r.coldStartRatio, 1.5)} | |

## Ring timeouts on the emulators

| measurement | p50 | p95 | max | calls | from -> to |
| --- | --- | --- | --- | --- | --- |
${row('missed after expiresAt', r.ringTimeouts.lateness, `a ${r.ringTimeouts.ringSeconds} s ring's expiresAt -> the call marked missed (earliest: ${r.ringTimeouts.earliestMs} ms)`)}

Deployed, Cloud Tasks runs a call's expiry task at \`expiresAt\`. The emulator runs it at once and
retries it every 1-2 s, a few at a time per queue, until it is due: this is that lateness, with 10
calls ringing at a time and nothing else. The ring-timeout tests allow 30 s.

Why the numbers are what they are, and what changed them over time: [docs/performance.md](docs/performance.md).
`;
}
