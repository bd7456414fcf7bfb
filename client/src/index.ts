// Beckon's client for web and React Native apps on the firebase JS SDK.
export { type BeckonClient, type BeckonClientOptions, type CallOptions, beckonClient } from './client.js';
export { BeckonError } from './errors.js';
export type { CallUpdate, DirectOutgoingCall, GroupOutgoingCall, OutgoingCall } from './outgoing-call.js';
export type { AcceptAnswer, AcceptOptions, AcceptedCall, DeclineOptions, IncomingCall, RespondOptions } from './incoming-calls.js';
export type { CallHandle } from './call-handle.js';
export type { Stop } from './stop.js';
export { type P2PSession, type P2PSessionOptions, startP2PSession } from './p2p-session.js';
export type { CallMessage, HistoryMessage, HistoryPage, HistoryStop, TextMessage } from './conversation.js';
export type * from './contract.js';
export type * from './documents.js';
