import assert from 'node:assert/strict';
import type { CallQuestion } from '../../../src/core/host';
import { ModalApproval, costText } from '../../../src/extension/approval';
import { FakeHost } from './fake-host';

const call: CallQuestion = {
  kind: 'call',
  taskId: 'casting:mara',
  role: 'casting',
  model: 'gpt-image-1',
  modality: 'image',
  prompt: 'Four looks for Mara, a lighthouse keeper in her sixties.',
  references: ['characters/mara.md'],
  estimatedCost: 0.16,
  paid: true,
  spent: 1.5,
  cap: 25,
};

describe('approval prompts in VS Code', () => {
  it('asks a modal question showing the prompt, model, estimated cost and budget', async () => {
    const host = new FakeHost();
    host.answers.ask.push('Approve');
    const answer = await new ModalApproval(host).ask(call);
    assert.deepEqual(answer, { answer: 'approve' });
    const q = host.asked[0]!;
    assert.deepEqual(q.actions, ['Approve', 'Skip', 'Edit Prompt']);
    assert.match(q.detail, /Model: gpt-image-1 \(image\)/);
    assert.match(q.detail, /Estimated cost: about \$0\.16 — spent \$1\.50 of \$25\.00/);
    assert.match(q.detail, /Four looks for Mara/);
  });

  it('answers deny when the person skips or dismisses', async () => {
    const host = new FakeHost();
    host.answers.ask.push('Skip', undefined);
    const approval = new ModalApproval(host);
    assert.deepEqual(await approval.ask(call), { answer: 'deny' });
    assert.deepEqual(await approval.ask(call), { answer: 'deny' });
  });

  it('sends the edited prompt when the person edits it', async () => {
    const host = new FakeHost();
    host.answers.ask.push('Edit Prompt');
    host.answers.input.push('Four looks for Mara, oilskin coat.');
    assert.deepEqual(await new ModalApproval(host).ask(call), { answer: 'edit', prompt: 'Four looks for Mara, oilskin coat.' });
    assert.equal(host.inputs[0]!.value, call.prompt);
  });

  it('asks before a gate, listing what it locks', async () => {
    const host = new FakeHost();
    host.answers.ask.push('Pass Gate');
    const answer = await new ModalApproval(host).ask({ kind: 'gate', gate: 'shotlist', artifacts: ['shots/s01-001.md', 'shots/s01-002.md'] });
    assert.deepEqual(answer, { answer: 'approve' });
    assert.match(host.asked[0]!.message, /Shot list lock/);
    assert.match(host.asked[0]!.detail, /locks 2 artifacts[\s\S]*shots\/s01-002\.md/);
  });

  it('says plainly when a price is unknown or a call is free', () => {
    assert.match(costText(undefined), /unknown price/);
    assert.equal(costText(0.5, false), 'free');
    assert.equal(costText(0.004), 'about $0.004');
  });
});
