/**
 * The Production tree: the stages with their gates (passed / open / blocked, and why), then the
 * film act → scene → shot, then the asset sheets (characters, costumes, locations, props), each
 * row marked with its status and carrying the flags its context menu needs.
 */
import type { Artifact, AssetSheetData, DisplayStatus, Scene, ShotData } from '../../core/model/types';
import { stateOf, type ProductionView, type StageRow } from '../production-view';
import type { NodeFlag, TreeNode } from './node';
import { gateIcon, statusIcon } from './status-icons';

/** Context flags an artifact row gets from its status: what a person can do with it now. */
export function artifactFlags(status: DisplayStatus, trusted: boolean): NodeFlag[] {
  const flags: NodeFlag[] = ['artifact'];
  if (!trusted) return flags;
  if (status !== 'locked') flags.push('can-approve');
  if (status === 'proposed' || status === 'approved') flags.push('can-reject');
  if (status === 'locked' || status === 'stale') flags.push('can-unlock');
  if (status !== 'draft') flags.push('can-regenerate');
  return flags;
}

function stageNode(stage: StageRow, trusted: boolean): TreeNode {
  const flags: NodeFlag[] = ['stage'];
  if (trusted && stage.state === 'ready' && stage.id !== 'script') flags.push('can-run');
  if (stage.gate) flags.push('gate');
  if (trusted && stage.gate?.state === 'open') flags.push('can-pass');
  const icon = stage.gate ? gateIcon(stage.gate.state) : stage.state === 'done' ? gateIcon('passed') : stage.state === 'ready' ? gateIcon('open') : gateIcon('blocked');
  const gateText = stage.gate ? `${stage.gate.title}: ${stage.gate.state}` : stage.state;
  return {
    id: `stage/${stage.id}`,
    label: stage.title,
    description: gateText,
    tooltip: [stage.why, stage.gate ? `${stage.gate.title} — ${stage.gate.why}` : undefined].filter(Boolean).join('\n'),
    icon,
    flags,
    target: { stage: stage.id, ...(stage.gate ? { gate: stage.gate.id } : {}) },
  };
}

function shotNode(view: ProductionView, shot: Artifact<ShotData>, trusted: boolean): TreeNode {
  const d = shot.data;
  const state = stateOf(view, shot.path, d.status);
  const framing = [d.size, d.movement && d.movement !== 'static' ? d.movement : undefined].filter(Boolean).join(' · ');
  const action = typeof d.action === 'string' ? d.action.replace(/\s+/g, ' ').trim() : '';
  return {
    id: `shot/${shot.path}`,
    label: String(d.id ?? shot.path),
    description: [framing, action.length > 60 ? `${action.slice(0, 59)}…` : action].filter(Boolean).join(' — '),
    tooltip: [`${shot.path} — ${state.status}${state.reason ? `: ${state.reason}` : ''}`, action].filter(Boolean).join('\n'),
    icon: statusIcon(state.status),
    flags: ['shot', ...artifactFlags(state.status, trusted)],
    path: shot.path,
    line: shot.keyLines.id ?? 1,
    target: { subject: String(d.id ?? '') },
  };
}

function sceneNode(view: ProductionView, scene: Scene, shots: Artifact<ShotData>[], trusted: boolean): TreeNode {
  return {
    id: `scene/${scene.id}`,
    label: `${scene.id.toUpperCase()} ${scene.heading}`,
    description: `${shots.length} shot${shots.length === 1 ? '' : 's'}`,
    tooltip: `${scene.heading}\n${view.production.scriptPath ?? 'script'} line ${scene.line}`,
    icon: { id: 'symbol-namespace' },
    flags: ['scene'],
    ...(view.production.scriptPath ? { path: view.production.scriptPath, line: scene.line } : {}),
    target: { subject: scene.id, ...(scene.act ? { act: scene.act } : {}) },
    children: shots.map((s) => shotNode(view, s, trusted)),
  };
}

