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
});
