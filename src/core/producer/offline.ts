/**
 * The producer without a model: it reads what a person asks with a few rules and answers from
 * the production's files (status, open questions, the checker's notes), or proposes one of its
 * tools. It says that it has no model, and what it understands.
 */
import { ROUTES, type NoteCategory } from '../crew/checker';
import type { ToolArgs } from './tools';

/** What a message asks for: a tool call, or nothing the rules understand. */
export type Intent = { tool: string; args: ToolArgs } | { tool: undefined };

const SHOT = /\b(s\d{2,}-\d{3,})\b/i;

/** The first rule that matches, in order from the most specific. */
const RULES: { test: RegExp; intent: (m: RegExpExecArray, text: string) => Intent }[] = [
  {
    // "answer casting.tomas.look: 50s, beard" / "answer casting.tomas.look 2"
    test: /\banswer\s+([a-z0-9-]+\.[a-z0-9-]+\.[a-z0-9-]+)\s*[:=-]?\s*(.+)$/is,
    intent: (m) => ({ tool: 'answer_question', args: { question: m[1]!, answer: m[2]!.trim().replace(/^["“]|["”]$/g, '') } }),
  },
  {
    // "note for casting: …", "tell costume that …", "send to editor: …"
    test: /\b(?:note (?:for|to)|tell|send (?:this )?to)\s+(?:the\s+)?(?!(?:me|us|you|him|her|them)\b)([a-z][a-z-]+)\s*(?::|that|,)?\s*(.+)$/is,
    intent: (m) => ({ tool: 'route_note', args: { role: m[1]!.toLowerCase(), note: m[2]!.trim(), ...subjectOf(m[2]!) } }),
  },
  {
    // "continuity: Mara's braid is loose in s02-001" → casting
    test: new RegExp(`^\\s*(${Object.keys(ROUTES).join('|')})\\s*(?:note)?\\s*[:-]\\s*(.+)$`, 'is'),
    intent: (m) => ({ tool: 'route_note', args: { category: m[1]!.toLowerCase() as NoteCategory, note: m[2]!.trim(), ...subjectOf(m[2]!) } }),
  },
  { test: /\bregenerate\s+([a-z0-9-]+)/i, intent: (m) => ({ tool: 'regenerate', args: { subject: m[1]!.toLowerCase() } }) },
  { test: /\bpass\s+(?:the\s+)?([a-z]+)\s+gate\b|\bgate\s+pass\s+([a-z]+)/i, intent: (m) => ({ tool: 'pass_gate', args: { gate: (m[1] ?? m[2])!.toLowerCase() } }) },
  { test: /\brun\s+(?:the\s+)?(breakdown|assets|storyboard|generation|edit|review)\b/i, intent: (m) => ({ tool: 'run_stage', args: { stage: m[1]!.toLowerCase() } }) },
  { test: /\b(?:approve|lock)\s+(\S+(?:\s+\S+\/\S+)*)/i, intent: (m) => ({ tool: 'approve', args: { paths: m[1]!.split(/\s+/) } }) },
  { test: /\b(?:show|open|what(?:'s| is) in)\s+(?:shot\s+)?(s\d{2,}-\d{3,})\b/i, intent: (m) => ({ tool: 'show_shot', args: { shot: m[1]!.toLowerCase() } }) },
  { test: /what'?s (?:working|not)|working.*not|\breview\b|rough ?cut|\bnotes?\b/i, intent: () => ({ tool: 'review_cut', args: {} }) },
  { test: /\bquestions?\b|\bwaiting\b|\bblocked\b|\bunclear\b/i, intent: () => ({ tool: 'list_questions', args: {} }) },
  { test: /\bstatus\b|how.*(going|doing)|where are we|progress|what'?s (?:left|next|done)|approved|pending/i, intent: () => ({ tool: 'status', args: {} }) },
];

function subjectOf(text: string): { subject?: string } {
  const m = SHOT.exec(text);
  return m ? { subject: m[1]!.toLowerCase() } : {};
}

/** The intent of a message by the rules. */
export function intentOf(message: string): Intent {
  for (const rule of RULES) {
    const m = rule.test.exec(message);
    if (m) return rule.intent(m, message);
  }
  return { tool: undefined };
}

export const NO_MODEL = 'I have no model configured, so I answer from the production’s files and a few rules.';

export const OFFLINE_HELP = [
  'Ask me for the status, the open questions, or what’s working and what’s not in the cut;',
  '“show s01-003”; “answer casting.jonah.look: 30s, harbour-board jacket”;',
  '“note for casting: …” or “continuity: …” (the note goes to the role that owns the fix);',
  '“regenerate s01-003”, “run the storyboard”, “approve shots/s01-001.md”, “pass the shotlist gate”.',
  'Give me a model (`--model`, or `models: producer: text: [...]` in production.md) and I answer in my own words.',
].join('\n');
