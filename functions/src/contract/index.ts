// The API contract shared by the functions, the tests and client code. No Firebase imports here.
export * from './ids.js';
export * from './devices.js';
export * from './invitations.js';
export * from './calls.js';
export * from './ring-time.js';
export * from './responses.js';
export * from './push.js';
export * from './push-payloads.js';
export * from './lifecycle.js';
export * from './media.js';
export * from './diagnosis.js';
export * from './receipts.js';
export * from './blocking.js';
export * from './documents.js';
export * from './callables.js';
export * from './errors.js';
export * from './call-states.js';
