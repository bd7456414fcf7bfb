// Finds a Java 21+ for the Firestore emulator: firebase-tools 15 refuses older ones,
// and many machines (this project's CI among them) default to Java 17.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

export const MIN_JAVA_MAJOR = 21;

const JVM_DIRS = ['/usr/lib/jvm', '/Library/Java/JavaVirtualMachines', '/opt/java', '/usr/java'];

function javaMajorOf(javaBin) {
  // `java -version` prints to stderr, whatever the vendor.
  const result = spawnSync(javaBin, ['-version'], { encoding: 'utf8' });
  return result.status === 0 ? parseMajor(`${result.stderr}${result.stdout}`) : undefined;
}

export function parseMajor(versionText) {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionText);
  if (!match) return undefined;
  const first = Number(match[1]);
  // Java 8 and older report "1.8.0_x".
  return first === 1 && match[2] ? Number(match[2]) : first;
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

function installedJvms() {
  const found = [];
  for (const root of JVM_DIRS) {
    if (!existsSync(root)) continue;
    for (const entry of readdirSync(root)) {
      for (const home of [join(root, entry), join(root, entry, 'Contents', 'Home')]) {
        const bin = join(home, 'bin', 'java');
        if (existsSync(bin)) found.push(bin);
      }
    }
  }
  return found;
}

/**
 * Returns { javaHome, binDir, major } of the first Java 21+ found, or throws with one clear line.
 * JAVA_HOME and PATH are asked first; the installed JVMs are probed (once each) only when neither fits.
 */
export function findJava() {
  const seen = [];
  const probe = (bin) => {
    if (!bin || !existsSync(bin)) return undefined;
    const major = javaMajorOf(bin);
    seen.push({ bin, major });
    return major;
  };
  const fits = (bin, major) => {
    const binDir = dirname(bin);
    return { javaHome: dirname(binDir), binDir, major };
  };

  for (const bin of [process.env.JAVA_HOME && join(process.env.JAVA_HOME, 'bin', 'java'), onPath('java')]) {
    const major = probe(bin);
    if (major !== undefined && major >= MIN_JAVA_MAJOR) return fits(bin, major);
  }
  const best = installedJvms()
    .map((bin) => ({ bin, major: probe(bin) ?? 0 }))
    .sort((a, b) => b.major - a.major)[0];
  if (best && best.major >= MIN_JAVA_MAJOR) return fits(best.bin, best.major);

  const found =
    seen.length > 0 ? `found only ${seen.map(({ bin, major }) => `${bin} (${major ?? 'unknown version'})`).join(', ')}` : 'found none';
  throw new Error(
    `Beckon needs Java ${MIN_JAVA_MAJOR}+ for the Firestore emulator and ${found}: install a JDK ${MIN_JAVA_MAJOR}+ (for example Temurin) or set JAVA_HOME to one.`,
  );
}
