#!/usr/bin/env node
// Validates an OpenAPI document against the official OpenAPI 3.1 schemas, every $ref resolved
// (@seriousme/openapi-schema-validator). Usage: node scripts/validate-openapi.mjs <file.json>
// Prints {"valid":true} or {"valid":false,"errors":…}; exits 1 when invalid. The test of /openapi.json and
// scripts/api-check.sh both run it.
import { Validator } from '@seriousme/openapi-schema-validator';

const source = process.argv[2];
if (!source) {
  console.error('usage: node scripts/validate-openapi.mjs <file.json>');
  process.exit(2);
}
const result = await new Validator().validate(source);
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(result.valid ? 0 : 1);
