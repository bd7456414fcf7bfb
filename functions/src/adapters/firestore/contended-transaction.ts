import type { Firestore, Transaction } from 'firebase-admin/firestore';
import { injectFault } from '../../faults/fault-injection.js';
import { sleep } from '../../sleep.js';

/**
 * The Firestore emulator, when two transactions contend for a document, can close the loser
 * and answer its next read with INVALID_ARGUMENT "Transaction is invalid or closed"
 * (firebase-tools#4473) where Firestore answers ABORTED, which the SDK retries by itself. Either
 * way the loser lost a race: it runs again, and then sees the winner's write.
 */
const isClosedTransaction = (error: unknown): boolean => {
  const { code, details } = (error ?? {}) as { code?: unknown; details?: unknown };
  return code === 3 && typeof details === 'string' && details.includes('Transaction is invalid or closed');
};

/** How many times a transaction closed under it (see above) is run again. */
const CLOSED_RERUNS = 5;

/**
 * Every transaction of Beckon's runs through here: on a call's documents several parties act at
 * once (callees, their devices, the caller, the timer, the push workers), so 10 attempts rather
 * than the SDK's 5, and a transaction the emulator closed under it runs again after a short
 * random wait.
 */
export async function runContendedTransaction<T>(db: Firestore, update: (tx: Transaction) => Promise<T>): Promise<T> {
  await injectFault('firestore.unavailable', { step: 'transaction' });
  for (let rerun = 0; ; rerun++) {
    try {
      return await db.runTransaction(update, { maxAttempts: 10 });
    } catch (error) {
      if (!isClosedTransaction(error) || rerun >= CLOSED_RERUNS) throw error;
      await sleep(20 + Math.random() * 80 * (rerun + 1));
    }
  }
}
