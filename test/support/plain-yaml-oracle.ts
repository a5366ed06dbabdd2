/** The plain-YAML reader's answer for `doc`, checked against the `yaml` library's, whenever the reader answers. */
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { readPlainYaml } from '../../src/core/artifact/plain-yaml';

export function assertReadsAsYaml(doc: string): void {
  let expected: unknown;
  try {
    expected = parseYaml(doc);
  } catch {
    expected = undefined;
  }
  const fast = readPlainYaml(doc);
  if (fast !== undefined) assert.deepStrictEqual(fast, expected, JSON.stringify(doc));
}
