/**
 * What the library reads of Node's `os` module, for browser bundles: package.json's `browser`
 * field maps `os` here, so no Node built-in is reachable from the main entry in a browser build.
 * The compiler asks only for the parallelism, to size its worker-thread pool; threads are
 * Node's (worker_threads), so in a browser the answer is 1: no pool.
 */
export const availableParallelism = (): number => 1;
export const cpus = (): unknown[] => [{}];
