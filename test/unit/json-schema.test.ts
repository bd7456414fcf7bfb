import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contractJsonSchemas } from '../../functions/src/contract/json-schema.js';

describe('the contract as JSON Schema (schema/)', () => {
  it('is what the zod schemas give today: run `npm run schema` after changing the contract', () => {
    for (const [path, schema] of Object.entries(contractJsonSchemas())) {
      const file = `schema/${path}`;
      expect(existsSync(file), `${file} is missing`).toBe(true);
      expect(JSON.parse(readFileSync(file, 'utf8')), `${file} is stale`).toEqual(schema);
    }
  });

  it('says what an Android or iOS model needs: the fields, their kinds and the enums', () => {
    const files = contractJsonSchemas() as Record<
      string,
      { properties: Record<string, { type?: string; enum?: string[] }>; required?: string[] }
    >;
    const send = files['requests/sendCallInvitation.json'];
    expect(send?.properties.callType?.enum).toEqual(['video', 'audio']);
    expect(send?.properties.calleeIds?.type).toBe('array');
    const ring = files['push/call_invitation.json'];
    expect(ring?.required).toEqual(expect.arrayContaining(['type', 'invitationId', 'callerName', 'expiresAt']));
    expect(ring?.required).not.toContain('callId');
  });
});
