/**
 * The app's one door to its host. In VS Code: `acquireVsCodeApi()` (postMessage both ways, the
 * webview state API). In a browser under `filmcrew preview`: POST for app → host, server-sent
 * events for host → app, sessionStorage for state. The rest of the app does not know which.
 */
import { isHostMessage, SNAPSHOT_BLOCK_ID, type AppMessage, type HostMessage, type SnapshotMessage } from '../src/core/storyboard/protocol';

/** What the app keeps across reloads: the view, scroll, filters and the selected shot. */
export interface SavedState {
  view: 'board' | 'assets' | 'animatic';
  scrollTop: number;
  filters: { status: string; character: string; location: string; act: string; text: string };
  selected?: string;
  asset?: string;
  rate?: number;
}

export interface Host {
  /** `vscode` or `browser`: a few affordances differ (e.g. opening a file). */
  readonly kind: 'vscode' | 'browser';
  /** The snapshot the page's shell carried, if it carried one: the app shows it before any message. */
  readonly initial?: SnapshotMessage;
  /** The shell's snapshot has only the first cards: the whole one comes as the first message. */
  readonly partial?: boolean;
  post(message: AppMessage): void;
  onMessage(listener: (message: HostMessage) => void): void;
  getState(): SavedState | undefined;
  setState(state: SavedState): void;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

function isSavedState(v: unknown): v is SavedState {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Partial<SavedState>;
  return (s.view === 'board' || s.view === 'assets' || s.view === 'animatic') && typeof s.scrollTop === 'number' && typeof s.filters === 'object' && s.filters !== null;
}

function vscodeHost(api: VsCodeApi, embedded: Embedded | undefined): Host {
  return {
    kind: 'vscode',
    initial: embedded?.message,
    partial: embedded?.partial,
    post: (message) => api.postMessage(message),
    onMessage(listener) {
      window.addEventListener('message', (event: MessageEvent<unknown>) => {
        if (isHostMessage(event.data)) listener(event.data);
      });
    },
    getState: () => {
      const s = api.getState();
      return isSavedState(s) ? s : undefined;
    },
    setState: (state) => api.setState(state),
  };
}

const STATE_KEY = 'filmcrew.storyboard';

interface Embedded {
  version: number;
  message: SnapshotMessage;
  partial: boolean;
}

/**
 * The shell's JSON data block (see `storyboardHtml`), read as text and parsed, never run; the
 * element is removed once read. Validated like any host message.
 */
function embeddedSnapshot(): Embedded | undefined {
  const block = document.getElementById(SNAPSHOT_BLOCK_ID);
  if (!block) return undefined;
  block.remove();
  try {
    return asEmbedded(JSON.parse(block.textContent ?? ''));
  } catch {
    return undefined;
  }
}

function asEmbedded(value: unknown): Embedded | undefined {
  const data = (typeof value === 'object' && value !== null ? value : {}) as { version?: unknown; snapshot?: unknown; partial?: unknown };
  const message: unknown = { type: 'production/snapshot', snapshot: data.snapshot };
  if (typeof data.version !== 'number' || !isHostMessage(message) || message.type !== 'production/snapshot') return undefined;
  return { version: data.version, message, partial: data.partial === true };
}


function browserHost(embedded: Embedded | undefined): Host {
  const token = document.querySelector<HTMLMetaElement>('meta[name="filmcrew-host-token"]')?.content ?? '';
  const listeners: ((m: HostMessage) => void)[] = [];
  const deliver = (data: unknown) => {
    if (isHostMessage(data)) for (const l of listeners) l(data);
  };
  let connected = false;
  return {
    kind: 'browser',
    initial: embedded?.message,
    partial: embedded?.partial,
    post(message) {
      // Each answer (an `action/result`) comes back in the response and is delivered like any host message.
      fetch('api/action', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-filmcrew-token': token },
        body: JSON.stringify(message),
      })
        .then((r) => (r.headers.get('content-type')?.startsWith('application/json') ? r.json() : undefined))
        .then(deliver, (e: unknown) => {
          if ('requestId' in message) deliver({ type: 'action/result', requestId: message.requestId, ok: false, message: `The preview server did not answer (${String(e)}). Is \`filmcrew preview\` still running?` });
        });
    },
    onMessage(listener) {
      listeners.push(listener);
      if (connected) return;
      connected = true;
      performance.mark('storyboard:connect');
      // With the shell's whole snapshot the stream starts at the next change, not with the snapshot
      // again; after a partial one (or none) it starts with the whole snapshot as it is now.
      const source = new EventSource(embedded && !embedded.partial ? `api/events?since=${embedded.version}` : 'api/events');
      source.onmessage = (event: MessageEvent<string>) => {
        try {
          deliver(JSON.parse(event.data));
        } catch {
          // A malformed event is ignored, like any message that fails its type guard.
        }
      };
    },
    getState() {
      try {
        const s: unknown = JSON.parse(sessionStorage.getItem(STATE_KEY) ?? 'null');
        return isSavedState(s) ? s : undefined;
      } catch {
        return undefined;
      }
    },
    setState(state) {
      try {
        sessionStorage.setItem(STATE_KEY, JSON.stringify(state));
      } catch {
        // Storage full or disabled: state is a convenience, never a reason to fail.
      }
    },
  };
}

/** The host this page runs in. */
export function connectHost(): Host {
  const embedded = embeddedSnapshot();
  return typeof acquireVsCodeApi === 'function' ? vscodeHost(acquireVsCodeApi(), embedded) : browserHost(embedded);
}
