import assert from 'node:assert/strict';
import { intentOf } from '../../src/core/producer/offline';

describe('the producer’s rules (no model): what a message asks for', () => {
  const cases: [string, ReturnType<typeof intentOf>][] = [
    ['Where are we?', { tool: 'status', args: {} }],
    ['any questions waiting?', { tool: 'list_questions', args: {} }],
    ["What's working, what's not?", { tool: 'review_cut', args: {} }],
    ['show s01-003', { tool: 'show_shot', args: { shot: 's01-003' } }],
    ['answer casting.tomas.look: 50s, beard', { tool: 'answer_question', args: { question: 'casting.tomas.look', answer: '50s, beard' } }],
    ['tell casting that Mara is older', { tool: 'route_note', args: { role: 'casting', note: 'Mara is older' } }],
    ['continuity: the braid changes in s02-001', { tool: 'route_note', args: { category: 'continuity', note: 'the braid changes in s02-001', subject: 's02-001' } }],
    ['regenerate s01-003', { tool: 'regenerate', args: { subject: 's01-003' } }],
    ['run the storyboard', { tool: 'run_stage', args: { stage: 'storyboard' } }],
    ['pass the shotlist gate', { tool: 'pass_gate', args: { gate: 'shotlist' } }],
    ['approve shots/s01-001.md', { tool: 'approve', args: { paths: ['shots/s01-001.md'] } }],
    ['tell me a story', { tool: undefined }],
  ];
  for (const [message, intent] of cases) {
    it(`reads “${message}” as ${intent.tool ?? 'nothing it understands'}`, () => assert.deepEqual(intentOf(message), intent));
  }
});
