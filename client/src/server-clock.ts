/**
 * The server's time as seen from this device: phones' clocks drift, and a ring must stop when
 * the server says `expiresAt`, not when the phone does. The offset is learnt from times the server
 * stamps (an `acknowledgeCallInvitation` answer's `serverTime`, the `createdAt` of an invitation
 * seen the moment it was written), the newest learning winning.
 */
export class ServerClock {
  private offsetMs = 0;

  /** epoch ms, by the server's clock */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** The server said it was `serverMs` just now. */
  learn(serverMs: number): void {
    this.offsetMs = serverMs - Date.now();
  }
}
