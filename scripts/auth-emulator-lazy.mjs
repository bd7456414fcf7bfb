// Preloaded into the firebase CLI by the launcher (`node --import`), so that the Auth emulator
// starts in about a second instead of about thirteen on this 2-core machine.
//
// The Auth emulator serves its REST API through exegesis, which by default compiles the JSON
// Schema of every request and response of the whole Identity Toolkit API before it listens: 12.8 s
// of every emulator boot here (`npm start`, and each of `npm test`'s boots), measured by starting
// the emulator alone. exegesis has an option of its own for this, `lazyCompileValidationSchemas`
// (each schema compiled on its first use, with the same validation), which firebase-tools does not
// set. This sets it, and nothing else. If a later exegesis or firebase-tools no longer fits this
// shape, it does nothing and the emulator starts as slowly as before.
import Module from 'node:module';

const originalLoad = Module._load;
let patched;

Module._load = function load(request, parent, isMain) {
  const loaded = originalLoad.call(this, request, parent, isMain);
  if (request !== 'exegesis-express' || typeof loaded?.middleware !== 'function') return loaded;
  patched ??= {
    ...loaded,
    middleware: (spec, options, ...rest) => loaded.middleware(spec, { lazyCompileValidationSchemas: true, ...options }, ...rest),
  };
  return patched;
};
