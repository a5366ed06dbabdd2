/**
 * The plain-YAML fast path of content hashing gives the very hashes the full YAML parse gave:
 * every stored lock depends on them. GOLDEN was computed with hash.ts before the fast path
 * existed (YAML parsed with `yaml` every time).
 */
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { contentHash, contentHashWithData, inputHash } from '../../src/core/artifact/hash';
import { readPlainYaml } from '../../src/core/artifact/plain-yaml';
import { assertReadsAsYaml } from '../support/plain-yaml-oracle';

const SHOT = ['---','kind: shot','id: s01-001','scene: s01','order: 1','size: MS','angle: eye level','movement: static','duration: 3','characters: [mara]','location: lighthouse','action: Mara trims the wick of the lantern while the wind hammers the glass.','status: proposed','provenance:','  run: bench','  task: directors-assistant:s01-001','  role: directors-assistant','  model: offline','  provider: offline','  inputs:','    script.fountain: 1f7a3c0e2b9d4a6f8e1c3b5d7f9a2c4e6b8d0f1a3c5e7b9d2f4a6c8e0b1d3f5a','---','','Wind hammers the glass.',''].join('\n');
const CASES: Record<string, string> = {
  'a plain shot': SHOT,
  'comments everywhere': '---\n# heading comment\nkind: shot # trailing\nid: s01-002\n  # indented comment\nprovenance:\n  # inside\n  role: dop\nstatus: draft\n---\nBody # not a comment\n',
  'anchors and aliases': '---\nkind: shot\nlocation: &loc lighthouse\nalso: *loc\nstatus: proposed\n---\nx\n',
  'quoted keys': '---\n"kind": shot\n\'id\': s01-003\n"status": draft\n"a b": 1\n---\nx\n',
  'CRLF line ends': SHOT.replace(/\n/g, '\r\n'),
  'unicode values': '---\nkind: character\nname: Mára Ñúñez — 灯台守 🌊\nquote: "“Hold the light” — ünïcode"\nsingle: \'café\'\nnbsp: trailing\u00a0\nstatus: draft\n---\nÜnïcode body ☃\n',
  'numbers and dates': '---\nkind: shot\norder: 007\nduration: 3.50\nhex: 0x1F\noct: 0o17\nbig: 12345678901234567890\nexp: 1e3\nneg: -4\nplus: +4\ndot: .5\ninf: .inf\ndate: 2024-05-01\nversion: 1.2.3\n---\nx\n',
  'booleans and nulls': '---\nkind: shot\na: true\nb: yes\nc: ~\nd: Null\ne:\nf: FALSE\ng: off\nh: "true"\n---\nx\n',
  'block and flow lists': '---\nkind: shot\ncharacters:\n  - mara\n  - tom\nflow: [mara, "tom", 3]\nempty: []\nsame-indent:\n- a\n- b\n---\nx\n',
  'nested maps': '---\nkind: shot\nprovenance:\n  run: r1\n  inputs:\n    shots/s01-001.md: abc123\n    script.fountain: 0123456789\n  role: dop\nlens:\n  focal: 35\n  aperture: 2.8\nstatus: proposed\n---\nx\n',
  'multi-line and block scalars': '---\nkind: shot\naction: Mara trims\n  the wick\nnote: |\n  line one\n  line two\nfold: >\n  a\n  b\n---\nx\n',
  'duplicate keys': '---\nkind: shot\nid: a\nid: b\n---\nx\n',
  'tabs': '---\nkind: shot\nid:\ts01\n---\nx\n',
  'prototype key': '---\nkind: shot\n__proto__: bad\n---\nx\n',
  'colons, hashes and quotes in values': '---\nkind: shot\nurl: http://example.com/a?b=c#d\nlang: C#\nsaid: it\'s fine\nratio: a:b\nweird: a: b\n---\nx\n',
  'empty frontmatter': '---\n\n---\nbody\n',
  'only comments': '---\n# nothing here\n---\nbody\n',
  'reserved keys': '---\ntrue: yes\nnull: x\n---\nx\n',
  'byte-order mark': '\ufeff---\nkind: shot\n---\nx\n',
  'indented top level': '---\n  kind: shot\n  id: a\n---\nx\n',
  'escapes in double quotes': '---\nkind: shot\nline: "a\\tb\\u00e9"\n---\nx\n',
  'doubled single quote': "---\nkind: shot\nline: 'it''s'\n---\nx\n",
  'flow map': '---\nkind: shot\nlens: {focal: 35}\n---\nx\n',
  'tags': '---\nkind: shot\nn: !!str 3\n---\nx\n',
  'shot with downstream keys': SHOT.replace('status: proposed', 'lens: 35mm\nlight: low key\nclip: media/clips/s01-001.mp4\nstatus: locked'),
  'not markdown frontmatter at all': 'just text\n',
};

