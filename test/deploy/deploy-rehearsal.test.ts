import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// `firebase deploy` uploads the functions' source folder alone (every file but firebase.json's
// `ignore` list and a few defaults of its own), and Cloud Build installs its dependencies from the
// registry and runs its build script. Nothing the emulators run can see a deploy that breaks
// there: an import from outside the folder, a dependency only the root package or the
// workspace's lockfile provides, a build that needs files left behind. This plays that upload.

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const firebaseJson = JSON.parse(readFileSync(join(ROOT, 'firebase.json'), 'utf8')) as {
  functions: { source: string; ignore?: string[] }[];
};
const [codebase] = firebaseJson.functions;
const SOURCE = join(ROOT, codebase?.source ?? 'functions');

/** Files that hold a developer's secrets or local settings, which must never leave the laptop. */
const NEVER_UPLOADED = [/\.local$/, /\.p8$/, /\.pem$/, /\.key$/, /(^|\/)\.runtimeconfig\.json$/, /adminsdk.*\.json$/];

/** The file list firebase-tools packs, by its own walk and its own default additions to `ignore`. */
async function filesToUpload(): Promise<string[]> {
  const require = createRequire(join(ROOT, 'node_modules', 'firebase-tools', 'lib', 'index.js'));
  const { readdirRecursive } = require('./fsAsync') as {
    readdirRecursive(options: { path: string; ignoreStrings: string[] }): Promise<{ name: string }[]>;
  };
  const ignore = [...(codebase?.ignore ?? ['node_modules', '.git']), 'firebase-debug.log', 'firebase-debug.*.log', '.runtimeconfig.json'];
  const files = await readdirRecursive({ path: SOURCE, ignoreStrings: ignore });
  return files.map((file) => relative(SOURCE, file.name)).sort();
}

/** npm as Cloud Build runs it: nothing inherited from the `npm run` that started these tests. */
function npm(args: string[], cwd: string): string {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  return execFileSync('npm', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Each exported function and its trigger, as firebase-tools reads them from the loaded entry point. */
function triggersOf(dir: string): Record<string, string> {
  const script = `
    const entry = require(require('path').join(process.cwd(), require('./package.json').main));
    const triggers = {};
    for (const [name, fn] of Object.entries(entry)) {
      const endpoint = fn && fn.__endpoint;
      if (!endpoint) continue;
      const kind = Object.keys(endpoint).find((key) => key.endsWith('Trigger'));
      triggers[name] = kind === 'eventTrigger' ? endpoint.eventTrigger.eventType : kind;
    }
    console.log(JSON.stringify(triggers));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8' })) as Record<string, string>;
}

const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

describe('the deploy rehearsal', () => {
  it('uploads no local secret: .env.local and .secret.local stay on the laptop', async () => {
    // The launcher writes both before every emulator start; a developer may put a real APNs key in the second.
    expect(existsSync(join(SOURCE, '.env.local')) && existsSync(join(SOURCE, '.secret.local'))).toBe(true);
    const files = await filesToUpload();
    expect(files.filter((file) => NEVER_UPLOADED.some((pattern) => pattern.test(file)))).toEqual([]);
    expect(files).toContain('package.json');
    expect(files.some((file) => file.startsWith('lib/'))).toBe(true);
  });

  it(
    'installs from the registry into the uploaded folder alone, builds as Cloud Build would, and exports every function with its trigger',
    { timeout: 600_000 },
    async () => {
      const copy = mkdtempSync(join(tmpdir(), 'beckon-deploy-'));
      copies.push(copy);
      for (const file of await filesToUpload()) {
        mkdirSync(dirname(join(copy, file)), { recursive: true });
        copyFileSync(join(SOURCE, file), join(copy, file));
      }
      const pkg = JSON.parse(readFileSync(join(copy, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
      // Google's Node.js buildpack runs `gcp-build` if there is one (an empty one runs nothing), else `build`.
      const buildScript = pkg.scripts?.['gcp-build'] ?? pkg.scripts?.build ?? '';
      if (buildScript) {
        npm(['install', '--no-audit', '--no-fund'], copy);
        npm(['run', pkg.scripts?.['gcp-build'] === undefined ? 'build' : 'gcp-build'], copy);
        rmSync(join(copy, 'node_modules'), { recursive: true, force: true });
      }
      npm(['install', '--omit=dev', '--no-audit', '--no-fund'], copy);

      const deployed = triggersOf(copy);
      expect(Object.keys(deployed).length).toBeGreaterThan(0);
      // The same functions, with the same triggers, as the emulator loads from the workspace.
      expect(deployed).toEqual(triggersOf(SOURCE));
      console.log(`[deploy rehearsal] ${Object.keys(deployed).length} functions load from an upload of ${SOURCE}`);
    },
  );
});
