/** Waits `ms`: the one timer the functions' retries and backoffs wait on (tests pass their own). */
export const sleep = (ms: number): Promise<void> => new Promise<void>((resolve) => setTimeout(resolve, ms));