/** Acts → scenes → shots, in sequence order; shots whose scene the script does not have go last. */
function filmNodes(view: ProductionView, trusted: boolean): TreeNode[] {
  const p = view.production;
  const byScene = new Map<string, Artifact<ShotData>[]>();
  for (const shot of p.shots) {
    const key = String(shot.data.scene ?? '');
    byScene.set(key, [...(byScene.get(key) ?? []), shot]);
  }
  const scenes = p.scenes.map((s) => sceneNode(view, s, byScene.get(s.id) ?? [], trusted));
  const known = new Set(p.scenes.map((s) => s.id));
  const strays = p.shots.filter((s) => !known.has(String(s.data.scene ?? '')));
  const acts = Array.isArray(p.production?.data.acts) ? p.production.data.acts : [];
  const nodes: TreeNode[] = [];
  if (acts.length) {
    for (const act of acts) {
      const children = scenes.filter((n) => n.target?.act === act.id);
      nodes.push({
        id: `act/${act.id}`,
        label: act.title ?? act.id,
        description: `${children.length} scene${children.length === 1 ? '' : 's'}`,
        icon: { id: 'book' },
        flags: ['act', ...(trusted ? (['can-run'] as NodeFlag[]) : [])],
        target: { act: act.id },
        children,
        expanded: true,
      });
    }
    const outside = scenes.filter((n) => !acts.some((a) => a.id === n.target?.act));
    nodes.push(...outside);
  } else {
    nodes.push(...scenes);
  }
  if (strays.length) {
    nodes.push({
      id: 'scene/unplaced',
      label: 'Shots outside the script',
      description: 'their scene is not in the screenplay',
      icon: { id: 'warning', color: 'charts.orange' },
      flags: ['scene'],
      children: strays.map((s) => shotNode(view, s, trusted)),
    });
  }
  return nodes;
}

function assetNode(view: ProductionView, asset: Artifact<AssetSheetData>, trusted: boolean): TreeNode {
  const d = asset.data;
  const state = stateOf(view, asset.path, d.status);
  const options = Array.isArray(d.options) ? d.options : [];
  const chosen = typeof d.chosen === 'string' && d.chosen ? d.chosen : undefined;
  const flags: NodeFlag[] = ['asset', ...artifactFlags(state.status, trusted)];
  if (trusted && options.length && state.status !== 'locked') flags.push('can-choose');
  return {
    id: `asset/${asset.path}`,
    label: String(d.name ?? d.id ?? asset.path),
    description: [chosen ? `option ${chosen}` : options.length ? `${options.length} options` : undefined, state.status].filter(Boolean).join(' · '),
    tooltip: [`${asset.path} — ${state.status}${state.reason ? `: ${state.reason}` : ''}`, typeof d.description === 'string' ? d.description : undefined].filter(Boolean).join('\n'),
    icon: statusIcon(state.status),
    flags,
    path: asset.path,
    line: 1,
    target: { subject: String(d.id ?? '') },
  };
}

function group(id: string, label: string, icon: string, children: TreeNode[], expanded = false): TreeNode {
  return { id: `group/${id}`, label, description: String(children.length), icon: { id: icon }, flags: [], children, expanded };
}

/** The Production tree's top-level rows. Empty when there is no production. */
export function productionTree(view: ProductionView | undefined, trusted: boolean): TreeNode[] {
  if (!view) return [];
  const p = view.production;
  const stages = view.stages.map((s) => stageNode(s, trusted));
  const assets = (items: Artifact<AssetSheetData>[]) => items.map((a) => assetNode(view, a, trusted));
  const nodes: TreeNode[] = [
    {
      id: 'group/stages',
      label: 'Stages',
      description: view.current ? `now: ${view.current.title}` : 'all done',
      icon: { id: 'milestone' },
      flags: [],
      children: stages,
      expanded: true,
    },
    group('film', 'Acts and scenes', 'list-tree', filmNodes(view, trusted), true),
    group('characters', 'Characters', 'person', assets(p.characters)),
  ];
  if (p.costumes.length) nodes.push(group('costumes', 'Costumes', 'symbol-color', assets(p.costumes)));
  nodes.push(group('locations', 'Locations', 'location', assets(p.locations)), group('props', 'Props', 'package', assets(p.props)));
  return nodes;
}
