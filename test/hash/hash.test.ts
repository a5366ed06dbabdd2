import assert from 'node:assert/strict';
import { contentHash, fileHash, inputHash } from '../../src/core/artifact/hash';

const shot = (extra: string, body = 'Mara trims the wick.\n') =>
  `---\nkind: shot\nid: s01-001\nscene: s01\norder: 1\nsize: WS\n${extra}---\n${body}`;

describe('content hashes', () => {
  it('does not change when a shot is approved and locked', () => {
    assert.equal(contentHash('shots/a.md', shot('status: proposed\n')), contentHash('shots/a.md', shot('status: locked\n')));
  });

  it('changes when the frontmatter or the body says something else', () => {
    const base = contentHash('shots/a.md', shot(''));
    assert.notEqual(contentHash('shots/a.md', shot('duration: 4\n')), base);
    assert.notEqual(contentHash('shots/a.md', shot('', 'Mara lights the lantern.\n')), base);
  });

  it('ignores key order and comments, which say nothing new', () => {
    const a = '---\nkind: shot\nid: x\nsize: CU\n---\nbody\n';
    const b = '---\n# a comment\nsize: CU\nid: x\nkind: shot\n---\nbody\n';
    assert.equal(contentHash('shots/x.md', a), contentHash('shots/x.md', b));
    assert.notEqual(fileHash(a), fileHash(b));
  });

  it('leaves what later stages write into a shot out of its input hash, but not out of its content hash', () => {
    const before = shot('');
    const lit = shot('lens: 35mm\nlight: low-key amber practical\n');
    assert.equal(inputHash('shots/a.md', before), inputHash('shots/a.md', lit));
    assert.notEqual(contentHash('shots/a.md', before), contentHash('shots/a.md', lit));
  });

  it('hashes files without frontmatter, and unparsable frontmatter, by their bytes', () => {
    assert.equal(contentHash('media/frames/a.svg', '<svg/>'), fileHash('<svg/>'));
    const broken = '---\nkind: [shot\n---\n';
    assert.equal(contentHash('shots/b.md', broken), fileHash(broken));
  });
});
