/**
 * A production folder → one typed model (Production), cross-checked. Loading is incremental:
 * a loader remembers what every file parsed to, `reload(paths)` re-parses only those files, and
 * a persistent index (.filmcrew/index.json) lets a new process skip unchanged files after a stat.
 * A file that cannot be parsed becomes diagnostics; it never stops the rest from loading.
 */
import { readdirSync, statSync, type Stats } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { diagnostic, FilmcrewError, type Diagnostic } from '../diagnostics';
import { fileHash } from '../artifact/hash';
import { readProductionFile } from '../artifact/safe-read';
import { artifactFromText } from '../artifact/writer';
import { parseFountain } from '../fountain/parse';
import { scenesOf } from '../fountain/scenes';
import type { Screenplay } from '../fountain/types';
import { isBesideProposal, PRODUCTION_FILE, SCRIPT_FILES } from '../model/paths';
import type {
  AgentData,
  AgentSpec,
  Artifact,
  ArtifactKind,
  CharacterData,
  CostumeData,
  LocationData,
  Production,
  ProductionData,
  PropData,
  ReviewData,
  ShotData,
} from '../model/types';
import { checkProduction } from './checks';
import { readIndex, writeIndex, type IndexEntry, type ParsedFile } from './index-cache';
import { racilyClean } from './racy';

/** The folders of one-file-per-artifact kinds, and the kind each holds. */
export const ARTIFACT_FOLDERS: readonly { folder: string; kind: ArtifactKind }[] = [
  { folder: 'shots', kind: 'shot' },
  { folder: 'characters', kind: 'character' },
  { folder: 'costumes', kind: 'costume' },
  { folder: 'locations', kind: 'location' },
  { folder: 'props', kind: 'prop' },
  { folder: 'reviews', kind: 'review' },
  { folder: 'photography', kind: 'photography' },
];

export interface LoaderOptions {
  /** Use and keep the persistent index under .filmcrew/ (default true). */
  persistentIndex?: boolean;
  /**
   * Keep the index only when `saveIndex` is called, not after every load that changed it. A run
   * reloads after each gate: at 1,000 shots that was nine 6 MB writes of a cache the next process
   * reads once. Being a cache, an index a killed run did not save costs the next process a re-parse.
   */
  indexSavedWhenAsked?: boolean;
  /** How a file's bytes are read (tests count reads through it). Defaults to the file system. */
  read?: (absPath: string) => Promise<Uint8Array>;
  /** Files read at once during a load (default 32). */
  concurrency?: number;
}


function expectedKind(rel: string): ArtifactKind | 'script' | 'feedback' | undefined {
  if (rel === PRODUCTION_FILE) return 'production';
  if ((SCRIPT_FILES as readonly string[]).includes(rel)) return 'script';
  const parts = rel.split('/');
  if (parts.length === 3 && parts[0] === 'agents') {
    if (parts[2] === 'agent.md') return 'agent';
    if (parts[2] === 'feedback.md') return 'feedback';
    return undefined;
  }
  if (parts.length === 2 && parts[1]!.endsWith('.md')) return ARTIFACT_FOLDERS.find((f) => f.folder === parts[0])?.kind;
  return undefined;
}

/** Parses one file of the production by what its path says it is. Never throws. */
export function parseProductionFile(rel: string, bytes: Uint8Array, hash = fileHash(bytes)): ParsedFile {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const expected = expectedKind(rel);
  if (expected === 'script') {
    const screenplay = parseFountain(text);
    return {
      type: 'script',
      screenplay,
      diagnostics: screenplay.problems.map((p) =>
        diagnostic(rel, p.line, p.column, 'error', 'fountain-syntax', p.message),
      ),
    };
  }
  if (expected === 'feedback') return { type: 'text', text, diagnostics: [] };
  const { artifact, diagnostics } = artifactFromText(rel, text, hash);
  if (artifact && expected && artifact.data.kind !== expected && typeof artifact.data.kind === 'string') {
    const folder = rel.includes('/') ? `${rel.split('/')[0]}/` : 'the production folder';
    diagnostics.push(
      diagnostic(
        rel,
        artifact.keyLines.kind ?? 2,
        1,
        'error',
        'kind-mismatch',
        `this file is in ${folder} but says \`kind: ${String(artifact.data.kind)}\`; a file here must be \`kind: ${expected}\` (or move it to its own folder)`,
      ),
    );
  }
  if (artifact && expected === 'agent') {
    const role = rel.split('/')[1]!;
    const declared = (artifact.data as Partial<AgentData>).role;
    if (typeof declared === 'string' && declared !== role) {
      diagnostics.push(
        diagnostic(rel, artifact.keyLines.role ?? 2, 1, 'warning', 'kind-mismatch', `\`role: ${declared}\` differs from its folder agents/${role}/; the folder name is the role, so rename one to match`),
      );
    }
  }
  return { type: 'artifact', artifact, diagnostics };
}

function unreadable(rel: string, e: unknown): ParsedFile {
  return { type: 'artifact', diagnostics: [diagnostic(rel, 1, 1, 'error', 'file-unreadable', `cannot be read (${(e as Error).message}); check that it is a file you can read`)] };
}

