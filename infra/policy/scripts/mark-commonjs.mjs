// The pack's build is CommonJS (tsconfig.build.json): the Pulumi CLI's run-policy-pack loads a pack with
// `require`, and Node 20 cannot `require` an ES module. This package is `"type": "module"` for its
// sources and tests, so dist/ gets its own package.json saying its .js files are CommonJS.
import { writeFileSync } from 'node:fs';

writeFileSync(new URL('../dist/package.json', import.meta.url), `${JSON.stringify({ type: 'commonjs' })}\n`);
