import { callableHeaders } from './app-check.js';
import { PROJECT_ID, REGION, functionsEmulator } from './emulators.js';

export interface CallableAnswer {
  status: number;
  body: { result?: unknown; error?: { status?: string; message?: unknown } };
}

/**
 * A callable request sent over HTTP as JSON text, the way a tampered client (or an app without the
 * SDK) can: what the SDK would never send. `headers` default to the SDK's (with App Check where the
 * emulators require it).
 */
export async function postCallable(
  name: string,
  idToken: string,
  body: string,
  headers = callableHeaders(idToken),
): Promise<CallableAnswer> {
  const url = `http://${functionsEmulator.host}:${functionsEmulator.port}/${PROJECT_ID}/${REGION}/${name}`;
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, body: (await response.json()) as CallableAnswer['body'] };
}