function statOf(abs: string): Stats | undefined {
  try {
    return statSync(abs);
  } catch {
    return undefined;
  }
}

function listDir(abs: string): string[] {
  try {
    return readdirSync(abs).sort();
  } catch {
    return [];
  }
}

/** Runs `fn` over `items` with at most `limit` at once, letting the event loop breathe now and then. */
async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      await fn(items[next++]!);
      if (next % 256 === 0) await new Promise<void>((done) => setImmediate(done));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Loads a production folder and keeps it loaded, re-reading only what changed. */
export class ProductionLoader {
  readonly root: string;
  private readonly entries = new Map<string, IndexEntry>();
  private indexRead = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly read: (absPath: string) => Promise<Uint8Array>;
  private scanStartedAt = 0;
  /** The entries changed since the index was last written (`indexSavedWhenAsked`). */
  private unsaved = false;

  constructor(
    root: string,
    private readonly opts: LoaderOptions = {},
  ) {
    this.root = resolve(root);
    // Synchronous reads: a small file costs ~10 µs this way against ~150 µs of CPU through the
    // thread pool (measured in bench/load.bench.ts); forEachLimited yields to the event loop
    // every 256 files so a host stays responsive.
    this.read = opts.read ?? (async (p) => readProductionFile(this.root, this.relative(p))); // regular files inside only (safe-read.ts)
  }

  /** Writes the persistent index if a load changed it since it was last written (`indexSavedWhenAsked`). */
  saveIndex(): Promise<void> {
    return this.serialized(async () => {
      if (!this.unsaved) return;
      this.unsaved = false;
      await writeIndex(this.root, this.entries);
    });
  }

  /** Loads everything, re-parsing only files whose size or mtime changed since they were last read. */
  load(): Promise<Production> {
    return this.serialized(() => this.scan(undefined));
  }

  /** Re-parses exactly the named files (paths absolute or production-relative), then rebuilds the model. */
  reload(changedPaths: string[]): Promise<Production> {
    const changed = new Set(changedPaths.map((p) => this.relative(p)));
    return this.serialized(() => this.scan(changed));
  }

