/**
 * The tests under test/configured run in the second emulator boot of `npm test`, which starts the
 * Functions emulator with some params changed (CONFIGURED_PARAMS in scripts/test-runs.mjs); the
 * emulator fixes params when it starts. A test that relies on one says so here, and fails at once,
 * with the way out, when it is run against emulators started otherwise.
 */
export function requireParams(params: Record<string, string>): void {
  const wrong = Object.entries(params).filter(([name, value]) => process.env[name] !== value);
  if (wrong.length > 0) {
    const wanted = wrong.map(([name, value]) => `${name}=${value}`).join(' ');
    throw new Error(`these tests need emulators started with ${wanted}: run them with \`npm test\``);
  }
}
