import { randomUUID } from 'node:crypto';
import { type SendCallInvitationResponse, finalDeliveryStates } from '../functions/src/contract/index.js';
import { adminDb } from '../test/support/admin.js';
import { type AppUser, signUp } from '../test/support/client.js';
import { clearFirestore } from '../test/support/emulators.js';
import { goOnline, registerDevice, sendInvitation } from '../test/support/fixtures.js';

export interface BurstResults {
  n: number;
  concurrency: number;
  persisted: number;
  pushed: number;
  duplicates: number;
  lost: number;
  persistedPerSecond: number;
  pushedPerSecond: number;
  secondsToPersistAll: number;
  secondsToPushAll: number;
}

const USERS = 100;
const DEVICES_PER_USER = 2;

/** Runs `tasks` with at most `limit` in flight. */
async function withLimit<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<PromiseSettledResult<T>[]> {
  const results: PromiseSettledResult<T>[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      try {
        results[index] = { status: 'fulfilled', value: await tasks[index]!() };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

/**
 * N invitations between 100 users with two devices each, half of them online, all submitted at
 * once with at most `concurrency` requests in flight (the Functions emulator gives every running
 * request a process of its own; unbounded, 500 of them would measure process start-up).
 */
export async function measureBurst(n: number, concurrency: number, log: (line: string) => void): Promise<BurstResults> {
  await clearFirestore();
  const users: AppUser[] = [];
  for (let i = 0; i < USERS; i += 20) users.push(...(await Promise.all(Array.from({ length: 20 }, (_, k) => signUp(`User ${i + k}`)))));
  await withLimit<unknown>(
    10,
    users.flatMap((user, index) => [
      ...Array.from(
        { length: DEVICES_PER_USER },
        (_, d) => () => registerDevice(user, { deviceId: `d${d}`, platform: d === 0 ? 'android' : 'ios' }),
      ),
      ...(index % 2 === 0 ? [() => goOnline(user)] : []),
    ]),
  );
  log(`burst: ${USERS} users with ${DEVICES_PER_USER} devices each ready, half online`);

  const requests = Array.from({ length: n }, (_, i) => {
    const caller = users[i % USERS]!;
    const callee = users[(i * 7 + 1 + Math.floor(i / USERS)) % USERS]!;
    return { caller, callee: callee === caller ? users[(i + 1) % USERS]! : callee, requestId: `burst-${i}-${randomUUID()}` };
  });

  const start = performance.now();
  let pushedAt: number | undefined;
  const pushWatcher = watchAllDelivered(n, () => (pushedAt = performance.now()));
  const settled = await withLimit(
    concurrency,
    requests.map((r) => () => sendInvitation(r.caller, { calleeId: r.callee.uid, requestId: r.requestId })),
  );
  const persistedAt = performance.now();
  const failures = settled.filter((s) => s.status === 'rejected');
  if (failures.length > 0) log(`burst: ${failures.length} calls failed, e.g. ${String((failures[0] as PromiseRejectedResult).reason)}`);
  log(`burst: ${n - failures.length}/${n} persisted in ${((persistedAt - start) / 1000).toFixed(1)} s; waiting for every push`);
  await pushWatcher.done.catch((error: Error) => log(`burst: ${error.message}`));
  pushWatcher.stop();

  const responses = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value as SendCallInvitationResponse] : []));
  const counts = await countOutcomes(responses);
  const secondsToPersistAll = (persistedAt - start) / 1000;
  const secondsToPushAll = ((pushedAt ?? performance.now()) - start) / 1000;
  return {
    n,
    concurrency,
    ...counts,
    lost: n - counts.persisted + counts.lost,
    persistedPerSecond: Math.round(counts.persisted / secondsToPersistAll),
    pushedPerSecond: Math.round(counts.pushed / secondsToPushAll),
    secondsToPersistAll: Math.round(secondsToPersistAll * 10) / 10,
    secondsToPushAll: Math.round(secondsToPushAll * 10) / 10,
  };
}

/** Resolves when every invitation of the run has a final delivery record. */
function watchAllDelivered(n: number, onAll: () => void, timeoutMs = 300_000) {
  let stopped = false;
  const done = (async () => {
    const deadline = Date.now() + timeoutMs;
    while (!stopped && Date.now() < deadline) {
      // Each push's record is callInvitations/{id}/deliveries/{kind}; the ring's kind is call_invitation.
      const records = await adminDb()
        .collectionGroup('deliveries')
        .where('state', 'in', [...finalDeliveryStates])
        .select()
        .get();
      if (records.docs.filter((record) => record.id === 'call_invitation').length >= n) return onAll();
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error('not every invitation had its push recorded before the timeout');
  })();
  return { done, stop: () => (stopped = true) };
}

/**
 * Persisted: invitations stored, once per request. Pushed: invitations whose call-invitation push
 * reached each of the callee's devices exactly once. Duplicates: extra invitations for one request,
 * or extra pushes for one device. Lost: a request or a device push that never happened.
 */
async function countOutcomes(responses: SendCallInvitationResponse[]) {
  const [invitations, outbox] = await Promise.all([
    adminDb().collection('callInvitations').get(),
    adminDb().collection('pushOutbox').where('kind', '==', 'call_invitation').get(),
  ]);
  const perRequest = new Map<string, number>();
  for (const doc of invitations.docs) {
    const requestId = doc.data().requestId as string;
    perRequest.set(requestId, (perRequest.get(requestId) ?? 0) + 1);
  }
  const perDevice = new Map<string, number>();
  for (const doc of outbox.docs) {
    const key = `${doc.data().invitationId}/${doc.data().deviceId}`;
    perDevice.set(key, (perDevice.get(key) ?? 0) + 1);
  }
  let duplicates = 0;
  let lost = 0;
  let pushed = 0;
  for (const count of perRequest.values()) duplicates += count - 1;
  for (const response of responses) {
    const perInvitation = Array.from({ length: DEVICES_PER_USER }, (_, d) => perDevice.get(`${response.invitationId}/d${d}`) ?? 0);
    duplicates += perInvitation.reduce((sum, count) => sum + Math.max(0, count - 1), 0);
    lost += perInvitation.filter((count) => count === 0).length;
    if (perInvitation.every((count) => count === 1)) pushed++;
  }
  return { persisted: perRequest.size, pushed, duplicates, lost };
}
