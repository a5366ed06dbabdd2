/**
 * The production's artifacts as lists, in one place: every view, check and gate that walks
 * "all the sheets" or "every file a person reviews" asks here, so a new kind is added once.
 */
import type { Artifact, AssetSheetData, FrontmatterData, Production } from './types';

/** Character, costume, location and prop sheets: the assets with options to choose from. */
export function assetSheets(p: Production): Artifact<AssetSheetData>[] {
  return [...p.characters, ...p.costumes, ...p.locations, ...p.props];
}

/** What the crew makes and a person reviews: shots, asset sheets and reviews. */
export function workArtifacts(p: Production): Artifact<FrontmatterData>[] {
  return [...p.shots, ...assetSheets(p), ...p.reviews];
}

/** Every markdown artifact, production.md and the agents included. */
export function allArtifacts(p: Production): Artifact<FrontmatterData>[] {
  return [...(p.production ? [p.production] : []), ...workArtifacts(p), ...p.agents];
}

/** The markdown artifact at a production-relative path, if the production has one. */
export function artifactAt(p: Production, path: string): Artifact<FrontmatterData> | undefined {
  return allArtifacts(p).find((a) => a.path === path);
}