  /** Size, mtime and last content check of every file of the last load, and when that load began. */
  lastScan(): { startedAt: number; files: Map<string, { size: number; mtimeMs: number; verifiedAt: number }> } {
    return { startedAt: this.scanStartedAt, files: new Map([...this.entries].map(([k, e]) => [k, { size: e.size, mtimeMs: e.mtimeMs, verifiedAt: e.verifiedAt }])) };
  }

  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private relative(p: string): string {
    const rel = isAbsolute(p) ? relative(this.root, p) : p;
    return rel.split(sep).join('/').replace(/^\.\//, '');
  }

  /** Every file the model is made of, production-relative. */
  private discover(): string[] {
    const files: string[] = [PRODUCTION_FILE];
    for (const s of SCRIPT_FILES) if (statOf(join(this.root, s))?.isFile()) files.push(s);
    for (const { folder } of ARTIFACT_FOLDERS) {
      for (const name of listDir(join(this.root, folder))) {
        // A proposal beside a file carries its id: review shows it, the model holds the file.
        if (name.endsWith('.md') && !name.startsWith('.') && !isBesideProposal(name)) files.push(`${folder}/${name}`);
      }
    }
    for (const role of listDir(join(this.root, 'agents'))) {
      if (role.startsWith('.')) continue;
      for (const f of ['agent.md', 'feedback.md']) if (statOf(join(this.root, 'agents', role, f))?.isFile()) files.push(`agents/${role}/${f}`);
    }
    return files;
  }

  private async scan(changed: Set<string> | undefined): Promise<Production> {
    const rootStat = statOf(this.root);
    if (!rootStat?.isDirectory()) {
      throw new FilmcrewError('not-found', `${this.root} does not exist or is not a folder`, 'Give the path of a production folder, or run `filmcrew init <dir>` to start one.');
    }
    if (!statOf(join(this.root, PRODUCTION_FILE))?.isFile()) {
      throw new FilmcrewError(
        'production-missing',
        `${this.root} is not a filmcrew production: it has no production.md`,
        'Run `filmcrew init` in it to start a production, or give the path of an existing one.',
      );
    }
    const persistent = this.opts.persistentIndex !== false;
    if (persistent && !this.indexRead) {
      this.indexRead = true;
      if (this.entries.size === 0) for (const [k, v] of await readIndex(this.root)) this.entries.set(k, v);
    }
    const scanStart = Date.now();
    this.scanStartedAt = scanStart;
    const files = this.discover();
    const present = new Set(files);
    let dirty = false;
    for (const k of [...this.entries.keys()]) {
      if (!present.has(k)) {
        this.entries.delete(k);
        dirty = true;
      }
    }

    const toRead: { rel: string; stats: Stats | undefined; previous?: IndexEntry }[] = [];
    for (const rel of files) {
      const previous = this.entries.get(rel);
      if (changed && previous && !changed.has(rel)) continue; // reload: trust what was not named
      const stats = statOf(join(this.root, rel));
      if (!stats) {
        this.entries.delete(rel);
        dirty = true;
        continue;
      }
      const same = previous && previous.size === stats.size && previous.mtimeMs === stats.mtimeMs;
      if (same && !changed?.has(rel) && !racilyClean(stats.mtimeMs, previous.verifiedAt)) continue;
      // Racily clean, named as changed, or new: read it; a same-hash file keeps its parse.
      toRead.push({ rel, stats, previous: same || changed?.has(rel) ? previous : undefined });
    }

    await forEachLimited(toRead, this.opts.concurrency ?? 32, async ({ rel, stats, previous }) => {
      let parsed: ParsedFile;
      let hash = '';
      try {
        const bytes = await this.read(join(this.root, rel));
        hash = fileHash(bytes);
        if (previous && previous.fileHash === hash) {
          this.entries.set(rel, { ...previous, size: stats!.size, mtimeMs: stats!.mtimeMs, verifiedAt: scanStart });
          dirty = true;
          return;
        }
        parsed = parseProductionFile(rel, bytes, hash);
      } catch (e) {
        parsed = unreadable(rel, e);
      }
      this.entries.set(rel, { size: stats!.size, mtimeMs: stats!.mtimeMs, fileHash: hash, verifiedAt: scanStart, parsed });
      dirty = true;
    });

    if (persistent && dirty) {
      if (this.opts.indexSavedWhenAsked) this.unsaved = true;
      else await writeIndex(this.root, this.entries);
    }
    return this.assemble(files);
  }

  private assemble(files: string[]): Production {
    const fileDiagnostics: Diagnostic[] = [];
    for (const rel of files) {
      const parsed = this.entries.get(rel)?.parsed;
      if (parsed) fileDiagnostics.push(...parsed.diagnostics);
    }
    const artifactsOf = (kind: ArtifactKind, paths: string[]): Artifact[] => {
      const out: Artifact[] = [];
      for (const rel of paths) {
        const parsed = this.entries.get(rel)?.parsed;
        if (parsed?.type === 'artifact' && parsed.artifact?.data.kind === kind) out.push(parsed.artifact);
      }
      return out;
    };
    const inFolder = (folder: string) => files.filter((f) => f.startsWith(folder + '/') && f.split('/').length === 2);

    const production = artifactsOf('production', [PRODUCTION_FILE])[0] as Artifact<ProductionData> | undefined;
    const scriptPath = SCRIPT_FILES.find((s) => files.includes(s));
    const scriptEntry = scriptPath ? this.entries.get(scriptPath)?.parsed : undefined;
    const script: Screenplay | undefined = scriptEntry?.type === 'script' ? scriptEntry.screenplay : undefined;
    if (files.includes('script.fountain') && files.includes('script.md')) {
      fileDiagnostics.push(diagnostic('script.md', 1, 1, 'warning', 'kind-mismatch', 'ignored: script.fountain is the screenplay; remove or rename one of the two'));
    }
    const acts = Array.isArray(production?.data.acts) ? production.data.acts.filter((a) => a && typeof a.id === 'string') : undefined;

    const shots = (artifactsOf('shot', inFolder('shots')) as Artifact<ShotData>[]).sort(
      (a, b) => orderOf(a) - orderOf(b) || String(a.data.id).localeCompare(String(b.data.id)) || a.path.localeCompare(b.path),
    );
    const agents: AgentSpec[] = [];
    for (const rel of files.filter((f) => f.startsWith('agents/') && f.endsWith('/agent.md'))) {
      const [agent] = artifactsOf('agent', [rel]) as Artifact<AgentData>[];
      if (!agent) continue;
      const feedback = this.entries.get(rel.replace(/agent\.md$/, 'feedback.md'))?.parsed;
      agents.push({ ...agent, ...(feedback?.type === 'text' ? { feedback: feedback.text } : {}) });
    }

    const model: Production = {
      root: this.root,
      ...(production ? { production } : {}),
      ...(scriptPath ? { scriptPath } : {}),
      ...(script ? { script } : {}),
      scenes: script ? scenesOf(script, acts) : [],
      shots,
      characters: artifactsOf('character', inFolder('characters')) as Artifact<CharacterData>[],
      costumes: artifactsOf('costume', inFolder('costumes')) as Artifact<CostumeData>[],
      locations: artifactsOf('location', inFolder('locations')) as Artifact<LocationData>[],
      props: artifactsOf('prop', inFolder('props')) as Artifact<PropData>[],
      agents,
      reviews: artifactsOf('review', inFolder('reviews')) as Artifact<ReviewData>[],
      photography: artifactsOf('photography', inFolder('photography')) as Production['photography'],
      diagnostics: [],
    };
    model.diagnostics = [...fileDiagnostics, ...checkProduction(model)];
    return model;
  }
}

function orderOf(a: Artifact<ShotData>): number {
  return typeof a.data.order === 'number' ? a.data.order : Number.POSITIVE_INFINITY;
}

/** Loads the production at `root` once (with the persistent index). */
export function loadProduction(root: string, opts?: LoaderOptions): Promise<Production> {
  return new ProductionLoader(root, opts).load();
}
