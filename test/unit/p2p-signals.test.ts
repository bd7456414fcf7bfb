import { describe, expect, it } from 'vitest';
import { parseSignal } from '../../client/src/p2p-session.js';

// Anyone in a call may write any payload into its signals (the rules check their size, not their
// shape): the p2p session must take a malformed one as an error to report, not a crash.

const sdp = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n';

describe('parseSignal: what another member wrote, checked', () => {
  it('reads the signals this library sends', () => {
    const offer = { from: 'bob', kind: 'offer', payload: JSON.stringify({ description: { type: 'offer', sdp } }) };
    expect(parseSignal(offer)).toEqual({ from: 'bob', signal: { kind: 'offer', description: { type: 'offer', sdp } } });
    const candidate = { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMid: '0', sdpMLineIndex: 0 };
    expect(parseSignal({ from: 'bob', kind: 'candidate', payload: JSON.stringify({ candidate }) })).toEqual({
      from: 'bob',
      signal: { kind: 'candidate', candidate },
    });
    expect(parseSignal({ from: 'bob', kind: 'bye', payload: '{}' })).toEqual({ from: 'bob', signal: { kind: 'bye' } });
  });

  it('refuses, as an error to report, what is not JSON, not an object, or not its kind’s shape', () => {
    for (const data of [
      { from: 'bob', kind: 'offer', payload: '{not json' },
      { from: 'bob', kind: 'offer', payload: '"a string"' },
      { from: 'bob', kind: 'offer', payload: 'null' },
      { from: 'bob', kind: 'offer', payload: '{}' },
      { from: 'bob', kind: 'answer', payload: JSON.stringify({ description: { type: 'answer', sdp: 42 } }) },
      { from: 'bob', kind: 'candidate', payload: JSON.stringify({ candidate: 'not an object' }) },
      { from: 'bob', kind: 'script', payload: '{}' },
      { kind: 'bye', payload: '{}' },
      { from: 'bob', kind: 'bye' },
    ]) {
      expect(parseSignal(data)).toBeInstanceOf(Error);
    }
  });

  it('takes the kind from the signal, never from its payload', () => {
    // An answer whose payload claims to be a bye, or an offer dressed as an answer, is not one.
    const posing = { from: 'bob', kind: 'answer', payload: JSON.stringify({ kind: 'bye', description: { type: 'answer', sdp } }) };
    expect(parseSignal(posing)).toEqual({ from: 'bob', signal: { kind: 'answer', description: { type: 'answer', sdp } } });
    const mismatched = { from: 'bob', kind: 'answer', payload: JSON.stringify({ description: { type: 'offer', sdp } }) };
    expect(parseSignal(mismatched)).toBeInstanceOf(Error);
  });
});
