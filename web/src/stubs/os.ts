/**
 * Browser stand-in for Node's `os`, used by the playground build only for imports from
 * src/compile (the evaluator asks os.availableParallelism() for its default thread count).
 * The browser has no worker_threads pool, so one thread.
 */
export const availableParallelism = (): number => 1;
export const cpus = (): unknown[] => [];
export default { availableParallelism, cpus };