const GOLDEN: Record<string, [content: string, input: string]> = {
  "a plain shot": [
    '678e0e467bdda8ff6c8f9c28c4cc3185290415f41276984d6c344bf5c4bc95d7',
    '678e0e467bdda8ff6c8f9c28c4cc3185290415f41276984d6c344bf5c4bc95d7',
  ],
  "comments everywhere": [
    'a5e32d4a0f8f2957294a813c9c321f69bf0813098d4e4754d202fa86f28b7c4f',
    'a5e32d4a0f8f2957294a813c9c321f69bf0813098d4e4754d202fa86f28b7c4f',
  ],
  "anchors and aliases": [
    '84a8c52f23c2490027aab2190b99fbf2b427042fa55a4bf49ed1ca2db0c6fa52',
    '84a8c52f23c2490027aab2190b99fbf2b427042fa55a4bf49ed1ca2db0c6fa52',
  ],
  "quoted keys": [
    '3a08d57e1fab9176e2cf54bcc588311178c00c1ee6a8127570ed1ab90bb6ba8e',
    '3a08d57e1fab9176e2cf54bcc588311178c00c1ee6a8127570ed1ab90bb6ba8e',
  ],
  "CRLF line ends": [
    '678e0e467bdda8ff6c8f9c28c4cc3185290415f41276984d6c344bf5c4bc95d7',
    '678e0e467bdda8ff6c8f9c28c4cc3185290415f41276984d6c344bf5c4bc95d7',
  ],
  "unicode values": [
    'c8aa9d165880d5dd0646a21e539e58eb761b6634d800b9232c6c164319b0104c',
    'c8aa9d165880d5dd0646a21e539e58eb761b6634d800b9232c6c164319b0104c',
  ],
  "numbers and dates": [
    '3e0f1859b66e0b4d2636b3e77880ac6d9b4a7734b4e84b1a214f53d26883a6f5',
    '3e0f1859b66e0b4d2636b3e77880ac6d9b4a7734b4e84b1a214f53d26883a6f5',
  ],
  "booleans and nulls": [
    'de04bb583af137919e0e7248fa1341f506f34b53736c82f492c0d67969138fd0',
    'de04bb583af137919e0e7248fa1341f506f34b53736c82f492c0d67969138fd0',
  ],
  "block and flow lists": [
    '86641efabe324d6a0544cd1c0827c2630a3456ec2d751fd99a4834d8fe44b047',
    '86641efabe324d6a0544cd1c0827c2630a3456ec2d751fd99a4834d8fe44b047',
  ],
  "nested maps": [
    '8abb7093312d62360f4aad552b1926e95e286a1d41ebcf83685aa865a14820cf',
    '6e55428fb1b3c76853406ca6a3b0cdf2ccc962295dc66c02af913f7d12eec4de',
  ],
  "multi-line and block scalars": [
    '86272e5d068af3ceb61375b4a2f2af775949ecdbd425824dac8e040c34190f8c',
    '86272e5d068af3ceb61375b4a2f2af775949ecdbd425824dac8e040c34190f8c',
  ],
  "duplicate keys": [
    '407c3d166782a836e4adfe8e184f3a53dee4e83df2b533a688a5f0ccc62702d2',
    '407c3d166782a836e4adfe8e184f3a53dee4e83df2b533a688a5f0ccc62702d2',
  ],
  "tabs": [
    '538f58ec50b64b2955e8152f57bc533348a74edfc6c53f3ad74c9f183c1ea900',
    '538f58ec50b64b2955e8152f57bc533348a74edfc6c53f3ad74c9f183c1ea900',
  ],
  "prototype key": [
    '6e55428fb1b3c76853406ca6a3b0cdf2ccc962295dc66c02af913f7d12eec4de',
    '6e55428fb1b3c76853406ca6a3b0cdf2ccc962295dc66c02af913f7d12eec4de',
  ],
  "colons, hashes and quotes in values": [
    '9b757ba2a9af3b0605d290cac26d7fe507501105f3cdff9f6df65ed0f9f406d2',
    '9b757ba2a9af3b0605d290cac26d7fe507501105f3cdff9f6df65ed0f9f406d2',
  ],
  "empty frontmatter": [
    'a36487517c77d5c4a8ac814d6ae056ddd84a9054addb60fe8f8948b017434072',
    'a36487517c77d5c4a8ac814d6ae056ddd84a9054addb60fe8f8948b017434072',
  ],
  "only comments": [
    '40189bde34324b84d1fa974c36853b8cebfab1cae8f7b16a87ffb193a7ef68b2',
    '40189bde34324b84d1fa974c36853b8cebfab1cae8f7b16a87ffb193a7ef68b2',
  ],
  "reserved keys": [
    '1225a825fca62e7d109d947b6f5c938f10f20d432cac99b8c74feba175cf96f4',
    '1225a825fca62e7d109d947b6f5c938f10f20d432cac99b8c74feba175cf96f4',
  ],
  "byte-order mark": [
    'e8a5524f72e909c7c0186518a13d8ded3ed9998f5f9a5856319a7ee6f54d050b',
    'e8a5524f72e909c7c0186518a13d8ded3ed9998f5f9a5856319a7ee6f54d050b',
  ],
  "indented top level": [
    'fdb9d9d4857ecb103db805161e25a6ea35e45dbd848b6a72918df03849c8be54',
    'fdb9d9d4857ecb103db805161e25a6ea35e45dbd848b6a72918df03849c8be54',
  ],
  "escapes in double quotes": [
    'f6a0807dd6cf77b296ab44c70fe1a01d429726bd89937091fb02902e3073875d',
    'f6a0807dd6cf77b296ab44c70fe1a01d429726bd89937091fb02902e3073875d',
  ],
  "doubled single quote": [
    'ecd6a9c6c11ee02fa241112997a48fac942057e1baad23e23efca68faa64e494',
    'ecd6a9c6c11ee02fa241112997a48fac942057e1baad23e23efca68faa64e494',
  ],
  "flow map": [
    '36b3ccf95a54280f7069249a983e5d9ceb6dffbc93813716fc406fbfd1c76d34',
    '6e55428fb1b3c76853406ca6a3b0cdf2ccc962295dc66c02af913f7d12eec4de',
  ],
  "tags": [
    'b27485c8b5b0771fd3cc78c2c5066e0c2b5db9cd062a12242f939467c2d096aa',
    'b27485c8b5b0771fd3cc78c2c5066e0c2b5db9cd062a12242f939467c2d096aa',
  ],
  "shot with downstream keys": [
    '16971bd409047cb30f56cd54489936915543e34e9e4bf06363482961cc04a508',
    '678e0e467bdda8ff6c8f9c28c4cc3185290415f41276984d6c344bf5c4bc95d7',
  ],
  "not markdown frontmatter at all": [
    'e6c4d6609612f4b790faec9068ae5d1f1c22632945ce047b71da32bdb5bb0ed3',
    'e6c4d6609612f4b790faec9068ae5d1f1c22632945ce047b71da32bdb5bb0ed3',
  ],
};

const FRONTMATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

describe('content hashes through the plain-YAML fast path', () => {
  for (const [name, text] of Object.entries(CASES)) {
    it(`are unchanged for ${name}`, () => {
      assert.equal(contentHash('shots/x.md', text), GOLDEN[name]![0]);
      assert.equal(inputHash('shots/x.md', text), GOLDEN[name]![1]);
      assert.equal(contentHashWithData('shots/x.md', text).hash, GOLDEN[name]![0]);
    });
  }

  it('reads exactly what yaml reads, or declines, on every case', () => {
    for (const [name, text] of Object.entries(CASES)) {
      const fm = FRONTMATTER.exec(text)?.[1];
      if (fm === undefined) continue;
      const fast = readPlainYaml(fm);
      if (fast !== undefined) assert.deepStrictEqual(fast, parseYaml(fm), name);
    }
  });

  it('takes the fast path for a plain shot and gives the frontmatter yaml gives', () => {
    const fm = FRONTMATTER.exec(SHOT)![1]!;
    assert.notEqual(readPlainYaml(fm), undefined);
    assert.deepStrictEqual(contentHashWithData('shots/x.md', SHOT).frontmatter, parseYaml(fm));
  });

  it('declines what it cannot read exactly (anchors, quoted keys, CRLF, escapes other than \\" and \\\\, duplicates)', () => {
    for (const name of ['anchors and aliases', 'quoted keys', 'CRLF line ends', 'escapes in double quotes', 'duplicate keys', 'tags', 'flow map', 'multi-line and block scalars']) {
      const fm = FRONTMATTER.exec(CASES[name]!)![1]!;
      assert.equal(readPlainYaml(fm), undefined, name);
    }
  });

  it('agrees with yaml on every scalar in every place a scalar can stand', () => {
    const scalars = [
      'a', 'eye level', '3', '007', '3.50', '1.', '.5', '-4', '+4', '0x1F', '0o17', '1e3', '1E-3', '.inf', '-.Inf', '.nan', '12345678901234567890',
      'true', 'True', 'TRUE', 'tRue', 'yes', 'no', 'on', 'off', 'y', 'n', '~', 'null', 'Null', 'NULL', 'nULL', '', ' ', '2024-05-01', '12:30',
      '1f7a3c0e', 'C#', 'a #b', 'a#b', 'http://x/y', 'a:b', 'a: b', 'a:', "it's", 'say "hi"', '"q"', "'q'", '"a\\nb"', "'a''b'", '[a, b]', '[a,b]',
      '[]', '[ ]', '[a, ]', '[a, [b]]', '[a: b]', '[3, true, ~]', '{}', '{a: 1}', '&x a', '*x', '!!str a', '|', '>', '- a', '-a', '?a', '%a', '@a', '`a',
      'mára', '灯台', '🌊', 'nbsp\u00a0', 'ideographic\u3000', 'a  b', 'trailing  ',
    ];
    for (const s of scalars) {
      for (const doc of [`k: ${s}`, `kind: shot\nk: ${s}\nz: 1`, `p:\n  k: ${s}\n  q: r`, `p:\n  # c\n  k: ${s}\nz: 2`]) {
        assertReadsAsYaml(doc);
      }
    }
  });
});
