import assert from 'node:assert/strict';
import { Redactor, redactingLogger } from '../../src/core/providers';
import { FAKE_KEY, captureLogger } from './support';

describe('Key redaction', () => {
  it('masks a registered key wherever it appears, also URL-encoded', () => {
    const redactor = new Redactor();
    const key = 'studio+key/with=odd chars 1234';
    redactor.add(key);
    assert.equal(redactor.redact(`a ${key} b ${encodeURIComponent(key)} c`), 'a [redacted] b [redacted] c');
  });

  it('masks token-shaped strings it was never told about', () => {
    const redactor = new Redactor();
    assert.equal(redactor.redact(`Authorization: Bearer abc123def456ghi789`), 'Authorization: Bearer [redacted]');
    assert.equal(redactor.redact(`key ${FAKE_KEY} rejected`), 'key [redacted] rejected');
    assert.equal(redactor.redact('r8_AbCdEfGh12345678 expired'), '[redacted] expired');
  });

  it('leaves ordinary prose alone and ignores keys too short to be real', () => {
    const redactor = new Redactor();
    redactor.add('abc');
    assert.equal(redactor.redact('Token considerations: abc is a fine abbreviation.'), 'Token considerations: abc is a fine abbreviation.');
  });

  it('a redacting logger masks every line before the host sees it', () => {
    const redactor = new Redactor();
    redactor.add('zz-secret-value-42');
    const logger = captureLogger();
    redactingLogger(logger, redactor).warn('posting with zz-secret-value-42');
    assert.deepEqual(logger.lines, ['warn posting with [redacted]']);
  });

  it('masks any 8-character piece of a key, without its prefix, and leaves shorter pieces alone', () => {
    const redactor = new Redactor();
    const key = 'sk-proj-Q7xv2LmN9pRt4sWz8KcY1bHd';
    redactor.add(key);
    // A provider echoing the key without its prefix, or a window into it.
    assert.equal(redactor.redact('invalid key Q7xv2LmN9pRt4sWz8KcY1bHd.'), 'invalid key [redacted].');
    assert.equal(redactor.redact('got ...9pRt4sWz8K... back'), 'got ...[redacted]... back');
    assert.equal(redactor.redact('key ending 8KcY1bHd'), 'key ending [redacted]');
    assert.equal(redactor.redact('only 9pRt4sW here'), 'only 9pRt4sW here', '7 characters are not masked');
    // Every window of 8+ characters of the key, anywhere in a line, is masked.
    let leaks = 0;
    for (let len = 8; len <= key.length; len++) {
      for (let at = 0; at + len <= key.length; at++) if (redactor.redact(`x ${key.slice(at, at + len)} y`).includes(key.slice(at, at + len))) leaks++;
    }
    assert.equal(leaks, 0);
  });
});
