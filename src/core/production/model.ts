/**
 * The production as one run holds it in memory: each file a task may read is read and parsed
 * once per version (the screenplay into scenes, a markdown artifact into its frontmatter), and
 * every task that reads it gets that same parse. A file with no parse (a frame's SVG) is not
 * kept: its text is read when a task asks for it. The run's own writes make the model forget a
 * path (FileIndex.touched), and so does passing a gate, which rewrites what it locks.
 *
 * Why: a storyboard task reads its shot and every character, location and prop sheet; 2,000
 * frame tasks re-reading and re-parsing 80 sheets each was most of a feature-length run.
 * Issue 16 makes this the extension's live model too (file events call `forget`).
 */
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileHash } from '../artifact/hash';
import { confine } from '../artifact/paths';
import { MAX_MEDIA_BYTES, readProductionFile } from '../artifact/safe-read';
import { artifactFromText } from '../artifact/writer';
import type { ContextFile } from '../crew/role';
import { parseFountain } from '../fountain/parse';
import { allArtifacts } from '../model/artifacts';
import type { Artifact, Production } from '../model/types';

function screenplayOf(path: string, text: string): ContextFile['screenplay'] {
  if (path.endsWith('.fountain')) return parseFountain(text);
  const parsed = artifactFromText(path, text);
  return parseFountain(parsed.artifact ? parsed.artifact.body : text);
}

export class ProductionModel {
  private files = new Map<string, Promise<ContextFile | undefined>>();
  /** The artifacts as the production loader last parsed them: a task's read of the same bytes reuses the parse. */
  private loaded = new Map<string, Artifact>();
  /** Parses served from memory and parses made, for the benches and tests. */
  readonly counts = { reused: 0, parsed: 0, fromLoader: 0 };

  constructor(private readonly root: string) {}

  /**
   * A file as a task sees it: its text, and its parse when it is the screenplay (`isScript`) or
   * a markdown artifact. Undefined when it cannot be read or lies outside the production.
   * A parsed file is shared between tasks (roles read it, never change it); any other is a text
   * read when asked (`plain`).
   */
  contextFile(path: string, isScript: boolean): Promise<ContextFile | undefined> {
    // Only a parse is worth keeping: 2,000 frames are 22-44 MB of strings, which a run held to its
    // end while only the clips and the cut ask for them.
    if (!isScript && !path.endsWith('.md')) return Promise.resolve(this.plain(path));
    const known = this.files.get(path);
    if (known) {
      this.counts.reused++;
      return known;
    }
    this.counts.parsed++;
    const reading = this.read(path, isScript);
    this.files.set(path, reading);
    return reading;
  }

  /** The production as (re)loaded: its parsed artifacts serve the tasks' reads of the same bytes. */
  useLoaded(production: Production): void {
    this.loaded = new Map(allArtifacts(production).map((a) => [a.path, a]));
  }

  private async read(path: string, isScript: boolean): Promise<ContextFile | undefined> {
    const where = confine(this.root, path);
    if ('problem' in where) return undefined;
    let text: string;
    try {
      text = await readFile(where.path, 'utf8');
    } catch {
      return undefined;
    }
    const file: ContextFile = { path, text };
    if (isScript) file.screenplay = screenplayOf(path, text);
    else if (path.endsWith('.md')) {
      const known = this.loaded.get(path);
      if (known && known.fileHash === fileHash(text)) {
        file.artifact = known;
        this.counts.fromLoader++;
      } else {
        const { artifact } = artifactFromText(path, text);
        if (artifact) file.artifact = artifact;
      }
    }
    return file;
  }

  /**
   * A file with no parse (a frame's SVG): its text is read when asked for, each time, and kept by
   * no one. The cut's PDF asks for 2,000 frames a page at a time; a context holding them all held
   * 44 MB while the PDF printed. A file gone by then reads as empty (a blank panel); one that may
   * not be read (it became a link out of the production) fails the task, saying why.
   */
  private plain(path: string): ContextFile | undefined {
    const where = confine(this.root, path);
    if ('problem' in where) return undefined;
    try {
      if (!statSync(where.path).isFile()) return undefined;
    } catch {
      return undefined;
    }
    const root = this.root;
    return {
      path,
      get text(): string {
        try {
          return readProductionFile(root, path, MAX_MEDIA_BYTES).toString('utf8');
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
          throw e;
        }
      },
    };
  }

  /** This path changed (the run wrote it, a person saved it): read it again next time. */
  forget(path: string): void {
    this.files.delete(path);
  }

  /** Many paths may have changed (a gate locked them): read everything again next time. */
  forgetAll(): void {
    this.files.clear();
  }
}
