import assert from 'node:assert/strict';
import pLimit from 'p-limit';
describe('toolchain', () => {
  it('imports an ESM-only dependency from TypeScript tests', async () => {
    const limit = pLimit(1);
    assert.equal(await limit(async () => 41 + 1), 42);
  });
});
