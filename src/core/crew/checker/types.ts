/** What the checker is given and what it answers: the contract of its text answer (answers/checker.schema.json). */
import type { ReviewNote } from '../../model/types';

export type NoteCategory = 'frames' | 'continuity' | 'wardrobe' | 'design' | 'coverage' | 'duration' | 'timeline' | 'treatment';

export interface Finding {
  category: NoteCategory;
  severity: ReviewNote['severity'];
  shot: string;
  asset: string;
  message: string;
}

export interface CheckerInput {
  title: string;
  treatment: string;
  targetDuration?: number;
  cut: { seconds: number; shots: { id: string; scene: string; size?: string; seconds: number; characters: string[]; action?: string }[] };
  findings: Finding[];
}

export interface CheckerAnswer {
  summary: string;
  notes: Finding[];
}
