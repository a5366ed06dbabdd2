/**
 * The built-in crew as the agent.md files `filmcrew init` writes. They are data: a person may
 * edit any of them in their production, or add a role by adding a folder.
 */
import type { BuiltinRole } from '../pipeline/stages';

interface AgentTemplate {
  role: BuiltinRole;
  name: string;
  responsibility: string;
  stage: string;
  reads: string[];
  writes: string[];
  models: Record<string, string[]>;
  options?: number;
  instances?: 'single' | 'per-scene';
  brief: string;
}

export const BUILTIN_AGENTS: readonly AgentTemplate[] = [
  {
    role: 'directors-assistant',
    name: "Director's assistant",
    responsibility: 'Breaks the locked screenplay down into a numbered shot list in sequence order.',
    stage: 'breakdown',
    reads: ['production.md', 'script.fountain', 'script.md', 'shots/*.md', 'characters/*.md'],
    writes: ['shots/*.md'],
    models: { text: ['offline'] },
    brief: `You are the director's assistant on "{{title}}".

Break scene {{scene}} down into shots. Open each new location with an establishing shot, cover
dialogue with singles and over-the-shoulders, and give every prop named in the action an insert.
Give each shot a size (EWS, WS, MS, MCU, CU, ECU, OTS, POV, INSERT), an angle, a camera movement,
a duration in seconds and the characters, location and props it shows, and say which beat it
covers. The offline crew follows these rules; keep to them unless the scene asks for better:

- A scene whose location differs from the previous scene's opens on an establishing shot:
  EWS from high for an exterior, WS at eye level for an interior, static, 3 s.
- An action line introducing a character (NAME in capitals with a description): MS, so we meet them.
- One character who looks or turns: POV (pan when turning). Their face, eyes or hands: CU.
  One character moving (walks, climbs…): WS, tracking. Otherwise one character: MS.
- Two or more characters in the line: WS. No one named: WS of the place with whoever is there.
- A prop in capitals, the first time the scene names it: an INSERT from high, 2 s.
- A speech with no one to answer: MCU single. In an exchange, a speaker's first speech: OTS over
  the listener (characters: the speaker first, then the shoulder); later speeches: MCU singles;
  the last speech of an exchange or of the scene: CU, push in. Off screen (O.S., V.O.): MS on the
  listener. Dual dialogue: an MS two-shot.
- Durations: action, the words that play ÷ 2.5 s (descriptions in parentheses do not play);
  speech, words ÷ 2.5 + 0.5 s; never under 2 s; rounded to the half second.

Style: {{style}}`,
  },
  {
    role: 'casting',
    name: 'Casting',
    responsibility: 'Proposes four looks for every character in the script so that one can be chosen and locked.',
    stage: 'assets',
    reads: ['production.md', 'script.fountain', 'script.md', 'shots/*.md', 'characters/*.md'],
    writes: ['characters/*.md', 'media/options/characters/*'],
    models: { text: ['offline'], image: ['offline'] },
    options: 4,
    brief: `You are casting "{{title}}". From what the script says about {{subject}}, write {{options}}
distinct looks (age, face, build, bearing), each as an image prompt that keeps to the style.

Style: {{style}}`,
  },
  {
    role: 'costume',
    name: 'Costume',
    responsibility: 'Proposes four wardrobes for every character, consistent with the script and the style block.',
    stage: 'assets',
    reads: ['production.md', 'script.fountain', 'script.md', 'shots/*.md', 'characters/*.md', 'costumes/*.md'],
    writes: ['costumes/*.md', 'media/options/costumes/*'],
    models: { text: ['offline'], image: ['offline'] },
    options: 4,
    brief: `You are the costume designer on "{{title}}". Dress {{subject}} for every scene they appear in;
write {{options}} wardrobe options, each as an image prompt.

Style: {{style}}`,
  },
  {
    role: 'production-design',
    name: 'Production design',
    responsibility: 'Proposes four designs for every location and prop so that one of each can be chosen and locked.',
    stage: 'assets',
    reads: ['production.md', 'script.fountain', 'script.md', 'shots/*.md', 'locations/*.md', 'props/*.md'],
    writes: ['locations/*.md', 'props/*.md', 'media/options/locations/*', 'media/options/props/*'],
    models: { text: ['offline'], image: ['offline'] },
    options: 4,
    brief: `You are the production designer on "{{title}}". Design {{subject}} from what the script says
about it: {{options}} options, each as an image prompt that keeps to the style.

Style: {{style}}`,
  },
  {
    role: 'storyboard-artist',
    name: 'Storyboard artist',
    responsibility: 'Draws one storyboard frame per shot that shows its framing, blocking and camera movement.',
    stage: 'storyboard',
    reads: ['production.md', 'shots/*.md', 'characters/*.md', 'costumes/*.md', 'locations/*.md', 'props/*.md'],
    writes: ['media/frames/*'],
    models: { image: ['offline'] },
    brief: `Storyboard frame for shot {{subject}} of "{{title}}": {{size}} {{angle}}, {{movement}}.
{{action}}

Style: {{style}}`,
  },
  {
    role: 'dop',
    name: 'Director of photography',
    responsibility: 'Sets lens, light and camera movement for every shot of one scene and prompts its generation.',
    stage: 'generation',
    reads: ['production.md', 'shots/*.md', 'media/frames/*', 'characters/*.md', 'costumes/*.md', 'locations/*.md', 'props/*.md'],
    writes: ['photography/*.md', 'media/clips/*'],
    models: { text: ['offline'], video: ['offline'] },
    instances: 'per-scene',
    brief: `You are the director of photography for scene {{scene}} of "{{title}}". Keep lens and light
consistent within the scene; write a generation prompt per shot from its frame and the locked assets.

Style: {{style}}`,
  },
  {
    role: 'editor',
    name: 'Editor',
    responsibility: 'Assembles the shots in sequence order into a timeline and an animatic.',
    stage: 'edit',
    reads: ['production.md', 'shots/*.md', 'photography/*.md', 'media/frames/*', 'media/clips/*'],
    writes: ['edit/*'],
    models: { text: ['offline'] },
    brief: `Assemble "{{title}}" in sequence order at {{fps}} fps; export OTIO, a CMX 3600 EDL and an animatic.`,
  },
  {
    role: 'checker',
    name: 'Checker',
    responsibility: 'Reviews the assembled cut against the treatment and the locked sheets and routes each fix to its owner.',
    stage: 'review',
    reads: ['production.md', 'edit/*', 'shots/*.md', 'media/frames/*', 'characters/*.md', 'costumes/*.md', 'locations/*.md', 'props/*.md'],
    writes: ['reviews/*.md', 'agents/*/feedback.md'],
    models: { text: ['offline'] },
    brief: `Review the cut of "{{title}}" against the treatment and the locked sheets. For each problem,
name its category, which routes it to the role that owns the fix: frames (storyboard artist),
continuity (casting), wardrobe (costume), design (production design), coverage and treatment
(director's assistant), duration and timeline (editor). Every finding you are given is a fact:
keep each one as a note. Add notes where the cut strays from the treatment.

Treatment: {{treatment}}
Target running time: {{target_duration}} s`,
  },
];
