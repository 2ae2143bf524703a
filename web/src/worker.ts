/**
 * The engine bundle's entry. In a Web Worker it answers the page's requests; on the main
 * thread (the fallback when no worker can be started) it hands the page its handler instead.
 * The build wraps this bundle in `function matdiffEngine() { ... }`, so the page can start a
 * worker from the function's own text (a Blob URL), which works from file:// too.
 */
import { handle } from './engine';
import type { Envelope, Request } from './protocol';

declare const WorkerGlobalScope: unknown;
const inWorker = typeof WorkerGlobalScope !== 'undefined' && typeof document === 'undefined';

if (inWorker) {
  const scope = globalThis as unknown as { onmessage: ((e: MessageEvent) => void) | null; postMessage(m: unknown): void };
  scope.onmessage = (e: MessageEvent) => {
    const { id, body } = e.data as Envelope<Request>;
    scope.postMessage({ id, body: handle(body) });
  };
} else {
  (globalThis as unknown as { matdiffHandle: typeof handle }).matdiffHandle = handle;
}
