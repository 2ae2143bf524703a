/**
 * Headless Chromium for the playground's tests and measurements: Debian's chromium, driven by
 * playwright-core, in a fresh profile, with every network feature that could phone home off.
 * A missing browser is an error that says how to install it, never a skipped test.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM = process.env.MATDIFF_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function requireChromium(): void {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(
      `the playground's browser tests need Chromium at ${CHROMIUM}, and it is missing.\n` +
        `Install it with:  sudo apt-get install -y chromium   (.ci/run does this itself)\n` +
        `or point MATDIFF_CHROMIUM at another Chromium binary.`,
    );
}

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** A persistent context in a fresh user-data-dir, removed on close. */
export async function launch(): Promise<Browser> {
  requireChromium();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'matdiff-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 1000 },
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
