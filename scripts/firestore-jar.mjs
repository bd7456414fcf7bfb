// The Firestore emulator jar that firebase-tools downloads on first use cannot be fetched
// on offline machines. Google Cloud CLI ships the same emulator, but its jar has no Main-Class,
// and firebase-tools starts it with `java -jar`. A manifest-only wrapper jar fixes that.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const MAIN_CLASS = 'com.google.cloud.datastore.emulator.firestore.CloudFirestore';
const JAR_IN_SDK = join('platform', 'cloud-firestore-emulator', 'cloud-firestore-emulator.jar');
const SDK_ROOTS = [
  '/usr/lib/google-cloud-sdk',
  '/usr/share/google-cloud-sdk',
  '/opt/google-cloud-sdk',
  '/opt/homebrew/share/google-cloud-sdk',
  '/usr/local/share/google-cloud-sdk',
  join(homedir(), 'google-cloud-sdk'),
];

export function findLocalFirestoreJar() {
  for (const root of SDK_ROOTS) {
    const jar = join(root, JAR_IN_SDK);
    if (existsSync(jar)) return jar;
  }
  return undefined;
}

/**
 * Returns the path to hand to FIRESTORE_EMULATOR_BINARY_PATH, or undefined to let
 * firebase-tools download its own copy (machines with internet and no Cloud SDK).
 */
export function prepareFirestoreJar({ workDir, javaBinDir, log }) {
  if (process.env.FIRESTORE_EMULATOR_BINARY_PATH) return process.env.FIRESTORE_EMULATOR_BINARY_PATH;
  const realJar = findLocalFirestoreJar();
  if (!realJar) {
    log('No local Firestore emulator jar found; firebase-tools will download its own.');
    return undefined;
  }
  const jarTool = join(javaBinDir, process.platform === 'win32' ? 'jar.exe' : 'jar');
  if (!existsSync(jarTool)) {
    log(`Found ${realJar}, but no 'jar' tool beside the Java in use; firebase-tools will download its own emulator.`);
    return undefined;
  }
  mkdirSync(workDir, { recursive: true });
  const wrapper = join(workDir, 'cloud-firestore-emulator-wrapper.jar');
  const manifest = join(workDir, 'cloud-firestore-emulator-wrapper.mf');
  const manifestText = `Main-Class: ${MAIN_CLASS}\nClass-Path: ${new URL(`file://${realJar}`).pathname}\n`;
  const upToDate =
    existsSync(wrapper) &&
    existsSync(manifest) &&
    readFileSync(manifest, 'utf8') === manifestText &&
    statSync(wrapper).mtimeMs >= statSync(manifest).mtimeMs;
  if (!upToDate) {
    writeFileSync(manifest, manifestText);
    const result = spawnSync(jarTool, ['cfm', wrapper, manifest], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`Could not build the Firestore emulator wrapper jar: ${result.stderr}`);
  }
  return wrapper;
}
