/**
 * A proposal branch as an ordinary pull request: the description a person pastes (or a tool
 * posts) when the branch is pushed: what changed, which shots, thumbnails, what it cost.
 */
import { parse as parseYaml } from 'yaml';
import type { ShotData } from '../model/types';
import { getProposal, type Proposal } from './proposals';
import { Repo } from './repo';

const IMAGE = /\.(svg|png|jpe?g|webp|gif)$/i;

/** Production text as inert markdown: no HTML, no links, no emphasis, no table breaks. */
function text(s: string): string {
  return s.replace(/[\\`*_[\]<>|#&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : '\\' + c)).replace(/\s+/g, ' ').trim();
}

/** A relative link target that survives markdown: spaces and parentheses encoded. */
function link(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function shotIdOf(path: string): string | undefined {
  return /^(?:shots\/([^/]+)\.md|media\/(?:frames|clips)\/([^/.]+)\.[^/]+)$/.exec(path)?.slice(1).find(Boolean);
}

async function shotsOnBranch(repo: Repo, tip: string, ids: string[]): Promise<Map<string, Partial<ShotData>>> {
  const out = new Map<string, Partial<ShotData>>();
  for (const id of ids) {
    const r = await repo.git(['cat-file', '-p', `${tip}:${repo.toGit(`shots/${id}.md`)}`], { okCodes: [128] });
    if (r.code !== 0) continue;
    const m = /^---\r?\n([\s\S]*?)\r?\n---/.exec(r.stdout);
    try {
      const data: unknown = m ? parseYaml(m[1]!) : undefined;
      if (data && typeof data === 'object') out.set(id, data as Partial<ShotData>);
    } catch {
      /* a broken shot is still listed, by id */
    }
  }
  return out;
}

function money(cost: number): string {
  return `$${cost.toFixed(cost < 1 ? 3 : 2)}`;
}

/** Pull-request description (markdown) of a proposal branch. */
export async function prDescription(root: string, branch: string): Promise<string> {
  const p: Proposal = await getProposal(root, branch);
  const repo = await Repo.open(root);
  const lines: string[] = [];
  lines.push(`## ${text(p.subject)}`, '');
  lines.push(
    `Proposed by the **${text(p.role)}** crew role in run \`${p.runId.replace(/`/g, '')}\` — branch \`${p.branch}\`, commit \`${p.commit.slice(0, 7)}\`, ` +
      `${p.files.length} file${p.files.length === 1 ? '' : 's'} (+${p.insertions} −${p.deletions}).`,
    '',
  );
  lines.push('### What changed', '', '| File | Lines |', '| --- | --- |');
  for (const f of p.files) {
    const stat = f.added === null ? 'binary' : `+${f.added} −${f.deleted}`;
    lines.push(`| [${text(f.path)}](${link(repo.toGit(f.path))}) | ${stat} |`);
  }
  lines.push('');
  const ids = [...new Set(p.files.map((f) => shotIdOf(f.path)).filter((id): id is string => !!id))].sort();
  if (ids.length) {
    const shots = await shotsOnBranch(repo, p.commit, ids);
    lines.push('### Shots', '');
    for (const id of ids) {
      const s = shots.get(id);
      const what = [s?.scene && `scene ${s.scene}`, s?.size, s?.movement].filter(Boolean).map((x) => text(String(x))).join(', ');
      const action = s?.action ? ` — ${text(String(s.action)).slice(0, 160)}` : '';
      lines.push(`- **${text(id)}**${what ? ` (${what})` : ''}${action}`);
    }
    lines.push('');
  }
  const images = p.files.filter((f) => IMAGE.test(f.path));
  if (images.length) {
    lines.push('### Thumbnails', '');
    for (const f of images) lines.push(`![${text(f.path)}](${link(repo.toGit(f.path))})`);
    lines.push('');
  }
  lines.push('### Cost', '');
  lines.push(p.cost === undefined ? 'No cost recorded for this proposal.' : p.cost === 0 ? 'Nothing spent (offline or local models).' : `${money(p.cost)} spent by this run on these files.`);
  lines.push('');
  lines.push('### Review', '');
  lines.push(`- Approve (merge and lock): \`filmcrew approve ${p.branch}\``);
  lines.push(`- Reject (note goes to agents/${text(p.role)}/feedback.md): \`filmcrew reject ${p.branch} --note "…"\``);
  return lines.join('\n') + '\n';
}
