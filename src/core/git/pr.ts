/**
 * A proposal branch as an ordinary pull request: the description a person pastes (or a tool
 * posts) when the branch is pushed: what changed, which shots, frames before and after, what it
 * cost, and what the checker noted about this role's work or these shots.
 */
import { parse as parseYaml } from 'yaml';
import type { ReviewNote, ShotData } from '../model/types';
import { getProposal, type Proposal } from './proposals';
import { Repo } from './repo';
import { money as formatMoney } from '../money';
import { YAML_LIMITS } from '../artifact/yaml-limits';

const IMAGE = /\.(svg|png|jpe?g|webp|gif)$/i;

/** Production text as inert markdown: no HTML, no links, no emphasis, no table breaks. */
function text(s: string): string {
  return s.replace(/[\\`*_[\]<>|#&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : '\\' + c)).replace(/\s+/g, ' ').trim();
}

/** A relative link target that survives markdown: spaces and parentheses encoded. */
function link(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export interface PrOptions {
  /**
   * Where links point: `<linkBase>/<commit>/<path>` (e.g. `https://github.com/o/r/raw`, so pictures
   * show in the pull request at the exact commit). Without it, links are relative to the repository.
   */
  linkBase?: string;
}

/** A link to `path` as of `commit`. */
function at(opts: PrOptions, commit: string, gitPath: string): string {
  return opts.linkBase ? `${opts.linkBase.replace(/\/+$/, '')}/${commit}/${link(gitPath)}` : link(gitPath);
}

/** The checker's notes, in the newest review on the branch, about this role or these shots. */
async function checkerNotes(repo: Repo, tip: string, role: string, shots: ReadonlySet<string>): Promise<ReviewNote[]> {
  const names = (await repo.git(['ls-tree', '--name-only', '-z', `${tip}:${repo.toGit('reviews')}`], { okCodes: [128] })).stdout.split('\0').filter((n) => n.endsWith('.md')).sort();
  const newest = names[names.length - 1];
  if (!newest) return [];
  const text = (await repo.git(['cat-file', '-p', `${tip}:${repo.toGit(`reviews/${newest}`)}`], { okCodes: [128] })).stdout;
  const m = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  let notes: unknown;
  try {
    notes = m ? (parseYaml(m[1]!, YAML_LIMITS) as { notes?: unknown } | null)?.notes : undefined;
  } catch {
    return [];
  }
  if (!Array.isArray(notes)) return [];
  return (notes as ReviewNote[]).filter((n) => n && typeof n.message === 'string' && (n.role === role || (n.shot !== undefined && shots.has(n.shot))));
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
      const data: unknown = m ? parseYaml(m[1]!, YAML_LIMITS) : undefined;
      if (data && typeof data === 'object') out.set(id, data as Partial<ShotData>);
    } catch {
      /* a broken shot is still listed, by id */
    }
  }
  return out;
}

const money = (cost: number) => formatMoney(cost, 'USD', 'symbol');

/** Pull-request description (markdown) of a proposal branch. */
export async function prDescription(root: string, branch: string, opts: PrOptions = {}): Promise<string> {
  const p: Proposal = await getProposal(root, branch);
  const repo = await Repo.open(root);
  const lines: string[] = [];
  const shown = p.branch.replace(/`/g, ''); // a ref name may hold backticks; code spans may not
  lines.push(`## ${text(p.subject)}`, '');
  lines.push(
    `Proposed by the **${text(p.role)}** crew role in run \`${p.runId.replace(/`/g, '')}\` — branch \`${shown}\`, commit \`${p.commit.slice(0, 7)}\`, ` +
      `${p.files.length} file${p.files.length === 1 ? '' : 's'} (+${p.insertions} −${p.deletions}).`,
    '',
  );
  lines.push('### What changed', '', '| File | Lines |', '| --- | --- |');
  for (const f of p.files) {
    const stat = f.added === null ? 'binary' : `+${f.added} −${f.deleted}`;
    lines.push(`| [${text(f.path)}](${at(opts, p.commit, repo.toGit(f.path))}) | ${stat} |`);
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
    lines.push('### Frames before and after', '', '| File | Before | After |', '| --- | --- | --- |');
    for (const f of images) {
      const gitPath = repo.toGit(f.path);
      const exists = async (commit: string) => (await repo.git(['cat-file', '-e', `${commit}:${gitPath}`], { okCodes: [1, 128] })).code === 0;
      const before = (await exists(p.base)) ? `![before](${at(opts, p.base, gitPath)})` : 'new';
      const after = (await exists(p.commit)) ? `![${text(f.path)}](${at(opts, p.commit, gitPath)})` : 'removed';
      lines.push(`| ${text(f.path)} | ${before} | ${after} |`);
    }
    lines.push('');
  }
  const notes = await checkerNotes(repo, p.commit, p.role, new Set(ids));
  lines.push("### The checker's notes", '');
  if (!notes.length) lines.push('No notes from the checker on this role or these shots.');
  for (const n of notes) lines.push(`- **${text(n.severity)}**${n.shot ? ` ${text(n.shot)}` : ''}${n.role !== p.role ? ` (for ${text(n.role)})` : ''}: ${text(n.message)}`);
  lines.push('');
  lines.push('### Cost', '');
  lines.push(p.cost === undefined ? 'No cost recorded for this proposal.' : p.cost === 0 ? 'Nothing spent (offline or local models).' : `${money(p.cost)} spent by this run on these files.`);
  lines.push('');
  lines.push('### Review', '');
  lines.push(`- Approve (merge and lock): \`filmcrew approve ${shown}\``);
  lines.push(`- Reject (note goes to agents/${text(p.role)}/feedback.md): \`filmcrew reject ${shown} --note "…"\``);
  return lines.join('\n') + '\n';
}
