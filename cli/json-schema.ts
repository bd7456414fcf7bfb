import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { contractJsonSchemas } from '../functions/src/contract/json-schema.js';

// `npm run schema`: writes the contract's JSON Schema files into schema/ (see contract/json-schema.ts).

const root = process.cwd();
for (const [path, schema] of Object.entries(contractJsonSchemas())) {
  const file = join(root, 'schema', path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`[beckon] schema/${path}`);
}
