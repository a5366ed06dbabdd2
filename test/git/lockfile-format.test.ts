/**
 * filmcrew.lock entries written without the YAML library (the common case: paths, hashes, names,
 * times) are byte for byte what the library writes, and anything it would quote still goes
 * through it: the lock file's text does not depend on which way an entry was written.
 */
import assert from 'node:assert/strict';
import { stringify } from 'yaml';
import { formatLockfile, parseLockfile, type LockEntry, type Lockfile } from '../../src/core/git/lockfile';

/** The lock file as the YAML library alone writes it (formatLockfile's layout before the fast path). */
function byLibrary(lock: Lockfile): string {
  const out = [
    '# filmcrew.lock: every locked artifact, the hashes of what it was made from, who approved it and when.',
    '# Written by `filmcrew approve`, `choose` and `unlock`; review it in a diff, do not edit it by hand.',
    'version: 1',
    'locks:',
  ];
  const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  for (const path of Object.keys(lock.locks).sort(byPath)) {
    const e = lock.locks[path]!;
    const ordered: Record<string, unknown> = { hash: e.hash };
    if (e.stage) ordered.stage = e.stage;
    if (e.chosen) ordered.chosen = e.chosen;
    ordered.approved_by = e.approved_by;
    ordered.at = e.at;
    if (e.provenance) ordered.provenance = e.provenance;
    const inputs = Object.keys(e.inputs).sort(byPath);
    if (inputs.length) ordered.inputs = Object.fromEntries(inputs.map((p) => [p, e.inputs[p]]));
    out.push(
      stringify({ [path]: ordered }, { lineWidth: 0, indent: 2 })
        .replace(/\n$/, '')
        .split('\n')
        .map((l) => '  ' + l)
        .join('\n'),
    );
  }
  return out.join('\n') + '\n';
}

const HASH = '7794ac43cf8160e607f36bc3365685aadf4816d040d19c508130da5559000931';
const ODD = [
  'shots/s01-001.md', 'media/frames/s01-001.svg', 'Bench Director <bench@filmcrew.invalid>', '2026-12-03T14:49:00.646Z', '1234', '0x1F', '1e3', 'true', 'no',
  'null', '~', 'a: b', 'a:b', 'a #b', 'a#b', '-x', 'x-', '<x>', '@x', 'x@', 'Mára Ñúñez <m@x.es>', 'two  spaces', ' lead', 'trail ', '', 'say "hi"', "it's",
  '[a]', '{a}', 'a,b', '*x', '&x', '!x', '%x', '?x', '|', '>', 'x:', ':x', 'C++', 'a/b c/d.md', 'costumes/mara.md', '12:30', '3.5', '.5', '007', 'v1.2.3',
];

function entry(over: Partial<LockEntry>): LockEntry {
  return { hash: HASH, stage: 'breakdown', approved_by: 'Bench Director <bench@filmcrew.invalid>', at: '2026-12-03T14:49:00.646Z', inputs: { 'script.fountain': HASH }, ...over };
}

describe('filmcrew.lock entries written without the YAML library', () => {
  it('are byte for byte what the library writes, for ordinary entries and for every odd string in every place', () => {
    const lock: Lockfile = { version: 1, locks: {} };
    lock.locks['shots/s01-001.md'] = entry({ provenance: HASH, inputs: { 'production.md': HASH, 'script.fountain': HASH, 'agents/directors-assistant/agent.md': HASH } });
    lock.locks['characters/mara.md'] = entry({ stage: 'assets', chosen: 'mara-a', inputs: {} });
    ODD.forEach((s, i) => {
      lock.locks[`p${i}/${s}`] = entry({ hash: s || HASH });
      lock.locks[s || 'empty'] = entry(s ? { approved_by: s, chosen: s } : { approved_by: s });
      lock.locks[`q${i}.md`] = entry({ at: s, inputs: { [s || 'x']: s, 'y.md': HASH } });
    });
    const text = formatLockfile(lock);
    assert.equal(text, byLibrary(lock));
    assert.deepStrictEqual(parseLockfile(text).lock, lock);
  });
});
