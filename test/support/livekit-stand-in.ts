import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenVerifier } from 'livekit-server-sdk';

/** One request the stand-in took, once its token was checked. */
export interface RoomRequest {
  method: 'RemoveParticipant' | 'DeleteRoom';
  room: string;
  identity?: string;
  /** Unix seconds, as LiveKit reads it: tokens with an earlier `nbf` no longer join. */
  revokeTokenTs?: number;
}

/**
 * A local stand-in for a LiveKit server's RoomService (Twirp over HTTP, as livekit-server-sdk's
 * RoomServiceClient speaks it), checking what the real server checks: the request's token signed
 * with the API key's secret and not expired (read by LiveKit's own TokenVerifier), with
 * `roomAdmin` for that very room to remove someone and `roomCreate` to delete a room. It keeps who
 * is connected to which room: removing someone not there, or deleting a room that is not, answers
 * `not_found`, as LiveKit does.
 */
export async function startLivekitStandIn(apiKey: string, apiSecret: string) {
  const verifier = new TokenVerifier(apiKey, apiSecret);
  const rooms = new Map<string, Set<string>>();
  const requests: RoomRequest[] = [];
  const refusals: string[] = [];
  let failures: { status: number; left: number } = { status: 0, left: 0 };

  const answer = (response: ServerResponse, status: number, body: object) => {
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const refuse = (response: ServerResponse, status: number, code: string, msg: string) => {
    refusals.push(`${status} ${code}: ${msg}`);
    answer(response, status, { code, msg });
  };

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const method = request.url?.match(/^\/twirp\/livekit\.RoomService\/(\w+)$/)?.[1];
    if (request.method !== 'POST' || (method !== 'RemoveParticipant' && method !== 'DeleteRoom')) {
      return refuse(response, 404, 'bad_route', `no handler for ${request.method} ${request.url}`);
    }
    const token = request.headers.authorization?.replace(/^Bearer /, '') ?? '';
    let video: { room?: string; roomAdmin?: boolean; roomCreate?: boolean } | undefined;
    try {
      video = (await verifier.verify(token)).video as typeof video;
    } catch (error) {
      return refuse(response, 401, 'unauthenticated', `invalid token: ${(error as Error).message}`);
    }
    if (failures.left > 0) {
      failures.left--;
      return answer(response, failures.status, { code: 'unavailable', msg: 'the stand-in was told to fail' });
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { room?: string; identity?: string; revokeTokenTs?: string };
    const room = body.room ?? '';
    if (method === 'RemoveParticipant') {
      if (!video?.roomAdmin || video.room !== room) return refuse(response, 403, 'permission_denied', 'needs roomAdmin for this room');
      const revokeTokenTs = body.revokeTokenTs === undefined ? undefined : Number(body.revokeTokenTs);
      requests.push({ method, room, identity: body.identity ?? '', ...(revokeTokenTs === undefined ? {} : { revokeTokenTs }) });
      if (!rooms.get(room)?.delete(body.identity ?? '')) return answer(response, 404, { code: 'not_found', msg: 'participant not found' });
      return answer(response, 200, {});
    }
    if (!video?.roomCreate) return refuse(response, 403, 'permission_denied', 'needs roomCreate');
    requests.push({ method, room });
    if (!rooms.delete(room)) return answer(response, 404, { code: 'not_found', msg: 'room not found' });
    return answer(response, 200, {});
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => answer(response, 500, { code: 'internal', msg: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    /** As LIVEKIT_URL: the SDK turns ws into http. */
    url: `ws://127.0.0.1:${port}`,
    requests,
    /** Requests refused for their token or grants: a test expects none. */
    refusals,
    /** Someone connected to a room with a token (the stand-in does not carry media). */
    connect(room: string, identity: string) {
      rooms.set(room, (rooms.get(room) ?? new Set()).add(identity));
    },
    connected: (room: string) => [...(rooms.get(room) ?? [])].sort(),
    roomExists: (room: string) => rooms.has(room),
    /** The next `count` requests answer `status` (after their token was checked). */
    failNext(count: number, status = 503) {
      failures = { status, left: count };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
