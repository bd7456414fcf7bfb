import { describe, expect, it } from 'vitest';
import { livekitApiUrl } from '../../functions/src/adapters/media/livekit-rooms.js';
import { type RoomView, inRoomNow, mediaRoomChange } from '../../functions/src/domain/call/media-room.js';

// Who a change of a call takes out of its media room, and when the room closes (pure).

const call = (more: Partial<RoomView> = {}): RoomView => ({
  status: 'active',
  callerId: 'alice',
  callerIn: true,
  callees: { bob: 'accepted', carol: 'accepted', dave: 'ringing' },
  ...more,
});

describe('mediaRoomChange', () => {
  it('takes out whoever left, was lost or declined after joining; the room stays while the call goes on', () => {
    expect(mediaRoomChange(call(), call({ callees: { bob: 'accepted', carol: 'left', dave: 'ringing' } }))).toEqual({
      leaving: ['carol'],
      close: false,
    });
    // Someone lost (silent past the liveness timeout) leaves as `left`, named in lostIds; a decline after joining likewise.
    expect(mediaRoomChange(call(), call({ callees: { bob: 'declined', carol: 'accepted', dave: 'ringing' } }))).toEqual({
      leaving: ['bob'],
      close: false,
    });
    expect(mediaRoomChange(call(), call({ callerIn: false }))).toEqual({ leaving: ['alice'], close: false });
  });

  it('changes nothing for a change that keeps everyone in (an accept, a join, a ring that ends)', () => {
    expect(mediaRoomChange(call(), call({ callees: { bob: 'accepted', carol: 'accepted', dave: 'accepted' } }))).toEqual({
      leaving: [],
      close: false,
    });
    expect(mediaRoomChange(call(), call({ callees: { bob: 'accepted', carol: 'accepted', dave: 'missed' } }))).toEqual({
      leaving: [],
      close: false,
    });
  });

  it('closes the room when the call is over, taking out everyone who was in it (their tokens revoked)', () => {
    const ended = call({ status: 'ended', callerIn: false, callees: { bob: 'left', carol: 'left', dave: 'missed' } });
    expect(mediaRoomChange(call(), ended)).toEqual({ leaving: ['alice', 'bob', 'carol'], close: true });
    // A call cancelled while it rang: the caller may have been in the room, waiting.
    const ringing = call({ status: 'ringing', callees: { bob: 'ringing' } });
    expect(mediaRoomChange(ringing, { ...ringing, status: 'cancelled', callees: { bob: 'cancelled' } })).toEqual({
      leaving: ['alice'],
      close: true,
    });
    // Once over, later changes close nothing again.
    expect(mediaRoomChange(ended, ended)).toEqual({ leaving: [], close: false });
  });

  it('inRoomNow: in the call now, by the call as it is', () => {
    expect(inRoomNow(call(), 'bob')).toBe(true);
    expect(inRoomNow(call(), 'dave')).toBe(false);
    expect(inRoomNow(call({ status: 'ended' }), 'bob')).toBe(false);
  });
});

describe('livekitApiUrl: where the room service is reached', () => {
  it('is LIVEKIT_URL with ws → http and wss → https, or LIVEKIT_API_URL when set', () => {
    expect(livekitApiUrl({ url: 'wss://calls.example.com', apiKey: 'k', apiSecret: 's' })).toBe('https://calls.example.com');
    expect(livekitApiUrl({ url: 'ws://127.0.0.1:7880', apiKey: 'k', apiSecret: 's' })).toBe('http://127.0.0.1:7880');
    expect(livekitApiUrl({ url: 'wss://calls.example.com', apiKey: 'k', apiSecret: 's', apiUrl: 'http://10.0.0.5:7880' })).toBe(
      'http://10.0.0.5:7880',
    );
  });
});
